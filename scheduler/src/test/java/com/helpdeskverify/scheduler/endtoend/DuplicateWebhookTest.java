package com.helpdeskverify.scheduler.endtoend;

import static com.helpdeskverify.scheduler.endtoend.HostileHarness.JIRA;
import static com.helpdeskverify.scheduler.endtoend.HostileHarness.JIRA_SECRET;
import static com.helpdeskverify.scheduler.endtoend.HostileHarness.SNOW;
import static com.helpdeskverify.scheduler.endtoend.HostileHarness.SNOW_HMAC_KEY;
import static com.helpdeskverify.scheduler.endtoend.HostileHarness.SNOW_SECRET;
import static com.helpdeskverify.scheduler.endtoend.HostileHarness.SNOW_SHARED;
import static com.helpdeskverify.scheduler.endtoend.HostileHarness.jiraBody;
import static com.helpdeskverify.scheduler.endtoend.HostileHarness.jiraSignature;
import static com.helpdeskverify.scheduler.endtoend.HostileHarness.snowBody;
import static com.helpdeskverify.scheduler.endtoend.HostileHarness.snowSignature;
import static com.helpdeskverify.scheduler.endtoend.HostileHarness.sysId;
import static org.assertj.core.api.Assertions.assertThat;

import com.helpdeskverify.core.CaseState;
import com.helpdeskverify.core.TicketRef;
import com.helpdeskverify.core.VerificationCase;
import com.helpdeskverify.core.store.CaseStore;
import com.helpdeskverify.simulators.SimulatedDuo.Answer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Valid deliveries that arrive twice, or for a ticket the service already moved on, through the
 * real HTTP endpoint. An accepted delivery's follow-up (fetch, intake) runs after the answer, so
 * each test stops the service, which lets that work finish, before it reads the store.
 */
class DuplicateWebhookTest {
  @TempDir Path dir;
  private HostileHarness h;

  @BeforeEach
  void start() throws Exception {
    h = new HostileHarness(dir, Duration.ofHours(1));
    h.awaitFirstScans();
  }

  @AfterEach
  void stop() {
    h.close();
  }

  private static List<VerificationCase> casesOf(CaseStore store, String system, String key) {
    return store.all().stream().filter(c -> c.ticket().equals(new TicketRef(system, key))).toList();
  }

  private HttpResponse<String> jira(String key, Instant at) throws Exception {
    byte[] body = jiraBody(key, at);
    return h.post(
        "jira/" + JIRA, Map.of("X-Hub-Signature", jiraSignature(JIRA_SECRET, body)), body);
  }

  @Test
  void twoSignedJiraDeliveriesForOneIssueOpenOneCaseWithOneNoticeAndOnePush() throws Exception {
    h.duo.user("ann@example.com", Answer.IGNORE, 0);
    String key =
        h.jira.file("acc-ann", "Ann", "ann@example.com", "Password reset", "Please reset it.");
    Instant now = h.clock.instant();

    assertThat(jira(key, now).statusCode()).isEqualTo(200);
    assertThat(jira(key, now.plusMillis(1)).statusCode()).isEqualTo(200);
    h.awaitState(JIRA, key, CaseState.CHALLENGED);
    CaseStore store = h.drained();

    assertThat(casesOf(store, JIRA, key)).hasSize(1);
    assertThat(h.jira.comments(key)).hasSize(1);
    assertThat(h.duo.pushedUsernames()).containsExactly("ann@example.com");
  }

  @Test
  void twoSignedSnowDeliveriesForOneIncidentOpenOneCaseWithOneNoticeAndOnePush() throws Exception {
    h.duo.user("ben@example.com", Answer.IGNORE, 0);
    String key =
        HostileHarness.incident(
            h.snow, "Ben", "ben@example.com", "MFA reset", "New phone, please reset my MFA.");
    byte[] body = snowBody(key);
    long ts = h.clock.instant().getEpochSecond();

    for (long t : new long[] {ts, ts - 1}) {
      HttpResponse<String> answer =
          h.post(
              "servicenow/" + SNOW,
              Map.of(
                  "X-HV-Timestamp",
                  Long.toString(t),
                  "X-HV-Signature",
                  snowSignature(SNOW_HMAC_KEY, t, body)),
              body);
      assertThat(answer.statusCode()).isEqualTo(200);
    }
    h.awaitState(SNOW, key, CaseState.CHALLENGED);
    CaseStore store = h.drained();

    assertThat(casesOf(store, SNOW, key)).hasSize(1);
    assertThat(h.snow.journal(sysId(key))).hasSize(1);
    assertThat(h.duo.pushedUsernames()).containsExactly("ben@example.com");
  }

