package com.helpdeskverify.jira;

import static org.assertj.core.api.Assertions.assertThat;

import com.helpdeskverify.core.TicketRef;
import com.helpdeskverify.core.config.Secret;
import com.helpdeskverify.core.spi.InboundWebhook;
import com.helpdeskverify.core.spi.ReplayGuard;
import com.helpdeskverify.core.spi.WebhookHead;
import com.helpdeskverify.core.spi.WebhookOutcome;
import com.helpdeskverify.testkit.MemoryReplayGuard;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class JiraWebhookReceiverTest {
  private static final String SECRET = "It's a Secret to Everybody";
  private static final Instant NOW = Instant.parse("2026-11-02T09:05:00Z");

  private final ReplayGuard guard = new MemoryReplayGuard();
  private final JiraWebhookReceiver receiver =
      new JiraWebhookReceiver(
          Fixtures.SYSTEM, new Secret(SECRET), Duration.ofMinutes(20), guard, ref -> true);

  /** The shape of a jira:issue_updated delivery, trimmed to what matters. */
  private static String body(Instant at) {
    return "{\"timestamp\":"
        + at.toEpochMilli()
        + ",\"webhookEvent\":\"jira:issue_updated\",\"issue_event_type_name\":\"issue_generic\","
        + "\"issue\":{\"id\":\"10001\",\"self\":\"https://acme.atlassian.net/rest/api/2/10001\","
        + "\"key\":\"HD-1\",\"fields\":{\"summary\":\"Please reset my MFA\"}}}";
  }

  private static String sign(String body, String secret) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return "sha256="
        + java.util.HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
  }

  private static InboundWebhook delivery(String body, String signature) {
    return new InboundWebhook(
        "POST",
        "/webhooks/jira/" + Fixtures.SYSTEM,
        "",
        Map.of("x-hub-signature", List.of(signature)),
        body.getBytes(StandardCharsets.UTF_8),
        NOW);
  }

  @Test
  void signedDeliveryNudgesTheIssue() throws Exception {
    String body = body(NOW.minusSeconds(5));

    WebhookOutcome outcome = receiver.receive(delivery(body, sign(body, SECRET)));

    assertThat(outcome)
        .isEqualTo(
            new WebhookOutcome.Accepted(
                List.of(), List.of(new TicketRef(Fixtures.SYSTEM, "HD-1"))));
  }

  @Test
  void signedDeliveryForAnIssueOutOfScopeNudgesNothing() throws Exception {
    JiraWebhookReceiver outOfScope =
        new JiraWebhookReceiver(
            Fixtures.SYSTEM, new Secret(SECRET), Duration.ofMinutes(20), guard, ref -> false);
    String body = body(NOW.minusSeconds(5));

    WebhookOutcome outcome = outOfScope.receive(delivery(body, sign(body, SECRET)));

    assertThat(outcome).isEqualTo(new WebhookOutcome.Accepted(List.of(), List.of()));
  }

  @Test
  void replayWithTheSignatureInUpperCaseIsRejected() throws Exception {
    String body = body(NOW.minusSeconds(5));
    String signature = sign(body, SECRET);
    receiver.receive(delivery(body, signature));

    WebhookOutcome replay =
        receiver.receive(
            delivery(body, "sha256=" + signature.substring(7).toUpperCase(java.util.Locale.ROOT)));

    assertThat(replay).isEqualTo(new WebhookOutcome.Rejected(401, "replayed delivery"));
  }

  @Test
  void wrongSecretIsRejected() throws Exception {
    String body = body(NOW.minusSeconds(5));

    assertThat(receiver.receive(delivery(body, sign(body, "guess"))))
        .isInstanceOf(WebhookOutcome.Rejected.class)
        .extracting(o -> ((WebhookOutcome.Rejected) o).status())
        .isEqualTo(401);
  }

  @Test
  void replayedDeliveryIsRejected() throws Exception {
    String body = body(NOW.minusSeconds(5));
    receiver.receive(delivery(body, sign(body, SECRET)));

    assertThat(receiver.receive(delivery(body, sign(body, SECRET))))
        .isEqualTo(new WebhookOutcome.Rejected(401, "replayed delivery"));
  }

  @Test
  void staleDeliveryIsRejected() throws Exception {
    String body = body(NOW.minus(Duration.ofHours(1)));

    assertThat(receiver.receive(delivery(body, sign(body, SECRET))))
        .isEqualTo(new WebhookOutcome.Rejected(401, "stale delivery"));
  }

  @Test
  void routeIsUnderJira() {
    assertThat(receiver.route()).isEqualTo("jira/" + Fixtures.SYSTEM);
  }

  @Test
  void precheckRefusesASignatureHeaderOfTheWrongFormBeforeTheBody() throws Exception {
    for (String signature :
        List.of("", "sha256=", "sha256=zz", "sha1=" + "a".repeat(40), "a".repeat(64))) {
      assertThat(receiver.precheck(WebhookHead.of(delivery("", signature))))
          .as(signature)
          .contains(new WebhookOutcome.Rejected(401, "missing or invalid X-Hub-Signature"));
    }
    String body = body(NOW);
    assertThat(receiver.precheck(WebhookHead.of(delivery("", sign(body, SECRET))))).isEmpty();
  }
}
