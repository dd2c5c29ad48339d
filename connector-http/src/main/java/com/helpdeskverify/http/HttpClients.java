package com.helpdeskverify.http;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Clock;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import retrofit2.Retrofit;
import retrofit2.converter.jackson.JacksonConverterFactory;

/** HTTP clients set up the same way for every adapter. */
public final class HttpClients {
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  /**
   * Connections a system's clients keep open while idle, for {@link #IDLE_KEPT}. OkHttp's default
   * pool keeps 5: with more calls than that to one system at once (up to 32 workers, the scans,
   * webhooks, a provider's status polls) every lull closed the rest, and the next calls opened new
   * connections, each with a TLS handshake: over TLS a 10,000-ticket burst went out at half the
   * pace it had on plain HTTP (BENCHMARKS.md, "A connection pool for bursts over TLS"). An idle
   * connection holds less heap than a held call over TLS (35 KiB, "Held long polls over TLS"), so
   * 64 of them at most about 2 MiB.
   */
  static final int IDLE_CONNECTIONS = 64;

  /**
   * How long an idle connection is kept for reuse: less than servers keep theirs (the JDK's HTTP
   * server 30 s, common proxies 60 s and more; OkHttp's own default, 5 minutes, is longer than
   * most). A server that closes an idle connection just as a call is written on it fails that call
   * with an I/O error after the request may have been read; the clients retry no {@code POST} on
   * such an error (a push or a comment could go twice), so a push failed that way escalates as
   * possibly sent. In a 10,000-ticket burst over TLS against the simulators two pushes went so, 35
   * s after the service started, when connections opened for its start-up checks could have been
   * idle that long (BENCHMARKS.md, "TLS hellos counted as requests, and issue 18's goals in one
   * session").
   */
  static final Duration IDLE_KEPT = Duration.ofSeconds(20);

  private HttpClients() {}

  /**
   * A client builder with the policy's timeouts, the shared retry behaviour, the system's {@link
   * RetryAfterGate}, its {@link RateLimiter} (when the policy has a rate limit) and call logging
   * for one system. Add the system's authentication interceptor to it. A system that needs several
   * clients derives them from one with {@code newBuilder()}, so that they share the gate and the
   * limiter.
   */
  public static OkHttpClient.Builder builder(String systemId, HttpPolicy policy, Clock clock) {
    OkHttpClient.Builder builder =
        new OkHttpClient.Builder()
            .connectTimeout(policy.connectTimeout())
            .readTimeout(policy.readTimeout())
            .writeTimeout(policy.readTimeout())
            // Room for every attempt and for every wait a Retry-After may ask between them: a call
            // cut
            // off while it waits is reported as one that may have taken effect.
            .callTimeout(
                policy
                    .readTimeout()
                    .multipliedBy(policy.maxAttempts() + 1L)
                    .plus(policy.maxHold().multipliedBy(policy.maxAttempts())))
            .retryOnConnectionFailure(false)
            .followRedirects(false)
            .connectionPool(
                new ConnectionPool(IDLE_CONNECTIONS, IDLE_KEPT.toMillis(), TimeUnit.MILLISECONDS))
            .addInterceptor(new CallLogInterceptor(systemId))
            .addInterceptor(new RetryInterceptor(policy, clock, new SplittableRandom()));
    RateLimiter limiter = null;
    if (policy.rateLimit() > 0) {
      // Outside the gate: a call first waits for its turn, then for the gate, which is looked at
      // the moment before the request goes out. The other way round, a call that passed the gate
      // and then waited for its turn went out after a 503/429 had closed the gate meanwhile
      // (FaultsIT caught it). On the system clock, not the given one: its waits are real sleeps and
      // must be measured in the time they pass in, also where the workflow runs on a clock that
      // tests move by hand.
      limiter = new RateLimiter(systemId, policy.rateLimit(), Clock.systemUTC(), policy.maxHold());
      builder.addNetworkInterceptor(limiter);
      // Counts a call again when its request's bytes have left, if that was later than it was let
      // go.
      builder.socketFactory(limiter.departures());
    }
    // A network interceptor: every attempt waits for the gate, looked at the moment before the
    // request goes out, and the gate closes the moment an answer comes in. It counts the call in
    // the limiter's send window after its own wait, right before the call goes out.
    builder.addNetworkInterceptor(
        limiter == null
            ? new RetryAfterGate(systemId, clock, policy.maxHold())
            : new RetryAfterGate(systemId, clock, policy.maxHold(), limiter::admit));
    return builder;
  }

  /** A Retrofit on {@code baseUrl} with lenient Jackson conversion. */
  public static Retrofit retrofit(String baseUrl, OkHttpClient client) {
    String base = baseUrl.endsWith("/") ? baseUrl : baseUrl + "/";
    return new Retrofit.Builder()
        .baseUrl(base)
        .client(client)
        .addConverterFactory(JacksonConverterFactory.create(JSON))
        .build();
  }

  /** The mapper the Retrofit converter uses, for building request bodies the same way. */
  public static ObjectMapper json() {
    return JSON;
  }
}
