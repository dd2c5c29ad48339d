package com.helpdeskverify.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OpenCallsTest {
  /** Calls that stay open until the test completes them, in the order they were started. */
  private final List<CompletableFuture<String>> started = new ArrayList<>();

  private CompletableFuture<String> held() {
    CompletableFuture<String> call = new CompletableFuture<>();
    started.add(call);
    return call;
  }

  @Test
  void callsBeyondTheLimitAreStartedOnlyAsOpenOnesEndFirstComeFirstStarted() throws Exception {
    OpenCalls calls = new OpenCalls(2);
    CompletableFuture<String> a = calls.call(this::held);
    CompletableFuture<String> b = calls.call(this::held);
    CompletableFuture<String> c = calls.call(this::held);
    CompletableFuture<String> d = calls.call(this::held);

    assertThat(started).hasSize(2);
    assertThat(calls.open()).isEqualTo(2);
    assertThat(calls.waiting()).isEqualTo(2);

    started.get(1).complete("b");
    assertThat(b.get()).isEqualTo("b");
    assertThat(started).hasSize(3);
    started.get(2).complete("c");
    assertThat(c.get()).isEqualTo("c");
    assertThat(started).hasSize(4);
    started.get(0).complete("a");
    started.get(3).complete("d");

    assertThat(a.get()).isEqualTo("a");
    assertThat(d.get()).isEqualTo("d");
    assertThat(calls.open()).isZero();
    assertThat(calls.waiting()).isZero();
  }

  @Test
  void aWaitingCallCancelledIsNeverStartedAndAnOpenOneCancelledMakesRoom() {
    OpenCalls calls = new OpenCalls(1);
    CompletableFuture<String> open = calls.call(this::held);
    CompletableFuture<String> dropped = calls.call(this::held);
    CompletableFuture<String> next = calls.call(this::held);

    dropped.cancel(true);
    open.cancel(true);

    assertThat(started.get(0)).isCancelled();
    assertThat(started).hasSize(2);
    assertThat(next).isNotDone();
    assertThat(calls.open()).isEqualTo(1);
    assertThat(calls.waiting()).isZero();
  }

  @Test
  void aFailedStartOrCallFailsItsCallerAndMakesRoom() {
    OpenCalls calls = new OpenCalls(1);
    CompletableFuture<String> broken =
        calls.call(
            () -> {
              throw new IllegalStateException("no client");
            });
    CompletableFuture<String> failing = calls.call(this::held);
    CompletableFuture<String> after = calls.call(this::held);

    assertThatThrownBy(broken::get)
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(IllegalStateException.class);
    started.get(0).completeExceptionally(new IllegalArgumentException("refused"));

    assertThatThrownBy(failing::get).hasCauseInstanceOf(IllegalArgumentException.class);
    assertThat(started).hasSize(2);
    assertThat(after).isNotDone();
  }

  @Test
  void manyCallsThatEndAtOnceDoNotNestOneStackFrameEach() {
    OpenCalls calls = new OpenCalls(1);
    CompletableFuture<String> first = calls.call(this::held);
    AtomicInteger ran = new AtomicInteger();
    List<CompletableFuture<String>> quick = new ArrayList<>();
    for (int i = 0; i < 200_000; i++) {
      quick.add(calls.call(() -> CompletableFuture.completedFuture("n" + ran.incrementAndGet())));
    }

    started.get(0).complete("first");

    assertThat(first).isCompletedWithValue("first");
    assertThat(ran.get()).isEqualTo(200_000);
    assertThat(quick.get(199_999)).isCompletedWithValue("n200000");
    assertThat(calls.open()).isZero();
  }
}
