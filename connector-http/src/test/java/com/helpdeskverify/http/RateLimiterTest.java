package com.helpdeskverify.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.helpdeskverify.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
  private final MutableClock clock = MutableClock.at("2026-12-03T12:00:00Z");
  private final RateLimiter limiter =
      new RateLimiter("jira", 10, clock, Duration.ofSeconds(10), d -> clock.advance(d));

  private static Function<String, String> headers(Map<String, String> values) {
    return values::get;
  }

  private static final Function<String, String> NONE = name -> null;

  @Test
  void callsAtOnceAreSpacedOneIntervalApartWithHeadroom() throws Exception {
    List<Duration> waits = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      waits.add(limiter.reserve());
    }

    // 10/s with 5 % headroom: 105 ms apart.
    assertThat(waits)
        .containsExactly(
            Duration.ZERO, Duration.ofMillis(105), Duration.ofMillis(210), Duration.ofMillis(315));
  }

  @Test
  void theSendWindowHoldsTheServersLimitWhichTheSpacingAloneNeverFills() {
    assertThat(RateLimiter.windowCap(100)).isEqualTo(100);
    assertThat(RateLimiter.windowCap(20)).isEqualTo(20);
    assertThat(RateLimiter.windowCap(10)).isEqualTo(10);
    // Spaced, 1.04 s hold 1.49 calls at 1.5/s and 0.5 at 0.5/s.
    assertThat(RateLimiter.windowCap(1.5)).isEqualTo(2);
    assertThat(RateLimiter.windowCap(0.5)).isEqualTo(1);
    for (double rate : new double[] {0.5, 1, 1.5, 2.5, 10, 20, 99.5, 100, 1000}) {
      double spacedInWindow = rate / RateLimiter.HEADROOM * RateLimiter.WINDOW.toMillis() / 1000.0;
      assertThat((double) RateLimiter.windowCap(rate))
          .as("rate %s", rate)
          .isGreaterThan(spacedInWindow);
    }
  }

  @Test
  void callsGoingOutTogetherAfterAStallAreCountedAndTheOneTooManyWaitsForTheOldestToLeave() {
    // 10/s: at most 10 calls in any 1,040 ms, however late their turns let them go.
    for (int i = 0; i < 10; i++) {
      assertThat(limiter.admit()).isZero();
    }
    assertThat(limiter.admit()).isEqualTo(Duration.ofMillis(1040));
    clock.advance(Duration.ofMillis(400));
    assertThat(limiter.admit()).isEqualTo(Duration.ofMillis(640));

    clock.advance(Duration.ofMillis(640));
    assertThat(limiter.admit()).isZero();
    clock.advance(Duration.ofMillis(10));
    for (int i = 0; i < 9; i++) {
      assertThat(limiter.admit()).isZero();
    }
    // One call counted at 1,040 ms and nine at 1,050 ms: room when the first has left.
    assertThat(limiter.admit()).isEqualTo(Duration.ofMillis(1030));
  }

  // OkHttp lets a call go and writes it on one thread: the late call has a thread of its own.
  private final ExecutorService lateCall = Executors.newSingleThreadExecutor();
  private final ExecutorService punctual = Executors.newSingleThreadExecutor();

  @AfterEach
  void stopThreads() {
    lateCall.shutdownNow();
    punctual.shutdownNow();
  }

  @Test
  void aCallWrittenLaterThanItWasLetGoIsCountedWhenItWentOut() throws Exception {
    tenLetGoAtZeroTheFirstNotYetWritten();
    clock.advance(Duration.ofMillis(60));
    lateCall.submit(limiter::departed).get();

    clock.advance(Duration.ofMillis(1040 - 60));
    // Counted when let go, the first call would have left the window now; it went out at 60 ms.
    assertThat(leaveNow()).isEqualTo(Duration.ofMillis(60));
    clock.advance(Duration.ofMillis(60));
    assertThat(leaveNow()).isZero();
  }

  @Test
  void aCallWrittenInSeveralWritesIsCountedWhenTheLastReturned() throws Exception {
    tenLetGoAtZeroTheFirstNotYetWritten();
    clock.advance(Duration.ofMillis(30));
    lateCall.submit(limiter::departed).get();
    clock.advance(Duration.ofMillis(30));
    lateCall.submit(limiter::departed).get();

    clock.advance(Duration.ofMillis(1040 - 60));
    // Its last write returned at 60 ms: it leaves the window at 1,100 ms, not at 1,070.
    assertThat(leaveNow()).isEqualTo(Duration.ofMillis(60));
  }

  @Test
  void aCallWrittenAfterItsSlotWasTakenAgainLeavesTheNewerCountAlone() throws Exception {
    tenLetGoAtZeroTheFirstNotYetWritten();
    // Its slot is taken by the eleventh call, 1,040 ms on; then the late call is written.
    clock.advance(Duration.ofMillis(1040));
    assertThat(leaveNow()).isZero();
    clock.advance(Duration.ofMillis(500));
    lateCall.submit(limiter::departed).get();

    // Nine counted at 0 leave at 1,040; the eleventh (1,040) is still the slot's time.
    for (int i = 0; i < 9; i++) {
      assertThat(leaveNow()).isZero();
    }
    assertThat(leaveNow()).isEqualTo(Duration.ofMillis(1040 + 1040 - 1540));
  }

  /** 10/s: the first call is let go at 0 and not yet written (a busy core); nine more go at 0. */
  private void tenLetGoAtZeroTheFirstNotYetWritten() throws Exception {
    assertThat(lateCall.submit(limiter::admit).get()).isZero();
    for (int i = 0; i < 9; i++) {
      assertThat(leaveNow()).isZero();
    }
  }

  /** A call let go and written at once, as nearly every call is, on the punctual thread. */
  private Duration leaveNow() throws Exception {
    return punctual
        .submit(
            () -> {
              Duration wait = limiter.admit();
              if (wait.isZero()) {
                limiter.departed();
              }
              return wait;
            })
        .get();
  }

  @Test
  void aCallerAfterAQuietSpellGoesAtOnceWithoutABurstOfSavedTurns() throws Exception {
    limiter.reserve();
    clock.advance(Duration.ofSeconds(5));

    assertThat(limiter.reserve()).isZero();
    assertThat(limiter.reserve()).isEqualTo(Duration.ofMillis(105));
  }

  @Test
  void a429WithRetryAfterHalvesTheRateAndPausesEveryCallerForIt() throws Exception {
    limiter.observe(429, headers(Map.of("Retry-After", "2")));

    assertThat(limiter.rate()).isEqualTo(5);
    assertThat(limiter.reserve()).isEqualTo(Duration.ofMillis(2100));
    // Then paced at the halved rate: 1.05 s / 5.
    clock.advance(Duration.ofMillis(2100));
    assertThat(limiter.reserve()).isEqualTo(Duration.ofMillis(210));
  }

  @Test
  void anOkta429WithOnlyItsResetHeaderPausesEveryCallerUntilTheReset() throws Exception {
    // Okta's 429 carries X-Rate-Limit-Reset (epoch seconds) and no Retry-After.
    limiter.observe(
        429,
        headers(
            Map.of(
                "X-Rate-Limit-Limit", "600",
                "X-Rate-Limit-Remaining", "0",
                "X-Rate-Limit-Reset",
                    Long.toString(clock.instant().plusSeconds(7).getEpochSecond()))));

    assertThat(limiter.rate()).isEqualTo(5);
    assertThat(limiter.reserve()).isEqualTo(Duration.ofMillis(7100));
  }

  @Test
  void the429sOfCallsSentTogetherHalveTheRateOnce() {
    for (int i = 0; i < 5; i++) {
      limiter.observe(429, headers(Map.of("Retry-After", "1")));
    }

    assertThat(limiter.rate()).isEqualTo(5);
  }

  @Test
  void repeated429sASecondApartNeverTakeTheRateBelowASixteenth() {
    for (int i = 0; i < 10; i++) {
      limiter.observe(429, NONE);
      clock.advance(Duration.ofSeconds(1));
    }

    assertThat(limiter.rate()).isEqualTo(10.0 / 16);
  }

  @Test
  void afterA429TheRateRecoversByATenthOfTheCeilingPerSecondUpToTheCeiling() {
    limiter.observe(429, NONE);
    limiter.observe(200, NONE);
    assertThat(limiter.rate()).isEqualTo(5); // not within the same second

    List<Double> rates = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      clock.advance(Duration.ofSeconds(1));
      limiter.observe(200, NONE);
      rates.add(limiter.rate());
    }

    assertThat(rates).containsExactly(6.0, 7.0, 8.0, 9.0, 10.0, 10.0, 10.0);
  }

  @Test
  void oktaHeadersSayingLittleIsLeftSpreadWhatIsLeftUntilTheReset() {
    Instant reset = clock.instant().plusSeconds(30);
    limiter.observe(
        200,
        headers(
            Map.of(
                "X-Rate-Limit-Limit", "600",
                "X-Rate-Limit-Remaining", "60",
                "X-Rate-Limit-Reset", Long.toString(reset.getEpochSecond()))));

    assertThat(limiter.rate()).isEqualTo(2); // 60 left over 30 s
  }

  @Test
  void headersWithMuchLeftChangeNothing() {
    limiter.observe(
        200,
        headers(
            Map.of(
                "X-Rate-Limit-Limit", "600",
                "X-Rate-Limit-Remaining", "500",
                "X-Rate-Limit-Reset",
                    Long.toString(clock.instant().plusSeconds(30).getEpochSecond()))));

    assertThat(limiter.rate()).isEqualTo(10);
  }

  @Test
  void jiraHeadersSayingNothingIsLeftPauseUntilTheIsoReset() throws Exception {
    RateLimiter limiter = new RateLimiter("jira", 10, clock, Duration.ofMinutes(2), clock::advance);
    limiter.observe(
        200,
        headers(
            Map.of(
                "X-RateLimit-Limit", "100",
                "X-RateLimit-Remaining", "0",
                "X-RateLimit-Reset", "2026-12-03T12:01Z")));

    assertThat(limiter.reserve()).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void aJira429ForWritingOneIssueTooOftenLeavesTheSitesRateAlone() throws Exception {
    limiter.observe(
        429, headers(Map.of("Retry-After", "5", "RateLimit-Reason", "jira-per-issue-on-write")));

    assertThat(limiter.rate()).isEqualTo(10);
    assertThat(limiter.reserve()).isZero();
  }

  @Test
  void aTurnFurtherThanACallMayWaitFailsUnsentAndTakesNoTurn() throws Exception {
    limiter.observe(429, headers(Map.of("Retry-After", "30")));

    assertThatThrownBy(limiter::reserve)
        .isInstanceOf(RetryAfterGate.Closed.class)
        .hasMessageContaining("jira is paced at 5.0 requests/s")
        .satisfies(
            e ->
                assertThat(((RetryAfterGate.Closed) e).retryAfter())
                    .isEqualTo(Duration.ofMillis(30_100)));
    clock.advance(Duration.ofMillis(30_100));
    assertThat(limiter.reserve()).isZero();
  }

  @Test
  void thePermittedRateIsPublishedForTheMetricsEndpoint() {
    RateLimiter other = new RateLimiter("servicenow-metrics", 8, clock, Duration.ofSeconds(10));
    other.observe(429, NONE);

    assertThat(HttpCallMetrics.global().permittedRates()).containsEntry("servicenow-metrics", 4.0);
  }
}
