package com.helpdeskverify.http;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;

/**
 * Tells an operator when a system keeps answering 429: one 429 with a {@code Retry-After} is the
 * system's ordinary flow control and is honoured quietly ({@link RetryAfterGate}), but more than
 * {@link #THRESHOLD} within a rolling {@link #WINDOW} means its quota is being used up (a scan
 * interval too short, another client on the same credentials), and calls, pushes and scans slow
 * down. One warning per window, not per call, naming the system and the count; never a URL, which
 * may carry a key. Thread-safe.
 */
final class RateLimitWatch {
  private static final Logger LOG = System.getLogger(RateLimitWatch.class.getName());

  /** More 429s than this within {@link #WINDOW} are worth a warning. */
  static final int THRESHOLD = 5;

  static final Duration WINDOW = Duration.ofMinutes(1);

  private final String system;
  private final Clock clock;
  private final Deque<Instant> recent = new ArrayDeque<>();
  private Instant quietUntil = Instant.MIN;

  RateLimitWatch(String system, Clock clock) {
    this.system = Objects.requireNonNull(system, "system");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Counts a 429 answer, and warns when it makes more than {@link #THRESHOLD} in the last {@link
   * #WINDOW} and no warning was given within the last window.
   *
   * @return true when it warned
   */
  synchronized boolean rateLimited() {
    Instant now = clock.instant();
    recent.addLast(now);
    Instant from = now.minus(WINDOW);
    while (!recent.isEmpty() && !recent.peekFirst().isAfter(from)) {
      recent.removeFirst();
    }
    if (recent.size() <= THRESHOLD || now.isBefore(quietUntil)) {
      return false;
    }
    quietUntil = now.plus(WINDOW);
    LOG.log(
        Level.WARNING,
        "{0} answered 429 (rate limited) {1} times in the last {2}s; calls wait for its"
            + " Retry-After and cases and scans slow down. Check for other clients using the same"
            + " credentials, the system''s API quota, and the scan interval",
        system,
        Integer.toString(recent.size()),
        Long.toString(WINDOW.toSeconds()));
    return true;
  }
}
