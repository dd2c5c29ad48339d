package com.helpdeskverify.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.helpdeskverify.testkit.MutableClock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TokenCacheTest {
  private final MutableClock clock = MutableClock.at("2026-11-22T10:00:00Z");
  private final AtomicInteger fetches = new AtomicInteger();

  private TokenCache.Token issue(Duration lifetime) {
    return new TokenCache.Token("T" + fetches.incrementAndGet(), lifetime);
  }

  @Test
  void aTokenIsKeptUntilAMinuteBeforeItExpires() {
    TokenCache cache = new TokenCache(clock, () -> issue(Duration.ofHours(1)));

    assertThat(cache.get()).isEqualTo("T1");
    clock.advance(Duration.ofMinutes(58).plusSeconds(59));
    assertThat(cache.get()).isEqualTo("T1");
    clock.advance(Duration.ofSeconds(1));
    assertThat(cache.get()).isEqualTo("T2");
  }

  @Test
  void aShortLivedTokenIsKeptToItsExpiry() {
    TokenCache cache = new TokenCache(clock, () -> issue(Duration.ofSeconds(90)));

    cache.get();
    clock.advance(Duration.ofSeconds(89));
    assertThat(cache.get()).isEqualTo("T1");
    clock.advance(Duration.ofSeconds(1));
    assertThat(cache.get()).isEqualTo("T2");
  }

  @Test
  void aFixedMarginRenewsEvenAShortLivedTokenEarly() {
    TokenCache cache =
        new TokenCache(clock, Duration.ofSeconds(60), () -> issue(Duration.ofSeconds(90)));

    cache.get();
    clock.advance(Duration.ofSeconds(30));
    assertThat(cache.get()).isEqualTo("T2");
  }

  @Test
  void forgettingARefusedTokenLeavesANewerOneInPlace() {
    TokenCache cache = new TokenCache(clock, () -> issue(Duration.ofHours(1)));
    cache.get();
    cache.invalidate("T1");
    assertThat(cache.held()).isEmpty();
    assertThat(cache.get()).isEqualTo("T2");

    cache.invalidate("T1");

    assertThat(cache.held()).contains("T2");
    assertThat(fetches).hasValue(2);
  }

  @Test
  void theTokenNeverShowsInItsText() {
    assertThat(new TokenCache.Token("secret-value", Duration.ofMinutes(5)).toString())
        .doesNotContain("secret-value");
  }
}
