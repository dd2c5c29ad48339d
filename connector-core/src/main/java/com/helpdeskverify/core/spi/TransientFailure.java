package com.helpdeskverify.core.spi;

import java.time.Duration;
import java.util.Optional;

/**
 * A failure that may go away: 429, 5xx, timeouts, connection resets, malformed answers; or a call
 * {@linkplain #deferred() deferred} to keep to a system's rate limit.
 */
public final class TransientFailure extends IntegrationFailure {
  private final transient Optional<Duration> retryAfter;
  private final boolean mayHaveTakenEffect;
  private final boolean deferred;

  /**
   * @param retryAfter what the server asked us to wait, if it did
   * @param mayHaveTakenEffect false only when the request certainly did nothing (refused
   *     connection, 429, 503): a push whose sending failed that way can be sent again
   */
  public TransientFailure(
      String system,
      String call,
      String message,
      Optional<Duration> retryAfter,
      boolean mayHaveTakenEffect,
      Throwable cause) {
    this(system, call, message, retryAfter, mayHaveTakenEffect, false, cause);
  }

  private TransientFailure(
      String system,
      String call,
      String message,
      Optional<Duration> retryAfter,
      boolean mayHaveTakenEffect,
      boolean deferred,
      Throwable cause) {
    super(system, call, message, cause);
    this.retryAfter = retryAfter;
    this.mayHaveTakenEffect = mayHaveTakenEffect;
    this.deferred = deferred;
  }

  /**
   * A call that did nothing because the system's next turn is {@code wait} away: the system
   * answered 429 or 503 with a {@code Retry-After}, or the client did not send it (the system's
   * rate limit, or a {@code Retry-After} another call got). Flow control, no fault: the workflow
   * parks the case until then without counting a failure, so a worker is not held waiting and a
   * busy system neither escalates cases nor opens a circuit.
   */
  public static TransientFailure deferred(
      String system, String call, String message, Duration wait) {
    return new TransientFailure(system, call, message, Optional.of(wait), false, true, null);
  }

  public Optional<Duration> retryAfter() {
    return retryAfter;
  }

  public boolean mayHaveTakenEffect() {
    return mayHaveTakenEffect;
  }

  /** Whether the call did nothing and its system's next turn is {@link #retryAfter} away. */
  public boolean deferred() {
    return deferred;
  }
}
