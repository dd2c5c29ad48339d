package com.helpdeskverify.http;

import java.time.Duration;
import java.util.Objects;

/**
 * How one system's HTTP calls behave.
 *
 * @param maxAttempts attempts of one call, the first included, before the failure goes up to the
 *     workflow (which then backs off for longer)
 * @param maxRetryAfter the longest {@code Retry-After} waited for inside a call; a longer one is
 *     handed up with the failure instead of blocking a worker; also the longest a call waits for
 *     its turn at the {@link RateLimiter}
 * @param rateLimit requests per second the system's {@link RateLimiter} starts from and never
 *     exceeds; 0 for no limiter
 */
public record HttpPolicy(
    Duration connectTimeout,
    Duration readTimeout,
    int maxAttempts,
    Duration retryBase,
    Duration retryMax,
    Duration maxRetryAfter,
    double rateLimit) {

  public HttpPolicy {
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(readTimeout, "readTimeout");
    Objects.requireNonNull(retryBase, "retryBase");
    Objects.requireNonNull(retryMax, "retryMax");
    Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
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
      Duration maxRetryAfter) {
    this(connectTimeout, readTimeout, maxAttempts, retryBase, retryMax, maxRetryAfter, 0);
  }

  /** The same policy with another {@link #rateLimit}. */
  public HttpPolicy withRateLimit(double perSecond) {
    return new HttpPolicy(
        connectTimeout, readTimeout, maxAttempts, retryBase, retryMax, maxRetryAfter, perSecond);
  }

  public static HttpPolicy defaults() {
    return new HttpPolicy(
        Duration.ofSeconds(5),
        Duration.ofSeconds(20),
        3,
        Duration.ofMillis(250),
        Duration.ofSeconds(4),
        Duration.ofSeconds(10));
  }
}
