package com.helpdeskverify.http;

import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the calls made so far cost in rate-limit budget and in waiting: the requests that took a
 * turn at a {@link RateLimiter}, and the time a thread slept in a wait of this module's (a turn, a
 * closed {@link RetryAfterGate}, the pause before a retry within a call). The threads that work
 * cases mark themselves ({@link #markWorker}); comparing readings, the scheduler learns how much of
 * a worker's time a budgeted request costs besides waiting, and how much of the budgets other
 * threads (scans, status polls, webhooks) spend, so that the number of workers can follow the
 * budgets instead of a fixed count.
 */
public final class Pacing {
  /**
   * A reading of one thread.
   *
   * @param requests requests this thread sent that took a turn at a rate limiter
   * @param waitedNanos time this thread slept in this module's waits
   */
  public record Tally(long requests, long waitedNanos) {
    /** What happened between {@code earlier} and this reading. */
    public Tally since(Tally earlier) {
      return new Tally(requests - earlier.requests, waitedNanos - earlier.waitedNanos);
    }
  }

  private static final class Mine {
    boolean worker;
    long requests;
    long waitedNanos;
  }

  private static final ThreadLocal<Mine> MINE = ThreadLocal.withInitial(Mine::new);
  private static final LongAdder ALL = new LongAdder();
  private static final LongAdder WORKERS = new LongAdder();

  private Pacing() {}

  /** Marks the current thread as one that works cases; its requests count as workers'. */
  public static void markWorker() {
    MINE.get().worker = true;
  }

  /** The current thread's reading. */
  public static Tally mine() {
    Mine m = MINE.get();
    return new Tally(m.requests, m.waitedNanos);
  }

  /** Requests of every thread so far that took a turn at a rate limiter. */
  public static long requests() {
    return ALL.sum();
  }

  /** Of {@link #requests}, those of threads {@link #markWorker marked} as workers. */
  public static long requestsOfWorkers() {
    return WORKERS.sum();
  }

  /** A request took its turn at a rate limiter and goes out. */
  static void sent() {
    Mine m = MINE.get();
    m.requests++;
    if (m.worker) {
      WORKERS.increment();
    }
    ALL.increment();
  }

  /** Sleeps as {@link Thread#sleep} does, and counts the time slept as the thread's waiting. */
  static void sleep(Duration d) throws InterruptedException {
    long start = System.nanoTime();
    try {
      Thread.sleep(d.toMillis());
    } finally {
      MINE.get().waitedNanos += System.nanoTime() - start;
    }
  }
}
