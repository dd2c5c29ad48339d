package com.helpdeskverify.jira;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JiraTimeTest {
  @ParameterizedTest
  @CsvSource({
    "2024-03-11T09:05:12.345+0000, 2024-03-11T09:05:12.345Z",
    "2024-03-11T10:05:12.345+0100, 2024-03-11T09:05:12.345Z",
    "2024-03-11T04:35:12.345-0430, 2024-03-11T09:05:12.345Z",
    "2024-03-11T10:05:12.345+01:00, 2024-03-11T09:05:12.345Z",
    "2024-03-11T09:05:12.345Z, 2024-03-11T09:05:12.345Z",
    "2024-03-11T09:05:12+0000, 2024-03-11T09:05:12Z",
    "2024-03-11T10:05:12+01, 2024-03-11T09:05:12Z",
  })
  void readsTheShapesJiraAnswersIn(String text, String instant) {
    assertThat(JiraTime.parse(text)).contains(Instant.parse(instant));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", " ", "2024-03-11 09:05:12.345+0000", "2024-03-11T09:05:12.345+00000", "soon"})
  void anythingElseIsNoTime(String text) {
    assertThat(JiraTime.parse(text)).isEqualTo(Optional.empty());
  }
}
