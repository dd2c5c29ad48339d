package com.helpdeskverify.core.spi;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the service's HTTP server knows of a webhook delivery before it reads the body: method, path
 * and headers. {@link WebhookReceiver#precheck} judges it, so that a delivery without a
 * well-formed, fresh signature is refused before its body costs anything.
 *
 * @param headers header values by lower-case name
 */
public record WebhookHead(
    String method, String path, Map<String, List<String>> headers, Instant receivedAt) {
  public WebhookHead {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    headers = Map.copyOf(headers);
    Objects.requireNonNull(receivedAt, "receivedAt");
  }

  /** The head of a delivery already read whole. */
  public static WebhookHead of(InboundWebhook request) {
    return new WebhookHead(
        request.method(), request.path(), request.headers(), request.receivedAt());
  }

  /** The first value of a header, by case-insensitive name. */
  public Optional<String> header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }
}
