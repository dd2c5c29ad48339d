package com.helpdeskverify.scheduler.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import com.helpdeskverify.core.CaseState;
import com.helpdeskverify.core.SensitiveOperation;
import com.helpdeskverify.core.TicketRef;
import com.helpdeskverify.core.VerificationCase;
import com.helpdeskverify.scheduler.ConnectorService;
import com.helpdeskverify.scheduler.config.ConfigLoader;
import com.helpdeskverify.scheduler.config.ServiceConfig;
import com.helpdeskverify.simulators.SimulatedDuo;
import com.helpdeskverify.simulators.SimulatedDuo.Answer;
import com.helpdeskverify.simulators.SimulatedJira;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service against a simulated Jira Data Center (REST v2, users by key) and Duo: a request an
 * agent raised on a customer's behalf pushes only the customer, and a labelled harmless request is
 * verified, both executed with the agent's notes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JiraDataCenterTechnicianTest {
  private static final String DC = "jira-dc";
  private final Clock clock = Clock.systemUTC();
  private SimulatedJira jira;
  private SimulatedDuo duo;
  private ConnectorService service;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    jira = new SimulatedJira(clock, true);
    duo = new SimulatedDuo(clock);
    String yaml =
        """
        node-id: dc-test
        data-dir: %s
        http:
          bind: 127.0.0.1
          port: 0
        scheduler:
          advance-interval: 100ms
        workflow:
          poll-interval: 200ms
          retry-base: 100ms
          retry-max: 1s
          max-pushes-per-hour: 20
          reopen-grace: 300ms
        ticket-systems:
          %s:
            type: jira-datacenter
            provider: duo
            scan-interval: 200ms
            base-url: %s
            bearer-token: test-pat
            jql-scope: project = HD AND status = "Waiting for support"
            execute-transition: Execute
            reject-transition: Reject
            escalate-transition: Escalate
        providers:
          duo:
            type: duo
            base-url: %s
            integration-key: DIDATACENTER00000000
            secret-key: test-secret-key
            push-timeout: 30s
        """
            .formatted(dir.resolve("data"), DC, jira.baseUrl(), duo.baseUrl());
    ServiceConfig config = ConfigLoader.standard().parse(yaml, "dc-test");
    service = ConnectorService.start(config, Duration.ZERO, clock);
    HostileHarness.await("a first scan", () -> service.metrics().scan(DC).isPresent());
  }

  @AfterAll
  void stop() throws Exception {
    if (service != null) {
      service.close();
    }
    jira.close();
    duo.close();
  }

  private Optional<VerificationCase> latest(String key) {
    return service.store().latestFor(new TicketRef(DC, key));
  }

  private VerificationCase ended(String key) throws InterruptedException {
    HostileHarness.await(
        key + " to end", () -> latest(key).map(c -> c.state().terminal()).orElse(false));
    return latest(key).orElseThrow();
  }

  private List<String> internal(String key) {
    return jira.comments(key).stream().filter(c -> c[0].equals("internal")).map(c -> c[1]).toList();
  }

  @Test
  void requestRaisedOnACustomersBehalfPushesOnlyTheCustomerAndNotesTheAgent() throws Exception {
    duo.user("dc-customer@example.com", Answer.APPROVE, 0);
    duo.user("dc-agent@example.com", Answer.APPROVE, 0);
    String key =
        jira.fileOnBehalf(
            Map.of(
                "accountId", "dc-agent",
                "displayName", "Agent",
                "emailAddress", "dc-agent@example.com"),
            "dc-customer",
            "Customer",
            "dc-customer@example.com",
            "Password reset",
            "Caller on the phone forgot the password, please reset it.");

    VerificationCase c = ended(key);

    assertThat(c.state()).isEqualTo(CaseState.EXECUTE_REQUESTED);
    assertThat(c.openedBy().orElseThrow().accountId()).isEqualTo("dc-agent");
    assertThat(duo.pushes())
        .extracting(SimulatedDuo.Push::username)
        .contains("dc-customer@example.com")
        .doesNotContain("dc-agent@example.com");
    assertThat(internal(key))
        .anyMatch(t -> t.contains("is prompting Customer"))
        .anyMatch(t -> t.contains("own account"));
    assertThat(jira.status(key)).isEqualTo("In Progress");
  }

  @Test
  void labelledHarmlessRequestIsVerifiedAndExecuted() throws Exception {
    duo.user("dc-label@example.com", Answer.APPROVE, 0);
    String key =
        jira.file(
            "dc-label", "Lena", "dc-label@example.com", "Printer", "The printer is out of toner.");
    jira.addLabel(key, "verify-identity");

    VerificationCase c = ended(key);

    assertThat(c.state()).isEqualTo(CaseState.EXECUTE_REQUESTED);
    assertThat(c.classification().operation()).isEqualTo(SensitiveOperation.IDENTITY_CHECK);
    HostileHarness.await("the label removed", () -> jira.labels(key).isEmpty());
    assertThat(internal(key)).anyMatch(t -> t.contains("is prompting Lena"));
  }
}
