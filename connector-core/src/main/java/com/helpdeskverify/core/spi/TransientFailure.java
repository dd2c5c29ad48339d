package com.helpdeskverify.core.spi;

import java.time.Duration;
import java.util.Optional;

/** A failure that may go away: 429, 5xx, timeouts, connection resets, malformed answers. */
public final class TransientFailure extends IntegrationFailure {
  private final transient Optional<Duration> retryAfter;
  private final boolean mayHaveTakenEffect;

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
    super(system, call, message, cause);
    this.retryAfter = retryAfter;
    this.mayHaveTakenEffect = mayHaveTakenEffect;
  }

  public Optional<Duration> retryAfter() {
    return retryAfter;
  }

  public boolean mayHaveTakenEffect() {
    return mayHaveTakenEffect;
  }
}
