package com.helpdeskverify.scheduler.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.helpdeskverify.http.Pacing;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class WorkerSizingTest {
  private static final long MS = 1_000_000L;
  private static final long SECOND = 1_000 * MS;

  private final AtomicLong now = new AtomicLong(1_000 * SECOND);
  private final AtomicLong all = new AtomicLong();
  private final AtomicLong ofWorkers = new AtomicLong();
  private double permitted = 200;

  private WorkerSizing sizing(int least, int most) {
    return new WorkerSizing(least, most, () -> permitted, all::get, ofWorkers::get, now::get);
  }

  /** A worker's batch: {@code requests} budgeted requests in {@code busy}, {@code waited} of it. */
  private void batch(WorkerSizing s, long busy, long waited, int requests, boolean moreDue) {
    all.addAndGet(requests);
    ofWorkers.addAndGet(requests);
    s.ran(busy, new Pacing.Tally(requests, waited), moreDue);
  }

  /**
   * A second after another with cases left due, each with a batch of 1 s of a worker, 400 ms of it
   * waiting for turns, and 40 requests: 15 ms of a worker a request.
   */
  private void backlog(WorkerSizing s, int seconds) {
    for (int i = 0; i < seconds; i++) {
      batch(s, SECOND, 400 * MS, 40, true);
      now.addAndGet(SECOND);
    }
  }

  @Test
  void aBudgetKeepsHeadroomTimesRateTimesWorkerTimePerRequestBusy() {
    assertThat(WorkerSizing.HEADROOM).isEqualTo(6);
    assertThat(WorkerSizing.size(2, 32, 200, 0.025)).isEqualTo(30); // 6 x 200/s x 0.025 s
    assertThat(WorkerSizing.size(2, 32, 20, 0.025)).isEqualTo(3);
    assertThat(WorkerSizing.size(2, 32, 20, 0.005)).as("never fewer than the least").isEqualTo(2);
    assertThat(WorkerSizing.size(2, 32, 2000, 0.025)).as("never more than the most").isEqualTo(32);
    assertThat(WorkerSizing.size(2, 32, -50, 0.025)).as("others spent it all").isEqualTo(2);
    assertThat(WorkerSizing.size(2, 32, 200, 0)).as("nothing measured yet").isEqualTo(2);
  }

  @Test
  void withCasesLeftDueTheWorkersFollowTheMeasuredCostOfARequest() {
    WorkerSizing s = sizing(2, 32);
    backlog(s, 6);
    // 6 x 200/s x 0.015 s = 18
    assertThat(s.workers()).isEqualTo(18);
  }

  @Test
  void theListenerHearsOfEveryChangeAndOfNothingElse() {
    WorkerSizing s = sizing(2, 32);
    java.util.List<Integer> heard = new java.util.ArrayList<>();
    s.onChange(() -> heard.add(s.current()));
    batch(s, SECOND, 400 * MS, 40, false);
    assertThat(s.workers()).isEqualTo(2);
    assertThat(heard).as("no change, nothing heard").isEmpty();

    backlog(s, 6);
    assertThat(heard).isNotEmpty().last().isEqualTo(18);
    int heardSoFar = heard.size();
    assertThat(s.workers()).isEqualTo(18);
    assertThat(heard).as("asking again changes nothing").hasSize(heardSoFar);

    now.addAndGet(WorkerSizing.BACKLOG_NANOS + SECOND);
    assertThat(s.workers()).isEqualTo(2);
    assertThat(heard).last().isEqualTo(2);
  }

  @Test
  void whatOtherThreadsSpendIsNotTheWorkers() {
    WorkerSizing s = sizing(2, 32);
    for (int i = 0; i < 10; i++) {
      batch(s, SECOND, 400 * MS, 40, true);
      all.addAndGet(100); // status polls and scans: 100 requests a second of the 200
      now.addAndGet(SECOND);
    }
    // 6 x (200 - 100)/s x 0.015 s = 9
    assertThat(s.workers()).isEqualTo(9);
  }

  @Test
  void aLowerPermittedRateAfter429sMeansFewerWorkers() {
    WorkerSizing s = sizing(2, 32);
    backlog(s, 6);
    permitted = 100;
    batch(s, SECOND, 400 * MS, 40, true);
    now.addAndGet(SECOND);
    assertThat(s.workers()).isEqualTo(9);
  }

  @Test
  void withoutABacklogTheLeastWork() {
    WorkerSizing s = sizing(2, 32);
    // A case now and then: each run finds one, works it, and finds none after it.
    for (int i = 0; i < 10; i++) {
      batch(s, SECOND, 400 * MS, 40, false);
      now.addAndGet(SECOND);
    }
    assertThat(s.workers()).isEqualTo(2);
  }

  @Test
  void theExtraWorkersStopAFewSecondsAfterTheLastBacklog() {
    WorkerSizing s = sizing(2, 32);
    backlog(s, 6);
    assertThat(s.workers()).isEqualTo(18);
    now.addAndGet(WorkerSizing.BACKLOG_NANOS - 2 * SECOND);
    assertThat(s.workers()).as("a lull between waves").isEqualTo(18);
    now.addAndGet(2 * SECOND);
    assertThat(s.workers()).isEqualTo(2);
  }

  @Test
  void runsThatSpentNoBudgetSayNothingOfItsCost() {
    WorkerSizing s = sizing(2, 32);
    for (int i = 0; i < 6; i++) {
      batch(s, SECOND, 400 * MS, 40, true);
      s.ran(5 * SECOND, new Pacing.Tally(0, 0), true); // a step of a system without a limit
      now.addAndGet(SECOND);
    }
    assertThat(s.workers()).isEqualTo(18);
  }

  @Test
  void aFixedNumberWhenLeastIsMost() {
    WorkerSizing s = sizing(8, 8);
    backlog(s, 6);
    assertThat(s.workers()).isEqualTo(8);
    assertThatThrownBy(() -> sizing(8, 4)).isInstanceOf(IllegalArgumentException.class);
  }
}
