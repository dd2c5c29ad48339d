package com.helpdeskverify.providers.incode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.helpdeskverify.core.PushHandle;
import com.helpdeskverify.core.config.Secret;
import com.helpdeskverify.core.spi.InboundWebhook;
import com.helpdeskverify.core.spi.ReplayGuard;
import com.helpdeskverify.core.spi.WebhookHead;
import com.helpdeskverify.core.spi.WebhookOutcome;
import com.helpdeskverify.core.spi.WebhookReceiver;
import com.helpdeskverify.http.WebhookChecks;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Receives Incode's webhooks. Incode signs no webhook; it authenticates a delivery either with the
 * custom headers configured for the webhook in its Dashboard or with an OAuth access token. The
 * custom header form is taken: one header carries a shared secret, compared here in constant time.
 * Incode's payload carries no timestamp, and Incode retries a delivery that was not answered 200
 * for about 32 minutes, so a repeated body (each status change of a session has a body of its own)
 * is answered 200 and changes nothing: refusing it would only make Incode keep sending it. A
 * delivery only names the session to poll; {@link IncodePushProvider#status} then asks Incode for
 * the result, so not even a first delivery decides anything.
 */
final class IncodeWebhookReceiver implements WebhookReceiver {
  // Incode retries a failed delivery for about 32 minutes; a day covers that with room.
  static final Duration REPLAY_WINDOW = Duration.ofDays(1);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String route;
  private final String secretHeader;
  private final Secret secret;
  private final ReplayGuard replayGuard;

  IncodeWebhookReceiver(
      String providerId, String secretHeader, Secret secret, ReplayGuard replayGuard) {
    this.route = "incode/" + providerId;
    this.secretHeader = secretHeader;
    this.secret = secret;
    this.replayGuard = replayGuard;
  }

  @Override
  public String route() {
    return route;
  }

  /** The shared secret travels in a header, so the whole check is made before the body. */
  @Override
  public Optional<WebhookOutcome.Rejected> precheck(WebhookHead head) {
    if (!"POST".equals(head.method())) {
      return Optional.of(new WebhookOutcome.Rejected(405, "only POST is accepted"));
    }
    if (!WebhookChecks.secretHeaderMatches(head, secretHeader, secret)) {
      return Optional.of(new WebhookOutcome.Rejected(401, "missing or wrong shared secret"));
    }
    return Optional.empty();
  }

  @Override
  public WebhookOutcome receive(InboundWebhook request) {
    Optional<WebhookOutcome.Rejected> refused = precheck(WebhookHead.of(request));
    if (refused.isPresent()) {
      return refused.get();
    }
    byte[] body = request.body();
    String interviewId;
    try {
      JsonNode node = JSON.readTree(body);
      JsonNode id = node == null ? null : node.get("interviewId");
      if (id == null || !id.isTextual() || id.asText().isBlank()) {
        return new WebhookOutcome.Rejected(400, "no interviewId in the body");
      }
      interviewId = id.asText();
    } catch (IOException e) {
      return new WebhookOutcome.Rejected(400, "the body is not JSON");
    }
    if (!replayGuard.firstSeen(
        route + "/" + WebhookChecks.sha256Hex(body), request.receivedAt().plus(REPLAY_WINDOW))) {
      // Already taken: acknowledged, so that Incode stops retrying, and nothing is nudged again.
      return new WebhookOutcome.Accepted(List.of(), List.of());
    }
    return new WebhookOutcome.Accepted(List.of(new PushHandle(interviewId)), List.of());
  }

  @Override
  public String toString() {
    return "IncodeWebhookReceiver[" + route + "]";
  }
}
