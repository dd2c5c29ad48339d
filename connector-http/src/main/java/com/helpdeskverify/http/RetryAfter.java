package com.helpdeskverify.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.Function;

/** Reads a {@code Retry-After} header: delay seconds or an HTTP date (RFC 9110 §10.2.3). */
final class RetryAfter {
  private RetryAfter() {}

  /**
   * How long a refused answer asks the client to wait: its {@code Retry-After}; on a 429 without
   * one, the time until the rate-limit window resets ({@code X-Rate-Limit-Reset}, Okta's name, or
   * {@code X-RateLimit-Reset}, Jira's and ServiceNow's; README), at least a second. Okta answers
   * its 429s with the reset header alone, so without this a 429 from Okta would close no gate and
   * pause no limiter.
   */
  static Optional<Duration> requested(int status, Function<String, String> header, Clock clock) {
    Optional<Duration> retryAfter = parse(header.apply("Retry-After"), clock);
    if (retryAfter.isPresent() || status != 429) {
      return retryAfter;
    }
    String reset = header.apply("X-Rate-Limit-Reset");
    return instant(reset != null ? reset : header.apply("X-RateLimit-Reset"))
        .map(at -> Duration.between(clock.instant(), at))
        .map(d -> d.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : d)
        // Whole seconds upwards, as a Retry-After would say it.
        .map(d -> Duration.ofSeconds((d.toMillis() + 999) / 1000));
  }

  /**
   * A reset time as the vendors write it: UTC epoch seconds (Okta, ServiceNow) or an ISO 8601
   * timestamp such as {@code 2026-12-03T13:05Z} (Jira Cloud). Anything else is ignored.
   */
  static Optional<Instant> instant(String value) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    String text = value.strip();
    if (text.chars().allMatch(Character::isDigit)) {
      try {
        return Optional.of(Instant.ofEpochSecond(Long.parseLong(text)));
      } catch (NumberFormatException | java.time.DateTimeException e) {
        return Optional.empty();
      }
    }
    try {
      return Optional.of(OffsetDateTime.parse(text).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  static Optional<Duration> parse(String header, Clock clock) {
    if (header == null || header.isBlank()) {
      return Optional.empty();
    }
    String value = header.strip();
    try {
      long seconds = Long.parseLong(value);
      return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
    } catch (NumberFormatException notSeconds) {
      try {
        ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration d = Duration.between(clock.instant(), at.toInstant());
        return Optional.of(d.isNegative() ? Duration.ZERO : d);
      } catch (DateTimeParseException unreadable) {
        return Optional.empty();
      }
    }
  }
}
