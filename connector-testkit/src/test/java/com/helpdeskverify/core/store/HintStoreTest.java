package com.helpdeskverify.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.helpdeskverify.core.TicketRef;
import com.helpdeskverify.testkit.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The once-per-ticket record of "possibly sensitive" notes, on H2 and PostgreSQL. */
class HintStoreTest {
  private static final TicketRef TICKET = new TicketRef("jira", "HD-1");
  private static final Instant NOW = Instant.parse("2026-12-03T07:00:00Z");
  private static final Duration STALE = Duration.ofMinutes(5);

  private static HintStore open(TestDatabase db) {
    CaseStore.migrate(db.dataSource());
    return new HintStore(db.dataSource());
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void firstClaimWinsAndAPostedNoteIsNeverClaimedAgain(String kind) {
    try (TestDatabase db = TestDatabase.of(kind)) {
      HintStore hints = open(db);

      assertThat(hints.claim(TICKET, NOW, STALE)).contains(HintStore.Claim.FIRST);
      assertThat(hints.claim(TICKET, NOW, STALE)).isEmpty();
      hints.posted(TICKET);

      assertThat(hints.wasPosted(TICKET)).isTrue();
      assertThat(hints.claim(TICKET, NOW.plus(Duration.ofDays(1)), STALE)).isEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void anInterruptedPostIsTakenOverOnceItIsStale(String kind) {
    try (TestDatabase db = TestDatabase.of(kind)) {
      HintStore hints = open(db);
      hints.claim(TICKET, NOW, STALE);

      assertThat(hints.claim(TICKET, NOW.plus(Duration.ofMinutes(1)), STALE)).isEmpty();
      assertThat(hints.claim(TICKET, NOW.plus(Duration.ofMinutes(6)), STALE))
          .contains(HintStore.Claim.TAKEN_OVER);
      assertThat(hints.claim(TICKET, NOW.plus(Duration.ofMinutes(7)), STALE)).isEmpty();
      assertThat(hints.wasPosted(TICKET)).isFalse();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void ticketsOfOtherSystemsAreApart(String kind) {
    try (TestDatabase db = TestDatabase.of(kind)) {
      HintStore hints = open(db);
      hints.claim(TICKET, NOW, STALE);

      assertThat(hints.claim(new TicketRef("servicenow", "HD-1"), NOW, STALE))
          .contains(HintStore.Claim.FIRST);
    }
  }
}
