package com.helpdeskverify.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.helpdeskverify.simulators.SimulatedApi.Conditions;
import com.helpdeskverify.simulators.SimulatedApi.Exchange;
import com.helpdeskverify.simulators.SimulatedJira;
import java.time.Clock;
import java.time.Duration;
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
 * 429; without it, the same burst meets the limit (so the first test can fail).
 */
class RateLimiterAgainstSimulatedApiTest {
  private static final int LIMIT = 20;
  private static final int CALLS = 60;
  private static final int WORKERS = 8;

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
      OkHttpClient client = HttpClients.builder("jira-burst", policy, clock).build();
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
}
