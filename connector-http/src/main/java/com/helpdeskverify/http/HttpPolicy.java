package com.helpdeskverify.http;

import java.time.Duration;
import java.util.Objects;

/**
 * How one system's HTTP calls behave.
 *
 * @param maxAttempts attempts of one call, the first included, before the failure goes up to the
 *     workflow (which then backs off for longer)
 * @param maxRetryAfter the longest {@code Retry-After} waited for inside a call; a longer one is
 *     handed up with the failure instead of blocking a worker
 */
public record HttpPolicy(
    Duration connectTimeout,
    Duration readTimeout,
    int maxAttempts,
    Duration retryBase,
    Duration retryMax,
    Duration maxRetryAfter) {

  public HttpPolicy {
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(readTimeout, "readTimeout");
    Objects.requireNonNull(retryBase, "retryBase");
    Objects.requireNonNull(retryMax, "retryMax");
    Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
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