  @Test
  void sharedSecretDeliveryRepeatedAsItIsOpensOneCase() throws Exception {
    h.duo.user("cem@example.com", Answer.IGNORE, 0);
    String key =
        HostileHarness.incident(
            h.snowSecret, "Cem", "cem@example.com", "Unlock", "Please unlock my account.");

    // The shared-secret mode cannot tell a replay from a retry: intake must make it harmless.
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> answer =
          h.post("servicenow/" + SNOW_SECRET, Map.of("X-HV-Secret", SNOW_SHARED), snowBody(key));
      assertThat(answer.statusCode()).isEqualTo(200);
    }
    h.awaitState(SNOW_SECRET, key, CaseState.CHALLENGED);
    CaseStore store = h.drained();

    assertThat(casesOf(store, SNOW_SECRET, key)).hasSize(1);
    assertThat(h.duo.pushedUsernames()).containsExactly("cem@example.com");
  }

  @Test
  void signedJiraDeliveryForAnIssueTheServiceAlreadyExecutedStartsNoNewAttempt() throws Exception {
    h.duo.user("dia@example.com", Answer.APPROVE, 0);
    String key =
        h.jira.file("acc-dia", "Dia", "dia@example.com", "Password reset", "Please reset it.");
    assertThat(jira(key, h.clock.instant()).statusCode()).isEqualTo(200);
    h.awaitState(JIRA, key, CaseState.EXECUTE_REQUESTED);
    Instant ended = h.latest(JIRA, key).orElseThrow().updatedAt();
    HostileHarness.await(
        "the reopen grace to pass", () -> h.clock.instant().isAfter(ended.plusSeconds(1)));
    // A technician works the executed ticket; Jira sends its issue_updated webhook, validly signed.
    technicianComments(key, "Password reset done.");

    assertThat(jira(key, h.clock.instant()).statusCode()).isEqualTo(200);
    CaseStore store = h.drained();

    assertThat(h.jira.status(key)).isEqualTo("In Progress");
    assertThat(casesOf(store, JIRA, key)).hasSize(1);
    assertThat(h.duo.pushedUsernames()).containsExactly("dia@example.com");
  }

  @Test
  void signedSnowDeliveryForAnIncidentTheServiceAlreadyExecutedStartsNoNewAttempt()
      throws Exception {
    h.duo.user("eve@example.com", Answer.APPROVE, 0);
    String key =
        HostileHarness.incident(
            h.snow, "Eve", "eve@example.com", "Password reset", "Please reset my password.");
    byte[] body = snowBody(key);
    long ts = h.clock.instant().getEpochSecond();
    h.post(
        "servicenow/" + SNOW,
        Map.of("X-HV-Timestamp", "" + ts, "X-HV-Signature", snowSignature(SNOW_HMAC_KEY, ts, body)),
        body);
    h.awaitState(SNOW, key, CaseState.EXECUTE_REQUESTED);
    Instant ended = h.latest(SNOW, key).orElseThrow().updatedAt();
    HostileHarness.await(
        "the reopen grace to pass", () -> h.clock.instant().isAfter(ended.plusSeconds(1)));
    h.snow.set("incident", sysId(key), "sys_updated_on", now());
    long later = h.clock.instant().getEpochSecond();

    HttpResponse<String> answer =
        h.post(
            "servicenow/" + SNOW,
            Map.of(
                "X-HV-Timestamp",
                "" + later,
                "X-HV-Signature",
                snowSignature(SNOW_HMAC_KEY, later, body)),
            body);
    CaseStore store = h.drained();

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(casesOf(store, SNOW, key)).hasSize(1);
    assertThat(h.duo.pushedUsernames()).containsExactly("eve@example.com");
  }

  private String now() {
    return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
        .withZone(java.time.ZoneOffset.UTC)
        .format(h.clock.instant());
  }

  private void technicianComments(String key, String text) throws Exception {
    HttpResponse<String> posted =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            h.jira.baseUrl() + "rest/servicedeskapi/request/" + key + "/comment"))
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"body\":\"" + text + "\",\"public\":true}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(posted.statusCode()).isEqualTo(201);
  }
}
