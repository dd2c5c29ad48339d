package com.helpdeskverify.simulators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.helpdeskverify.simulators.SimulatedApi.Conditions;
import com.helpdeskverify.simulators.SimulatedApi.Exchange;
import com.helpdeskverify.simulators.SimulatedApi.Fault;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import okhttp3.ConnectionPool;
import okhttp3.FormBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The reliability tests and benchmarks rely on the simulators failing the way real APIs fail, as an
 * HTTP client sees it; these tests hold each failure to that.
 */
class SimulatedApiConditionsTest {
  private final SimulatedDuo duo = newDuo();
  private final OkHttpClient client =
      new OkHttpClient.Builder()
          .readTimeout(Duration.ofSeconds(2))
          .retryOnConnectionFailure(false)
          .build();

  @AfterEach
  void close() {
    duo.close();
  }

  @Test
  void rateLimitAnswers429WithRetryAfterBeyondTheLimitAndDoesNoWork() throws IOException {
    duo.conditions(Conditions.NORMAL.withRateLimit(2));
    int[] codes = new int[3];
    for (int i = 0; i < 3; i++) {
      try (Response r = client.newCall(auth()).execute()) {
        codes[i] = r.code();
        if (i == 2) {
          assertThat(r.header("Retry-After")).isEqualTo("1");
        }
      }
    }
    assertThat(codes).containsExactly(200, 200, 429);
    assertThat(duo.pushCount()).isEqualTo(2);
    assertThat(duo.exchanges()).extracting(Exchange::processed).containsExactly(true, true, false);
  }

  @Test
  void connectionResetReachesTheClientAsAnIoFailure() {
    duo.conditions(Conditions.NORMAL.withFaults(1, Set.of(Fault.CONNECTION_RESET), 7));
    assertThatThrownBy(() -> client.newCall(auth()).execute().close())
        .isInstanceOf(IOException.class);
  }

  @Test
  void readTimeoutHoldsTheAnswerPastTheClientsPatience() {
    duo.conditions(
        Conditions.NORMAL
            .withHold(Duration.ofSeconds(5))
            .withFaults(1, Set.of(Fault.READ_TIMEOUT), 7));
    assertThatThrownBy(() -> client.newCall(auth()).execute().close())
        .isInstanceOf(SocketTimeoutException.class);
  }

  @Test
  void malformedJsonIsAn200WithACutBody() throws IOException {
    duo.conditions(Conditions.NORMAL.withFaults(1, Set.of(Fault.MALFORMED_JSON), 7));
    try (Response r = client.newCall(check()).execute()) {
      String body = r.body().string();
      assertThat(r.code()).isEqualTo(200);
      assertThat(body).startsWith("{").doesNotEndWith("}");
    }
  }

  @Test
  void unavailableAsksToRetryAfterAndDoesNoWork() throws IOException {
    duo.conditions(
        Conditions.NORMAL
            .withRetryAfter(Duration.ofSeconds(2))
            .withFaults(1, Set.of(Fault.UNAVAILABLE), 7));
    try (Response r = client.newCall(auth()).execute()) {
      assertThat(r.code()).isEqualTo(503);
      assertThat(r.header("Retry-After")).isEqualTo("2");
    }
    assertThat(duo.pushCount()).isZero();
  }

  @Test
  void faultsThatMayFollowTheWorkSometimesDoIt() throws IOException {
    duo.conditions(Conditions.NORMAL.withFaults(1, Set.of(Fault.SERVER_ERROR), 11));
    for (int i = 0; i < 40; i++) {
      client.newCall(auth()).execute().close();
    }
    long processed = duo.exchanges().stream().filter(Exchange::processed).count();
    assertThat(processed).isBetween(5L, 35L).isEqualTo(duo.pushCount());
  }

