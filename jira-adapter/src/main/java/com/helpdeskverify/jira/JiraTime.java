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
  // The shape every Jira answer seen so far uses, read without REST's optional sections: each of
  // those copies the parser's state, and a scan page parses two times an issue for each of up
  // to 100 issues (a sixth of what the service allocated with 10,000 cases open, BENCHMARKS.md).
  private static final DateTimeFormatter USUAL =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXX");
  private static final int USUAL_LENGTH = "2024-03-11T09:05:12.345+0000".length();
  private static final DateTimeFormatter JQL = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm");

  private JiraTime() {}

  static Optional<Instant> parse(String value) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    try {
      DateTimeFormatter format = value.length() == USUAL_LENGTH ? USUAL : REST;
      return Optional.of(OffsetDateTime.parse(value, format).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** A JQL date literal: the minute holding {@code instant}, in the account's time zone. */
  static String jql(Instant instant, ZoneId zone) {
    return JQL.format(instant.atZone(zone));
  }
}
