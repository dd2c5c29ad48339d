package com.helpdeskverify.scheduler.endtoend;

import com.helpdeskverify.core.HistoryEntry;
import com.helpdeskverify.core.VerificationCase;
import com.helpdeskverify.scheduler.ConnectorService;
import com.helpdeskverify.scheduler.config.ConfigLoader;
import com.helpdeskverify.scheduler.config.ServiceConfig;
import com.helpdeskverify.simulators.SimulatedApi.Conditions;
import com.helpdeskverify.simulators.SimulatedDuo;
import com.helpdeskverify.simulators.SimulatedDuo.Answer;
import com.helpdeskverify.simulators.SimulatedJira;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A measurement, not a test (no assertion on time; BENCHMARKS.md has the figures): five Duo pushes
 * left unanswered while Duo holds {@code auth_status} as it documents, then new approvable tickets
 * one after another: how long from filing to the push and to the ticket's execution, with two
 * workers, and whether the held pushes cost provider failures or open the circuit. Run by hand:
 *
 * <pre>
 * ./mvnw -B -q -pl scheduler -am test -Dtest=HeldPushesBench -Dhv.bench=true \
 *     -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
@EnabledIfSystemProperty(named = "hv.bench", matches = "true")
class HeldPushesBench {
  private static final int HELD = 5;
  private static final int ROUNDS = 5;

  @Test
  void newTicketsWhileFivePushesAreHeld() throws Exception {
    Clock clock = Clock.systemUTC();
    Path dir = Files.createTempDirectory("hv-held-pushes-");
    try (SimulatedJira jira = new SimulatedJira(clock);
        SimulatedDuo duo = new SimulatedDuo(clock)) {
      jira.conditions(Conditions.NORMAL.withLatency(Duration.ofMillis(20)));
      duo.conditions(Conditions.NORMAL.withLatency(Duration.ofMillis(20)));
      String yaml =
          """
          node-id: bench
          data-dir: %s
          http:
            bind: 127.0.0.1
            port: 0
          scheduler:
            workers: 2
          workflow:
            max-pushes-per-hour: 20
          ticket-systems:
            jira:
              type: jira-cloud
              provider: duo
              scan-interval: 2s
              base-url: %s
              email: hv@example.com
              api-token: bench-token
              jql-scope: project = HD AND status = "Waiting for support"
              execute-transition: Execute
              reject-transition: Reject
              escalate-transition: Escalate
          providers:
            duo:
              type: duo
              base-url: %s
              integration-key: DIBENCH0000000000000
              secret-key: bench-secret-key
              push-timeout: 60s
          """
              .formatted(dir.resolve("data"), jira.baseUrl(), duo.baseUrl());
      ServiceConfig config = ConfigLoader.standard().parse(yaml, "held-pushes-bench");
      try (ConnectorService service = ConnectorService.start(config, Duration.ZERO, clock)) {
        Thread.sleep(2500);
        for (int i = 1; i <= HELD; i++) {
          duo.user("held" + i + "@example.com", Answer.IGNORE, 0);
          jira.file(
              "acc-held" + i,
              "Held " + i,
              "held" + i + "@example.com",
              "Password reset",
              "Forgot my password, please reset it.");
        }
        await(() -> duo.pushCount() == HELD, Duration.ofSeconds(60));
        Thread.sleep(5000); // every held push is in a held auth_status call by now

        List<long[]> rounds = new ArrayList<>();
        for (int r = 1; r <= ROUNDS; r++) {
          String email = "new" + r + "@example.com";
          duo.user(email, Answer.APPROVE, 1000);
          Instant filed = Instant.now();
          String key =
              jira.file(
                  "acc-new" + r,
                  "New " + r,
                  email,
                  "Password reset",
                  "Forgot my password, please reset it.");
          int pushesBefore = HELD + r - 1;
          await(() -> duo.pushCount() > pushesBefore, Duration.ofSeconds(120));
          Instant pushed = duo.pushes().get(duo.pushCount() - 1).sentAt();
          await(() -> jira.status(key).equals("In Progress"), Duration.ofSeconds(120));
          Instant executed = Instant.now();
          rounds.add(
              new long[] {
                Duration.between(filed, pushed).toMillis(),
                Duration.between(filed, executed).toMillis()
              });
        }

        int failures = 0;
        int circuitOpen = 0;
        for (VerificationCase c : service.store().all()) {
          for (HistoryEntry e : service.store().history(c.id())) {
            failures += e.detail().contains("provider failed") ? 1 : 0;
            circuitOpen += e.detail().contains("circuit open") ? 1 : 0;
          }
        }
        System.out.printf(
            Locale.ROOT,
            "%n=== held pushes: %d unanswered, 2 workers, Duo long poll; %d new tickets ===%n",
            HELD,
            ROUNDS);
        System.out.printf(
            Locale.ROOT,
            "machine: %d CPUs (%s), load average at start of report %.2f%n",
            Runtime.getRuntime().availableProcessors(),
            System.getProperty("os.name") + " " + System.getProperty("os.arch"),
            ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        for (int r = 0; r < rounds.size(); r++) {
          System.out.printf(
              Locale.ROOT,
              "round %d: filed->push %5d ms, filed->executed %5d ms%n",
              r + 1,
              rounds.get(r)[0],
              rounds.get(r)[1]);
        }
        System.out.printf(
            Locale.ROOT,
            "history notes 'provider failed': %d, 'circuit open': %d; most auth_status calls"
                + " open at once for one push: %d%n",
            failures,
            circuitOpen,
            duo.mostOpenStatusCallsPerPush());
      }
    }
  }

  private static void await(Supplier<Boolean> condition, Duration limit)
      throws InterruptedException {
    Instant giveUp = Instant.now().plus(limit);
    while (!condition.get()) {
      if (Instant.now().isAfter(giveUp)) {
        throw new AssertionError("gave up after " + limit);
      }
      Thread.sleep(10);
    }
  }
}
