package com.helpdeskverify.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.helpdeskverify.core.spi.PermanentFailure;
import com.helpdeskverify.core.spi.TransientFailure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import retrofit2.Call;
import retrofit2.http.Body;
import retrofit2.http.GET;
import retrofit2.http.POST;
import retrofit2.http.Path;
import retrofit2.http.Query;

@WireMockTest
class CallsTest {
  record Thing(String id, int size) {}

  interface Api {
    @GET("things/{id}")
    Call<Thing> thing(@Path("id") String id, @Query("token") String token);

    @POST("pushes")
    Call<Thing> push(@Body Thing thing);

    @POST("moves")
    Call<okhttp3.ResponseBody> move(@Body Thing thing);
  }

  private final List<Duration> waits = new ArrayList<>();
  private final Clock clock = Clock.fixed(Instant.parse("2026-11-02T09:00:00Z"), ZoneOffset.UTC);
  private Api api;

  @BeforeEach
  void setUp(WireMockRuntimeInfo wm) {
    // Generous read timeout: a loaded build machine must not turn a slow answer into a timeout.
    api = api(wm, Duration.ofSeconds(10));
  }

  private Api api(WireMockRuntimeInfo wm, Duration readTimeout) {
    HttpPolicy policy =
        new HttpPolicy(
            Duration.ofSeconds(2),
            readTimeout,
            3,
            Duration.ofMillis(100),
            Duration.ofSeconds(1),
            Duration.ofSeconds(10));
    OkHttpClient client =
        new OkHttpClient.Builder()
            .readTimeout(policy.readTimeout())
            .retryOnConnectionFailure(false)
            .addInterceptor(
                new RetryInterceptor(policy, clock, new SplittableRandom(1), waits::add))
            .build();
    return HttpClients.retrofit(wm.getHttpBaseUrl(), client).create(Api.class);
  }

  @Test
  void successfulAnswerGivesTheBodyAndIgnoresUnknownFields(WireMockRuntimeInfo wm) {
    wm.getWireMock()
        .register(
            get(urlPathEqualTo("/things/1"))
                .willReturn(okJson("{\"id\":\"1\",\"size\":3,\"extra\":true}")));

    assertThat(Calls.execute(api.thing("1", "t"), "jira", "GET thing"))
        .isEqualTo(new Thing("1", 3));
  }

  @Test
  void voidCallAnsweredWithCutJsonIsAMalformedAnswerNotASuccess(WireMockRuntimeInfo wm) {
    wm.getWireMock().register(post(urlPathEqualTo("/moves")).willReturn(okJson("{\"result\":{")));

    assertThatThrownBy(() -> Calls.executeVoid(api.move(new Thing("1", 1)), "jira", "POST move"))
        .isInstanceOfSatisfying(
            TransientFailure.class,
            f -> {
              assertThat(f.getMessage()).contains("malformed response");
              assertThat(f.mayHaveTakenEffect()).isTrue();
            });
  }

  @Test
  void voidCallAnsweredWithNoContentSucceeds(WireMockRuntimeInfo wm) {
    wm.getWireMock()
        .register(post(urlPathEqualTo("/moves")).willReturn(aResponse().withStatus(204)));

    Calls.executeVoid(api.move(new Thing("1", 1)), "jira", "POST move");
  }

