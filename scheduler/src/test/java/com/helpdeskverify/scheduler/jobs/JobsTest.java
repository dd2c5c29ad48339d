package com.helpdeskverify.scheduler.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.helpdeskverify.scheduler.SimulatedFactories;
import com.helpdeskverify.scheduler.config.ConfigLoader;
import com.helpdeskverify.scheduler.config.ServiceConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobsTest {
  @TempDir Path dir;

  /** Counts the workers' runs; while {@code hold} is set, a run waits until released. */
  private static final class Target implements JobTarget {
    final AtomicInteger runs = new AtomicInteger();
    final CountDownLatch busy = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final CountDownLatch secondRun = new CountDownLatch(1);
    volatile boolean hold;

    @Override
    public void scan(String ticketSystemId) {}

    @Override
    public int advanceDueCases(int limit) {
      runs.incrementAndGet();
      if (!hold) {
        return 0;
      }
      if (busy.getCount() > 0) {
        busy.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      } else {
        secondRun.countDown();
      }
      return 0;
    }
  }

  private ServiceConfig config(String scheduler) {
    return new ConfigLoader(
            Map.of(),
            List.of(new SimulatedFactories.Tickets()),
            List.of(new SimulatedFactories.Push()))
        .parse(
            """
            data-dir: %s
            scheduler:
              advance-interval: 1h
            %s
            ticket-systems:
              desk-jobs:
                type: simulated
                provider: push-jobs
                scan-interval: 1h
            providers:
              push-jobs:
                type: simulated-push
                timeout: 5s
            """
                .formatted(dir, scheduler.indent(2).stripTrailing()),
            "test");
  }

  @Test
  void workersBeyondTheLeastWaitForABacklog() throws Exception {
    Target target = new Target();
    Jobs jobs = Jobs.start(config("workers: 2\nmax-workers: 6"), null, target);
    try {
      // Every worker's trigger fires once at start; the tick after is an hour away.
      while (target.runs.get() < 2) {
        Thread.sleep(10);
      }
      Thread.sleep(500);
      assertThat(target.runs.get()).as("only the least worked, nothing being due").isEqualTo(2);
      assertThat(jobs.workersOn()).isEqualTo(2);
    } finally {
      jobs.close();
    }
  }

  @Test
  void wakeReachesAnIdleWorkerWhileAnotherWorksItsBatch() throws Exception {
    ServiceConfig config = config("workers: 2");
    Target target = new Target();
    Jobs jobs = Jobs.start(config, null, target);
    try {
      // Both workers run once at start; then only wakes run them (the tick is an hour away).
      while (target.runs.get() < 2) {
        Thread.sleep(10);
      }
      target.hold = true;
      jobs.wakeWorkers();
      assertThat(target.busy.await(10, TimeUnit.SECONDS)).as("a worker took the wake").isTrue();

      jobs.wakeWorkers();

      assertThat(target.secondRun.await(10, TimeUnit.SECONDS))
          .as("the other worker ran while the first was busy")
          .isTrue();
    } finally {
      target.release.countDown();
      jobs.close();
    }
  }
}
