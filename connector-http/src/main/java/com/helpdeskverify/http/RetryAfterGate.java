package com.helpdeskverify.http;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Keeps every call to one system back while the {@code Retry-After} of its last 429 or 503 runs
 * (RFC 9110 §10.2.3: the client ought to wait that long before its next request). The {@link
 * RetryInterceptor} honours a {@code Retry-After} only within the call that got it; the gate makes
 * the other workers, scans and calls to the same system honour it too.
 *
 * <p>One gate per system, shared by all of that system's clients ({@link HttpClients#builder} adds
 * it; clients derived from one with {@code newBuilder()} share it). A call that meets a closed gate
 * is held until the gate opens when that is at most {@code maxHold} away, the same patience the
 * {@link RetryInterceptor} has within a call; otherwise it fails at once, unsent, with {@link
 * Closed}, which {@link Calls} turns into a {@code TransientFailure} carrying the time left, for
 * the workflow to reschedule the case by. A system that keeps answering 429 is reported by a {@link
 * RateLimitWatch}. A 429 without {@code Retry-After} that says when the vendor's window resets
 * (Okta's {@code X-Rate-Limit-Reset}) closes the gate until then and goes up with the {@code
 * Retry-After} that stands for ({@link RetryAfter#requested}).
 *
 * <p>Where the system has a {@link RateLimiter}, the gate asks its {@link RateLimiter#admit send
 * window} for room right before each call goes out, after its own wait: a call held here is then
 * counted when it leaves, not when it took its turn. Thread-safe.
 */
public final class RetryAfterGate implements Interceptor {
  /**
   * Added to every {@code Retry-After}: the header counts whole seconds from when the server sent
   * its answer, which is a little before we read it; a tenth of a second more keeps every call on
   * the safe side of the server's count.
   */
  static final Duration MARGIN = Duration.ofMillis(100);

  private final String system;
  private final Clock clock;
  private final Duration maxHold;
  private final Sleeper sleeper;
  private final RateLimitWatch rateLimits;
  private final Supplier<Duration> sendWindow;
  private Instant closedUntil = Instant.MIN;

  /** A gate for a system without a rate limiter of its own. */
  public RetryAfterGate(String system, Clock clock, Duration maxHold) {
    this(system, clock, maxHold, () -> Duration.ZERO, Sleeper.REAL);
  }

  /**
   * @param sendWindow {@link RateLimiter#admit}: counts a call that goes out now, or says how long
   *     until there is room for it
   */
  public RetryAfterGate(
      String system, Clock clock, Duration maxHold, Supplier<Duration> sendWindow) {
    this(system, clock, maxHold, sendWindow, Sleeper.REAL);
  }

  RetryAfterGate(
      String system,
      Clock clock,
      Duration maxHold,
      Supplier<Duration> sendWindow,
      Sleeper sleeper) {
    this.system = Objects.requireNonNull(system, "system");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.maxHold = Objects.requireNonNull(maxHold, "maxHold");
    this.sendWindow = Objects.requireNonNull(sendWindow, "sendWindow");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.rateLimits = new RateLimitWatch(system, clock);
  }

  /** A call not sent because the system asked to be left alone for longer than a call may wait. */
  public static final class Closed extends IOException {
    private final transient Duration retryAfter;

    Closed(String system, Duration retryAfter) {
      this(
          retryAfter,
          "not sent: "
              + system
              + " asked (Retry-After) not to be called for another "
              + Math.max(1, (retryAfter.toMillis() + 999) / 1000)
              + "s");
    }

    /** A call not sent for another reason, such as a {@link RateLimiter} turn too far away. */
    Closed(Duration retryAfter, String message) {
      super(message);
      this.retryAfter = retryAfter;
    }

    /** How long the system still wants to be left alone. */
    public Duration retryAfter() {
      return retryAfter;
    }
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    awaitTurnToSend();
    Response response = chain.proceed(chain.request());
    if (response.code() == 429) {
      // Here every answer is seen, also those the RetryInterceptor retries within one call.
      rateLimits.rateLimited();
    }
    if (response.code() != 429 && response.code() != 503) {
      return response;
    }
    Optional<Duration> requested = RetryAfter.requested(response.code(), response::header, clock);
    if (requested.isEmpty()) {
      return response;
    }
    closeFor(requested.get());
    if (response.header("Retry-After") != null) {
      return response;
    }
    // A 429 that said when its window resets instead (Okta): handed up with the Retry-After it
    // stands for, so that the limiter, the retry within the call and the failure the workflow
    // reschedules by all honour it, as they would a Retry-After.
    return response
        .newBuilder()
        .header("Retry-After", Long.toString(requested.get().toSeconds()))
        .build();
  }

  /** How long calls are still kept back; zero when the gate is open. */
  public synchronized Duration remaining() {
    Instant now = clock.instant();
    return now.isBefore(closedUntil) ? Duration.between(now, closedUntil) : Duration.ZERO;
  }

  synchronized void closeFor(Duration retryAfter) {
    Instant until = clock.instant().plus(retryAfter).plus(MARGIN);
    if (until.isAfter(closedUntil)) {
      closedUntil = until;
    }
  }

  /**
   * Waits for the gate to open and for room in the send window. A window's wait is short (the
   * oldest call in it leaves within a second), but the gate may close meanwhile: look at it again.
   */
  private void awaitTurnToSend() throws IOException {
    Instant waitedFor = null;
    while (true) {
      waitedFor = awaitOpen(waitedFor);
      Duration full = sendWindow.get();
      if (full.isZero()) {
        return;
      }
      sleep(full, "waiting for room in " + system + "'s rate limit");
    }
  }

  /**
   * Waits while the gate is closed.
   *
   * @param waitedFor the closing this call already waited out, or null
   * @return the closing this call has waited out, or {@code waitedFor}
   */
  private Instant awaitOpen(Instant waitedFor) throws IOException {
    while (true) {
      Instant until;
      Duration left;
      synchronized (this) {
        until = closedUntil;
        left = remaining();
      }
      // Having waited out what the gate asked, go: only a later answer that closed it again (not
      // the clock) makes this call wait once more.
      if (left.isZero() || until.equals(waitedFor)) {
        return waitedFor;
      }
      if (left.compareTo(maxHold) > 0) {
        throw new Closed(system, left);
      }
      sleep(left, system + " asked to wait");
      waitedFor = until;
    }
  }

  private void sleep(Duration d, String why) throws InterruptedIOException {
    try {
      sleeper.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while " + why);
    }
  }
}
