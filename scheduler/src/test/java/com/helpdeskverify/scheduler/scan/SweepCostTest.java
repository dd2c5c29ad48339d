package com.helpdeskverify.scheduler.scan;

import static org.assertj.core.api.Assertions.assertThat;

import com.helpdeskverify.core.Watermark;
import com.helpdeskverify.core.spi.TicketSystem;
import com.helpdeskverify.core.store.CaseStore;
import com.helpdeskverify.core.workflow.IntakeDecision;
import com.helpdeskverify.core.workflow.ScopeSweep;
import com.helpdeskverify.core.workflow.TicketScanner;
import com.helpdeskverify.simulators.SimulatedJira;
import com.helpdeskverify.testkit.MutableClock;
import com.helpdeskverify.testkit.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The reconciliation sweep over a scope of 5,000 open tickets, all updated within the band it
 * checks (its worst case): how many calls and how long, and that it finds none missed after the
 * scan delivered them all.
 */
class SweepCostTest {
  private static final int OPEN = 5_000;

  @Test
  void sweepOfFiveThousandOpenJiraTicketsCostsOneKeyOnlySearchPerHundredAndFindsNoneMissed()
      throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-03-02T09:00:00Z"));
    try (TestDatabase db = TestDatabase.h2();
        JiraScope scope =
            JiraScope.cloud(clock, new SplittableRandom(1), SimulatedJira.PageTokens.CURSOR)) {
      CaseStore store = CaseStore.migrate(db.dataSource());
      for (int i = 0; i < OPEN; i++) {
        clock.advance(Duration.ofMillis(400));
        scope.arrive();
      }
      TicketSystem jira = scope.connect("jira");
      new TicketScanner(store, t -> new IntakeDecision.Unchanged("test"), clock)
          .scan(jira, Watermark.at(Instant.parse("2026-03-02T08:59:00Z")), 100);
      clock.advance(Duration.ofMinutes(6));
      store.saveWatermark("jira", Watermark.at(clock.instant()), clock.instant());

      int before = scope.searches();
      long started = System.nanoTime();
      ScopeSweep.SweepReport report =
          new ScopeSweep(store, t -> new IntakeDecision.Unchanged("test")).sweep(jira);
      long millis = (System.nanoTime() - started) / 1_000_000;
      int calls = scope.searches() - before;

      System.out.printf(
          "sweep of %d open Jira tickets: %d checked, %d missed, %d searches, %d ms%n",
          OPEN, report.checked(), report.missed().size(), calls, millis);
      assertThat(report.missed()).isEmpty();
      assertThat(report.checked()).isEqualTo(OPEN);
      assertThat(calls).isLessThanOrEqualTo(OPEN / 100);
    }
  }

  @Test
  void sweepOfFiveThousandOpenIncidentsCostsAboutFivePagesAndFindsNoneMissed() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-03-02T09:00:00Z"));
    try (TestDatabase db = TestDatabase.h2();
        ServiceNowScope scope = new ServiceNowScope(clock, new SplittableRandom(2))) {
      CaseStore store = CaseStore.migrate(db.dataSource());
      for (int i = 0; i < OPEN; i++) {
        clock.advance(Duration.ofMillis(400));
        scope.arrive();
      }
      TicketSystem snow = scope.connect("snow");
      new TicketScanner(store, t -> new IntakeDecision.Unchanged("test"), clock)
          .scan(snow, Watermark.at(Instant.parse("2026-03-02T08:59:00Z")), 100);
      clock.advance(Duration.ofMinutes(6));
      store.saveWatermark("snow", Watermark.at(clock.instant()), clock.instant());

      int before = scope.lists();
      long started = System.nanoTime();
      ScopeSweep.SweepReport report =
          new ScopeSweep(store, t -> new IntakeDecision.Unchanged("test")).sweep(snow);
      long millis = (System.nanoTime() - started) / 1_000_000;
      int calls = scope.lists() - before;

      System.out.printf(
          "sweep of %d open ServiceNow incidents: %d checked, %d missed, %d table reads, %d ms%n",
          OPEN, report.checked(), report.missed().size(), calls, millis);
      assertThat(report.missed()).isEmpty();
      assertThat(report.checked()).isEqualTo(OPEN);
      assertThat(calls).isLessThanOrEqualTo(OPEN / 1000 + 1);
    }
  }
}
