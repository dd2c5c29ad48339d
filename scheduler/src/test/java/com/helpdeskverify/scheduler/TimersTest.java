package com.helpdeskverify.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TimersTest {

  /**
   * A round that is running when its timer stops ends as it would have, uninterrupted (an interrupt
   * would close the embedded store's file under it), and no later round starts.
   */
  @Test
  void aRunningRoundEndsUninterruptedAndNoLaterOneStarts() throws Exception {
    ScheduledExecutorService timer = Timers.daemon("test-round");
    CountDownLatch started = new CountDownLatch(1);
    AtomicBoolean interrupted = new AtomicBoolean();
    AtomicBoolean ended = new AtomicBoolean();
    AtomicInteger rounds = new AtomicInteger();
    timer.scheduleWithFixedDelay(
        () -> {
          rounds.incrementAndGet();
          started.countDown();
          try {
            Thread.sleep(300);
          } catch (InterruptedException e) {
            interrupted.set(true);
          }
          ended.set(true);
        },
        0,
        10,
        TimeUnit.MILLISECONDS);
    assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();

    Timers.stop(timer);

    assertThat(ended).isTrue();
    assertThat(interrupted).isFalse();
    assertThat(timer.isTerminated()).isTrue();
    Thread.sleep(50);
    assertThat(rounds).hasValue(1);
  }
}
