package com.helpdeskverify.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.helpdeskverify.core.spi.PermanentFailure;
import com.helpdeskverify.core.spi.TransientFailure;
import com.helpdeskverify.testkit.MutableClock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {
  private final MutableClock clock = MutableClock.at("2026-11-22T10:00:00Z");
  private final CircuitBreaker circuit = new CircuitBreaker("p", 2, Duration.ofSeconds(30), clock);
  private final AtomicInteger calls = new AtomicInteger();

  private String down() {
    calls.incrementAndGet();
    throw new TransientFailure("p", "GET /x", "HTTP 503", Optional.empty(), false, null);
  }

  private String throttled() {
    calls.incrementAndGet();
    throw TransientFailure.deferred("p", "GET /x", "HTTP 429", Duration.ofSeconds(1));
  }

  private String up() {
    calls.incrementAndGet();
    return "ok";
  }

  @Test
  void repeatedTransientFailuresOpenTheCircuitAndLaterCallsFailWithoutCalling() {
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> circuit.call("GET /x", this::down))
          .isInstanceOf(TransientFailure.class);
    }

    assertThatThrownBy(() -> circuit.call("GET /x", this::up))
        .isInstanceOfSatisfying(
            TransientFailure.class,
            f -> {
              assertThat(f.mayHaveTakenEffect()).isFalse();
              assertThat(f.retryAfter()).contains(Duration.ofSeconds(30));
              assertThat(f.getMessage()).contains("circuit open");
            });
    assertThat(calls).hasValue(2);
  }

  @Test
  void deferredCallsSayTheProviderIsUpAndNeverOpenTheCircuit() {
    // A 429 with Retry-After, or a call held back for the rate limit: flow control, not an outage.
    for (int i = 0; i < 5; i++) {
      assertThatThrownBy(() -> circuit.call("GET /x", this::throttled))
          .isInstanceOfSatisfying(TransientFailure.class, f -> assertThat(f.deferred()).isTrue());
    }
    assertThat(circuit.isOpen()).isFalse();
    assertThat(circuit.call("GET /x", this::up)).isEqualTo("ok");
    assertThat(calls).hasValue(6);
  }

  @Test
  void aSuccessfulTrialAfterTheOpenTimeClosesTheCircuit() {
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> circuit.call("GET /x", this::down));
    }
    clock.advance(Duration.ofSeconds(30));

    assertThat(circuit.call("GET /x", this::up)).isEqualTo("ok");
    assertThat(circuit.isOpen()).isFalse();
  }

  @Test
  void aFailedTrialOpensTheCircuitAgain() {
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> circuit.call("GET /x", this::down));
    }
    clock.advance(Duration.ofSeconds(30));
    assertThatThrownBy(() -> circuit.call("GET /x", this::down));

    assertThat(circuit.isOpen()).isTrue();
  }

  @Test
  void theOperatorIsWarnedOnceWhenTheCircuitOpensAndToldWhenItCloses() {
    java.util.logging.Logger jul =
        java.util.logging.Logger.getLogger(CircuitBreaker.class.getName());
    java.util.List<java.util.logging.LogRecord> seen =
        java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    java.util.logging.Handler handler =
        new java.util.logging.Handler() {
          @Override
          public void publish(java.util.logging.LogRecord r) {
            seen.add(r);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    jul.addHandler(handler);
    try {
      for (int i = 0; i < 2; i++) {
        assertThatThrownBy(() -> circuit.call("GET /x", this::down));
      }
      for (int i = 0; i < 3; i++) {
        assertThatThrownBy(() -> circuit.call("GET /x", this::up));
      }
      clock.advance(Duration.ofSeconds(30));
      circuit.call("GET /x", this::up);
    } finally {
      jul.removeHandler(handler);
    }

    assertThat(seen)
        .extracting(
            r ->
                r.getLevel()
                    + " "
                    + java.text.MessageFormat.format(r.getMessage(), r.getParameters()))
        .containsExactly(
            "WARNING p: 2 calls in a row failed; calls pause for 30s (circuit open)",
            "INFO p answers again; calls resume (circuit closed)");
  }

  @Test
  void permanentFailuresDoNotOpenTheCircuit() {
    for (int i = 0; i < 5; i++) {
      assertThatThrownBy(
              () ->
                  circuit.call(
                      "GET /x",
                      () -> {
                        throw new PermanentFailure("p", "GET /x", "HTTP 401", null);
                      }))
          .isInstanceOf(PermanentFailure.class);
    }

    assertThat(circuit.isOpen()).isFalse();
  }
}
