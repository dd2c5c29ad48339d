package com.helpdeskverify.core.spi;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A webhook delivery as the service's HTTP server received it.
 *
 * @param path the request path, such as {@code /webhooks/duo/duo-main}
 * @param query the raw query string, or empty
 * @param headers header values by lower-case name
 * @param body the raw body, as signed by the sender
 */
public record InboundWebhook(
    String method,
    String path,
    String query,
    Map<String, List<String>> headers,
    byte[] body,
    Instant receivedAt) {
  public InboundWebhook {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    query = query == null ? "" : query;
    headers = Map.copyOf(headers);
    body = body.clone();
    Objects.requireNonNull(receivedAt, "receivedAt");
  }

  /** The first value of a header, by case-insensitive name. */
  public Optional<String> header(String name) {
    List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  @Override
  public byte[] body() {
    return body.clone();
  }
}
