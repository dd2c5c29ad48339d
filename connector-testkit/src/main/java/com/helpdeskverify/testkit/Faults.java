package com.helpdeskverify.testkit;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Shared by the fakes: logs every SPI call in order and injects failures or a crash at a chosen
 * call. Thread-safe.
 */
public final class Faults implements CallHook {
  /** Whether a crash happens before the call takes effect or after it did. */
  public enum When {
    BEFORE,
    AFTER
  }

  private final List<String> calls = new ArrayList<>();
  private final Map<String, Deque<Supplier<RuntimeException>>> failures = new HashMap<>();
  private int crashAt = -1;
  private When crashWhen = When.BEFORE;
  private volatile int maxLatencyMicros;

  /**
   * Makes every call take up to {@code maxMicros}, to widen the windows concurrent nodes race in.
   */
  public void latency(int maxMicros) {
    this.maxLatencyMicros = maxMicros;
  }

  /** Crashes at the n-th call (0-based) counted over every fake sharing this object. */
  public synchronized void crashAt(int callIndex, When when) {
    this.crashAt = callIndex;
    this.crashWhen = when;
  }

  public synchronized void noCrash() {
    crashAt = -1;
  }

  /** Makes the next {@code times} calls of {@code operation} throw. */
  public synchronized void fail(String operation, int times, Supplier<RuntimeException> failure) {
    Deque<Supplier<RuntimeException>> queue =
        failures.computeIfAbsent(operation, k -> new ArrayDeque<>());
    for (int i = 0; i < times; i++) {
      queue.add(failure);
    }
  }

  public synchronized List<String> calls() {
    return List.copyOf(calls);
  }

  /**
   * Runs a fake's operation under the plan. The effect is what the call does to the fake's state;
   * scripted failures throw before it, a crash before or after it.
   */
  @Override
  public <T> T call(String operation, Supplier<T> effect) {
    int index;
    When when;
    synchronized (this) {
      index = calls.size();
      calls.add(operation);
      Deque<Supplier<RuntimeException>> queue = failures.get(operation);
      if (queue != null && !queue.isEmpty()) {
        throw queue.poll().get();
      }
      when = index == crashAt ? crashWhen : null;
    }
    if (when == When.BEFORE) {
      throw new SimulatedCrash("before " + operation);
    }
    int latency = maxLatencyMicros;
    if (latency > 0) {
      java.util.concurrent.locks.LockSupport.parkNanos(
          java.util.concurrent.ThreadLocalRandom.current().nextLong(latency * 1000L));
    }
    T result = effect.get();
    if (when == When.AFTER) {
      throw new SimulatedCrash("after " + operation);
    }
    return result;
  }
}
