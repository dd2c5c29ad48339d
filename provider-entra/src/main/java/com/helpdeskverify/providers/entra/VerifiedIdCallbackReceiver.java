package com.helpdeskverify.providers.entra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.helpdeskverify.core.PushHandle;
import com.helpdeskverify.core.config.Secret;
import com.helpdeskverify.core.spi.InboundWebhook;
import com.helpdeskverify.core.spi.ProviderNotes;
import com.helpdeskverify.core.spi.WebhookHead;
import com.helpdeskverify.core.spi.WebhookOutcome;
import com.helpdeskverify.core.spi.WebhookReceiver;
import com.helpdeskverify.http.WebhookChecks;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Receives the Request Service API's presentation callbacks. Microsoft signs none; it sends back
 * the headers given in the request's {@code callback.headers}, so the {@code api-key} header
 * carries a secret of ours, compared in constant time. The Request Service API has no call that
 * reads a presentation's result later, so the callback is the result's only channel: what it says
 * is kept in the shared {@link ProviderNotes} for {@link EntraVerifiedIdProvider#status}, which
 * alone decides (issuer, credential type, Face Check score, and whose credential it is).
 */
final class VerifiedIdCallbackReceiver implements WebhookReceiver {
  static final String API_KEY_HEADER = "api-key";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String providerId;
  private final Secret apiKey;
  private final ProviderNotes notes;
  private final Clock clock;

  VerifiedIdCallbackReceiver(String providerId, Secret apiKey, ProviderNotes notes, Clock clock) {
    this.providerId = providerId;
    this.apiKey = apiKey;
    this.notes = notes;
    this.clock = clock;
  }

  @Override
  public String route() {
    return "entra-verified-id/" + providerId;
  }

  /** The api-key travels in a header, so the whole check is made before the body. */
  @Override
  public Optional<WebhookOutcome.Rejected> precheck(WebhookHead head) {
    if (!"POST".equals(head.method())) {
      return Optional.of(new WebhookOutcome.Rejected(405, "only POST is accepted"));
    }
    if (!WebhookChecks.secretHeaderMatches(head, API_KEY_HEADER, apiKey)) {
      return Optional.of(new WebhookOutcome.Rejected(401, "missing or wrong api-key"));
    }
    return Optional.empty();
  }

  @Override
  public WebhookOutcome receive(InboundWebhook request) {
    Optional<WebhookOutcome.Rejected> refused = precheck(WebhookHead.of(request));
    if (refused.isPresent()) {
      return refused.get();
    }
    JsonNode body;
    try {
      body = JSON.readTree(request.body());
    } catch (IOException e) {
      return new WebhookOutcome.Rejected(400, "the body is not JSON");
    }
    String requestId = text(body, "requestId");
    String status = text(body, "requestStatus");
    if (requestId == null || status == null) {
      return new WebhookOutcome.Rejected(400, "no requestId or requestStatus");
    }
    Optional<EntraVerifiedIdProvider.Pending> pending =
        EntraVerifiedIdProvider.pending(notes, providerId, requestId);
    if (pending.isEmpty() || !pending.get().state().equals(text(body, "state"))) {
      return new WebhookOutcome.Rejected(400, "no presentation request of ours with this id/state");
    }
    String resultKey = EntraVerifiedIdProvider.resultKey(providerId, requestId);
    boolean finalStatus =
        status.equals("presentation_verified") || status.equals("presentation_error");
    Optional<String> stored = notes.get(resultKey);
    if (stored.isPresent() && (!finalStatus || isFinal(stored.get()))) {
      // A late "request_retrieved" never overwrites the outcome already recorded, and the first
      // outcome stays: a failure is never turned into a success by a later callback.
      return new WebhookOutcome.Accepted(List.of(), List.of());
    }
    notes.put(
        resultKey,
        summary(status, body).toString(),
        clock.instant().plus(EntraVerifiedIdProvider.NOTE_LIFETIME));
    return new WebhookOutcome.Accepted(List.of(new PushHandle(requestId)), List.of());
  }

  private static boolean isFinal(String storedSummary) {
    try {
      String status = JSON.readTree(storedSummary).path("status").asText();
      return status.equals("presentation_verified") || status.equals("presentation_error");
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return true; // unreadable: keep it rather than let another callback decide
    }
  }

  /** Only what the decision needs: never the photo, never the receipt. */
  private static ObjectNode summary(String status, JsonNode body) {
    ObjectNode out = JSON.createObjectNode().put("status", status);
    JsonNode error = body.get("error");
    if (error != null && error.isObject()) {
      out.put("error", text(error, "code") + ": " + text(error, "message"));
    }
    JsonNode data = body.get("verifiedCredentialsData");
    if (data != null && data.isArray()) {
      out.put("credentials", data.size());
      if (data.size() > 0) {
        JsonNode vc = data.get(0);
        out.put("issuer", text(vc, "issuer"));
        JsonNode types = vc.get("type");
        if (types != null && types.isArray()) {
          out.set("types", types);
        }
        JsonNode claims = vc.get("claims");
        if (claims != null && claims.isObject()) {
          out.put("revocationId", text(claims, "revocationId"));
        }
        JsonNode faceCheck = vc.get("faceCheck");
        if (faceCheck != null && faceCheck.get("matchConfidenceScore") != null) {
          JsonNode score = faceCheck.get("matchConfidenceScore");
          if (score.isNumber()) {
            out.put("score", score.asDouble());
          }
        }
      }
    }
    return out;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    return value == null || !value.isTextual() ? null : value.asText();
  }

  @Override
  public String toString() {
    return "VerifiedIdCallbackReceiver[" + route() + "]";
  }
}
