package com.helpdeskverify.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TicketTest {
  private static final Ticket PLAIN =
      new Ticket(
          new TicketRef("jira", "HD-1"),
          Requester.of("acc-1", "a@example.com", "Alice"),
          Optional.empty(),
          "Password reset",
          "Please reset my password",
          Instant.parse("2026-12-01T10:00:00Z"),
          Instant.parse("2026-12-01T10:00:00Z"),
          "Open",
          true);

  @Test
  void requestFieldsArePartOfTheFingerprint() {
    Ticket withUser =
        PLAIN.withDetails(RequestDetails.of(List.of(), Map.of("variable:user", "jsmith")));
    Ticket otherUser =
        PLAIN.withDetails(RequestDetails.of(List.of(), Map.of("variable:user", "bdoe")));

    assertThat(withUser.fingerprint())
        .isNotEqualTo(PLAIN.fingerprint())
        .isNotEqualTo(otherUser.fingerprint());
  }

  @Test
  void labelsAreNotPartOfTheFingerprint() {
    Ticket labelled = PLAIN.withDetails(RequestDetails.of(List.of("verify-identity"), Map.of()));

    assertThat(labelled.fingerprint()).isEqualTo(PLAIN.fingerprint());
    assertThat(labelled.details().hasLabel("Verify-Identity")).isTrue();
  }
}
