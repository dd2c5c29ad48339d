package com.helpdeskverify.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.helpdeskverify.simulators.SimulatedApi.Conditions;
import com.helpdeskverify.simulators.SimulatedApi.Exchange;
import com.helpdeskverify.simulators.SimulatedJira;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * A burst of calls from several workers against the Jira simulator, which answers 429 with {@code
 * Retry-After: 1} beyond 20 requests in any second: with the limiter set to that limit, not one
 * 429; without it, the same burst meets the limit (so the first test can fail). And the same burst
 * from callers that wake late, as after a collection or on a busy core: they go out in a clump,
 * which only the limiter's send window keeps from meeting the limit.
 */
class RateLimiterAgainstSimulatedApiTest {
  private static final int LIMIT = 20;
  private static final int CALLS = 60;
  private static final int WORKERS = 8;

  /** Long enough for several turns (one every 52.5 ms at 20/s), fewer than the workers. */
  private static final Duration STALL = Duration.ofMillis(400);

  @Test
  void aBurstPacedAtTheServersLimitGetsNo429() throws Exception {
    List<Exchange> exchanges = burst(LIMIT);

    assertThat(exchanges).hasSize(CALLS);
    assertThat(exchanges).extracting(Exchange::status).doesNotContain(429);
  }

  @Test
  void theSameBurstWithoutTheLimiterMeetsTheServersLimit() throws Exception {
    List<Exchange> exchanges = burst(0);

    assertThat(exchanges).extracting(Exchange::status).contains(429);
  }

  @Test
  void callersWakingLateTogetherStillGetNo429FromTheSendWindow() throws Exception {
    List<Exchange> exchanges = stalledBurst(true);

    assertThat(exchanges).hasSize(CALLS);
    assertThat(exchanges).extracting(Exchange::status).doesNotContain(429);
  }

  @Test
  void callersWakingLateTogetherMeetTheLimitWithSpacingAlone() throws Exception {
    List<Exchange> exchanges = stalledBurst(false);

    assertThat(exchanges).extracting(Exchange::status).contains(429);
  }

  /**
   * The burst at the server's limit, paced by a limiter whose callers all wake at once at the end
   * of a {@link #STALL} a second into the burst: every turn that falls in it goes out with the
   * first turn after it.
   *
   * @param window whether the gate counts calls in the limiter's send window, as {@link
   *     HttpClients#builder} wires them
   */
  private static List<Exchange> stalledBurst(boolean window) throws Exception {
    Clock clock = Clock.systemUTC();
    try (SimulatedJira jira = new SimulatedJira(clock)) {
      jira.conditions(Conditions.NORMAL.withRateLimit(LIMIT));
      Instant stallFrom = clock.instant().plusSeconds(1);
      Instant stallTo = stallFrom.plus(STALL);
      Sleeper late =
          d -> {
            Instant wake = clock.instant().plus(d);
            boolean stalled = !wake.isBefore(stallFrom) && wake.isBefore(stallTo);
            long left = Duration.between(clock.instant(), stalled ? stallTo : wake).toMillis();
            Thread.sleep(Math.max(0, left));
          };
      Duration hold = Duration.ofSeconds(10);
      RateLimiter limiter = new RateLimiter("jira-stalled", LIMIT, clock, hold, late);
      RetryAfterGate gate =
          window
              ? new RetryAfterGate("jira-stalled", clock, hold, limiter::admit, Sleeper.REAL)
              : new RetryAfterGate("jira-stalled", clock, hold);
      OkHttpClient client =
          new OkHttpClient.Builder()
              .retryOnConnectionFailure(false)
              .addNetworkInterceptor(limiter)
              .addNetworkInterceptor(gate)
              .build();
      return callAll(jira, client);
    }
  }

  private static List<Exchange> burst(double rateLimit) throws Exception {
    Clock clock = Clock.systemUTC();
    try (SimulatedJira jira = new SimulatedJira(clock)) {
      jira.conditions(Conditions.NORMAL.withRateLimit(LIMIT));
      HttpPolicy policy =
          new HttpPolicy(
              Duration.ofSeconds(5),
              Duration.ofSeconds(20),
              1,
              Duration.ofMillis(250),
              Duration.ofSeconds(4),
              Duration.ofSeconds(10),
              rateLimit);
      return callAll(jira, HttpClients.builder("jira-burst", policy, clock).build());
    }
  }

  /** {@link #CALLS} calls from {@link #WORKERS} workers at once; the server's journal of them. */
  private static List<Exchange> callAll(SimulatedJira jira, OkHttpClient client) throws Exception {
    String url = jira.baseUrl().resolve("rest/api/3/myself").toString();
    ExecutorService workers = Executors.newFixedThreadPool(WORKERS);
    try {
      List<Future<Integer>> calls = new ArrayList<>();
      for (int i = 0; i < CALLS; i++) {
        calls.add(
            workers.submit(
                () -> {
                  try (Response response =
                      client.newCall(new Request.Builder().url(url).build()).execute()) {
                    return response.code();
                  }
                }));
      }
      for (Future<Integer> call : calls) {
        call.get();
      }
    } finally {
      workers.shutdownNow();
      client.dispatcher().executorService().shutdown();
      client.connectionPool().evictAll();
    }
    return jira.exchanges();
  }
}
