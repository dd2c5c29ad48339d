package com.helpdeskverify.scheduler.endtoend;

import static com.helpdeskverify.scheduler.endtoend.HostileHarness.INCODE;
import static com.helpdeskverify.scheduler.endtoend.HostileHarness.INCODE_SECRET;
import static com.helpdeskverify.scheduler.endtoend.HostileHarness.JIRA;
import static com.helpdeskverify.scheduler.endtoend.HostileHarness.JIRA_SECRET;
import static com.helpdeskverify.scheduler.endtoend.HostileHarness.SNOW;
import static com.helpdeskverify.scheduler.endtoend.HostileHarness.SNOW_HMAC_KEY;
import static com.helpdeskverify.scheduler.endtoend.HostileHarness.SNOW_SECRET;
import static com.helpdeskverify.scheduler.endtoend.HostileHarness.jiraBody;
import static com.helpdeskverify.scheduler.endtoend.HostileHarness.jiraSignature;
import static com.helpdeskverify.scheduler.endtoend.HostileHarness.snowBody;
import static com.helpdeskverify.scheduler.endtoend.HostileHarness.snowSignature;
import static com.helpdeskverify.scheduler.endtoend.HostileHarness.sysId;
import static org.assertj.core.api.Assertions.assertThat;

import com.helpdeskverify.core.CaseState;
import com.helpdeskverify.simulators.SimulatedDuo.Answer;
import com.helpdeskverify.simulators.SimulatedServiceNow;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Forged, stale and replayed deliveries on every webhook route the service offers (Jira admin
 * webhooks, ServiceNow push intake with HMAC and with a shared secret, Incode session webhooks),
 * sent to the real HTTP endpoint. Scans run hourly here, so a ticket filed after the start reaches
 * the service only through a webhook that was accepted.
 *
 * <p>A refused delivery is answered after its receiver refused it and before anything is nudged
 * ({@code ServiceEndpoint} hands only accepted deliveries to the service), so what the store and
 * the simulated systems hold right after the answer is final.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileWebhookTest {
  private HostileHarness h;
  private final AtomicInteger people = new AtomicInteger();
  private final Map<String, String> reporters = new ConcurrentHashMap<>();

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    h = new HostileHarness(dir, Duration.ofHours(1));
    h.awaitFirstScans();
  }

  @AfterAll
  void stop() {
    if (h != null) {
      h.close();
    }
  }

  /** A Jira issue asking for a password reset, filed by a Duo user who ignores pushes. */
  private String jiraIssue() {
    String name = "jira" + people.incrementAndGet();
    h.duo.user(name + "@example.com", Answer.IGNORE, 0);
    String key =
        h.jira.file(
            "acc-" + name,
            name,
            name + "@example.com",
            "Password reset",
            "I forgot my password, please reset it.");
    reporters.put(key, name + "@example.com");
    return key;
  }

  private String incident(SimulatedServiceNow instance) {
    String name = "snow" + people.incrementAndGet();
    h.duo.user(name + "@example.com", Answer.IGNORE, 0);
    return HostileHarness.incident(
        instance,
        name,
        name + "@example.com",
        "Account locked",
        "My account is locked, please unlock it.");
  }

  private void assertJiraUntouched(String key) {
    assertThat(h.cases(JIRA, key)).isEmpty();
    assertThat(h.jira.comments(key)).isEmpty();
    assertThat(h.jira.status(key)).isEqualTo("Waiting for support");
    assertThat(h.duo.pushedUsernames()).doesNotContain(reporterOf(key));
  }

  private String reporterOf(String jiraKey) {
    return reporters.get(jiraKey);
  }

  private void assertSnowUntouched(String system, SimulatedServiceNow instance, String key) {
    assertThat(h.cases(system, key)).isEmpty();
    assertThat(instance.journal(sysId(key))).isEmpty();
    assertThat(instance.record("incident", sysId(key))).containsEntry("state", "1");
  }

  private HttpResponse<String> jira(byte[] body, String signature) throws Exception {
    return h.post("jira/" + JIRA, Map.of("X-Hub-Signature", signature), body);
  }

  private HttpResponse<String> snowHmac(byte[] body, long timestamp, String signature)
      throws Exception {
    return h.post(
        "servicenow/" + SNOW,
        Map.of("X-HV-Timestamp", Long.toString(timestamp), "X-HV-Signature", signature),
        body);
  }

  private long now() {
    return h.clock.instant().getEpochSecond();
  }

  // --- Jira: X-Hub-Signature -----------------------------------------------------------------

  @Test
  void jiraDeliverySignedWithAnotherSecretIsRefusedAndTouchesNothing() throws Exception {
    String key = jiraIssue();
    byte[] body = jiraBody(key, h.clock.instant());

    HttpResponse<String> answer = jira(body, jiraSignature("not-the-secret", body));

    assertThat(answer.statusCode()).isEqualTo(401);
    assertThat(answer.body()).contains("invalid X-Hub-Signature");
    assertJiraUntouched(key);
  }

  @Test
  void jiraDeliveryWithoutSignatureIsRefusedAndTouchesNothing() throws Exception {
    String key = jiraIssue();

    HttpResponse<String> answer =
        h.post("jira/" + JIRA, Map.of(), jiraBody(key, h.clock.instant()));

    assertThat(answer.statusCode()).isEqualTo(401);
    assertJiraUntouched(key);
  }

  @Test
  void jiraDeliveryWhoseBodyWasChangedAfterSigningIsRefused() throws Exception {
    String key = jiraIssue();
    String other = jiraIssue();
    byte[] signed = jiraBody(other, h.clock.instant());
    byte[] tampered =
        new String(signed, StandardCharsets.UTF_8)
            .replace(other, key)
            .getBytes(StandardCharsets.UTF_8);

    HttpResponse<String> answer = jira(tampered, jiraSignature(JIRA_SECRET, signed));

    assertThat(answer.statusCode()).isEqualTo(401);
    assertJiraUntouched(key);
  }

  @Test
  void staleJiraDeliveryIsRefusedAndTouchesNothing() throws Exception {
    String key = jiraIssue();
    byte[] body = jiraBody(key, h.clock.instant().minus(Duration.ofHours(1)));

    HttpResponse<String> answer = jira(body, jiraSignature(JIRA_SECRET, body));

    assertThat(answer.statusCode()).isEqualTo(401);
    assertThat(answer.body()).contains("stale delivery");
    assertJiraUntouched(key);
  }

  @Test
  void jiraDeliveryDatedInTheFutureIsRefused() throws Exception {
    String key = jiraIssue();
    byte[] body = jiraBody(key, h.clock.instant().plus(Duration.ofHours(1)));

    HttpResponse<String> answer = jira(body, jiraSignature(JIRA_SECRET, body));

    assertThat(answer.statusCode()).isEqualTo(401);
    assertJiraUntouched(key);
  }

  @Test
  void validJiraDeliveryBringsTheIssueInAtOnce() throws Exception {
    String key = jiraIssue();
    byte[] body = jiraBody(key, h.clock.instant());

    HttpResponse<String> answer = jira(body, jiraSignature(JIRA_SECRET, body));

    assertThat(answer.statusCode()).isEqualTo(200);
    h.awaitState(JIRA, key, CaseState.CHALLENGED);
    assertThat(h.duo.pushedUsernames()).containsOnlyOnce(reporterOf(key));
  }

  @Test
  void replayedJiraDeliveryIsRefused() throws Exception {
    String key = jiraIssue();
    byte[] body = jiraBody(key, h.clock.instant());
    String signature = jiraSignature(JIRA_SECRET, body);
    assertThat(jira(body, signature).statusCode()).isEqualTo(200);

    HttpResponse<String> replay = jira(body, signature);

    assertThat(replay.statusCode()).isEqualTo(401);
    assertThat(replay.body()).contains("replayed delivery");
  }

  @Test
  void replayedJiraDeliveryWithTheSignatureInUpperCaseIsRefused() throws Exception {
    String key = jiraIssue();
    byte[] body = jiraBody(key, h.clock.instant());
    String signature = jiraSignature(JIRA_SECRET, body);
    assertThat(jira(body, signature).statusCode()).isEqualTo(200);

    HttpResponse<String> replay =
        jira(body, "sha256=" + signature.substring(7).toUpperCase(Locale.ROOT));

    assertThat(replay.statusCode()).isEqualTo(401);
    assertThat(replay.body()).contains("replayed delivery");
  }

  // --- ServiceNow push intake: HMAC ------------------------------------------------------------

  @Test
  void snowDeliverySignedWithAnotherKeyIsRefusedAndTouchesNothing() throws Exception {
    String key = incident(h.snow);
    byte[] body = snowBody(key);
    long ts = now();

    HttpResponse<String> answer = snowHmac(body, ts, snowSignature("not-the-key", ts, body));

    assertThat(answer.statusCode()).isEqualTo(401);
    assertThat(answer.body()).contains("bad signature");
    assertSnowUntouched(SNOW, h.snow, key);
  }

  @Test
  void snowDeliveryWithoutSignatureIsRefusedAndTouchesNothing() throws Exception {
    String key = incident(h.snow);

    HttpResponse<String> answer = h.post("servicenow/" + SNOW, Map.of(), snowBody(key));

    assertThat(answer.statusCode()).isEqualTo(401);
    assertSnowUntouched(SNOW, h.snow, key);
  }

  @Test
  void snowDeliveryWithItsTimestampChangedIsRefused() throws Exception {
    String key = incident(h.snow);
    byte[] body = snowBody(key);
    long ts = now();

    HttpResponse<String> answer = snowHmac(body, ts + 1, snowSignature(SNOW_HMAC_KEY, ts, body));

    assertThat(answer.statusCode()).isEqualTo(401);
    assertSnowUntouched(SNOW, h.snow, key);
  }

  @Test
  void staleSnowDeliveryIsRefusedAndTouchesNothing() throws Exception {
    String key = incident(h.snow);
    byte[] body = snowBody(key);
    long ts = now() - 3600;

    HttpResponse<String> answer = snowHmac(body, ts, snowSignature(SNOW_HMAC_KEY, ts, body));

    assertThat(answer.statusCode()).isEqualTo(401);
    assertThat(answer.body()).contains("stale timestamp");
    assertSnowUntouched(SNOW, h.snow, key);
  }

  @Test
  void validSnowDeliveryBringsTheIncidentInAtOnce() throws Exception {
    String key = incident(h.snow);
    byte[] body = snowBody(key);
    long ts = now();

    HttpResponse<String> answer = snowHmac(body, ts, snowSignature(SNOW_HMAC_KEY, ts, body));

    assertThat(answer.statusCode()).isEqualTo(200);
    h.awaitState(SNOW, key, CaseState.CHALLENGED);
  }

  @Test
  void replayedSnowDeliveryIsRefused() throws Exception {
    String key = incident(h.snow);
    byte[] body = snowBody(key);
    long ts = now();
    String signature = snowSignature(SNOW_HMAC_KEY, ts, body);
    assertThat(snowHmac(body, ts, signature).statusCode()).isEqualTo(200);

    HttpResponse<String> replay = snowHmac(body, ts, signature);

    assertThat(replay.statusCode()).isEqualTo(401);
    assertThat(replay.body()).contains("replayed delivery");
  }

  @Test
  void replayedSnowDeliveryWithTheSignatureUnpaddedIsRefused() throws Exception {
    String key = incident(h.snow);
    byte[] body = snowBody(key);
    long ts = now();
    String signature = snowSignature(SNOW_HMAC_KEY, ts, body);
    assertThat(snowHmac(body, ts, signature).statusCode()).isEqualTo(200);

    HttpResponse<String> replay = snowHmac(body, ts, signature.replace("=", ""));

    assertThat(replay.statusCode()).isEqualTo(401);
    assertThat(replay.body()).contains("replayed delivery");
  }

  @Test
  void snowDeliveryForARecordOfAnotherTableIsRefused() throws Exception {
    byte[] body =
        "{\"table\":\"sys_user\",\"sys_id\":\"0123456789abcdef0123456789abcdef\"}"
            .getBytes(StandardCharsets.UTF_8);
    long ts = now();

    HttpResponse<String> answer = snowHmac(body, ts, snowSignature(SNOW_HMAC_KEY, ts, body));

    assertThat(answer.statusCode()).isEqualTo(400);
  }

  // --- ServiceNow push intake: shared secret ---------------------------------------------------

  @Test
  void snowDeliveryWithAWrongSharedSecretIsRefusedAndTouchesNothing() throws Exception {
    String key = incident(h.snowSecret);

    HttpResponse<String> answer =
        h.post("servicenow/" + SNOW_SECRET, Map.of("X-HV-Secret", "guess"), snowBody(key));

    assertThat(answer.statusCode()).isEqualTo(401);
    assertThat(answer.body()).contains("shared secret");
    assertSnowUntouched(SNOW_SECRET, h.snowSecret, key);
  }

  @Test
  void snowDeliveryWithoutSharedSecretIsRefusedAndTouchesNothing() throws Exception {
    String key = incident(h.snowSecret);

    HttpResponse<String> answer = h.post("servicenow/" + SNOW_SECRET, Map.of(), snowBody(key));

    assertThat(answer.statusCode()).isEqualTo(401);
    assertSnowUntouched(SNOW_SECRET, h.snowSecret, key);
  }

  @Test
  void snowSharedSecretOfTheHmacSystemOpensNothingOnTheOther() throws Exception {
    String key = incident(h.snowSecret);

    HttpResponse<String> answer =
        h.post("servicenow/" + SNOW_SECRET, Map.of("X-HV-Secret", SNOW_HMAC_KEY), snowBody(key));

    assertThat(answer.statusCode()).isEqualTo(401);
    assertSnowUntouched(SNOW_SECRET, h.snowSecret, key);
  }

  // --- Incode: shared secret header, replay by body --------------------------------------------

  private HttpResponse<String> incode(String secret, String body) throws Exception {
    return h.post(
        "incode/" + INCODE,
        secret == null ? Map.of() : Map.of("x-webhook-secret", secret),
        body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void incodeDeliveryWithAWrongSecretIsRefused() throws Exception {
    HttpResponse<String> answer =
        incode(
            "guess", "{\"interviewId\":\"forged-1\",\"onboardingStatus\":\"ONBOARDING_FINISHED\"}");

    assertThat(answer.statusCode()).isEqualTo(401);
    assertThat(h.metrics())
        .contains("hv_webhooks_total{result=\"401\",route=\"incode/" + INCODE + "\"}");
  }

  @Test
  void incodeDeliveryWithoutSecretIsRefused() throws Exception {
    HttpResponse<String> answer = incode(null, "{\"interviewId\":\"forged-2\"}");

    assertThat(answer.statusCode()).isEqualTo(401);
  }

  @Test
  void incodeDeliveryRepeatedByteForByteIsAcknowledgedWith200() throws Exception {
    String body = "{\"interviewId\":\"session-3\",\"onboardingStatus\":\"ONBOARDING_FINISHED\"}";
    assertThat(incode(INCODE_SECRET, body).statusCode()).isEqualTo(200);

    HttpResponse<String> repeat = incode(INCODE_SECRET, body);

    // Incode retries anything but a 200 for about 32 minutes; a repeat only nudges nothing.
    assertThat(repeat.statusCode()).isEqualTo(200);
  }
}
