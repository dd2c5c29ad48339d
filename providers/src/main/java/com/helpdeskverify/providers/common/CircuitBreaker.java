package com.helpdeskverify.providers.common;

import com.helpdeskverify.core.spi.PermanentFailure;
import com.helpdeskverify.core.spi.TransientFailure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Stops calling a provider that keeps failing, so that cases escalate with "provider unavailable"
 * after the workflow's few retries instead of every case waiting on timeouts against a provider
 * that is down.
 *
 * <p>After {@code threshold} consecutive transient failures the circuit opens for {@code openFor}:
 * calls then fail at once with a {@link TransientFailure} that certainly had no effect and asks to
 * be retried when the circuit half-opens. Then one call is let through; its success closes the
 * circuit, its failure opens it again. A permanent failure (bad credentials, a refused request) is
 * an answer from a working provider and counts as success here. Thread-safe.
 */
public final class CircuitBreaker {
  private final String system;
  private final int threshold;
  private final Duration openFor;
  private final Clock clock;

  private int consecutiveFailures;
  private Instant openUntil = Instant.MIN;
  private boolean trialInFlight;

  public CircuitBreaker(String system, int threshold, Duration openFor, Clock clock) {
    this.system = Objects.requireNonNull(system, "system");
    if (threshold < 1) {
      throw new IllegalArgumentException("threshold must be at least 1");
    }
    if (openFor.isNegative() || openFor.isZero()) {
      throw new IllegalArgumentException("openFor must be positive");
    }
    this.threshold = threshold;
    this.openFor = openFor;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Runs {@code call} unless the circuit is open. */
  public <T> T call(String callName, Supplier<T> call) {
    admit(callName);
    try {
      T result = call.get();
      succeeded();
      return result;
    } catch (PermanentFailure e) {
      succeeded();
      throw e;
    } catch (RuntimeException e) {
      failed();
      throw e;
    }
  }

  /** Whether calls are refused right now. */
  public synchronized boolean open() {
    return consecutiveFailures >= threshold && clock.instant().isBefore(openUntil);
  }

  private synchronized void admit(String callName) {
    if (consecutiveFailures < threshold) {
      return;
    }
    Instant now = clock.instant();
    if (now.isBefore(openUntil) || trialInFlight) {
      Duration wait = now.isBefore(openUntil) ? Duration.between(now, openUntil) : openFor;
      throw new TransientFailure(
          system,
          callName,
          "not called: "
              + consecutiveFailures
              + " calls in a row failed, the provider is taken as unavailable for "
              + wait.toSeconds()
              + "s more",
          Optional.of(wait),
          false,
          null);
    }
    trialInFlight = true;
  }

  private synchronized void succeeded() {
    consecutiveFailures = 0;
    trialInFlight = false;
  }

  private synchronized void failed() {
    consecutiveFailures++;
    trialInFlight = false;
    if (consecutiveFailures >= threshold) {
      openUntil = clock.instant().plus(openFor);
    }
  }
}
