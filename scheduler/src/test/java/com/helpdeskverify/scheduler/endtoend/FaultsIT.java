package com.helpdeskverify.scheduler.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import com.helpdeskverify.core.CaseState;
import com.helpdeskverify.core.HistoryEntry;
import com.helpdeskverify.core.ReasonCode;
import com.helpdeskverify.core.TicketRef;
import com.helpdeskverify.core.VerificationCase;
import com.helpdeskverify.scheduler.ConnectorService;
import com.helpdeskverify.scheduler.config.ConfigLoader;
import com.helpdeskverify.simulators.SimulatedApi;
import com.helpdeskverify.simulators.SimulatedApi.Conditions;
import com.helpdeskverify.simulators.SimulatedApi.Exchange;
import com.helpdeskverify.simulators.SimulatedApi.Fault;
import com.helpdeskverify.simulators.SimulatedDuo;
import com.helpdeskverify.simulators.SimulatedDuo.Answer;
import com.helpdeskverify.simulators.SimulatedJira;
import com.helpdeskverify.simulators.SimulatedServiceNow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The reliability suite: the real service (configuration, store, Quartz jobs, the Jira and
 * ServiceNow adapters, the Duo provider) works a few hundred sensitive tickets while a fifth of
 * every call to Jira, ServiceNow and Duo fails at random: 500, 503 and 429 with {@code
 * Retry-After}, dropped connections, read timeouts and cut JSON, some of them after the work was
 * done. Every ticket must still reach the outcome its requester's scripted answer calls for,
 * nothing may be done twice, and no system may be called again before the time its {@code
 * Retry-After} asked for.
 *
 * <p>One run of the service is shared by the checks below; each check reads the store as it was at
 * the end and the simulators' journals of every request.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FaultsIT {
  private static final int TICKETS_PER_SYSTEM = 100;
  private static final double FAULT_RATE = 0.2;
  private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

  /**
   * Duo's own default for a push. Under these faults a worker can sit at a closed Retry-After gate
   * of one system while a push of another waits to be polled; a shorter deadline turned approvals
   * seen late into (safe, but wrong) timeouts.
   */
  private static final Duration PUSH_TIMEOUT = Duration.ofSeconds(60);

  /**
   * How long Duo keeps an unanswered push before it answers {@code timeout}: only ignored pushes
   * are affected (Duo keeps an answer once given), and with Duo's own 60 s every run waited a
   * minute after its last ignored push. Shorter than {@link #PUSH_TIMEOUT}, as Duo's 60 s is
   * shorter than a usual deployment's push timeout.
   */
  private static final Duration DUO_PUSH_LIFE = Duration.ofSeconds(20);

  /**
   * Nearer the service's default of 3 s than a fast poll: every call risks a fault, and each 429 or
   * 503 shuts Duo's Retry-After gate for a second to every worker. Polling every 500 ms took about
   * 2,000 Duo calls per run, every 2 s about 1,450.
   */
  private static final Duration POLL_INTERVAL = Duration.ofSeconds(2);

  private static final Duration FILING_PACE = Duration.ofMillis(100);

  /**
   * Failed Duo calls in a row before the provider is taken to be down (default 5). About 15 % of
   * the calls here fail in a way the circuit counts, so five in a row come (at that rate) about
   * once in twenty runs and pause Duo for a minute: the approvals given meanwhile are learnt only
   * after their deadline (seen once on CI; a run with a threshold of 2 failed so). That is an
   * outage, which this suite does not simulate; {@code CircuitBreakerTest} and the workflow tests
   * cover it.
   */
  private static final int DUO_CIRCUIT_FAILURES = 25;

  /**
   * Only bounds a run that hangs: the wait ends as soon as every case has. Runs took 145 to 180 s
   * here with Duo's own 60 s push life (87 s with {@link #DUO_PUSH_LIFE}); with 150 s after filing
   * as the bound, one on CI ran out with a case whose push had just reached its deadline.
   */
  private static final Duration GIVE_UP = Duration.ofSeconds(240);

  /**
   * Requests the client had already sent when the 429 or 503 was answered cannot have heeded it:
   * only those received later than this after the answer count against the service. On two loaded
   * cores a request sent just before the client read the 429 was seen to arrive up to 90 ms after
   * it; the end of the window, where a client that ignores Retry-After shows, stays exact.
   */
  private static final Duration IN_FLIGHT = Duration.ofMillis(200);

  /** Faults after which nobody, the service included, can tell whether Duo sent the push. */
  private static final Set<Fault> AMBIGUOUS =
      EnumSet.of(
          Fault.SERVER_ERROR, Fault.CONNECTION_RESET, Fault.READ_TIMEOUT, Fault.MALFORMED_JSON);

  private static final Pattern MARKER = Pattern.compile("hv:[A-Za-z0-9-]+:[a-z_]+");

  private static final String[][] SENSITIVE = {
    {"Password reset", "I forgot my password, please reset it."},
    {"MFA reset", "New phone, please reset my MFA."},
    {"Account locked", "My account is locked, please unlock it."},
    {"Admin rights", "I need local admin rights on my laptop."}
  };

  /** What the requester's answer calls for. */
  private enum Expected {
    EXECUTED,
    REJECTED_DENIED,
    REJECTED_TIMED_OUT,
    ESCALATED_NO_DEVICE,
    /** The answer to the push request was lost: the service cannot know whether Duo sent it. */
    ESCALATED_PUSH_UNKNOWN,
    NONE
  }

  /** A ticket as filed: where, its key in the service, its label, and its requester's script. */
  private record Filed(String system, String key, String label, String email, Answer answer) {
    TicketRef ref() {
      return new TicketRef(system, key);
    }

    boolean sensitive() {
      return answer != null;
    }
  }

  private record Violation(String system, Exchange refused, Exchange early) {
    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "%s answered %s %s with %d Retry-After %ds at %s, yet received %s %s %d ms later",
          system,
          refused.method(),
          refused.path(),
          refused.status(),
          refused.retryAfter().toSeconds(),
          refused.answered(),
          early.method(),
          early.path(),
          Duration.between(refused.answered(), early.received()).toMillis());
    }
  }

  private final List<Filed> filed = new ArrayList<>();
  private final Map<TicketRef, VerificationCase> cases = new LinkedHashMap<>();
  private final Map<TicketRef, List<HistoryEntry>> histories = new LinkedHashMap<>();
  private final Map<String, List<Exchange>> journals = new TreeMap<>();
  private final Map<String, List<String>> commentsByTicket = new LinkedHashMap<>();
  private final Map<String, String> ticketState = new LinkedHashMap<>();
  private List<SimulatedDuo.Push> pushes = List.of();
  private Instant start = Instant.EPOCH;
  private Duration took = Duration.ZERO;
  private long unfinished;
  private Path dir;

  @BeforeAll
  void runTheServiceUnderFaults() throws Exception {
    dir = Files.createTempDirectory("hv-faults");
    Clock clock = Clock.systemUTC();
    start = clock.instant();
    try (SimulatedJira jira = new SimulatedJira(clock);
        SimulatedServiceNow snow = new SimulatedServiceNow(clock);
        SimulatedDuo duo = new SimulatedDuo(clock)) {
      snow.group("Service Desk L2");
      duo.pushLife(DUO_PUSH_LIFE);
      long seed = 20_240_611L;
      for (SimulatedApi api : List.<SimulatedApi>of(jira, snow, duo)) {
        api.keepBodies(true);
        api.conditions(
            Conditions.NORMAL
                .withFaults(FAULT_RATE, EnumSet.allOf(Fault.class), seed++)
                .withHold(Duration.ofMillis(1500))
                .withRetryAfter(RETRY_AFTER));
      }
      Path config = dir.resolve("config.yml");
      Files.writeString(config, config(dir, jira, snow, duo));
      try (ConnectorService service =
          ConnectorService.start(ConfigLoader.standard().load(config), Duration.ZERO, clock)) {
        // ServiceNow stamps records to the second: file after the start's second, as new tickets
        // are.
        Thread.sleep(1100);
        file(jira, snow, duo);
        long sensitive = filed.stream().filter(Filed::sensitive).count();
        Instant giveUp = clock.instant().plus(GIVE_UP);
        while ((service.store().activeCount() > 0 || service.store().all().size() < sensitive)
            && clock.instant().isBefore(giveUp)) {
          Thread.sleep(250);
        }
        took = Duration.between(start, clock.instant());
        unfinished = service.store().activeCount();
        for (Filed f : filed) {
          service
              .store()
              .latestFor(f.ref())
              .ifPresent(
                  c -> {
                    cases.put(f.ref(), c);
                    histories.put(f.ref(), service.store().history(c.id()));
                  });
        }
      }
      journals.put("duo", duo.exchanges());
      journals.put("jira", jira.exchanges());
      journals.put("servicenow", snow.exchanges());
      pushes = duo.pushes();
      for (Filed f : filed) {
        if (f.system().equals("jira")) {
          commentsByTicket.put(f.label(), jira.comments(f.key()).stream().map(c -> c[1]).toList());
          ticketState.put(f.label(), jira.status(f.key()));
        } else {
          String sysId = f.key().substring("incident:".length());
          commentsByTicket.put(
              f.label(), snow.journal(sysId).stream().map(j -> j.get("value")).toList());
          Map<String, String> r = snow.record("incident", sysId);
          ticketState.put(
              f.label(),
              "state "
                  + r.get("state")
                  + (r.getOrDefault("assignment_group", "").isEmpty() ? "" : " reassigned"));
        }
      }
    }
  }

  /** Files the tickets one every {@link #FILING_PACE}, as a busy helpdesk gets them. */
  private void file(SimulatedJira jira, SimulatedServiceNow snow, SimulatedDuo duo)
      throws InterruptedException {
    Random random = new Random(7);
    Answer[] answers = Answer.values();
    for (int i = 0; i < TICKETS_PER_SYSTEM * 2; i++) {
      String system = i % 2 == 0 ? "jira" : "servicenow";
      String person = "p" + i;
      String email = person + "@example.com";
      boolean harmless = i % 10 == 9;
      Answer answer = harmless ? null : answers[random.nextInt(answers.length)];
      String[] text =
          harmless
              ? new String[] {"Printer", "The printer on floor 3 jams."}
              : SENSITIVE[random.nextInt(SENSITIVE.length)];
      if (answer != null) {
        duo.user(email, answer, random.nextInt(1500));
      }
      Thread.sleep(FILING_PACE.toMillis());
      if (system.equals("jira")) {
        String key = jira.file("acc-" + person, "P" + i, email, text[0], text[1]);
        filed.add(new Filed(system, key, key, email, answer));
      } else {
        String sysId = snow.incident(snow.user("P" + i, email), text[0], text[1]);
        filed.add(
            new Filed(
                system,
                "incident:" + sysId,
                snow.record("incident", sysId).get("number"),
                email,
                answer));
      }
    }
  }

  /**
   * Scans read each system in one page (page-size 200): paging by offset while the workflow's own
   * comments reorder the results loses tickets (a known scan bug, reported apart), which is not
   * what this suite is about.
   */
  private static String config(
      Path dir, SimulatedJira jira, SimulatedServiceNow snow, SimulatedDuo duo) {
    return """
        node-id: faults
        data-dir: %s
        http:
          bind: 127.0.0.1
          port: 0
        scheduler:
          advance-interval: 200ms
          workers: 16
        workflow:
          poll-interval: %ds
          ticket-recheck: 5s
          retry-base: 500ms
          retry-max: 4s
        ticket-systems:
          servicenow:
            type: servicenow
            provider: duo
            scan-interval: 500ms
            instance-url: %s
            auth: basic
            username: helpdesk.verify
            password: faults-password
            escalation-group: Service Desk L2
            tables: [incident]
            rate-limit: 1000/s
            read-timeout: 800ms
            page-size: 200
          jira:
            type: jira-cloud
            provider: duo
            scan-interval: 500ms
            base-url: %s
            email: helpdesk-verify@example.com
            api-token: faults-token
            rate-limit: 1000/s
            jql-scope: project = HD AND status = "Waiting for support"
            execute-transition: Execute
            execute-status: In Progress
            reject-transition: Reject
            escalate-transition: Escalate
            read-timeout: 800ms
            page-size: 200
        providers:
          duo:
            type: duo
            base-url: %s
            integration-key: DIFAULTS000000000000
            secret-key: faults-secret-key
            rate-limit: 1000/s
            push-timeout: %ds
            read-timeout: 800ms
            circuit-failures: %d
        """
        .formatted(
            dir.resolve("data").toAbsolutePath(),
            POLL_INTERVAL.toSeconds(),
            snow.baseUrl(),
            jira.baseUrl(),
            duo.baseUrl(),
            PUSH_TIMEOUT.toSeconds(),
            DUO_CIRCUIT_FAILURES);
  }

  // --- what the journals say ---------------------------------------------------------------------

  /** Tickets whose push request to Duo failed in a way that leaves its sending unknown. */
  private Map<String, Exchange> lostPushAnswers() {
    Map<String, Exchange> lost = new TreeMap<>();
    for (Exchange e : journals.get("duo")) {
      if (e.path().equals("/auth/v2/auth") && e.fault() != null && AMBIGUOUS.contains(e.fault())) {
        lost.put(ticketOfPushInfo(SimulatedApi.parse(e.body()).getOrDefault("pushinfo", "")), e);
      }
    }
    return lost;
  }

  private static String ticketOfPushInfo(String pushinfo) {
    return SimulatedApi.parse(pushinfo).getOrDefault("ticket", "");
  }

  private Expected expected(Filed f) {
    if (!f.sensitive()) {
      return Expected.NONE;
    }
    if (lostPushAnswers().containsKey(f.label())) {
      return Expected.ESCALATED_PUSH_UNKNOWN;
    }
    return switch (f.answer()) {
      case APPROVE -> Expected.EXECUTED;
      case DENY -> Expected.REJECTED_DENIED;
      case IGNORE -> Expected.REJECTED_TIMED_OUT;
      case NO_DEVICE -> Expected.ESCALATED_NO_DEVICE;
    };
  }

  private Expected actual(Filed f) {
    VerificationCase c = cases.get(f.ref());
    if (c == null) {
      return Expected.NONE;
    }
    ReasonCode reason = c.reason().map(r -> r.code()).orElse(null);
    if (c.state() == CaseState.EXECUTE_REQUESTED) {
      return Expected.EXECUTED;
    }
    if (c.state() == CaseState.REJECTED && reason == ReasonCode.DENIED) {
      return Expected.REJECTED_DENIED;
    }
    if (c.state() == CaseState.REJECTED && reason == ReasonCode.TIMED_OUT) {
      return Expected.REJECTED_TIMED_OUT;
    }
    if (c.state() == CaseState.ESCALATED && reason == ReasonCode.NO_ENROLLED_DEVICE) {
      return Expected.ESCALATED_NO_DEVICE;
    }
    if (c.state() == CaseState.ESCALATED && reason == ReasonCode.PUSH_OUTCOME_UNKNOWN) {
      return Expected.ESCALATED_PUSH_UNKNOWN;
    }
    return null; // anything else is a wrong outcome, described by describe()
  }

  /** What the ticket system shows for each outcome. */
  private static String shown(Filed f, Expected outcome) {
    boolean jira = f.system().equals("jira");
    return switch (outcome) {
      case EXECUTED -> jira ? "In Progress" : "state 2";
      case REJECTED_DENIED, REJECTED_TIMED_OUT -> jira ? "Rejected" : "state 6";
      case ESCALATED_NO_DEVICE, ESCALATED_PUSH_UNKNOWN -> jira ? "Escalated" : "state 2 reassigned";
      case NONE -> jira ? "Waiting for support" : "state 1";
    };
  }

  private String describe(Filed f) {
    VerificationCase c = cases.get(f.ref());
    return f.label()
        + " ("
        + f.answer()
        + "): expected "
        + expected(f)
        + ", case "
        + (c == null ? "none" : c.state() + " " + c.reason().map(Object::toString).orElse(""))
        + ", ticket "
        + ticketState.get(f.label())
        + ", history "
        + histories.getOrDefault(f.ref(), List.of()).stream()
            .map(e -> e.to() + ": " + e.detail())
            .toList();
  }

  private List<Violation> retryAfterViolations() {
    List<Violation> found = new ArrayList<>();
    journals.forEach(
        (system, journal) -> {
          for (Exchange refused : journal) {
            if (refused.retryAfter() == null
                || (refused.status() != 429 && refused.status() != 503)) {
              continue; // a refusal the client never saw asks nothing of it
            }
            Instant from = refused.answered().plus(IN_FLIGHT);
            Instant until = refused.answered().plus(refused.retryAfter());
            for (Exchange e : journal) {
              if (e.received().isAfter(from) && e.received().isBefore(until)) {
                found.add(new Violation(system, refused, e));
              }
            }
          }
        });
    return found;
  }

  // --- the checks --------------------------------------------------------------------------------

  @Test
  void faultsOfEveryKindWereInjectedIntoEverySystem() {
    journals.forEach(
        (system, journal) -> {
          Map<Fault, Long> byKind =
              journal.stream()
                  .filter(e -> e.fault() != null)
                  .collect(Collectors.groupingBy(Exchange::fault, Collectors.counting()));
          assertThat(byKind.keySet()).as(system).containsExactlyInAnyOrder(Fault.values());
          double share =
              byKind.values().stream().mapToLong(Long::longValue).sum() / (double) journal.size();
          assertThat(share).as(system + " fault share").isBetween(0.15, 0.25);
        });
    assertThat(lostPushAnswers().values())
        .as("push requests to Duo whose answer was lost after Duo sent the push")
        .anyMatch(Exchange::processed);
  }

  @Test
  void everyTicketReachesTheOutcomeItsRequestersAnswerCallsFor() {
    List<String> wrong =
        filed.stream().filter(f -> actual(f) != expected(f)).map(this::describe).toList();
    assertThat(wrong).isEmpty();
  }

  @Test
  void everyTicketSystemShowsTheOutcome() {
    List<String> wrong =
        filed.stream()
            .filter(f -> !shown(f, expected(f)).equals(ticketState.get(f.label())))
            .map(this::describe)
            .toList();
    assertThat(wrong).isEmpty();
  }

  @Test
  void escalatesForAnUnknownPushExactlyWhereAPushRequestsAnswerWasLost() {
    Set<String> escalated =
        filed.stream()
            .filter(f -> actual(f) == Expected.ESCALATED_PUSH_UNKNOWN)
            .map(Filed::label)
            .collect(Collectors.toCollection(TreeSet::new));
    assertThat(escalated).isEqualTo(lostPushAnswers().keySet());
  }

  @Test
  void executesNoTicketWithoutAnApprovedPushOfItsOwn() {
    Map<String, SimulatedDuo.Push> byTxid =
        pushes.stream().collect(Collectors.toMap(SimulatedDuo.Push::txid, Function.identity()));
    List<String> unearned = new ArrayList<>();
    for (Filed f : filed) {
      boolean executed =
          f.system().equals("jira")
              ? ticketState.get(f.label()).equals("In Progress")
              : ticketState.get(f.label()).equals("state 2");
      if (!executed) {
        continue;
      }
      Optional<SimulatedDuo.Push> push =
          Optional.ofNullable(cases.get(f.ref()))
              .flatMap(VerificationCase::challenge)
              .map(ch -> byTxid.get(ch.push().id()));
      boolean own =
          push.isPresent()
              && push.get().username().equals(f.email())
              && ticketOfPushInfo(push.get().pushinfo()).equals(f.label())
              && f.answer() == Answer.APPROVE;
      if (!own) {
        unearned.add(describe(f) + ", push " + push.map(Object::toString).orElse("none"));
      }
    }
    assertThat(unearned).isEmpty();
  }

  @Test
  void postsNoCommentTwice() {
    List<String> twice = new ArrayList<>();
    commentsByTicket.forEach(
        (ticket, comments) -> {
          Map<String, Integer> count = new TreeMap<>();
          for (String text : comments) {
            Matcher m = MARKER.matcher(text);
            while (m.find()) {
              count.merge(m.group(), 1, Integer::sum);
            }
          }
          count.forEach(
              (marker, n) -> {
                if (n > 1) {
                  twice.add(ticket + ": " + marker + " " + n + " times");
                }
              });
        });
    assertThat(twice).isEmpty();
    assertThat(commentsByTicket.values().stream().mapToLong(List::size).sum())
        .as("comments posted at all")
        .isPositive();
  }

  @Test
  void postsNothingOnHarmlessTickets() {
    assertThat(filed.stream().filter(f -> !f.sensitive()))
        .isNotEmpty()
        .allSatisfy(f -> assertThat(commentsByTicket.get(f.label())).as(f.label()).isEmpty());
  }

  @Test
  void pushesEveryTicketAtMostOnce() {
    Map<String, Long> perTicket =
        pushes.stream()
            .collect(
                Collectors.groupingBy(
                    p -> ticketOfPushInfo(p.pushinfo()), TreeMap::new, Collectors.counting()));
    assertThat(perTicket).isNotEmpty().allSatisfy((ticket, n) -> assertThat(n).as(ticket).isOne());
  }

  @Test
  void leavesNothingUnfinished() {
    assertThat(unfinished).as("cases still active after %s", GIVE_UP).isZero();
    assertThat(cases.values()).allSatisfy(c -> assertThat(c.state().terminal()).isTrue());
    assertThat(filed.stream().filter(f -> f.sensitive() && !cases.containsKey(f.ref())))
        .as("sensitive tickets without a case")
        .map(Filed::label)
        .isEmpty();
  }

  @Test
  void neverCallsASystemAgainBeforeItsRetryAfterHasPassed() {
    assertThat(retryAfterViolations()).map(Violation::toString).isEmpty();
  }

  @AfterAll
  void report() {
    StringBuilder out = new StringBuilder("\nFaults: ");
    out.append(filed.stream().filter(Filed::sensitive).count())
        .append(" sensitive and ")
        .append(filed.stream().filter(f -> !f.sensitive()).count())
        .append(" harmless tickets in ")
        .append(took.toMillis() / 1000.0)
        .append(" s, ")
        .append(unfinished)
        .append(" unfinished\n");
    journals.forEach(
        (system, journal) -> {
          Map<Fault, Long> byKind = new EnumMap<>(Fault.class);
          journal.stream()
              .filter(e -> e.fault() != null)
              .forEach(e -> byKind.merge(e.fault(), 1L, Long::sum));
          long lostAfterWork =
              journal.stream().filter(e -> e.fault() != null && e.processed()).count();
          out.append(
              String.format(
                  Locale.ROOT,
                  "  %-10s %5d requests, %4d faults %s, %d of them after the work%n",
                  system,
                  journal.size(),
                  byKind.values().stream().mapToLong(Long::longValue).sum(),
                  byKind,
                  lostAfterWork));
        });
    Map<String, Exchange> lost = lostPushAnswers();
    out.append(
        String.format(
            Locale.ROOT,
            "  push requests with an ambiguous failure: %d (%d sent by Duo, answer lost)%n",
            lost.size(),
            lost.values().stream().filter(Exchange::processed).count()));
    Map<Object, Long> outcomes =
        filed.stream()
            .collect(
                Collectors.groupingBy(
                    f -> Optional.ofNullable(actual(f)).map(Object::toString).orElse("WRONG"),
                    TreeMap::new,
                    Collectors.counting()));
    out.append("  outcomes: ").append(outcomes).append('\n');
    List<Violation> violations = retryAfterViolations();
    out.append("  Retry-After violations: ").append(violations.size()).append('\n');
    violations.stream().limit(5).forEach(v -> out.append("    ").append(v).append('\n'));
    // What the run's length is made of: the case that ended last, step by step.
    histories.entrySet().stream()
        .filter(e -> !e.getValue().isEmpty())
        .max(Comparator.comparing(e -> e.getValue().get(e.getValue().size() - 1).at()))
        .ifPresent(
            e -> {
              out.append("  ended last: ").append(e.getKey().key()).append('\n');
              for (HistoryEntry h : e.getValue()) {
                out.append(
                    String.format(
                        Locale.ROOT,
                        "    +%5.1f s %s: %s%n",
                        Duration.between(start, h.at()).toMillis() / 1000.0,
                        h.to(),
                        h.detail()));
              }
            });
    System.out.println(out);
  }
}
