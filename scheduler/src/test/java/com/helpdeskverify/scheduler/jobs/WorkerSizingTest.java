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

  @Test
  void aBudgetKeepsHeadroomTimesRateTimesWorkerTimePerRequestBusy() {
    assertThat(WorkerSizing.HEADROOM).isEqualTo(3);
    assertThat(WorkerSizing.size(2, 32, 200, 0.05)).isEqualTo(30); // 3 x 200/s x 0.05 s
    assertThat(WorkerSizing.size(2, 32, 20, 0.05)).isEqualTo(3);
    assertThat(WorkerSizing.size(2, 32, 20, 0.01)).as("never fewer than the least").isEqualTo(2);
    assertThat(WorkerSizing.size(2, 32, 2000, 0.05)).as("never more than the most").isEqualTo(32);
    assertThat(WorkerSizing.size(2, 32, -50, 0.05)).as("others spent it all").isEqualTo(2);
    assertThat(WorkerSizing.size(2, 32, 200, 0)).as("nothing measured yet").isEqualTo(2);
  }

  @Test
  void withCasesLeftDueTheWorkersFollowTheMeasuredCostOfARequest() {
    WorkerSizing s = sizing(2, 32);
    // Each batch: 1 s of a worker, 400 ms of it waiting for turns, 20 requests: 30 ms a request.
    for (int i = 0; i < 6; i++) {
      batch(s, SECOND, 400 * MS, 20, true);
      now.addAndGet(SECOND);
    }
    // 3 x 200/s x 0.03 s = 18
    assertThat(s.workers()).isEqualTo(18);
  }

  @Test
  void whatOtherThreadsSpendIsNotTheWorkers() {
    WorkerSizing s = sizing(2, 32);
    for (int i = 0; i < 10; i++) {
      batch(s, SECOND, 400 * MS, 20, true);
      all.addAndGet(100); // status polls and scans: 100 requests a second of the 200
      now.addAndGet(SECOND);
    }
    // 3 x (200 - 100)/s x 0.03 s = 9
    assertThat(s.workers()).isEqualTo(9);
  }

  @Test
  void aLowerPermittedRateAfter429sMeansFewerWorkers() {
    WorkerSizing s = sizing(2, 32);
    for (int i = 0; i < 6; i++) {
      batch(s, SECOND, 400 * MS, 20, true);
      now.addAndGet(SECOND);
    }
    permitted = 100;
    batch(s, SECOND, 400 * MS, 20, true);
    now.addAndGet(SECOND);
    assertThat(s.workers()).isEqualTo(9);
  }

  @Test
  void withoutABacklogTheLeastWork() {
    WorkerSizing s = sizing(2, 32);
    // A case now and then: each run finds one, works it, and finds none after it.
    for (int i = 0; i < 10; i++) {
      batch(s, SECOND, 400 * MS, 20, false);
      now.addAndGet(SECOND);
    }
    assertThat(s.workers()).isEqualTo(2);
  }

  @Test
  void theExtraWorkersStopAFewSecondsAfterTheLastBacklog() {
    WorkerSizing s = sizing(2, 32);
    for (int i = 0; i < 6; i++) {
      batch(s, SECOND, 400 * MS, 20, true);
      now.addAndGet(SECOND);
    }
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
      batch(s, SECOND, 400 * MS, 20, true);
      s.ran(5 * SECOND, new Pacing.Tally(0, 0), true); // a step of a system without a limit
      now.addAndGet(SECOND);
    }
    assertThat(s.workers()).isEqualTo(18);
  }

  @Test
  void aFixedNumberWhenLeastIsMost() {
    WorkerSizing s = sizing(8, 8);
    for (int i = 0; i < 6; i++) {
      batch(s, SECOND, 0, 1, true);
      now.addAndGet(SECOND);
    }
    assertThat(s.workers()).isEqualTo(8);
    assertThatThrownBy(() -> sizing(8, 4)).isInstanceOf(IllegalArgumentException.class);
  }
}
