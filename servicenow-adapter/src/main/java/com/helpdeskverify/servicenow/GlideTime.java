package com.helpdeskverify.servicenow;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * ServiceNow's raw date-time form, {@code yyyy-MM-dd HH:mm:ss} in UTC with whole seconds. Raw
 * values ({@code sysparm_display_value=false}) come back in UTC whatever the user's time zone, and
 * plain values in an encoded query are compared as UTC; only display values are in the user's zone.
 */
final class GlideTime {
  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private GlideTime() {}

  static String format(Instant instant) {
    return FORMAT.format(instant.truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC));
  }

  /** Empty for a blank or malformed value. */
  static Optional<Instant> parse(String value) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(LocalDateTime.parse(value.strip(), FORMAT).toInstant(ZoneOffset.UTC));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
