package com.helpdeskverify.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.helpdeskverify.testkit.MutableClock;
import com.helpdeskverify.testkit.TestDatabase;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JdbcReplayGuardTest {
  private final TestDatabase db = TestDatabase.h2();
  private final MutableClock clock = MutableClock.at("2026-11-02T09:00:00Z");
  private final JdbcReplayGuard guard;

  JdbcReplayGuardTest() {
    CaseStore.migrate(db.dataSource());
    guard = new JdbcReplayGuard(db.dataSource(), clock);
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void deliveryIsAcceptedOnceAndItsReplayRefused() {
    assertThat(guard.firstSeen("duo:abc", clock.instant().plusSeconds(300))).isTrue();
    assertThat(guard.firstSeen("duo:abc", clock.instant().plusSeconds(300))).isFalse();
    assertThat(guard.firstSeen("duo:abd", clock.instant().plusSeconds(300))).isTrue();
  }

  @Test
  void keysAreForgottenOnlyAfterTheyExpire() {
    guard.firstSeen("k", clock.instant().plusSeconds(300));
    clock.advance(Duration.ofSeconds(299));
    assertThat(guard.firstSeen("k", clock.instant().plusSeconds(300))).isFalse();

    clock.advance(Duration.ofSeconds(2));
    assertThat(guard.firstSeen("k", clock.instant().plusSeconds(300))).isTrue();
  }
}
