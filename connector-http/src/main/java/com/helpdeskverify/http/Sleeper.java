package com.helpdeskverify.http;

import java.time.Duration;

/** Waits between attempts; tests replace it to record the waits instead of sleeping. */
@FunctionalInterface
interface Sleeper {
  void sleep(Duration d) throws InterruptedException;

  /** Sleeps, counting the time as the thread's waiting ({@link Pacing}). */
  Sleeper REAL = Pacing::sleep;
}
