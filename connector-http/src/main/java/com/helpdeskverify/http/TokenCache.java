package com.helpdeskverify.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Keeps one access token until shortly before it expires, so that a token endpoint is called once
 * an hour rather than once a call. Thread-safe; a token is fetched by one caller at a time, so a
 * fetch that also keeps state of its own (a refresh token) needs no lock of its own.
 */
public final class TokenCache {
  /** A token and how long the issuer said it lives. */
  public record Token(String value, Duration lifetime) {
    public Token {
      Objects.requireNonNull(value, "value");
      Objects.requireNonNull(lifetime, "lifetime");
    }

    @Override
    public String toString() {
      return "Token[****, lifetime=" + lifetime + "]";
    }
  }

  // Renewed this long before expiry, so a token never runs out in the middle of a call.
  private static final Duration EARLY = Duration.ofSeconds(60);

  private final Clock clock;
  private final UnaryOperator<Duration> margin;
  private final Supplier<Token> fetch;
  private String value;
  private Instant renewAt = Instant.MIN;

  /**
   * A cache that renews a token a minute before it expires, or at expiry when it lives two minutes
   * or less (renewing such a token early would leave it hardly any use).
   */
  public TokenCache(Clock clock, Supplier<Token> fetch) {
    this(
        clock,
        lifetime -> lifetime.compareTo(EARLY.multipliedBy(2)) > 0 ? EARLY : Duration.ZERO,
        fetch);
  }

  /**
   * A cache that renews a token {@code early} before it expires whatever its lifetime, for an
   * issuer whose shortest tokens are still long enough to be worth the margin.
   */
  public TokenCache(Clock clock, Duration early, Supplier<Token> fetch) {
    this(clock, lifetime -> Objects.requireNonNull(early, "early"), fetch);
  }

  private TokenCache(Clock clock, UnaryOperator<Duration> margin, Supplier<Token> fetch) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.margin = margin;
    this.fetch = Objects.requireNonNull(fetch, "fetch");
  }

  /** The current token, fetched anew when it is about to expire. */
  public synchronized String get() {
    Instant now = clock.instant();
    if (value == null || !now.isBefore(renewAt)) {
      Token token = fetch.get();
      value = token.value();
      renewAt = now.plus(token.lifetime()).minus(margin.apply(token.lifetime()));
    }
    return value;
  }

  /** The token held now, expired or not, without fetching one. */
  public synchronized Optional<String> held() {
    return Optional.ofNullable(value);
  }

  /** Forgets the token, after the API refused it. */
  public synchronized void invalidate() {
    value = null;
  }

  /**
   * Forgets the token if it is {@code refused}: a call that was refused a token already renewed by
   * another caller leaves the new one in place.
   */
  public synchronized void invalidate(String refused) {
    if (refused != null && refused.equals(value)) {
      value = null;
    }
  }
}
