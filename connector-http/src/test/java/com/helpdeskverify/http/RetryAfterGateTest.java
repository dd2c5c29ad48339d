package com.helpdeskverify.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.helpdeskverify.core.spi.TransientFailure;
import com.helpdeskverify.testkit.MutableClock;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import retrofit2.Call;
import retrofit2.http.GET;

@WireMockTest
class RetryAfterGateTest {
  interface Api {
    @GET("things")
    Call<Object> things();
  }

  /** Moved forward by the recorded waits: waiting takes no real time. */
  private final MutableClock clock = MutableClock.at("2026-11-02T09:00:00Z");

  private final List<Duration> waits = new ArrayList<>();
  private final RetryAfterGate gate =
      new RetryAfterGate(
          "jira",
          clock,
          Duration.ofSeconds(10),
          () -> Duration.ZERO,
          d -> {
            waits.add(d);
            clock.advance(d);
          });
  private final OkHttpClient client =
      new OkHttpClient.Builder().retryOnConnectionFailure(false).addInterceptor(gate).build();
  private String base;

  @BeforeEach
  void stubs(WireMockRuntimeInfo wm) {
    base = wm.getHttpBaseUrl();
    wm.getWireMock().register(get(urlPathEqualTo("/things")).willReturn(okJson("[]")));
    wm.getWireMock()
        .register(
            get(urlPathEqualTo("/busy"))
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3")));
    wm.getWireMock()
        .register(
            get(urlPathEqualTo("/down"))
                .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "120")));
    wm.getWireMock()
        .register(get(urlPathEqualTo("/plain-busy")).willReturn(aResponse().withStatus(429)));
  }

  private int call(String path) throws IOException {
    try (Response r = client.newCall(new Request.Builder().url(base + path).build()).execute()) {
      return r.code();
    }
  }

  @Test
  void callAfterA429IsHeldUntilItsRetryAfterHasPassed(WireMockRuntimeInfo wm) throws IOException {
    call("/busy");

    assertThat(call("/things")).isEqualTo(200);

    assertThat(waits).containsExactly(Duration.ofSeconds(3).plus(RetryAfterGate.MARGIN));
    wm.getWireMock().verifyThat(1, getRequestedFor(urlPathEqualTo("/things")));
  }

  @Test
  void oneWaitIsEnoughEvenWhenTheClockStandsStill() throws IOException {
    List<Duration> held = new ArrayList<>();
    RetryAfterGate still =
        new RetryAfterGate(
            "jira",
            Clock.fixed(Instant.parse("2026-11-02T09:00:00Z"), ZoneOffset.UTC),
            Duration.ofSeconds(10),
            () -> Duration.ZERO,
            held::add);
    OkHttpClient c =
        new OkHttpClient.Builder().retryOnConnectionFailure(false).addInterceptor(still).build();
    c.newCall(new Request.Builder().url(base + "/busy").build()).execute().close();

    try (Response r = c.newCall(new Request.Builder().url(base + "/things").build()).execute()) {
      assertThat(r.code()).isEqualTo(200);
    }
    assertThat(held).containsExactly(Duration.ofSeconds(3).plus(RetryAfterGate.MARGIN));
  }

  @Test
  void aCallTheGateHeldIsCountedInTheSendWindowWhenItLeavesNotBefore() throws IOException {
    List<Instant> asked = new ArrayList<>();
    RetryAfterGate counted = gateWithWindow(() -> windowAsked(asked, Duration.ZERO));
    Instant closed = clock.instant();
    counted.closeFor(Duration.ofSeconds(2));

    callThrough(counted, "/things");

    assertThat(waits).containsExactly(Duration.ofSeconds(2).plus(RetryAfterGate.MARGIN));
    assertThat(asked).containsExactly(closed.plus(waits.get(0)));
  }

  @Test
  void aCallWaitingForRoomInTheWindowLooksAtTheGateAgainBeforeItGoes() throws IOException {
    List<Instant> asked = new ArrayList<>();
    RetryAfterGate[] counted = new RetryAfterGate[1];
    Instant start = clock.instant();
    counted[0] =
        gateWithWindow(
            () -> {
              if (!asked.isEmpty()) {
                return windowAsked(asked, Duration.ZERO);
              }
              // While this call waits for room, another call's 429 closes the gate for a second.
              counted[0].closeFor(Duration.ofSeconds(1));
              return windowAsked(asked, Duration.ofMillis(300));
            });

    callThrough(counted[0], "/things");

    // 300 ms for room, then the rest of the gate's 1.1 s, then counted as it goes.
    assertThat(waits).containsExactly(Duration.ofMillis(300), Duration.ofMillis(800));
    assertThat(asked).containsExactly(start, start.plusMillis(1100));
  }

  private Duration windowAsked(List<Instant> asked, Duration answer) {
    asked.add(clock.instant());
    return answer;
  }

  private RetryAfterGate gateWithWindow(Supplier<Duration> window) {
    return new RetryAfterGate(
        "jira",
        clock,
        Duration.ofSeconds(10),
        window,
        d -> {
          waits.add(d);
          clock.advance(d);
        });
  }

  private void callThrough(RetryAfterGate g, String path) throws IOException {
    OkHttpClient c =
        new OkHttpClient.Builder().retryOnConnectionFailure(false).addInterceptor(g).build();
    c.newCall(new Request.Builder().url(base + path).build()).execute().close();
  }

  @Test
  void callsPassAtOnceWhenTheRetryAfterHasAlreadyPassed() throws IOException {
    call("/busy");
    clock.advance(Duration.ofSeconds(3).plus(RetryAfterGate.MARGIN));

    call("/things");

    assertThat(waits).isEmpty();
    assertThat(gate.remaining()).isZero();
  }

  @Test
  void waitLongerThanTheHoldFailsAtOnceUnsentWithTheTimeLeft(WireMockRuntimeInfo wm)
      throws IOException {
    call("/down");
    clock.advance(Duration.ofSeconds(20));

    assertThatThrownBy(() -> call("/things"))
        .isInstanceOfSatisfying(
            RetryAfterGate.Closed.class,
            e ->
                assertThat(e.retryAfter())
                    .isEqualTo(Duration.ofSeconds(100).plus(RetryAfterGate.MARGIN)));
    assertThat(waits).isEmpty();
    wm.getWireMock().verifyThat(0, getRequestedFor(urlPathEqualTo("/things")));
  }

  @Test
  void aShorterRetryAfterNeverShortensALongerOne() throws IOException {
    // As when a call already under way when the gate closed comes back with a shorter one.
    call("/down");
    gate.closeFor(Duration.ofSeconds(3));

    assertThat(gate.remaining()).isEqualTo(Duration.ofSeconds(120).plus(RetryAfterGate.MARGIN));
  }

  @Test
  void anOkta429WithOnlyItsResetClosesTheGateUntilTheResetAndCarriesItUp(WireMockRuntimeInfo wm)
      throws IOException {
    wm.getWireMock()
        .register(
            get(urlPathEqualTo("/okta-busy"))
                .willReturn(
                    aResponse()
                        .withStatus(429)
                        .withHeader("X-Rate-Limit-Limit", "600")
                        .withHeader("X-Rate-Limit-Remaining", "0")
                        .withHeader(
                            "X-Rate-Limit-Reset",
                            Long.toString(clock.instant().plusSeconds(4).getEpochSecond()))));

    try (Response r =
        client.newCall(new Request.Builder().url(base + "/okta-busy").build()).execute()) {
      // Handed up as the Retry-After it stands for: the retry within the call and Calls read it.
      assertThat(r.header("Retry-After")).isEqualTo("4");
    }
    assertThat(call("/things")).isEqualTo(200);

    assertThat(waits).containsExactly(Duration.ofSeconds(4).plus(RetryAfterGate.MARGIN));
  }

  @Test
  void aJira429WithOnlyAnIsoResetClosesTheGateUntilTheReset(WireMockRuntimeInfo wm)
      throws IOException {
    wm.getWireMock()
        .register(
            get(urlPathEqualTo("/jira-busy"))
                .willReturn(
                    aResponse()
                        .withStatus(429)
                        .withHeader("X-RateLimit-Reset", "2026-11-02T09:00:06Z")));

    call("/jira-busy");

    assertThat(gate.remaining()).isEqualTo(Duration.ofSeconds(6).plus(RetryAfterGate.MARGIN));
  }

  @Test
  void aResetAlreadyPassedStillAsksForASecond(WireMockRuntimeInfo wm) throws IOException {
    wm.getWireMock()
        .register(
            get(urlPathEqualTo("/late-reset"))
                .willReturn(
                    aResponse()
                        .withStatus(429)
                        .withHeader(
                            "X-Rate-Limit-Reset",
                            Long.toString(clock.instant().minusSeconds(5).getEpochSecond()))));

    call("/late-reset");

    assertThat(gate.remaining()).isEqualTo(Duration.ofSeconds(1).plus(RetryAfterGate.MARGIN));
  }

  @Test
  void refusalWithoutRetryAfterLeavesTheGateOpen() throws IOException {
    call("/plain-busy");

    assertThat(gate.remaining()).isZero();
  }

  @Test
  void callsRefusedByTheGateAreTransientFailuresThatTookNoEffect() throws IOException {
    call("/down");
    Api api = HttpClients.retrofit(base, client).create(Api.class);

    assertThatThrownBy(() -> Calls.execute(api.things(), "jira", "GET things"))
        .isInstanceOfSatisfying(
            TransientFailure.class,
            f -> {
              assertThat(f.retryAfter())
                  .contains(Duration.ofSeconds(120).plus(RetryAfterGate.MARGIN));
              assertThat(f.mayHaveTakenEffect()).isFalse();
              assertThat(f.getMessage()).contains("not sent").contains("121s");
            });
  }

  @Test
  void everyClientOfASystemSharesItsGate(WireMockRuntimeInfo wm) throws IOException {
    OkHttpClient first =
        HttpClients.builder("servicenow", HttpPolicy.defaults(), Clock.systemUTC()).build();
    OkHttpClient derived = first.newBuilder().build();
    first.newCall(new Request.Builder().url(base + "/down").build()).execute().close();

    Api api = HttpClients.retrofit(base, derived).create(Api.class);

    assertThatThrownBy(() -> Calls.execute(api.things(), "servicenow", "GET things"))
        .isInstanceOfSatisfying(
            TransientFailure.class,
            f -> assertThat(f.retryAfter()).hasValueSatisfying(d -> assertThat(d).isPositive()));
    wm.getWireMock().verifyThat(0, getRequestedFor(urlPathEqualTo("/things")));
  }

  @Test
  void repeated429sAreWarnedOnceNamingTheSystemButNotTheUrl() throws IOException {
    java.util.logging.Logger jul =
        java.util.logging.Logger.getLogger(RateLimitWatch.class.getName());
    List<String> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.logging.Handler handler =
        new java.util.logging.Handler() {
          @Override
          public void publish(java.util.logging.LogRecord r) {
            warnings.add(java.text.MessageFormat.format(r.getMessage(), r.getParameters()));
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    jul.addHandler(handler);
    try {
      for (int i = 0; i < 8; i++) {
        assertThat(call("/plain-busy?api_key=s3cr3t")).isEqualTo(429);
      }
    } finally {
      jul.removeHandler(handler);
    }

    assertThat(warnings)
        .singleElement()
        .satisfies(
            w ->
                assertThat(w)
                    .startsWith("jira answered 429 (rate limited) 6 times")
                    .doesNotContain("s3cr3t")
                    .doesNotContain("plain-busy"));
  }
}
