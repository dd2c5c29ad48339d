package com.helpdeskverify.testkit;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/**
 * Waits in tests that hold threads at known points: until a thread is parked (waiting on a lock, a
 * condition or a latch), or until something has happened, failing after ten seconds.
 */
public final class Parked {
  private static final Duration PATIENCE = Duration.ofSeconds(10);

  private Parked() {}

  /** Until {@code t} waits, with or without a timeout. */
  public static void until(Thread t) {
    until(
        () -> t.getState() == Thread.State.WAITING || t.getState() == Thread.State.TIMED_WAITING,
        t.getName() + " waits");
  }

  /** Until {@code happened} holds. */
  public static void until(BooleanSupplier happened, String what) {
    Instant deadline = Instant.now().plus(PATIENCE);
    while (!happened.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("not within " + PATIENCE + ": " + what);
      }
      Thread.onSpinWait();
    }
  }

  /** Joins each thread, failing when one has not finished within ten seconds. */
  public static void joined(Thread... threads) throws InterruptedException {
    for (Thread t : threads) {
      t.join(PATIENCE.toMillis());
      if (t.isAlive()) {
        throw new AssertionError(t.getName() + " has not finished within " + PATIENCE);
      }
    }
  }
}