  @Test
  void latencyDelaysEveryAnswer() throws Exception {
    duo.conditions(Conditions.NORMAL.withLatency(Duration.ofMillis(50)));
    client.newCall(check()).execute().close();
    // The journal is written after the answer has gone out, so it may lag the client a little.
    Instant giveUp = Instant.now().plusSeconds(10);
    while (duo.exchanges().isEmpty() && Instant.now().isBefore(giveUp)) {
      Thread.sleep(5);
    }
    Exchange e = duo.exchanges().get(0);
    assertThat(Duration.between(e.received(), e.answered()))
        .isGreaterThanOrEqualTo(Duration.ofMillis(50));
  }

  /**
   * A request is counted against the limit when it came, not when a thread of the server got to it:
   * here the only thread is busy for 1.2 s with the first request when the second comes 100 ms
   * after it. Counted when its handler started (1.2 s after the first), the second would pass.
   */
  @Test
  void aRequestIsCountedWhenItCameNotWhenAThreadWasFreeForIt() throws Exception {
    try (SimulatedApi oneThread = new OneThreadApi()) {
      oneThread.conditions(Conditions.NORMAL.withRateLimit(1).withLatency(Duration.ofMillis(1200)));
      Request first =
          new Request.Builder().url(oneThread.baseUrl().resolve("/a").toString()).build();
      Request second =
          new Request.Builder().url(oneThread.baseUrl().resolve("/b").toString()).build();
      OkHttpClient patient = client.newBuilder().readTimeout(Duration.ofSeconds(5)).build();
      CompletableFuture<Integer> a = CompletableFuture.supplyAsync(() -> code(patient, first));
      Thread.sleep(100);
      // A connection of its own: the first's is busy until its answer.
      OkHttpClient other = patient.newBuilder().connectionPool(new ConnectionPool()).build();
      assertThat(code(other, second)).isEqualTo(429);
      assertThat(a.get()).isEqualTo(200);
      Exchange b =
          oneThread.exchanges().stream()
              .filter(e -> e.path().equals("/b"))
              .findFirst()
              .orElseThrow();
      Exchange f =
          oneThread.exchanges().stream()
              .filter(e -> e.path().equals("/a"))
              .findFirst()
              .orElseThrow();
      assertThat(Duration.between(f.received(), b.received())).isLessThan(Duration.ofMillis(1000));
    }
  }

  /**
   * Handler threads may get to requests in another order than they came: each is counted against
   * the second before it came, not against a request that came after it and was counted first.
   */
  @Test
  void aRequestCountedLateIsCountedAgainstTheSecondBeforeItCame() {
    Conditions twoASecond = Conditions.NORMAL.withRateLimit(2);
    Instant t = Instant.parse("2026-12-05T12:00:00Z");
    assertThat(duo.admit(twoASecond, t.plusMillis(1000))).isNull();
    assertThat(duo.admit(twoASecond, t.plusMillis(1990))).isNull();
    assertThat(duo.admit(twoASecond, t.plusMillis(995))).isNull();
    // 995, 1,000 and 1,990 all came within the second before 1,994.
    assertThat(duo.admit(twoASecond, t.plusMillis(1994))).isEqualTo(Fault.TOO_MANY_REQUESTS);
    assertThat(duo.admit(twoASecond, t.plusMillis(2001))).isNull();
  }

  /** Answers every request with an empty object, one at a time. */
  private static final class OneThreadApi extends SimulatedApi {
    OneThreadApi() throws IOException {
      super(1);
    }

    @Override
    Response answer(SimulatedApi.Request request) {
      return new SimulatedApi.Response(200, Map.of(), Map.of());
    }
  }

  private static int code(OkHttpClient c, Request r) {
    try (Response response = c.newCall(r).execute()) {
      return response.code();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Request auth() {
    return new Request.Builder()
        .url(duo.baseUrl().resolve("/auth/v2/auth").toString())
        .post(new FormBody.Builder().add("username", "ann").add("factor", "push").build())
        .build();
  }

  private Request check() {
    return new Request.Builder().url(duo.baseUrl().resolve("/auth/v2/check").toString()).build();
  }

  private static SimulatedDuo newDuo() {
    try {
      return new SimulatedDuo(Clock.systemUTC());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
