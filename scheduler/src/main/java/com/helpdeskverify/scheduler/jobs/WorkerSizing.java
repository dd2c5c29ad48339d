package com.helpdeskverify.scheduler.jobs;

import com.helpdeskverify.http.HttpCallMetrics;
import com.helpdeskverify.http.Pacing;
import java.util.Locale;
import java.util.Objects;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many of a node's workers work due cases now: {@code scheduler.workers} at least; while cases
 * are left due, as many as the rate-limit budgets keep busy, up to {@code scheduler.max-workers}.
 *
 * <p>By Little's law a budget of R requests a second, each of which costs a worker τ of its time
 * (the call, the store writes and whatever else its step does, but not the waits for a turn), keeps
 * R·τ workers busy. Fewer leave budget unused: a worker waiting for Jira's turn cannot spend Duo's
 * meanwhile. Many more only queue at the limiters, where a turn further away than {@code maxHold}
 * parks the case and its step is repeated later (BENCHMARKS.md: 64 workers were slower than 32). So
 * τ is measured from the workers' runs (their time less their waits, over the budgeted requests
 * they sent; {@link Pacing}), R is what the rate limiters permit now less what other threads
 * (scans, status polls, webhooks) spent of it, and {@link #HEADROOM}·R·τ workers run: more than
 * just keeps the budgets busy, so that a queue rather than a gap forms at each limiter. Figures are
 * kept over about the last few seconds ({@link #KEEP} a second). Thread-safe.
 */
final class WorkerSizing {
  private static final Logger LOG = LoggerFactory.getLogger(WorkerSizing.class);

  /**
   * Workers beyond R·τ. R·τ would keep the budgets just busy if every worker's calls were spread
   * over the systems as their budgets are; a burst's are not: a case calls one system and then
   * another, and the system that binds keeps a queue at its limiter that holds workers while the
   * others' budgets wait for them, and on Data Center more scope questions asked together save Jira
   * calls. Measured (BENCHMARKS.md, "Workers sized by the budgets"): 1.5 left a tenth of a Cloud
   * burst's pace unused; 3 kept up on Cloud but was 5 % slower on Data Center (smaller groups of
   * scope questions); 6 was as fast as 32 fixed workers in both.
   */
  static final double HEADROOM = 6;

  /** How often the figures are brought up to date. */
  static final long PERIOD_NANOS = 1_000_000_000L;

  /** The share of the figures carried into the next period: a half-life of one period. */
  static final double KEEP = 0.5;

  /**
   * How long a run that stopped with cases still due keeps the extra workers on. A burst comes in
   * waves (pushes, then their approvals); a short lull between them keeps the workers it will need.
   */
  static final long BACKLOG_NANOS = 5_000_000_000L;

  private final int least;
  private final int most;
  private final DoubleSupplier permitted;
  private final LongSupplier requests;
  private final LongSupplier requestsOfWorkers;
  private final LongSupplier nanoTime;

  private long periodStart;
  private long requestsAtStart;
  private long workersAtStart;
  private long backlogUntil;
  private double workedNanos;
  private double workedRequests;
  private double othersRequests;
  private double periodsNanos;
  private long pendingWorkedNanos;
  private long pendingWorkedRequests;
  private int workers;
  private int logged;
  private volatile Runnable listener = () -> {};

  /**
   * @param permitted requests a second all rate limiters permit now, together
   * @param requests budgeted requests so far, every thread's ({@link Pacing#requests})
   * @param requestsOfWorkers of those, the workers' ({@link Pacing#requestsOfWorkers})
   */
  WorkerSizing(
      int least,
      int most,
      DoubleSupplier permitted,
      LongSupplier requests,
      LongSupplier requestsOfWorkers,
      LongSupplier nanoTime) {
    if (least < 1 || most < least) {
      throw new IllegalArgumentException("workers " + least + " to " + most);
    }
    this.least = least;
    this.most = most;
    this.permitted = permitted;
    this.requests = requests;
    this.requestsOfWorkers = requestsOfWorkers;
    this.nanoTime = nanoTime;
    this.periodStart = nanoTime.getAsLong();
    this.backlogUntil = periodStart - 1;
    this.requestsAtStart = requests.getAsLong();
    this.workersAtStart = requestsOfWorkers.getAsLong();
    this.workers = least;
    this.logged = least;
  }

  /** Sized by the rate limiters of this JVM. */
  static WorkerSizing ofLimiters(int least, int most) {
    return new WorkerSizing(
        least,
        most,
        () ->
            HttpCallMetrics.global().permittedRates().values().stream()
                .mapToDouble(Double::doubleValue)
                .sum(),
        Pacing::requests,
        Pacing::requestsOfWorkers,
        System::nanoTime);
  }

  /**
   * A worker's run ended.
   *
   * @param busyNanos how long it ran
   * @param tally what its thread sent and waited during the run
   * @param moreDue whether it found cases still due right after others (a full batch after a full
   *     batch)
   */
  void ran(long busyNanos, Pacing.Tally tally, boolean moreDue) {
    updated(
        now -> {
          if (moreDue) {
            backlogUntil = now + BACKLOG_NANOS;
          }
          if (tally.requests() > 0) {
            pendingWorkedNanos += Math.max(0, busyNanos - tally.waitedNanos());
            pendingWorkedRequests += tally.requests();
          }
        });
  }

  /** How many workers work due cases now. */
  int workers() {
    return updated(now -> {});
  }

  /** The number as last worked out, without bringing the figures up to date. */
  synchronized int current() {
    return workers;
  }

  /**
   * Runs {@code listener} after every change of the number, outside this object's lock: it reads
   * {@link #current()} then, so that a listener that ran late for an earlier change still ends on
   * the latest number.
   */
  void onChange(Runnable listener) {
    this.listener = Objects.requireNonNull(listener);
  }

  /**
   * Records with {@code record} what came in at now, brings the number up to date, and tells the
   * listener, after the lock, when it changed.
   */
  private int updated(java.util.function.LongConsumer record) {
    int before;
    int after;
    synchronized (this) {
      before = workers;
      long now = nanoTime.getAsLong();
      record.accept(now);
      update(now);
      after = workers;
    }
    if (before != after) {
      listener.run();
    }
    return after;
  }

  private void update(long now) {
    boolean backlog = now - backlogUntil <= 0;
    if (!backlog) {
      set(least, () -> "no backlog");
    }
    long elapsed = now - periodStart;
    if (elapsed < PERIOD_NANOS) {
      return;
    }
    long all = requests.getAsLong();
    long ofWorkers = requestsOfWorkers.getAsLong();
    long others = Math.max(0, (all - requestsAtStart) - (ofWorkers - workersAtStart));
    workedNanos = workedNanos * KEEP + pendingWorkedNanos;
    workedRequests = workedRequests * KEEP + pendingWorkedRequests;
    othersRequests = othersRequests * KEEP + others;
    periodsNanos = periodsNanos * KEEP + elapsed;
    pendingWorkedNanos = 0;
    pendingWorkedRequests = 0;
    periodStart = now;
    requestsAtStart = all;
    workersAtStart = ofWorkers;
    if (!backlog) {
      return;
    }
    double budget = permitted.getAsDouble() - othersRequests * 1e9 / periodsNanos;
    double perRequest = workedRequests < 1 ? 0 : workedNanos / 1e9 / workedRequests;
    set(
        size(least, most, budget, perRequest),
        () ->
            String.format(
                Locale.ROOT,
                "cases left due; %.1f requests/s of the rate limits left to workers, %.0f ms of a"
                    + " worker's time a request",
                budget,
                perRequest * 1000));
  }

  /**
   * Says so in the log when the number changes by a quarter or more, or goes back to the least; a
   * change of one or two in a burst is the measurement's noise, not news.
   */
  private void set(int now, Supplier<String> why) {
    if (now != workers && (now == least || Math.abs(now - logged) * 4 >= Math.max(logged, 1))) {
      LOG.info("workers working due cases: {} (was {}): {}", now, workers, why.get());
      logged = now;
    }
    workers = now;
  }

  /**
   * {@link #HEADROOM}·R·τ within the bounds.
   *
   * @param budget requests a second the workers may spend (R)
   * @param secondsPerRequest a worker's time per budgeted request besides waiting (τ); 0 when not
   *     known yet
   */
  static int size(int least, int most, double budget, double secondsPerRequest) {
    double wanted = Math.ceil(HEADROOM * Math.max(0, budget) * secondsPerRequest);
    return (int) Math.max(least, Math.min(most, wanted));
  }
}
