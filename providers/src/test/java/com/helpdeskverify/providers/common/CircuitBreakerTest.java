package com.helpdeskverify.providers.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.helpdeskverify.core.spi.PermanentFailure;
import com.helpdeskverify.core.spi.TransientFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {
  private final SettableClock clock = new SettableClock(Instant.parse("2026-11-22T19:00:00Z"));
  private final CircuitBreaker breaker =
      new CircuitBreaker("duo-main", 3, Duration.ofSeconds(30), clock);
  private final AtomicInteger calls = new AtomicInteger();

  @Test
  void failuresBelowTheThresholdKeepCalling() {
    fail(2);

    assertThat(breaker.call("op", this::ok)).isEqualTo("ok");
    assertThat(calls).hasValue(3);
  }

  @Test
  void thresholdOfConsecutiveFailuresOpensTheCircuit() {
    fail(3);

    assertThatThrownBy(() -> breaker.call("op", this::ok))
        .isInstanceOf(TransientFailure.class)
        .hasMessageContaining("duo-main op");
    assertThat(calls).hasValue(3);
  }

  @Test
  void successInBetweenResetsTheCount() {
    fail(2);
    breaker.call("op", this::ok);
    fail(2);

    assertThat(breaker.open()).isFalse();
  }

  @Test
  void permanentFailureIsAnAnswerAndDoesNotOpenTheCircuit() {
    for (int i = 0; i < 5; i++) {
      assertThatThrownBy(
              () ->
                  breaker.call(
                      "op",
                      () -> {
                        throw new PermanentFailure("duo-main", "op", "HTTP 401", null);
                      }))
          .isInstanceOf(PermanentFailure.class);
    }

    assertThat(breaker.open()).isFalse();
  }

  @Test
  void afterTheOpenTimeOneTrialCallDecides() {
    fail(3);
    clock.advance(Duration.ofSeconds(30));

    assertThat(breaker.call("op", this::ok)).isEqualTo("ok");
    assertThat(breaker.open()).isFalse();
  }

  @Test
  void failedTrialOpensTheCircuitAgain() {
    fail(3);
    clock.advance(Duration.ofSeconds(31));
    fail(1);

    assertThat(breaker.open()).isTrue();
  }

  private String ok() {
    calls.incrementAndGet();
    return "ok";
  }

  private void fail(int times) {
    for (int i = 0; i < times; i++) {
      assertThatThrownBy(
              () ->
                  breaker.call(
                      "op",
                      () -> {
                        calls.incrementAndGet();
                        throw new TransientFailure(
                            "duo-main", "op", "HTTP 502", Optional.empty(), true, null);
                      }))
          .isInstanceOf(TransientFailure.class);
    }
  }
}
