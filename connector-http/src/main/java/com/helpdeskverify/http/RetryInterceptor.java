package com.helpdeskverify.http;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Retries a call a few times within the call: 429 and 503 (the server did not process it) and
 * connection failures always; 500, 502, 504 and read timeouts only for idempotent requests, because
 * a repeated POST could prompt a user twice or post a comment twice. Waits with jittered
 * exponential backoff, and never less than the server's {@code Retry-After}; when that is longer
 * than the policy allows, the answer goes up at once with its {@code Retry-After} for the workflow
 * to honour.
 */
public final class RetryInterceptor implements Interceptor {
  private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "PUT", "DELETE", "OPTIONS");

  private final HttpPolicy policy;
  private final Clock clock;
  private final RandomGenerator random;
  private final Sleeper sleeper;

  public RetryInterceptor(HttpPolicy policy, Clock clock, RandomGenerator random) {
    this(policy, clock, random, Sleeper.REAL);
  }

  RetryInterceptor(HttpPolicy policy, Clock clock, RandomGenerator random, Sleeper sleeper) {
    this.policy = policy;
    this.clock = clock;
    this.random = random;
    this.sleeper = sleeper;
  }

  /** Marks a POST as safe to repeat (the API deduplicates it), e.g. a status query sent as POST. */
  public static Request idempotent(Request request) {
    return request.newBuilder().tag(Idempotent.class, Idempotent.INSTANCE).build();
  }

  /** Tag type of {@link #idempotent}. */
  public enum Idempotent {
    INSTANCE
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    boolean idempotent =
        IDEMPOTENT.contains(request.method()) || request.tag(Idempotent.class) != null;
    for (int attempt = 1; ; attempt++) {
      boolean last = attempt >= policy.maxAttempts();
      Response response;
      try {
        response = chain.proceed(request);
      } catch (RetryAfterGate.Closed e) {
        throw e; // the system asked for longer than a call may wait: the workflow reschedules
      } catch (IOException e) {
        boolean notSent =
            e instanceof ConnectException
                || e instanceof UnknownHostException
                || e instanceof NoRouteToHostException;
        if (last || !(notSent || idempotent)) {
          throw e;
        }
        pause(backoff(attempt));
        continue;
      }
      int code = response.code();
      boolean unprocessed = code == 429 || code == 503;
      boolean retryable =
          unprocessed || (idempotent && (code == 500 || code == 502 || code == 504));
      if (!retryable || last) {
        return response;
      }
      Optional<Duration> retryAfter = RetryAfter.parse(response.header("Retry-After"), clock);
      // The gate closes for the Retry-After plus its margin; a call retried here would wait that
      // long for it, so the same sum decides whether this call may wait or hands the 429 up.
      if (retryAfter.isPresent()
          && retryAfter.get().plus(RetryAfterGate.MARGIN).compareTo(policy.maxHold()) > 0) {
        return response;
      }
      Duration wait = backoff(attempt);
      if (retryAfter.isPresent() && retryAfter.get().compareTo(wait) > 0) {
        wait = retryAfter.get();
      }
      response.close();
      pause(wait);
    }
  }

  private Duration backoff(int attempt) {
    long base = policy.retryBase().toMillis() << Math.min(attempt - 1, 20);
    long capped = Math.min(base, policy.retryMax().toMillis());
    return Duration.ofMillis((long) (capped * (0.5 + random.nextDouble() * 0.5)));
  }

  private void pause(Duration d) throws IOException {
    try {
      sleeper.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting to retry");
    }
  }
}
