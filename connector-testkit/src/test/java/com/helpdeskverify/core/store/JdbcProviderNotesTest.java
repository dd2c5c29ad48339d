package com.helpdeskverify.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.helpdeskverify.testkit.MutableClock;
import com.helpdeskverify.testkit.TestDatabase;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JdbcProviderNotesTest {
  private final TestDatabase db = TestDatabase.h2();
  private final MutableClock clock = MutableClock.at("2026-11-02T09:00:00Z");
  private final JdbcProviderNotes notes;
  private final JdbcProviderNotes otherNode;

  JdbcProviderNotesTest() {
    CaseStore.migrate(db.dataSource());
    notes = new JdbcProviderNotes(db.dataSource(), clock);
    otherNode = new JdbcProviderNotes(db.dataSource(), clock);
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void aNoteWrittenOnOneNodeIsReadOnAnother() {
    notes.put("entra-vid/req-1", "verified", clock.instant().plusSeconds(300));

    assertThat(otherNode.get("entra-vid/req-1")).contains("verified");
    assertThat(otherNode.get("entra-vid/req-2")).isEmpty();
  }

  @Test
  void aLaterNoteReplacesTheEarlierOne() {
    notes.put("k", "retrieved", clock.instant().plusSeconds(300));
    notes.put("k", "verified", clock.instant().plusSeconds(300));

    assertThat(notes.get("k")).contains("verified");
  }

  @Test
  void anExpiredNoteIsGone() {
    notes.put("k", "verified", clock.instant().plusSeconds(300));
    clock.advance(Duration.ofSeconds(301));

    assertThat(notes.get("k")).isEmpty();
  }
}
