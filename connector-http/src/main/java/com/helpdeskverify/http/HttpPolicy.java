package com.helpdeskverify.http;

import java.time.Duration;
import java.util.Objects;

/**
 * How one system's HTTP calls behave.
 *
 * @param maxAttempts attempts of one call, the first included, before the failure goes up to the
 *     workflow (which then backs off for longer)
 * @param maxHold the longest a call waits inside the client for a system's rate limit: for its turn
 *     at the {@link RateLimiter}, for a {@link RetryAfterGate} another call's 429 closed, or for a
 *     {@code Retry-After} before trying again. A longer wait is not waited: the call fails unsent
 *     ({@link RetryAfterGate.Closed}) or with the 429, and the workflow parks the case until then,
 *     so a vendor's rate limit holds a worker for at most this long (see {@link #defaults})
 * @param rateLimit requests per second the system's {@link RateLimiter} starts from and never
 *     exceeds; 0 for no limiter
 */
public record HttpPolicy(
    Duration connectTimeout,
    Duration readTimeout,
    int maxAttempts,
    Duration retryBase,
    Duration retryMax,
    Duration maxHold,
    double rateLimit) {

  public HttpPolicy {
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(readTimeout, "readTimeout");
    Objects.requireNonNull(retryBase, "retryBase");
    Objects.requireNonNull(retryMax, "retryMax");
    Objects.requireNonNull(maxHold, "maxHold");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
    if (!(rateLimit >= 0) || Double.isInfinite(rateLimit)) {
      throw new IllegalArgumentException("rateLimit must be a finite number, 0 or more");
    }
  }

  /** A policy without a client-side rate limit. */
  public HttpPolicy(
      Duration connectTimeout,
      Duration readTimeout,
      int maxAttempts,
      Duration retryBase,
      Duration retryMax,
      Duration maxHold) {
    this(connectTimeout, readTimeout, maxAttempts, retryBase, retryMax, maxHold, 0);
  }

  /** The same policy with another {@link #rateLimit}. */
  public HttpPolicy withRateLimit(double perSecond) {
    return new HttpPolicy(
        connectTimeout, readTimeout, maxAttempts, retryBase, retryMax, maxHold, perSecond);
  }

  /**
   * Five-second connects, twenty-second reads, three attempts, and a two-second {@link #maxHold}: a
   * worker waits out the shortest {@code Retry-After} (one second, plus the gate's margin) and its
   * turn under a busy limiter, about as long as a slow answer takes; anything longer hands its case
   * back to be parked. One second was tried: every 429 then parked its case, and under FaultsIT's
   * fault rate 20 cases were still open after 240 s (runs take about 150), their histories full of
   * parks at a gate the next 429 had closed again; each park is a claim and a write where waiting
   * out a one-second gate costs a worker one second.
   */
  public static HttpPolicy defaults() {
    return new HttpPolicy(
        Duration.ofSeconds(5),
        Duration.ofSeconds(20),
        3,
        Duration.ofMillis(250),
        Duration.ofSeconds(4),
        Duration.ofSeconds(2));
  }
}
