package com.helpdeskverify.scheduler.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.helpdeskverify.http.RateLimiter;
import com.helpdeskverify.scheduler.SimulatedFactories;
import com.helpdeskverify.scheduler.config.ConfigLoader;
import com.helpdeskverify.scheduler.config.ServiceConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
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
    Jobs jobs =
        Jobs.start(config("advance-interval: 1h\nworkers: 2\nmax-workers: 6"), null, target);
    try {
      // The least workers' triggers fire once at start; the tick after is an hour away.
      while (target.runs.get() < 2) {
        Thread.sleep(10);
      }
      Thread.sleep(500);
      assertThat(target.runs.get()).as("only the least worked, nothing being due").isEqualTo(2);
      assertThat(jobs.workersOn()).isEqualTo(2);
      assertThat(jobs.tickingTriggers()).as("the other workers' triggers wait").isEqualTo(2);
    } finally {
      jobs.close();
    }
  }

  /**
   * Due cases without end while {@code backlog} is set: each batch is one call to a system paced at
   * 200 requests/s that takes its worker 5 ms, answered without a network.
   */
  private static final class Backlog implements JobTarget {
    final AtomicInteger working = new AtomicInteger();
    final AtomicInteger mostAtOnce = new AtomicInteger();
    volatile boolean backlog = true;
    final OkHttpClient paced =
        new OkHttpClient.Builder()
            .addInterceptor(
                new RateLimiter("jobs-test", 200, Clock.systemUTC(), Duration.ofSeconds(2)))
            .addInterceptor(
                chain -> {
                  try {
                    Thread.sleep(5);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  return new Response.Builder()
                      .request(chain.request())
                      .protocol(Protocol.HTTP_1_1)
                      .code(200)
                      .message("OK")
                      .body(ResponseBody.create(new byte[0], null))
                      .build();
                })
            .build();

    @Override
    public void scan(String ticketSystemId) {}

    @Override
    public int advanceDueCases(int limit) {
      if (!backlog) {
        return 0;
      }
      mostAtOnce.accumulateAndGet(working.incrementAndGet(), Math::max);
      try {
        paced.newCall(new Request.Builder().url("http://jobs.invalid/").build()).execute().close();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      } finally {
        working.decrementAndGet();
      }
      return limit;
    }
  }

  private static int tickingTriggers(Jobs jobs) {
    try {
      return jobs.tickingTriggers();
    } catch (org.quartz.SchedulerException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Waits until {@code done} or {@code most} has passed; the caller asserts what it waited for. */
  private static void awaitAtMost(Duration most, BooleanSupplier done) throws InterruptedException {
    long until = System.nanoTime() + most.toNanos();
    while (!done.getAsBoolean() && System.nanoTime() - until < 0) {
      Thread.sleep(50);
    }
  }

  @Test
  void aBacklogWithBudgetLeftBringsMoreWorkersAndTheLeastComeBackAfterIt() throws Exception {
    Backlog target = new Backlog();
    Jobs jobs =
        Jobs.start(config("advance-interval: 100ms\nworkers: 2\nmax-workers: 8"), null, target);
    try {
      // 5 ms a request and 200 requests/s (at least: other tests' limiters count too): 6 x 200 x
      // 0.005 = 6 workers or more, once a second of figures is in.
      awaitAtMost(Duration.ofSeconds(10), () -> target.mostAtOnce.get() > 2);
      assertThat(target.mostAtOnce.get()).as("workers working at once").isGreaterThan(2);
      assertThat(jobs.workersOn()).isGreaterThan(2);
      awaitAtMost(Duration.ofSeconds(5), () -> tickingTriggers(jobs) == jobs.workersOn());
      assertThat(jobs.tickingTriggers()).as("the triggers of the workers on tick").isGreaterThan(2);

      target.backlog = false;
      awaitAtMost(
          Duration.ofSeconds(15), () -> jobs.workersOn() == 2 && tickingTriggers(jobs) == 2);
      assertThat(jobs.workersOn()).as("five seconds without a backlog").isEqualTo(2);
      assertThat(jobs.tickingTriggers()).as("and the others' triggers wait again").isEqualTo(2);
    } finally {
      jobs.close();
    }
  }

  @Test
  void wakeReachesAnIdleWorkerWhileAnotherWorksItsBatch() throws Exception {
    ServiceConfig config = config("advance-interval: 1h\nworkers: 2");
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
