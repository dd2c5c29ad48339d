package com.helpdeskverify.http;

import com.helpdeskverify.core.spi.TransientFailure;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Stops calling a provider that keeps failing, so that a provider outage costs one quick refusal
 * per case instead of a full round of timeouts and retries on every worker.
 *
 * <p>After {@code threshold} transient failures in a row the circuit opens: calls fail at once with
 * a {@link TransientFailure} that certainly took no effect, carrying the remaining open time as its
 * retry-after. When that time has passed one trial call goes through; its success closes the
 * circuit, its failure opens it again. Permanent failures (bad credentials, 4xx) and {@linkplain
 * TransientFailure#deferred deferred} calls (a 429 or a closed gate: the provider is up and asks
 * for a wait) say nothing about the provider being down and leave the count alone. Thread-safe.
 */
public final class CircuitBreaker {
  private static final System.Logger LOG = System.getLogger(CircuitBreaker.class.getName());

  private final String system;
  private final int threshold;
  private final Duration openFor;
  private final Clock clock;

  private int consecutiveFailures;
  private Instant openUntil = Instant.MIN;
  private boolean trialInFlight;

  public CircuitBreaker(String system, int threshold, Duration openFor, Clock clock) {
    if (threshold < 1) {
      throw new IllegalArgumentException("threshold must be at least 1");
    }
    this.system = Objects.requireNonNull(system, "system");
    this.threshold = threshold;
    this.openFor = Objects.requireNonNull(openFor, "openFor");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Runs {@code call} unless the circuit is open. */
  public <T> T call(String callName, Supplier<T> call) {
    admit(callName);
    try {
      T result = call.get();
      succeeded();
      return result;
    } catch (TransientFailure f) {
      if (f.deferred()) {
        released(); // told to come back later: the provider is up
      } else {
        failed();
      }
      throw f;
    } catch (RuntimeException e) {
      // Anything else is not the provider being down: release a trial without judging it.
      released();
      throw e;
    }
  }

  /**
   * Starts {@code call} unless the circuit is open, and judges it when it completes. A result that
   * {@code inconclusive} accepts (a long poll that ran out without news) says nothing about the
   * provider being up or down and leaves the count alone, like a permanent failure.
   */
  public <T> CompletionStage<T> callAsync(
      String callName, Supplier<CompletionStage<T>> call, Predicate<T> inconclusive) {
    try {
      admit(callName);
    } catch (TransientFailure refused) {
      return CompletableFuture.failedFuture(refused);
    }
    CompletionStage<T> started;
    try {
      started = call.get();
    } catch (RuntimeException e) {
      released();
      return CompletableFuture.failedFuture(e);
    }
    return started.whenComplete(
        (result, error) -> {
          Throwable e = error instanceof CompletionException c ? c.getCause() : error;
          if (e == null) {
            if (inconclusive.test(result)) {
              released();
            } else {
              succeeded();
            }
          } else if (e instanceof TransientFailure t && !t.deferred()) {
            failed();
          } else {
            released();
          }
        });
  }

  /** Whether calls are being refused now. */
  public synchronized boolean isOpen() {
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
              + " calls in a row failed, so calls pause for "
              + wait.toSeconds()
              + "s (circuit open)",
          Optional.of(wait),
          false,
          null);
    }
    trialInFlight = true;
  }

  private synchronized void succeeded() {
    if (consecutiveFailures >= threshold) {
      LOG.log(Level.INFO, "{0} answers again; calls resume (circuit closed)", system);
    }
    consecutiveFailures = 0;
    trialInFlight = false;
  }

  private synchronized void failed() {
    consecutiveFailures++;
    trialInFlight = false;
    if (consecutiveFailures >= threshold) {
      openUntil = clock.instant().plus(openFor);
      // An operator learns of an outage when it starts, not from each refused call after it.
      LOG.log(
          Level.WARNING,
          consecutiveFailures == threshold
              ? "{0}: {1} calls in a row failed; calls pause for {2}s (circuit open)"
              : "{0}: the trial call failed too ({1} in a row); calls pause for {2}s again",
          system,
          consecutiveFailures,
          openFor.toSeconds());
    }
  }

  private synchronized void released() {
    trialInFlight = false;
  }
}
