package com.helpdeskverify.http;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Starts at most {@code limit} calls at once; a call asked for beyond that waits as a small entry
 * in a queue until one of the open calls ends, and is only then built and started.
 *
 * <p>Why: an OkHttp dispatcher that is full queues a call as a whole (its request, URL, headers,
 * Retrofit's call and callbacks: some 2.5 KB each, BENCHMARKS.md "Footprint with PostgreSQL as the
 * store"). Duo's {@code auth_status} long polls stay open until their push is answered, so with
 * thousands of pushes pending, thousands of fully built calls waited in the dispatcher's queue;
 * here each waits as a supplier and a future. First come, first started, as in the dispatcher.
 *
 * <p>Cancelling the returned future of a waiting call drops it: it is never started. Cancelling one
 * that was started cancels the stage its supplier returned (which cancels its HTTP call).
 */
public final class OpenCalls {
  private final int limit;
  private final ReentrantLock lock = new ReentrantLock();
  private final Queue<Waiting<?>> waiting = new ArrayDeque<>();
  private int open;

  /**
   * The calls to begin on this thread, while it begins one: a call that ends at once (a stage
   * already complete) hands its place to the next waiting call without one stack frame per call.
   */
  private final ThreadLocal<ArrayDeque<Waiting<?>>> beginning = new ThreadLocal<>();

  private record Waiting<T>(Supplier<CompletionStage<T>> start, CompletableFuture<T> result) {}

  public OpenCalls(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, got " + limit);
    }
    this.limit = limit;
  }

  /**
   * The answer of the call {@code start} begins: at once when fewer than the limit are open,
   * otherwise once the calls before it have made room.
   */
  public <T> CompletableFuture<T> call(Supplier<CompletionStage<T>> start) {
    Waiting<T> call =
        new Waiting<>(Objects.requireNonNull(start, "start"), new CompletableFuture<>());
    lock.lock();
    try {
      if (open >= limit) {
        waiting.add(call);
        return call.result();
      }
      open++;
    } finally {
      lock.unlock();
    }
    run(call);
    return call.result();
  }

  /** Calls open now; for tests and metrics. */
  public int open() {
    lock.lock();
    try {
      return open;
    } finally {
      lock.unlock();
    }
  }

  /** Calls waiting for room; for tests and metrics. */
  public int waiting() {
    lock.lock();
    try {
      return waiting.size();
    } finally {
      lock.unlock();
    }
  }

  private void run(Waiting<?> call) {
    ArrayDeque<Waiting<?>> queued = beginning.get();
    if (queued != null) {
      queued.add(call);
      return;
    }
    queued = new ArrayDeque<>();
    queued.add(call);
    beginning.set(queued);
    try {
      for (Waiting<?> next = queued.poll(); next != null; next = queued.poll()) {
        begin(next);
      }
    } finally {
      beginning.remove();
    }
  }

  private <T> void begin(Waiting<T> call) {
    CompletionStage<T> stage;
    try {
      stage = call.start().get();
    } catch (RuntimeException e) {
      call.result().completeExceptionally(e);
      ended();
      return;
    }
    CompletableFuture<T> started = stage.toCompletableFuture();
    call.result()
        .whenComplete(
            (value, error) -> {
              if (call.result().isCancelled()) {
                started.cancel(true);
              }
            });
    started.whenComplete(
        (value, error) -> {
          if (error != null) {
            call.result().completeExceptionally(error);
          } else {
            call.result().complete(value);
          }
          ended();
        });
  }

  /** One open call ended: the first waiting call not cancelled meanwhile takes its place. */
  private void ended() {
    Waiting<?> next;
    lock.lock();
    try {
      do {
        next = waiting.poll();
      } while (next != null && next.result().isDone());
      if (next == null) {
        open--;
        return;
      }
    } finally {
      lock.unlock();
    }
    run(next);
  }
}
