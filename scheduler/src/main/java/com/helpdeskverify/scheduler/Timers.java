package com.helpdeskverify.scheduler;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** The service's own background rounds: one daemon thread each, named for thread dumps. */
final class Timers {
  private Timers() {}

  static ScheduledExecutorService daemon(String name) {
    return Executors.newSingleThreadScheduledExecutor(
        r -> {
          Thread t = new Thread(r, name);
          t.setDaemon(true);
          return t;
        });
  }

  /**
   * Stops the rounds and waits up to five seconds for one that is running to end. A running round
   * is not interrupted: a thread interrupted while it reads or writes a file channel has the
   * channel closed under it ({@code java.nio.channels.InterruptibleChannel}), and the embedded
   * store's file is such a channel: H2 then closes the database. CI saw exactly that once, "The
   * database has been closed" right after {@code StoreSync.close} had interrupted a sync.
   */
  static void stop(ScheduledExecutorService timer) {
    timer.shutdown(); // cancels the periodic rounds; one already running goes on to its end
    try {
      timer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
