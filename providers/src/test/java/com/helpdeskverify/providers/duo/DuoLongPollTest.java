package com.helpdeskverify.providers.duo;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.helpdeskverify.core.PushHandle;
import com.helpdeskverify.core.spi.IntegrationContext;
import com.helpdeskverify.core.spi.PushProvider;
import com.helpdeskverify.core.spi.PushStatus;
import com.helpdeskverify.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Duo's {@code auth_status} as Duo documents it, a long poll held until the status changes: held
 * polls occupy no caller's thread, do not delay another push's answer, and running out is "still
 * pending", never a failure on the circuit breaker.
 */
class DuoLongPollTest {
  private static final String IKEY = "DIWJ8X6AEYOR5OMC6TQ1";
  private static final String SKEY = "Zh5eGmUq9zpfQnyUIu5OL9iWoMMv5ZNmk3zLJ4Ep";
  private static final int HELD_MILLIS = 30_000;

  @RegisterExtension
  static WireMockExtension duo =
      WireMockExtension.newInstance()
          // Jetty closes a connection idle for 30 s by default: a held answer must outlast it.
          .options(wireMockConfig().dynamicPort().containerThreads(40).jettyIdleTimeout(120_000L))
          .build();

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T19:00:00Z"));

  /** An executor that must never be used: Duo's long poll needs no thread of the caller's. */
  private final AtomicInteger borrowed = new AtomicInteger();

  private final Executor noThreads = task -> borrowed.incrementAndGet();

  @Test
  void fivePushesHeldThirtySecondsHoldNoCallerThreadAndDoNotDelayANewPushsAnswer()
      throws Exception {
    for (int i = 1; i <= 5; i++) {
      stubStatus("held-" + i, "status-waiting.json", HELD_MILLIS);
    }
    stubStatus("fresh", "status-allow.json", 0);
    PushProvider provider = provider(Map.of("circuit-failures", 2));

    long started = System.nanoTime();
    List<CompletableFuture<PushStatus>> held = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      held.add(provider.statusAsync(new PushHandle("held-" + i), noThreads).toCompletableFuture());
    }
    long startingMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    PushStatus fresh =
        provider
            .statusAsync(new PushHandle("fresh"), noThreads)
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    long freshMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

    assertThat(startingMillis).as("asking five held polls returns at once").isLessThan(2_000);
    assertThat(fresh).isInstanceOf(PushStatus.Approved.class);
    assertThat(freshMillis).as("the new push waited behind no held poll").isLessThan(10_000);
    assertThat(held).noneMatch(CompletableFuture::isDone);
    assertThat(borrowed).hasValue(0);

    for (CompletableFuture<PushStatus> h : held) {
      assertThat(h.get(HELD_MILLIS + 20_000, TimeUnit.MILLISECONDS))
          .isInstanceOf(PushStatus.Pending.class);
    }
    duo.verify(
        5,
        getRequestedFor(urlPathEqualTo("/auth/v2/auth_status"))
            .withQueryParam("txid", matching("held-[1-5]")));
    // The circuit stayed closed: another question still reaches Duo.
    stubStatus("after", "status-allow.json", 0);
    assertThat(provider.status(new PushHandle("after"))).isInstanceOf(PushStatus.Approved.class);
  }

  @Test
  void longPollsRunningOutAreStillPendingAndNeverOpenTheCircuit() {
    stubStatus("held", "status-waiting.json", 2_000);
    PushProvider provider = provider(Map.of("status-read-timeout", "200ms", "circuit-failures", 1));

    for (int i = 0; i < 3; i++) {
      assertThat(provider.status(new PushHandle("held"))).isInstanceOf(PushStatus.Pending.class);
    }

    duo.verify(
        3,
        getRequestedFor(urlPathEqualTo("/auth/v2/auth_status"))
            .withQueryParam("txid", equalTo("held")));
  }

  @Test
  void heldPollIsNotRetriedInsideTheCall() {
    stubStatus("held", "status-waiting.json", 2_000);
    PushProvider provider = provider(Map.of("status-read-timeout", "200ms", "max-attempts", 3));

    assertThat(provider.status(new PushHandle("held"))).isInstanceOf(PushStatus.Pending.class);

    duo.verify(1, getRequestedFor(urlPathEqualTo("/auth/v2/auth_status")));
  }

  @Test
  void abandoningAStatusCallCancelsTheHttpCall() throws Exception {
    stubStatus("held", "status-waiting.json", 5_000);
    PushProvider provider = provider(Map.of());
    CompletableFuture<PushStatus> call =
        provider.statusAsync(new PushHandle("held"), noThreads).toCompletableFuture();
    long deadline = System.currentTimeMillis() + 5_000;
    while (duo.getAllServeEvents().isEmpty() && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }

    call.cancel(true);

    assertThat(call).isCancelled();
    assertThat(borrowed).hasValue(0);
  }

  @Test
  void serverErrorOfALongPollIsAFailureThatCountsOnTheCircuit() {
    duo.stubFor(
        get(urlPathEqualTo("/auth/v2/auth_status")).willReturn(aResponse().withStatus(500)));
    PushProvider provider = provider(Map.of("circuit-failures", 1, "circuit-open-for", "30s"));
    CompletableFuture<PushStatus> first =
        provider.statusAsync(new PushHandle("x"), noThreads).toCompletableFuture();
    assertThat(first).failsWithin(Duration.ofSeconds(10));
    int calls = duo.getAllServeEvents().size();

    CompletableFuture<PushStatus> second =
        provider.statusAsync(new PushHandle("x"), noThreads).toCompletableFuture();

    assertThat(second).failsWithin(Duration.ofSeconds(1));
    assertThat(duo.getAllServeEvents()).hasSize(calls);
  }

  private static void stubStatus(String txid, String fixture, int delayMillis) {
    duo.stubFor(
        get(urlPathEqualTo("/auth/v2/auth_status"))
            .withQueryParam("txid", equalTo(txid))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(DuoPushProviderTest.fixture(fixture))
                    .withFixedDelay(delayMillis)));
  }

  private PushProvider provider(Map<String, Object> overrides) {
    Map<String, Object> raw = new HashMap<>();
    raw.put("base-url", duo.baseUrl());
    raw.put("integration-key", IKEY);
    raw.put("secret-key", SKEY);
    raw.put("max-attempts", 1);
    raw.putAll(overrides);
    DuoPushProviderFactory factory = new DuoPushProviderFactory();
    return factory.create(
        "duo-main",
        factory.config().parse("providers.duo-main", raw),
        new IntegrationContext(clock, new SplittableRandom(7), (key, expiresAt) -> true));
  }
}
