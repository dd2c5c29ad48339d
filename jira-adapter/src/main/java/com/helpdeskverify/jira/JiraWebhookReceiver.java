package com.helpdeskverify.jira;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.helpdeskverify.core.TicketRef;
import com.helpdeskverify.core.config.Secret;
import com.helpdeskverify.core.spi.InboundWebhook;
import com.helpdeskverify.core.spi.ReplayGuard;
import com.helpdeskverify.core.spi.WebhookHead;
import com.helpdeskverify.core.spi.WebhookOutcome;
import com.helpdeskverify.core.spi.WebhookReceiver;
import com.helpdeskverify.http.ConstantTime;
import com.helpdeskverify.http.WebhookChecks;
import java.io.IOException;
import java.lang.System.Logger;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Receives a Jira admin webhook registered with a secret: Jira signs the raw body with HMAC-SHA256
 * and sends {@code X-Hub-Signature: sha256=<hex>}. An accepted delivery only names the issue; the
 * workflow then fetches it, so nothing in the body decides anything. Jira sends a webhook for any
 * event of an issue, so only an issue in the system's scope now is nudged.
 */
final class JiraWebhookReceiver implements WebhookReceiver {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Logger LOG = System.getLogger(JiraWebhookReceiver.class.getName());
  private static final String PREFIX = "sha256=";
  private static final Pattern SIGNATURE = Pattern.compile("sha256=[0-9a-fA-F]{64}");
  // How far ahead of ours Jira's clock may run.
  private static final Duration CLOCK_AHEAD = Duration.ofMinutes(5);

  private final String system;
  private final Secret secret;
  private final Duration maxAge;
  private final ReplayGuard replayGuard;
  private final Predicate<TicketRef> inScope;

  /**
   * @param inScope whether an issue is in the system's scope now; only such an issue is nudged
   */
  JiraWebhookReceiver(
      String system,
      Secret secret,
      Duration maxAge,
      ReplayGuard replayGuard,
      Predicate<TicketRef> inScope) {
    this.inScope = Objects.requireNonNull(inScope, "inScope");
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
  public Optional<WebhookOutcome.Rejected> precheck(WebhookHead head) {
    if (!"POST".equalsIgnoreCase(head.method())) {
      return Optional.of(new WebhookOutcome.Rejected(405, "only POST is accepted"));
    }
    // Jira dates its deliveries in the body only, so the header's form is all there is to check.
    if (!SIGNATURE.matcher(head.header("x-hub-signature").orElse("")).matches()) {
      return Optional.of(new WebhookOutcome.Rejected(401, "missing or invalid X-Hub-Signature"));
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
    String signature = request.header("x-hub-signature").orElse("");
    // Hex is compared and remembered in one case, so a re-cased copy is the same delivery.
    String hex =
        signature.startsWith(PREFIX)
            ? signature.substring(PREFIX.length()).toLowerCase(Locale.ROOT)
            : "";
    if (hex.isEmpty()
        || !ConstantTime.equals(
            hex, HexFormat.of().formatHex(WebhookChecks.hmacSha256(secret, body)))) {
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
    if (!WebhookChecks.fresh(sent, request.receivedAt(), maxAge, CLOCK_AHEAD)) {
      return new WebhookOutcome.Rejected(401, "stale delivery");
    }
    Optional<WebhookOutcome.Rejected> replayed =
        WebhookChecks.replayed(
            replayGuard, "jira:" + system + ":" + hex, sent.plus(maxAge).plus(CLOCK_AHEAD));
    if (replayed.isPresent()) {
      return replayed.get();
    }
    String key = json.path("issue").path("key").asText("");
    if (key.isBlank()) {
      return new WebhookOutcome.Accepted(List.of(), List.of());
    }
    return WebhookChecks.nudgeIfInScope(new TicketRef(system, key), inScope, LOG);
  }
}
