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
import com.helpdeskverify.simulators.SimulatedJira;
import com.helpdeskverify.simulators.SimulatedJiraDataCenter;
import com.helpdeskverify.simulators.SimulatedServiceNow;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The real service against a ticket system and Duo simulated over HTTP, Duo holding {@code
 * auth_status} as it documents: a request edited while its push waits is cancelled within {@code
 * ticket-recheck}, a later approval of that push is void, and the edited request is verified with a
 * fresh push. Each ticket system is one {@link Desk} in {@link #desks()}.
 */
class EditedWhilePushWaitsTest {
  private static final Clock CLOCK = Clock.systemUTC();

  @TempDir Path dir;

  /** A ticket system under test, simulated over HTTP. */
  interface Desk extends AutoCloseable {
    /** The service's id of the system. */
    String id();

    /** Its {@code ticket-systems} entry, indented for the YAML below. */
    String yaml();

    /** The requester files a password reset; answers the ticket key as the store knows it. */
    String file(String name, String email);

    /** The requester edits the request's text. */
    void edit(String key, String description);

    /** Whether the ticket was moved to execution. */
    boolean executed(String key);

    @Override
    void close();
  }

  static Stream<Named<Supplier<Desk>>> desks() {
    return Stream.of(
        Named.<Supplier<Desk>>of("Jira Cloud", JiraCloudDesk::new),
        Named.<Supplier<Desk>>of("ServiceNow", ServiceNowDesk::new),
        Named.<Supplier<Desk>>of("Jira Data Center", JiraDataCenterDesk::new));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("desks")
  void editedRequestCancelsTheWaitingAttemptAndIsVerifiedWithAFreshPush(Supplier<Desk> make)
      throws Exception {
    try (Desk desk = make.get();
        SimulatedDuo duo = new SimulatedDuo(CLOCK);
        ConnectorService service = start(desk, duo)) {
      duo.user("ann@example.com", Answer.IGNORE, 0);
      awaitFor("a first scan", () -> service.metrics().scan(desk.id()).isPresent());
      Thread.sleep(1100); // ServiceNow stamps to the second: file after the first scan's second

      String key = desk.file("Ann", "ann@example.com");
      TicketRef ref = new TicketRef(desk.id(), key);
      awaitFor("the first push", () -> duo.pushCount() == 1);
      String firstTxid = duo.pushes().get(0).txid();
      awaitFor("the first attempt waiting", () -> state(service, ref, 1) == CaseState.CHALLENGED);
      Thread.sleep(1500); // the watcher's long poll is held by now

      Instant edited = Instant.now();
      desk.edit(key, "Sorry, I wrote it wrong: please reset my password, I am locked out.");
      awaitFor("the first attempt cancelled", () -> state(service, ref, 1) == CaseState.CANCELLED);
      Duration toCancel = Duration.between(edited, Instant.now());
      awaitFor("a fresh push", () -> duo.pushCount() == 2);
      String secondTxid = duo.pushes().get(1).txid();
      awaitFor("the second attempt waiting", () -> state(service, ref, 2) == CaseState.CHALLENGED);

      duo.answer(firstTxid, Answer.APPROVE); // the old push approved after all: void
      Thread.sleep(1500);
      assertThat(desk.executed(key)).isFalse();
      assertThat(state(service, ref, 2)).isEqualTo(CaseState.CHALLENGED);

      duo.answer(secondTxid, Answer.APPROVE);
      awaitFor("the ticket executed", () -> desk.executed(key));

      List<VerificationCase> cases = cases(service, ref);
      assertThat(cases).hasSize(2);
      assertThat(cases.get(0).state()).isEqualTo(CaseState.CANCELLED);
      assertThat(cases.get(0).reason().orElseThrow().code()).isEqualTo(ReasonCode.REQUEST_EDITED);
      assertThat(cases.get(0).challenge().orElseThrow().push().id()).isEqualTo(firstTxid);
      awaitFor(
          "the second attempt executed",
          () -> state(service, ref, 2) == CaseState.EXECUTE_REQUESTED);
      assertThat(cases(service, ref).get(1).challenge().orElseThrow().push().id())
          .isEqualTo(secondTxid);
      assertThat(duo.mostOpenStatusCallsPerPush()).as("status calls open per push").isEqualTo(1);
      assertThat(toCancel).as("cancelled within ticket-recheck").isLessThan(Duration.ofSeconds(20));
    }
  }

  private ConnectorService start(Desk desk, SimulatedDuo duo) throws Exception {
    String yaml =
        """
        node-id: edited
        data-dir: %s
        http:
          bind: 127.0.0.1
          port: 0
        scheduler:
          advance-interval: 200ms
          workers: 2
        workflow:
          poll-interval: 500ms
          ticket-recheck: 2s
          retry-base: 200ms
          retry-max: 2s
          max-pushes-per-hour: 10
        ticket-systems:
        %s
        providers:
          duo:
            type: duo
            base-url: %s
            integration-key: DIEDITED000000000000
            secret-key: test-secret-key
            push-timeout: 30s
        """
            .formatted(dir.resolve("data"), desk.yaml(), duo.baseUrl());
    ServiceConfig config = ConfigLoader.standard().parse(yaml, "edited-test");
    return ConnectorService.start(config, Duration.ZERO, CLOCK);
  }

  private static List<VerificationCase> cases(ConnectorService service, TicketRef ref) {
    return service.store().casesOf(ref).stream()
        .sorted(Comparator.comparingInt(VerificationCase::attempt))
        .toList();
  }

  private static CaseState state(ConnectorService service, TicketRef ref, int attempt) {
    return service.store().casesOf(ref).stream()
        .filter(c -> c.attempt() == attempt)
        .map(VerificationCase::state)
        .findFirst()
        .orElse(null);
  }

  private static void awaitFor(String what, Supplier<Boolean> condition)
      throws InterruptedException {
    Instant giveUp = Instant.now().plusSeconds(40);
    while (!condition.get()) {
      if (Instant.now().isAfter(giveUp)) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(25);
    }
  }

  // --- the ticket systems ------------------------------------------------------------------------

  static final class JiraCloudDesk implements Desk {
    private final SimulatedJira jira;

    JiraCloudDesk() {
      try {
        jira = new SimulatedJira(CLOCK);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    @Override
    public String id() {
      return "jira";
    }

    @Override
    public String yaml() {
      return """
            jira:
              type: jira-cloud
              provider: duo
              scan-interval: 500ms
              base-url: %s
              email: hv@example.com
              api-token: test-token
              jql-scope: project = HD AND status = "Waiting for support"
              execute-transition: Execute
              reject-transition: Reject
              escalate-transition: Escalate
          """
          .formatted(jira.baseUrl());
    }

    @Override
    public String file(String name, String email) {
      return jira.file(
          "acc-" + name.toLowerCase(),
          name,
          email,
          "Password reset",
          "Forgot my password, please reset it.");
    }

    @Override
    public void edit(String key, String description) {
      jira.edit(key, description);
    }

    @Override
    public boolean executed(String key) {
      return jira.status(key).equals("In Progress");
    }

    @Override
    public void close() {
      jira.close();
    }

    @Override
    public String toString() {
      return "Jira Cloud";
    }
  }

  static final class JiraDataCenterDesk implements Desk {
    private final SimulatedJiraDataCenter jira;

    JiraDataCenterDesk() {
      try {
        jira = new SimulatedJiraDataCenter(CLOCK, java.time.ZoneId.of("Europe/Berlin"));
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    @Override
    public String id() {
      return "jira-dc";
    }

    @Override
    public String yaml() {
      return """
            jira-dc:
              type: jira-datacenter
              provider: duo
              scan-interval: 500ms
              base-url: %s
              auth: pat
              personal-access-token: %s
              jql-scope: project = HD AND status = "Waiting for support"
              time-zone: Europe/Berlin
              comment-api: platform
              execute-transition: Execute
              reject-transition: Reject
              escalate-transition: Escalate
          """
          .formatted(jira.baseUrl(), SimulatedJiraDataCenter.SERVICE_PAT);
    }

    @Override
    public String file(String name, String email) {
      SimulatedJiraDataCenter.User reporter = jira.user(name.toLowerCase(), name, email);
      return jira.file(reporter, "HD", "Password reset", "Forgot my password, please reset it.");
    }

    @Override
    public void edit(String key, String description) {
      jira.editDescription(key, description);
    }

    @Override
    public boolean executed(String key) {
      return jira.status(key).equals("In Progress");
    }

    @Override
    public void close() {
      jira.close();
    }
  }

  static final class ServiceNowDesk implements Desk {
    private final SimulatedServiceNow snow;

    ServiceNowDesk() {
      try {
        snow = new SimulatedServiceNow(CLOCK);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      snow.group("Service Desk L2");
    }

    @Override
    public String id() {
      return "snow";
    }

    @Override
    public String yaml() {
      return """
            snow:
              type: servicenow
              provider: duo
              scan-interval: 500ms
              instance-url: %s
              auth: basic
              username: hv
              password: test-password
              escalation-group: Service Desk L2
              tables: [incident]
          """
          .formatted(snow.baseUrl());
    }

    @Override
    public String file(String name, String email) {
      String caller = snow.user(name, email);
      return "incident:"
          + snow.incident(caller, "Password reset", "Forgot my password, please reset it.");
    }

    @Override
    public void edit(String key, String description) {
      snow.edit(sysId(key), description);
    }

    @Override
    public boolean executed(String key) {
      return snow.record("incident", sysId(key)).get("state").equals("2");
    }

    private static String sysId(String key) {
      return key.substring("incident:".length());
    }

    @Override
    public void close() {
      snow.close();
    }

    @Override
    public String toString() {
      return "ServiceNow";
    }
  }
}
