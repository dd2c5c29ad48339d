package com.helpdeskverify.scheduler.endtoend;

import static com.helpdeskverify.scheduler.endtoend.HostileHarness.JIRA;
import static com.helpdeskverify.scheduler.endtoend.HostileHarness.SNOW;
import static com.helpdeskverify.scheduler.endtoend.HostileHarness.sysId;
import static org.assertj.core.api.Assertions.assertThat;

import com.helpdeskverify.core.CaseState;
import com.helpdeskverify.core.SensitiveOperation;
import com.helpdeskverify.core.VerificationCase;
import com.helpdeskverify.simulators.SimulatedDuo.Answer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged service against the simulated Jira Cloud, ServiceNow and Duo: a technician asks for
 * verification of a harmless ticket (Jira label, ServiceNow field), and a doubtful ticket gets one
 * "possibly sensitive" note.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TechnicianAssistedServiceTest {
  private HostileHarness h;
  private final AtomicInteger people = new AtomicInteger();

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    h = new HostileHarness(dir, Duration.ofMillis(200));
    h.awaitFirstScans();
  }

  @AfterAll
  void stop() {
    if (h != null) {
      h.close();
    }
  }

  private String person(Answer answer) {
    String name = "tech" + people.incrementAndGet();
    h.duo.user(name + "@example.com", answer, 0);
    return name;
  }

  private List<String> internal(String key) {
    return h.jira.comments(key).stream()
        .filter(c -> c[0].equals("internal"))
        .map(c -> c[1])
        .toList();
  }

  @Test
  void jiraTicketATechnicianLabelledIsVerifiedExecutedAndUnlabelled() throws Exception {
    String p = person(Answer.APPROVE);
    String key =
        h.jira.file(
            "acc-" + p,
            "Tess",
            p + "@example.com",
            "Printer toner",
            "The printer on the second floor is out of toner.");
    HostileHarness.await("a scan past " + key, () -> h.service.metrics().scan(JIRA).isPresent());
    Thread.sleep(600);
    assertThat(h.latest(JIRA, key)).isEmpty();

    h.jira.addLabel(key, "verify-identity");
    h.awaitTerminal(JIRA, key);

    VerificationCase c = h.latest(JIRA, key).orElseThrow();
    assertThat(c.state()).isEqualTo(CaseState.EXECUTE_REQUESTED);
    assertThat(c.classification().operation()).isEqualTo(SensitiveOperation.IDENTITY_CHECK);
    assertThat(h.duo.pushedUsernames()).containsOnlyOnce(p + "@example.com");
    assertThat(internal(key))
        .anyMatch(t -> t.contains("is prompting Tess"))
        .anyMatch(t -> t.contains("Act only on this person's own account"));
    HostileHarness.await("the label removed", () -> h.jira.labels(key).isEmpty());
    assertThat(h.jira.status(key)).isEqualTo("In Progress");
  }

  @Test
  void serviceNowIncidentATechnicianMarkedIsVerifiedAndItsFlagReset() throws Exception {
    String p = person(Answer.APPROVE);
    String key =
        HostileHarness.incident(
            h.snow, "Uma", p + "@example.com", "Monitor", "My monitor flickers, please help.");
    Thread.sleep(1100);
    h.snow.update("incident", sysId(key), "u_verify_identity", "true");
    h.awaitTerminal(SNOW, key);

    VerificationCase c = h.latest(SNOW, key).orElseThrow();
    assertThat(c.state()).isEqualTo(CaseState.EXECUTE_REQUESTED);
    assertThat(c.classification().operation()).isEqualTo(SensitiveOperation.IDENTITY_CHECK);
    assertThat(h.snow.record("incident", sysId(key))).containsEntry("u_verify_identity", "false");
    assertThat(h.snow.journal(sysId(key)))
        .anyMatch(
            j -> j.get("element").equals("work_notes") && j.get("value").contains("Verified: Uma"));
  }

  @Test
  void doubtfulJiraTicketGetsOneNoteAndNoPush() throws Exception {
    String p = person(Answer.APPROVE);
    String key =
        h.jira.file(
            "acc-" + p,
            "Vic",
            p + "@example.com",
            "Phishing report",
            "I got a suspicious mail asking me to reset my password, I did not click it.");
    HostileHarness.await(
        "the note",
        () -> internal(key).stream().anyMatch(t -> t.contains("signs of a sensitive request")));
    h.jira.commentAsReporter(key, "Forwarded the mail to security as well.");
    Thread.sleep(1000);

    assertThat(internal(key)).hasSize(1);
    assertThat(h.latest(JIRA, key)).isEmpty();
    assertThat(h.duo.pushedUsernames()).doesNotContain(p + "@example.com");
  }

  @Test
  void jiraRequestTypeRuleVerifiesAHarmlessLookingTicketAndTheEvidenceNamesTheRule()
      throws Exception {
    String p = person(Answer.APPROVE);
    String key =
        h.jira.file("acc-" + p, "Walt", p + "@example.com", "Help", "Please see the form.");
    h.jira.requestType(key, "Reset password");
    h.awaitTerminal(JIRA, key);

    VerificationCase c = h.latest(JIRA, key).orElseThrow();
    assertThat(c.classification().operation()).isEqualTo(SensitiveOperation.CREDENTIAL_RESET);
    assertThat(c.classification().evidence())
        .contains("always-verify rule requestType = \"Reset password\"");
    assertThat(c.state()).isEqualTo(CaseState.EXECUTE_REQUESTED);
  }

  @Test
  void serviceNowCategoryRuleVerifiesAHarmlessLookingIncident() throws Exception {
    String p = person(Answer.APPROVE);
    String key =
        HostileHarness.incident(h.snow, "Xena", p + "@example.com", "Question", "See attachment.");
    h.snow.update("incident", sysId(key), "category", "security");
    h.awaitTerminal(SNOW, key);

    VerificationCase c = h.latest(SNOW, key).orElseThrow();
    assertThat(c.classification().operation()).isEqualTo(SensitiveOperation.ACCESS_GRANT);
    assertThat(c.classification().evidence())
        .contains("always-verify rule category = \"security\"");
    assertThat(c.state()).isEqualTo(CaseState.EXECUTE_REQUESTED);
  }
}
