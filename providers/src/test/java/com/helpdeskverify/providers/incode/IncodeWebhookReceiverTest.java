package com.helpdeskverify.providers.incode;

import static org.assertj.core.api.Assertions.assertThat;

import com.helpdeskverify.core.PushHandle;
import com.helpdeskverify.core.config.Secret;
import com.helpdeskverify.core.spi.InboundWebhook;
import com.helpdeskverify.core.spi.WebhookHead;
import com.helpdeskverify.core.spi.WebhookOutcome;
import com.helpdeskverify.testkit.MemoryReplayGuard;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IncodeWebhookReceiverTest {
  // The onboarding status webhook's documented body: interviewId, externalId, onboardingStatus.
  static final String BODY =
      """
      {"interviewId": "6543f1e2a7b9c10d2e3f4a5b", "externalId": "8d4c2f3e",
       "onboardingStatus": "ONBOARDING_FINISHED"}
      """;

  private final MemoryReplayGuard replayGuard = new MemoryReplayGuard();
  private final IncodeWebhookReceiver receiver =
      new IncodeWebhookReceiver(
          "incode-main", "x-webhook-secret", new Secret("hook-secret"), replayGuard);

  private static InboundWebhook delivery(Map<String, List<String>> headers, String body) {
    return new InboundWebhook(
        "POST",
        "/webhooks/incode/incode-main",
        "",
        headers,
        body.getBytes(StandardCharsets.UTF_8),
        Instant.parse("2026-11-22T10:00:00Z"));
  }

  private static InboundWebhook signed(String body) {
    return delivery(Map.of("x-webhook-secret", List.of("hook-secret")), body);
  }

  @Test
  void routeNamesTheProviderInstance() {
    assertThat(receiver.route()).isEqualTo("incode/incode-main");
  }

  @Test
  void deliveryWithTheSharedSecretNudgesItsSession() {
    assertThat(receiver.receive(signed(BODY)))
        .isEqualTo(
            new WebhookOutcome.Accepted(
                List.of(new PushHandle("6543f1e2a7b9c10d2e3f4a5b")), List.of()));
  }

  @Test
  void deliveryWithAWrongSecretIsRefusedAndRemembersNothing() {
    WebhookOutcome outcome =
        receiver.receive(delivery(Map.of("x-webhook-secret", List.of("hook-secreT")), BODY));

    assertThat(outcome).isInstanceOf(WebhookOutcome.Rejected.class);
    assertThat(((WebhookOutcome.Rejected) outcome).status()).isEqualTo(401);
    assertThat(replayGuard.size()).isZero();
  }

  @Test
  void deliveryWithoutTheSecretHeaderIsRefused() {
    WebhookOutcome outcome = receiver.receive(delivery(Map.of(), BODY));

    assertThat(((WebhookOutcome.Rejected) outcome).status()).isEqualTo(401);
  }

  @Test
  void repeatedDeliveryIsAcknowledgedAndNudgesNothing() {
    receiver.receive(signed(BODY));

    WebhookOutcome replay = receiver.receive(signed(BODY));

    // Incode retries anything but a 200 for about 32 minutes: the repeat is acknowledged, empty.
    assertThat(replay).isEqualTo(new WebhookOutcome.Accepted(List.of(), List.of()));
  }

  @Test
  void laterStatusOfTheSameSessionIsNotAReplay() {
    receiver.receive(signed(BODY));

    WebhookOutcome next =
        receiver.receive(signed(BODY.replace("ONBOARDING_FINISHED", "MANUAL_REVIEW_APPROVED")));

    assertThat(next).isInstanceOf(WebhookOutcome.Accepted.class);
  }

  @Test
  void bodyWithoutInterviewIdIsRefused() {
    WebhookOutcome outcome = receiver.receive(signed("{\"onboardingStatus\": \"UNKNOWN\"}"));

    assertThat(((WebhookOutcome.Rejected) outcome).status()).isEqualTo(400);
  }

  @Test
  void bodyThatIsNotJsonIsRefused() {
    WebhookOutcome outcome = receiver.receive(signed("interviewId=1"));

    assertThat(((WebhookOutcome.Rejected) outcome).status()).isEqualTo(400);
  }

  @Test
  void precheckComparesTheSharedSecretBeforeTheBody() {
    assertThat(receiver.precheck(WebhookHead.of(delivery(Map.of(), ""))))
        .contains(new WebhookOutcome.Rejected(401, "missing or wrong shared secret"));
    assertThat(
            receiver.precheck(
                WebhookHead.of(delivery(Map.of("x-webhook-secret", List.of("guess")), ""))))
        .contains(new WebhookOutcome.Rejected(401, "missing or wrong shared secret"));
    assertThat(receiver.precheck(WebhookHead.of(signed("")))).isEmpty();
  }
}
