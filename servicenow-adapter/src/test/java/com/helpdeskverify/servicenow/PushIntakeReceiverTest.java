package com.helpdeskverify.servicenow;

import static com.helpdeskverify.servicenow.Fixtures.INC_1;
import static com.helpdeskverify.servicenow.Fixtures.SYSTEM;
import static org.assertj.core.api.Assertions.assertThat;

import com.helpdeskverify.core.TicketRef;
import com.helpdeskverify.core.config.Secret;
import com.helpdeskverify.core.spi.InboundWebhook;
import com.helpdeskverify.core.spi.WebhookHead;
import com.helpdeskverify.core.spi.WebhookOutcome;
import com.helpdeskverify.testkit.MemoryReplayGuard;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PushIntakeReceiverTest {
  private static final Instant NOW = Instant.parse("2026-11-02T09:05:00Z");
  private static final String BODY = "{\"table\":\"incident\",\"sys_id\":\"" + INC_1 + "\"}";
  private static final Secret KEY = new Secret("k7H2pQ9sV4xW1zB8");

  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  private final MemoryReplayGuard guard = new MemoryReplayGuard();

  private java.util.function.Predicate<TicketRef> inScope = ref -> true;

  private PushIntakeReceiver receiver(PushIntake.Verification verification) {
    PushIntake intake = new PushIntake(verification, KEY, Duration.ofMinutes(5));
    ServiceNowSettings settings =
        new ServiceNowSettings(
            URI.create("https://acme.service-now.com"),
            Fixtures.basic(),
            Fixtures.defaultTables(),
            Duration.ofSeconds(60),
            "email",
            Optional.of(intake),
            "hv.integration");
    return new PushIntakeReceiver(SYSTEM, intake, settings, clock, guard, r -> inScope.test(r));
  }

  private static InboundWebhook delivery(String body, Map<String, String> headers) {
    Map<String, List<String>> h = new HashMap<>();
    headers.forEach((k, v) -> h.put(k, List.of(v)));
    return new InboundWebhook(
        "POST",
        "/webhooks/servicenow/" + SYSTEM,
        "",
        h,
        body.getBytes(StandardCharsets.UTF_8),
        NOW);
  }

  private InboundWebhook signed(String body, Instant at) {
    PushIntakeReceiver r = receiver(PushIntake.Verification.HMAC);
    String ts = Long.toString(at.getEpochSecond());
    String sig =
        Base64.getEncoder().encodeToString(r.mac(ts, body.getBytes(StandardCharsets.UTF_8)));
    return delivery(body, Map.of("x-hv-signature", sig, "x-hv-timestamp", ts));
  }

  @Test
  void signedDeliveryNudgesTheRecord() {
    WebhookOutcome outcome = receiver(PushIntake.Verification.HMAC).receive(signed(BODY, NOW));

    assertThat(outcome)
        .isEqualTo(
            new WebhookOutcome.Accepted(
                List.of(), List.of(new TicketRef(SYSTEM, "incident:" + INC_1))));
  }

  @Test
  void recordOutsideTheIntakeScopeIsNotPassedOn() {
    inScope = ref -> false;

    assertThat(receiver(PushIntake.Verification.HMAC).receive(signed(BODY, NOW)))
        .isEqualTo(new WebhookOutcome.Accepted(List.of(), List.of()));
  }

  @Test
  void failingScopeCheckLeavesTheRecordToTheNextScan() {
    inScope =
        ref -> {
          throw new com.helpdeskverify.core.spi.TransientFailure(
              SYSTEM, "GET /api/now/table/incident", "HTTP 503", Optional.empty(), false, null);
        };

    assertThat(receiver(PushIntake.Verification.HMAC).receive(signed(BODY, NOW)))
        .isEqualTo(new WebhookOutcome.Accepted(List.of(), List.of()));
  }

  @Test
  void routeIsUnderServicenowAndTheSystemId() {
    assertThat(receiver(PushIntake.Verification.HMAC).route()).isEqualTo("servicenow/" + SYSTEM);
  }

  @Test
  void tamperedBodyIsRejected() {
    InboundWebhook good = signed(BODY, NOW);
    InboundWebhook tampered =
        new InboundWebhook(
            good.method(),
            good.path(),
            good.query(),
            good.headers(),
            BODY.replace(INC_1, Fixtures.INC_2).getBytes(StandardCharsets.UTF_8),
            NOW);

    assertThat(receiver(PushIntake.Verification.HMAC).receive(tampered))
        .isEqualTo(new WebhookOutcome.Rejected(401, "bad signature"));
  }

  @Test
  void staleSignedDeliveryIsRejected() {
    assertThat(
            receiver(PushIntake.Verification.HMAC)
                .receive(signed(BODY, NOW.minus(Duration.ofMinutes(6)))))
        .isEqualTo(new WebhookOutcome.Rejected(401, "stale timestamp"));
  }

  @Test
  void replayedDeliveryIsRejected() {
    PushIntakeReceiver r = receiver(PushIntake.Verification.HMAC);
    InboundWebhook d = signed(BODY, NOW);
    r.receive(d);

    assertThat(r.receive(d)).isEqualTo(new WebhookOutcome.Rejected(401, "replayed delivery"));
  }

  @Test
  void replayWithTheSignatureUnpaddedIsRejected() {
    PushIntakeReceiver r = receiver(PushIntake.Verification.HMAC);
    InboundWebhook d = signed(BODY, NOW);
    r.receive(d);
    InboundWebhook unpadded =
        delivery(
            BODY,
            Map.of(
                "x-hv-signature",
                d.header("x-hv-signature").orElseThrow().replace("=", ""),
                "x-hv-timestamp",
                d.header("x-hv-timestamp").orElseThrow()));

    assertThat(r.receive(unpadded))
        .isEqualTo(new WebhookOutcome.Rejected(401, "replayed delivery"));
  }

  @Test
  void unsignedDeliveryIsRejected() {
    assertThat(receiver(PushIntake.Verification.HMAC).receive(delivery(BODY, Map.of())))
        .isInstanceOf(WebhookOutcome.Rejected.class)
        .extracting(o -> ((WebhookOutcome.Rejected) o).status())
        .isEqualTo(401);
  }

  @Test
  void sharedSecretDeliveryNudgesTheRecord() {
    WebhookOutcome outcome =
        receiver(PushIntake.Verification.SHARED_SECRET)
            .receive(delivery(BODY, Map.of("x-hv-secret", KEY.reveal())));

    assertThat(outcome).isInstanceOf(WebhookOutcome.Accepted.class);
  }

  @Test
  void wrongSharedSecretIsRejected() {
    assertThat(
            receiver(PushIntake.Verification.SHARED_SECRET)
                .receive(delivery(BODY, Map.of("x-hv-secret", "guess"))))
        .isEqualTo(new WebhookOutcome.Rejected(401, "wrong or missing shared secret"));
  }

  @Test
  void recordOfATableThisSystemDoesNotReadIsRejected() {
    String body = "{\"table\":\"change_request\",\"sys_id\":\"" + INC_1 + "\"}";

    assertThat(
            receiver(PushIntake.Verification.SHARED_SECRET)
                .receive(delivery(body, Map.of("x-hv-secret", KEY.reveal()))))
        .isEqualTo(new WebhookOutcome.Rejected(400, "table is not one this system reads"));
  }

  @Test
  void malformedSysIdIsRejected() {
    String body = "{\"table\":\"incident\",\"sys_id\":\"../../sys_user\"}";

    assertThat(
            receiver(PushIntake.Verification.SHARED_SECRET)
                .receive(delivery(body, Map.of("x-hv-secret", KEY.reveal()))))
        .isEqualTo(new WebhookOutcome.Rejected(400, "sys_id is not a sys_id"));
  }

  @Test
  void timestampsThatAreNotEpochSecondsAreRefused401BeforeAndWithTheBody() {
    PushIntakeReceiver receiver = receiver(PushIntake.Verification.HMAC);
    String sig = Base64.getEncoder().encodeToString(new byte[32]);
    for (String ts : List.of("99999999999999999", "9".repeat(40), "-1", "1e10", " ", "now")) {
      InboundWebhook delivery = delivery(BODY, Map.of("x-hv-signature", sig, "x-hv-timestamp", ts));

      assertThat(receiver.precheck(WebhookHead.of(delivery)))
          .as(ts)
          .contains(new WebhookOutcome.Rejected(401, "timestamp is not epoch seconds"));
      assertThat(receiver.receive(delivery))
          .as(ts)
          .isEqualTo(new WebhookOutcome.Rejected(401, "timestamp is not epoch seconds"));
    }
  }

  @Test
  void precheckRefusesMissingStaleOrMalformedHeadersAndPassesAFreshWellFormedPair() {
    PushIntakeReceiver receiver = receiver(PushIntake.Verification.HMAC);
    String now = Long.toString(NOW.getEpochSecond());
    String sig = Base64.getEncoder().encodeToString(new byte[32]);

    assertThat(receiver.precheck(head(Map.of("x-hv-timestamp", now))))
        .contains(new WebhookOutcome.Rejected(401, "signature or timestamp missing"));
    assertThat(
            receiver.precheck(
                head(
                    Map.of(
                        "x-hv-timestamp",
                        Long.toString(NOW.minusSeconds(3600).getEpochSecond()),
                        "x-hv-signature",
                        sig))))
        .contains(new WebhookOutcome.Rejected(401, "stale timestamp"));
    assertThat(receiver.precheck(head(Map.of("x-hv-timestamp", now, "x-hv-signature", "%%"))))
        .contains(new WebhookOutcome.Rejected(401, "signature is not base64"));
    // Well-formed and fresh: the body decides, in receive.
    assertThat(receiver.precheck(head(Map.of("x-hv-timestamp", now, "x-hv-signature", sig))))
        .isEmpty();
  }

  @Test
  void precheckWithASharedSecretComparesItBeforeTheBody() {
    PushIntakeReceiver receiver = receiver(PushIntake.Verification.SHARED_SECRET);

    assertThat(receiver.precheck(head(Map.of("x-hv-secret", "guess"))))
        .contains(new WebhookOutcome.Rejected(401, "wrong or missing shared secret"));
    assertThat(receiver.precheck(head(Map.of("x-hv-secret", KEY.reveal())))).isEmpty();
  }

  private static WebhookHead head(Map<String, String> headers) {
    return WebhookHead.of(delivery("", headers));
  }
}
