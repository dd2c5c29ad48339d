package com.helpdeskverify.scheduler.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import com.helpdeskverify.core.CaseState;
import com.helpdeskverify.core.ReasonCode;
import com.helpdeskverify.core.TicketRef;
import com.helpdeskverify.core.VerificationCase;
import com.helpdeskverify.scheduler.ConnectorService;
import com.helpdeskverify.scheduler.config.ConfigLoader;
import com.helpdeskverify.scheduler.config.ServiceConfig;
import com.helpdeskverify.simulators.SimulatedDuo;
import com.helpdeskverify.simulators.SimulatedDuo.Answer;
import com.helpdeskverify.simulators.SimulatedJiraDataCenter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real service (configuration, H2 store, Quartz jobs, the Jira adapter as {@code type:
 * jira-datacenter} with a personal access token and {@code comment-api: platform}, the Duo
 * provider) against the Jira Data Center and Duo simulators: tickets filed while it runs reach
 * every outcome, and every note it posts is internal.
 */
class RunAgainstSimulatedJiraDataCenterTest {
  private static final String DC = "jira-dc";

  @TempDir static Path dir;

  private static final Clock CLOCK = Clock.systemUTC();
  private static SimulatedJiraDataCenter jira;
  private static SimulatedDuo duo;
  private static ConnectorService service;

  private static String approved;
  private static String denied;
  private static String timedOut;
  private static String noDevice;
  private static String withdrawn;
  private static String harmless;

