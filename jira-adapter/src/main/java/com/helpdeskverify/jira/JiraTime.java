package com.helpdeskverify.jira;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Jira's date-time formats: REST answers carry offsets, JQL literals are local minutes. */
final class JiraTime {
  // REST v3 answers such as 2024-03-11T09:05:12.345+0000.
  private static final DateTimeFormatter REST =
      new DateTimeFormatterBuilder()
          .appendPattern("yyyy-MM-dd'T'HH:mm:ss")
          .optionalStart()
          .appendPattern(".SSS")
          .optionalEnd()
          .appendPattern("[XXX][XX][X]")
          .toFormatter();
  private static final DateTimeFormatter JQL = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm");

  private JiraTime() {}

  static Optional<Instant> parse(String value) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(OffsetDateTime.parse(value, REST).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** A JQL date literal: the minute holding {@code instant}, in the account's time zone. */
  static String jql(Instant instant, ZoneId zone) {
    return JQL.format(instant.atZone(zone));
  }
}