  @Test
  void unavailableGetIsRetriedAndSucceeds(WireMockRuntimeInfo wm) {
    wm.getWireMock()
        .register(
            get(urlPathEqualTo("/things/1"))
                .inScenario("s")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503))
                .willSetStateTo("up"));
    wm.getWireMock()
        .register(
            get(urlPathEqualTo("/things/1"))
                .inScenario("s")
                .whenScenarioStateIs("up")
                .willReturn(okJson("{\"id\":\"1\",\"size\":3}")));

    assertThat(Calls.execute(api.thing("1", "t"), "jira", "GET thing").size()).isEqualTo(3);
    assertThat(waits).hasSize(1);
  }

  @Test
  void retryAfterIsWaitedForAtLeast(WireMockRuntimeInfo wm) {
    wm.getWireMock()
        .register(
            get(urlPathEqualTo("/things/1"))
                .inScenario("s")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "7"))
                .willSetStateTo("up"));
    wm.getWireMock()
        .register(
            get(urlPathEqualTo("/things/1"))
                .inScenario("s")
                .whenScenarioStateIs("up")
                .willReturn(okJson("{\"id\":\"1\",\"size\":3}")));

    Calls.execute(api.thing("1", "t"), "jira", "GET thing");

    assertThat(waits).containsExactly(Duration.ofSeconds(7));
  }

  @Test
  void retryAfterLongerThanThePolicyGoesUpToTheWorkflowAtOnce(WireMockRuntimeInfo wm) {
    wm.getWireMock()
        .register(
            get(urlPathEqualTo("/things/1"))
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "120")));

    assertThatThrownBy(() -> Calls.execute(api.thing("1", "t"), "jira", "GET thing"))
        .isInstanceOfSatisfying(
            TransientFailure.class,
            f -> {
              assertThat(f.retryAfter()).contains(Duration.ofSeconds(120));
              assertThat(f.mayHaveTakenEffect()).isFalse();
            });
    assertThat(waits).isEmpty();
  }

  @Test
  void underTheShippedPolicyA429IsDeferredAtOnceAndTheNextCallIsDeferredUnsent(
      WireMockRuntimeInfo wm) {
    // Retry-After: 2 with the gate's margin is longer than the shipped hold, so neither the call
    // that got it nor the next one waits in a worker.
    wm.getWireMock()
        .register(
            get(urlPathEqualTo("/things/1"))
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "2")));
    OkHttpClient client = HttpClients.builder("jira", HttpPolicy.defaults(), clock).build();
    Api shipped = HttpClients.retrofit(wm.getHttpBaseUrl(), client).create(Api.class);

    assertThatThrownBy(() -> Calls.execute(shipped.thing("1", "t"), "jira", "GET thing"))
        .isInstanceOfSatisfying(
            TransientFailure.class,
            f -> {
              assertThat(f.retryAfter()).contains(Duration.ofSeconds(2));
              assertThat(f.deferred()).isTrue();
            });
    assertThatThrownBy(() -> Calls.execute(shipped.thing("1", "t"), "jira", "GET thing"))
        .isInstanceOfSatisfying(
            TransientFailure.class,
            f -> {
              assertThat(f.deferred()).isTrue();
              assertThat(f.mayHaveTakenEffect()).isFalse();
              assertThat(f.retryAfter()).contains(Duration.ofMillis(2_100));
            });
    assertThat(wm.getWireMock().find(getRequestedFor(urlPathEqualTo("/things/1")))).hasSize(1);
  }

  @Test
  void serverErrorOnPostIsNotRepeatedBecauseItMayHaveTakenEffect(WireMockRuntimeInfo wm) {
    wm.getWireMock()
        .register(post(urlPathEqualTo("/pushes")).willReturn(aResponse().withStatus(500)));

    assertThatThrownBy(() -> Calls.execute(api.push(new Thing("x", 1)), "duo", "POST push"))
        .isInstanceOfSatisfying(
            TransientFailure.class, f -> assertThat(f.mayHaveTakenEffect()).isTrue());
    wm.getWireMock().verifyThat(1, postRequestedFor(urlPathEqualTo("/pushes")));
  }

  @Test
  void serviceUnavailableOnPostIsRepeatedBecauseNothingHappened(WireMockRuntimeInfo wm) {
    wm.getWireMock()
        .register(post(urlPathEqualTo("/pushes")).willReturn(aResponse().withStatus(503)));

    assertThatThrownBy(() -> Calls.execute(api.push(new Thing("x", 1)), "duo", "POST push"))
        .isInstanceOfSatisfying(
            TransientFailure.class, f -> assertThat(f.mayHaveTakenEffect()).isFalse());
    wm.getWireMock().verifyThat(3, postRequestedFor(urlPathEqualTo("/pushes")));
  }

  @Test
  void badCredentialsArePermanentWithAHintAndNoSecretFromTheQuery(WireMockRuntimeInfo wm) {
    wm.getWireMock()
        .register(
            get(urlPathEqualTo("/things/1"))
                .willReturn(
                    aResponse()
                        .withStatus(401)
                        .withBody("{\"error\":\"invalid token\",\"token\":\"abc123secret\"}")));

    assertThatThrownBy(
            () -> Calls.execute(api.thing("1", "s3cr3t-query-token"), "jira", "GET thing"))
        .isInstanceOf(PermanentFailure.class)
        .hasMessageContaining("jira GET thing: HTTP 401")
        .hasMessageContaining("/things/1")
        .hasMessageContaining("check the credentials")
        .hasMessageNotContaining("s3cr3t-query-token")
        .hasMessageNotContaining("abc123secret");
    wm.getWireMock().verifyThat(1, getRequestedFor(urlPathEqualTo("/things/1")));
  }

  @Test
  void notFoundIsEmptyWhereAbsenceIsAnAnswer(WireMockRuntimeInfo wm) {
    wm.getWireMock()
        .register(get(urlPathEqualTo("/things/9")).willReturn(aResponse().withStatus(404)));

    assertThat(Calls.executeOptional(api.thing("9", "t"), "jira", "GET thing"))
        .isEqualTo(Optional.empty());
  }

  @Test
  void malformedJsonIsATransientFailure(WireMockRuntimeInfo wm) {
    wm.getWireMock()
        .register(
            get(urlPathEqualTo("/things/1")).willReturn(okJson("{\"id\": \"1\", \"size\": ")));

    assertThatThrownBy(() -> Calls.execute(api.thing("1", "t"), "jira", "GET thing"))
        .isInstanceOf(TransientFailure.class)
        .hasMessageContaining("malformed response");
  }

  @Test
  void wrongJsonTypeIsATransientFailure(WireMockRuntimeInfo wm) {
    wm.getWireMock().register(get(urlPathEqualTo("/things/1")).willReturn(okJson("[1,2,3]")));

    assertThatThrownBy(() -> Calls.execute(api.thing("1", "t"), "jira", "GET thing"))
        .isInstanceOf(TransientFailure.class)
        .hasMessageContaining("malformed response");
  }

  @Test
  void connectionResetOnGetIsRetriedThenReported(WireMockRuntimeInfo wm) {
    wm.getWireMock()
        .register(
            get(urlPathEqualTo("/things/1"))
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

    assertThatThrownBy(() -> Calls.execute(api.thing("1", "t"), "jira", "GET thing"))
        .isInstanceOf(TransientFailure.class);
    wm.getWireMock().verifyThat(3, getRequestedFor(urlPathEqualTo("/things/1")));
  }

  @Test
  void readTimeoutOnPostIsReportedOnceAsMaybeTakenEffect(WireMockRuntimeInfo wm) {
    wm.getWireMock()
        .register(post(urlPathEqualTo("/pushes")).willReturn(okJson("{}").withFixedDelay(3000)));
    Api impatient = api(wm, Duration.ofMillis(300));

    assertThatThrownBy(() -> Calls.execute(impatient.push(new Thing("x", 1)), "duo", "POST push"))
        .isInstanceOfSatisfying(
            TransientFailure.class, f -> assertThat(f.mayHaveTakenEffect()).isTrue());
    wm.getWireMock().verifyThat(1, postRequestedFor(urlPathEqualTo("/pushes")));
  }

  @Test
  void refusedConnectionCertainlyDidNothing() {
    OkHttpClient client = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();
    Api dead = HttpClients.retrofit("http://127.0.0.1:1/", client).create(Api.class);

    assertThatThrownBy(() -> Calls.execute(dead.push(new Thing("x", 1)), "duo", "POST push"))
        .isInstanceOfSatisfying(
            TransientFailure.class, f -> assertThat(f.mayHaveTakenEffect()).isFalse());
  }
}
