package com.helpdeskverify.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Keeps one access token until shortly before it expires, so that a provider's token endpoint is
 * called once an hour rather than once a call. Thread-safe; a token is fetched by one caller at a
 * time.
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
  private final Supplier<Token> fetch;
  private String value;
  private Instant renewAt = Instant.MIN;

  public TokenCache(Clock clock, Supplier<Token> fetch) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.fetch = Objects.requireNonNull(fetch, "fetch");
  }

  /** The current token, fetched anew when it is about to expire. */
  public synchronized String get() {
    Instant now = clock.instant();
    if (value == null || !now.isBefore(renewAt)) {
      Token token = fetch.get();
      value = token.value();
      Duration early =
          token.lifetime().compareTo(EARLY.multipliedBy(2)) > 0 ? EARLY : Duration.ZERO;
      renewAt = now.plus(token.lifetime()).minus(early);
    }
    return value;
  }

  /** Forgets the token, after the API refused it. */
  public synchronized void invalidate() {
    value = null;
  }
}
