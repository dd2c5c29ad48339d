package com.helpdeskverify.jira;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.helpdeskverify.core.TicketRef;
import com.helpdeskverify.core.config.Secret;
import com.helpdeskverify.core.spi.InboundWebhook;
import com.helpdeskverify.core.spi.ReplayGuard;
import com.helpdeskverify.core.spi.WebhookOutcome;
import com.helpdeskverify.core.spi.WebhookReceiver;
import com.helpdeskverify.http.ConstantTime;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Receives a Jira admin webhook registered with a secret: Jira signs the raw body with HMAC-SHA256
 * and sends {@code X-Hub-Signature: sha256=<hex>}. An accepted delivery only names the issue; the
 * workflow then fetches it, so nothing in the body decides anything.
 */
final class JiraWebhookReceiver implements WebhookReceiver {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PREFIX = "sha256=";

  private final String system;
  private final Secret secret;
  private final Duration maxAge;
  private final ReplayGuard replayGuard;

  JiraWebhookReceiver(String system, Secret secret, Duration maxAge, ReplayGuard replayGuard) {
    this.system = Objects.requireNonNull(system, "system");
    this.secret = Objects.requireNonNull(secret, "secret");
    this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
    this.replayGuard = Objects.requireNonNull(replayGuard, "replayGuard");
  }

  @Override
  public String route() {
    return "jira/" + system;
  }

  @Override
  public WebhookOutcome receive(InboundWebhook request) {
    if (!"POST".equalsIgnoreCase(request.method())) {
      return new WebhookOutcome.Rejected(405, "only POST is accepted");
    }
    byte[] body = request.body();
    String signature = request.header("x-hub-signature").orElse("");
    if (!signature.startsWith(PREFIX)
        || !ConstantTime.equals(signature.substring(PREFIX.length()).toLowerCase(), sign(body))) {
      return new WebhookOutcome.Rejected(401, "missing or invalid X-Hub-Signature");
    }
    JsonNode json;
    try {
      json = JSON.readTree(body);
    } catch (IOException e) {
      return new WebhookOutcome.Rejected(400, "body is not JSON");
    }
    // Jira's payload carries the event time in epoch milliseconds; an old one is a replay.
    JsonNode timestamp = json.path("timestamp");
    if (!timestamp.canConvertToLong()) {
      return new WebhookOutcome.Rejected(400, "no timestamp");
    }
    Instant sent = Instant.ofEpochMilli(timestamp.asLong());
    Instant now = request.receivedAt();
    if (sent.isBefore(now.minus(maxAge)) || sent.isAfter(now.plus(Duration.ofMinutes(5)))) {
      return new WebhookOutcome.Rejected(401, "stale delivery");
    }
    if (!replayGuard.firstSeen(
        "jira:" + system + ":" + signature.substring(PREFIX.length()),
        sent.plus(maxAge).plus(Duration.ofMinutes(5)))) {
      return new WebhookOutcome.Rejected(401, "replayed delivery");
    }
    String key = json.path("issue").path("key").asText("");
    if (key.isBlank()) {
      return new WebhookOutcome.Accepted(List.of(), List.of());
    }
    return new WebhookOutcome.Accepted(List.of(), List.of(new TicketRef(system, key)));
  }

  private String sign(byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.reveal().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }
}
