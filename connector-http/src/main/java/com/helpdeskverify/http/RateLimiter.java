package com.helpdeskverify.http;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import javax.net.SocketFactory;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Paces the calls to one system so that they stay under its rate limit, and learns the limit from
 * the system's answers: on a 429 it halves its rate and pauses for the {@code Retry-After}, then
 * recovers by a tenth of the configured rate each second (AIMD: multiplicative decrease, additive
 * increase); when the rate-limit headers say that little of the window is left, it spreads what is
 * left over the time until the window resets. The configured rate is the ceiling.
 *
 * <p>Each call reserves the next free slot, one interval after the previous one, and sleeps until
 * then outside the lock: a caller waits only for the calls reserved before it, never for a system
 * it does not call (one limiter per system, {@link HttpClients#builder} adds it). A slot further
 * away than {@code maxHold} is not taken: the call fails unsent with {@link RetryAfterGate.Closed},
 * which the workflow turns into a later retry of the case, so a worker is never held longer than a
 * {@code Retry-After} may hold it.
 *
 * <p>Spacing alone does not keep a second's count under the limit: a caller that wakes late (a
 * collection, a busy core) goes out together with the callers after it, and a server counting a
 * sliding second counts that clump with the next second's punctual calls. So each call is also
 * counted when it goes out, in a window a little longer than a second ({@link #WINDOW}) that holds
 * at most {@link #windowCap} calls, the server's limit: a call that would be one more waits until
 * the oldest of them has left the window. The system's {@link RetryAfterGate} asks {@link #admit}
 * right before the call goes out, after any wait of its own, so that calls the gate held and let go
 * together are counted when they leave. A call let go and then kept from the wire (a busy core runs
 * the threads let go together one after another: on two cores at a load of 5 some went out 50 ms
 * after they were counted) is counted again when the last write of its request has returned ({@link
 * #departures}), so that the window holds calls by when they left: counted when let go only, such
 * calls went out in the next second's count at the server, and a server counting arrivals would
 * have answered 429 (BENCHMARKS.md, "Whose 429s"). Counted after its bytes left, a call's time is
 * never earlier than it went out, and a call is let go only when the call {@link #windowCap} before
 * it has been out a whole {@link #WINDOW}: no {@link #WINDOW} on our side of the wire holds more
 * than {@link #windowCap} calls, but for a call kept from the wire longer than a window (its slot
 * taken again meanwhile), which is not counted twice.
 *
 * <p>Which headers are read and what they mean is cited in {@code connector-http/README.md}.
 * Thread-safe.
 */
public final class RateLimiter implements Interceptor {
  /**
   * Slots are this much further apart than the rate asks: a server counting requests in a sliding
   * second sees a request sent late (a thread scheduled late, a slow write) together with one sent
   * on time a second later; 5 % (50 ms a second) keeps such a pair apart.
   */
  static final double HEADROOM = 1.05;

  /** Added to a pause, as {@link RetryAfterGate#MARGIN}: whole seconds counted from sending. */
  static final Duration MARGIN = RetryAfterGate.MARGIN;

  /** A multiplicative decrease never takes the rate below this share of the ceiling. */
  static final double FLOOR_SHARE = 1.0 / 16;

  /** The additive increase, per second without a decrease, as a share of the ceiling. */
  static final double RECOVERY_SHARE = 0.1;

  /**
   * Remaining at or below this share of the limit counts as "little left": the rate then follows
   * what is left until the reset.
   */
  static final double LOW_SHARE = 0.2;

  /**
   * The window calls are counted in when they go out: the second a server counts in, and 40 ms for
   * the time between our count and the server's (the request's way there, a thread scheduled a
   * little late). Without it, a clump's calls that left the window let as many go out at the very
   * moment, and the server, which had counted the clump a millisecond later, still counted it. With
   * 25 ms, one run in 18 of {@code RateLimiterAgainstSimulatedApiTest}'s stalled burst still met a
   * 429. More than {@link #HEADROOM}'s 50 ms would let the spacing alone fill the window.
   */
  static final Duration WINDOW = Duration.ofMillis(1040);

  /** Jira Cloud's reason for a 429 that concerns one issue, not the site (README). */
  static final String PER_ISSUE_REASON = "jira-per-issue-on-write";

  private final String system;
  private final double ceiling;
  private final Clock clock;
  private final Duration maxHold;
  private final Sleeper sleeper;

  /**
   * When the last calls went out (epoch ms of {@link #clock}): a ring, oldest at {@link #oldest};
   * slots never used hold {@link Long#MIN_VALUE}, long out of the window.
   */
  private final long[] sent;

  private int oldest;

  /**
   * The slot this thread's last call was counted in and the time it was counted at, for {@link
   * #departed}; {@code -1} when it has nothing to count again. The interceptor chain that lets a
   * call go and the code that writes its request run on one thread, OkHttp's for the call.
   */
  private final ThreadLocal<long[]> lastAdmitted =
      ThreadLocal.withInitial(() -> new long[] {-1, 0});

  private double rate;
  private Instant nextSlot = Instant.MIN;
  private Instant lastChange = Instant.MIN;
  private Instant lastDecrease = Instant.MIN;

  public RateLimiter(String system, double perSecond, Clock clock, Duration maxHold) {
    this(system, perSecond, clock, maxHold, Sleeper.REAL);
  }

  RateLimiter(String system, double perSecond, Clock clock, Duration maxHold, Sleeper sleeper) {
    if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
      throw new IllegalArgumentException("rate must be a positive number, got " + perSecond);
    }
    this.system = Objects.requireNonNull(system, "system");
    this.ceiling = perSecond;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.maxHold = Objects.requireNonNull(maxHold, "maxHold");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.sent = new long[windowCap(perSecond)];
    Arrays.fill(sent, Long.MIN_VALUE);
    this.rate = perSecond;
    HttpCallMetrics.global().permittedRate(system, perSecond);
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Duration wait = reserve();
    Pacing.sent();
    if (!wait.isZero()) {
      try {
        sleeper.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while waiting for a turn to call " + system);
      }
    }
    Response response = chain.proceed(chain.request());
    observe(response.code(), response::header);
    return response;
  }

  /**
   * The most calls that go out in any {@link #WINDOW}: the configured rate (the server's limit in a
   * second), which is more than the spacing lets through in a window, so the window only ever holds
   * back a clump. A rate too small for a whole number between the two (1.5/s) gets the larger, as
   * the spacing alone would.
   */
  static int windowCap(double perSecond) {
    double spaced = perSecond * WINDOW.toMillis() / 1000.0 / HEADROOM;
    return (int) Math.max(Math.floor(perSecond), Math.ceil(spaced));
  }

  /**
   * Counts a call going out now, when the last {@link #WINDOW} has room for it; for the {@link
   * RetryAfterGate}, right before the call goes out.
   *
   * @return zero when the call was counted; otherwise how long until the oldest call in the window
   *     leaves it, and nothing was counted
   */
  synchronized Duration admit() {
    long now = clock.millis();
    long leaves = sent[oldest] + WINDOW.toMillis();
    if (leaves > now) {
      return Duration.ofMillis(leaves - now);
    }
    sent[oldest] = now;
    long[] mine = lastAdmitted.get();
    mine[0] = oldest;
    mine[1] = now;
    oldest = (oldest + 1) % sent.length;
    return Duration.ZERO;
  }

  /**
   * A write of the call this thread was last let go for has returned: when that is later than the
   * call's time in the window, the call is counted at now instead, unless its slot was taken since.
   * A call's request may take several writes (a body larger than okio's buffer): each moves its
   * time on, so it ends at the last. A new connection's TLS handshake is written before its call is
   * let go and moves this thread's previous call on, which only makes the next call wait longer. A
   * slot may then hold a later time than the next one; {@link #admit} reads only the oldest slot,
   * so a call waits the longer for it, never less than the window asks.
   */
  void departed() {
    long[] mine = lastAdmitted.get();
    if (mine[0] < 0) {
      return;
    }
    long now = clock.millis();
    synchronized (this) {
      int slot = (int) mine[0];
      if (sent[slot] != mine[1]) {
        mine[0] = -1;
      } else if (now > mine[1]) {
        sent[slot] = now;
        mine[1] = now;
      }
    }
  }

  /**
   * Sockets that call {@link #departed} after each write, for the clients this limiter paces: the
   * moment a request's bytes were handed to the kernel, after whatever OkHttp, okio or TLS held
   * them for. Counted at OkHttp's {@code requestHeadersEnd} instead (before the body and the
   * flush), the service still went over the limit on the wire once or twice in a burst on two busy
   * cores.
   */
  public SocketFactory departures() {
    return new DepartureSocketFactory(this::departed);
  }

  /** Requests per second now permitted. */
  public synchronized double rate() {
    return rate;
  }

  /**
   * Takes the next free slot and says how long to wait for it.
   *
   * @throws RetryAfterGate.Closed when the slot is further away than a call may wait; no slot is
   *     taken then
   */
  synchronized Duration reserve() throws RetryAfterGate.Closed {
    Instant now = clock.instant();
    Instant slot = nextSlot.isAfter(now) ? nextSlot : now;
    Duration wait = Duration.between(now, slot);
    if (wait.compareTo(maxHold) > 0) {
      throw new RetryAfterGate.Closed(
          wait,
          "not sent: "
              + system
              + " is paced at "
              + String.format(Locale.ROOT, "%.1f", rate)
              + " requests/s (rate-limit) and its next free turn is "
              + Math.max(1, (wait.toMillis() + 999) / 1000)
              + "s away");
    }
    nextSlot = slot.plusNanos(Math.round(HEADROOM * 1e9 / rate));
    return wait;
  }

  /** Learns from one answer: its status and the headers named in the README. */
  synchronized void observe(int status, Function<String, String> header) {
    Instant now = clock.instant();
    if (status == 429) {
      if (PER_ISSUE_REASON.equals(header.apply("RateLimit-Reason"))) {
        // One issue was written too often; the site's limit is not the question.
        return;
      }
      Optional<Duration> retryAfter = RetryAfter.requested(status, header, clock);
      retryAfter.ifPresent(d -> pauseUntil(now.plus(d).plus(MARGIN)));
      // The 429s of calls sent together in the moment before count as one signal: halving once
      // per answer would take the rate to the floor after one crowded second.
      if (!now.isBefore(lastDecrease.plusSeconds(1))) {
        setRate(Math.max(ceiling * FLOOR_SHARE, rate / 2));
        lastDecrease = now;
      }
      lastChange = now;
      return;
    }
    if (followRemaining(now, header)) {
      return;
    }
    if (rate < ceiling && !now.isBefore(lastChange.plusSeconds(1))) {
      long seconds = Duration.between(lastChange, now).toSeconds();
      setRate(Math.min(ceiling, rate + ceiling * RECOVERY_SHARE * Math.min(seconds, 10)));
      lastChange = now;
    }
  }

  /**
   * Lowers the rate when the answer says little of the window is left: what is left, spread over
   * the time until the reset; with nothing left, a pause until the reset.
   */
  private boolean followRemaining(Instant now, Function<String, String> header) {
    Optional<Long> limit = number(first(header, "X-RateLimit-Limit", "X-Rate-Limit-Limit"));
    Optional<Long> remaining =
        number(first(header, "X-RateLimit-Remaining", "X-Rate-Limit-Remaining"));
    Optional<Instant> reset =
        RetryAfter.instant(first(header, "X-RateLimit-Reset", "X-Rate-Limit-Reset"));
    if (limit.isEmpty() || remaining.isEmpty() || reset.isEmpty() || limit.get() <= 0) {
      return false;
    }
    if (remaining.get() > limit.get() * LOW_SHARE || !reset.get().isAfter(now)) {
      return false;
    }
    if (remaining.get() == 0) {
      pauseUntil(reset.get());
    } else {
      double seconds = Duration.between(now, reset.get()).toMillis() / 1000.0;
      double sustainable = remaining.get() / seconds;
      if (sustainable < rate) {
        setRate(sustainable);
      }
    }
    lastChange = now;
    return true;
  }

  private void pauseUntil(Instant until) {
    if (until.isAfter(nextSlot)) {
      nextSlot = until;
    }
  }

  private void setRate(double perSecond) {
    rate = perSecond;
    HttpCallMetrics.global().permittedRate(system, perSecond);
  }

  private static String first(Function<String, String> header, String name, String other) {
    String value = header.apply(name);
    return value != null ? value : header.apply(other);
  }

  private static Optional<Long> number(String value) {
    if (value == null) {
      return Optional.empty();
    }
    try {
      long n = Long.parseLong(value.strip());
      return n < 0 ? Optional.empty() : Optional.of(n);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