  @BeforeAll
  static void runEveryOutcome() throws Exception {
    jira = new SimulatedJiraDataCenter(CLOCK, ZoneId.of("Europe/Berlin"));
    duo = new SimulatedDuo(CLOCK);
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
          ticket-recheck: 1h
          retry-base: 100ms
          retry-max: 1s
          reopen-grace: 300ms
        ticket-systems:
          %s:
            type: jira-datacenter
            provider: duo
            scan-interval: 200ms
            base-url: %s
            auth: pat
            personal-access-token: %s
            jql-scope: project = HD AND status = "Waiting for support"
            time-zone: Europe/Berlin
            comment-api: platform
            execute-transition: Execute
            reject-transition: Reject
            escalate-transition: Escalate
        providers:
          duo:
            type: duo
            base-url: %s
            integration-key: DIDATACENTER00000000
            secret-key: test-secret-key
            push-timeout: 2s
        """
            .formatted(
                dir.resolve("data"),
                DC,
                jira.baseUrl(),
                SimulatedJiraDataCenter.SERVICE_PAT,
                duo.baseUrl());
    ServiceConfig config = ConfigLoader.standard().parse(yaml, "dc-test");
    service = ConnectorService.start(config, Duration.ZERO, CLOCK);
    await("a first scan", () -> service.metrics().scan(DC).isPresent());

    duo.user("ann@example.com", Answer.APPROVE, 300);
    duo.user("ben@example.com", Answer.DENY, 300);
    duo.user("cem@example.com", Answer.IGNORE, 0);
    duo.user("dia@example.com", Answer.NO_DEVICE, 0);
    duo.user("fay@example.com", Answer.APPROVE, 800);
    approved = file("ann", "Password reset", "Forgot my password, please reset it.");
    denied = file("ben", "MFA reset", "New phone, please reset my MFA.");
    timedOut = file("cem", "Unlock", "My account is locked, please unlock it.");
    noDevice = file("dia", "Admin rights", "I need local admin rights.");
    withdrawn = file("fay", "Password reset", "Please reset my password.");
    harmless = file("eve", "Printer", "The printer on floor 3 jams.");

    // Fay withdraws her request while her push waits; her approval comes after that.
    await("a push to fay", () -> pushedTo("fay@example.com"));
    jira.withdraw(withdrawn);

    for (String key : List.of(approved, denied, timedOut, noDevice, withdrawn)) {
      await(key + " to end", () -> latest(key).map(c -> c.state().terminal()).orElse(false));
    }
  }

  private static String file(String name, String summary, String text) {
    SimulatedJiraDataCenter.User u = jira.user(name, name, name + "@example.com");
    return jira.file(u, "HD", summary, text);
  }

  private static boolean pushedTo(String username) {
    return duo.pushes().stream().anyMatch(p -> p.username().equals(username));
  }

  private static java.util.Optional<VerificationCase> latest(String key) {
    return service.store().latestFor(new TicketRef(DC, key));
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
    jira.close();
    duo.close();
  }

  private static void await(String what, Supplier<Boolean> condition) throws InterruptedException {
    Instant giveUp = Instant.now().plusSeconds(30);
    while (!condition.get()) {
      if (Instant.now().isAfter(giveUp)) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(25);
    }
  }

  private static List<Boolean> internal(String key) {
    return jira.comments(key).stream().map(SimulatedJiraDataCenter.Comment::internal).toList();
  }

  @Test
  void anApprovedTicketIsMovedToExecution() {
    assertThat(latest(approved).orElseThrow().state()).isEqualTo(CaseState.EXECUTE_REQUESTED);
    assertThat(jira.transitions(approved)).containsExactly("In Progress");
    // The notice and the confirmation are public; the verified-account note at execution is not.
    assertThat(internal(approved)).containsExactly(false, false, true);
  }

  @Test
  void aDeniedTicketIsRejected() {
    assertThat(latest(denied).orElseThrow().reason().orElseThrow().code())
        .isEqualTo(ReasonCode.DENIED);
    assertThat(jira.transitions(denied)).containsExactly("Rejected");
  }

  @Test
  void anUnansweredTicketIsRejectedAsTimedOut() {
    assertThat(latest(timedOut).orElseThrow().reason().orElseThrow().code())
        .isEqualTo(ReasonCode.TIMED_OUT);
    assertThat(jira.transitions(timedOut)).containsExactly("Rejected");
  }

  @Test
  void aRequesterWithoutADeviceIsEscalatedWithANoteOnlyTechniciansSee() {
    assertThat(latest(noDevice).orElseThrow().state()).isEqualTo(CaseState.ESCALATED);
    assertThat(jira.transitions(noDevice)).containsExactly("Escalated");
    List<SimulatedJiraDataCenter.Comment> comments = jira.comments(noDevice);
    assertThat(comments)
        .extracting(SimulatedJiraDataCenter.Comment::internal)
        .containsExactly(true, false);
    assertThat(comments.get(0).properties())
        .containsEntry("sd.public.comment", Map.of("internal", true));
  }

  @Test
  void aTicketWithdrawnWhileItsPushWaitsIsCancelledAndNotExecuted() {
    VerificationCase c = latest(withdrawn).orElseThrow();
    assertThat(c.state()).isEqualTo(CaseState.CANCELLED);
    assertThat(c.reason().orElseThrow().code()).isEqualTo(ReasonCode.TICKET_CLOSED);
    assertThat(jira.transitions(withdrawn)).isEmpty();
    assertThat(jira.status(withdrawn)).isEqualTo("Withdrawn");
  }

  @Test
  void aHarmlessTicketIsLeftAlone() {
    assertThat(latest(harmless)).isEmpty();
    assertThat(jira.comments(harmless)).isEmpty();
  }

  @Test
  void everyPushWentToTheRequesterTheSiteNamesAndOnlyOnce() {
    assertThat(duo.pushes())
        .extracting(SimulatedDuo.Push::username)
        .containsExactlyInAnyOrder(
            "ann@example.com", "ben@example.com", "cem@example.com", "fay@example.com");
  }

  @Test
  void everyCallSignedInWithThePersonalAccessTokenAndPassedTheXsrfCheck() {
    assertThat(jira.exchanges())
        .isNotEmpty()
        .allSatisfy(e -> assertThat(e.status()).isNotIn(401, 403));
  }
}
