package com.helpdeskverify.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.helpdeskverify.core.CaseId;
import com.helpdeskverify.testkit.MutableClock;
import com.helpdeskverify.testkit.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One holder per push lease, on both databases the store runs on. */
class PushWatchStoreTest {
  private static final CaseId CASE = new CaseId("3f1c3a56-0000-4000-8000-000000000001");
  private static final Duration LEASE = Duration.ofSeconds(30);
  private final MutableClock clock = MutableClock.at("2026-11-02T09:00:00Z");

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void aLiveLeaseHasOneHolderAndARunOutOneIsTakenOver(String kind) {
    try (TestDatabase db = TestDatabase.of(kind)) {
      CaseStore.migrate(db.dataSource());
      PushWatchStore leases = new PushWatchStore(db.dataSource());
      Instant now = clock.instant();

      assertThat(leases.lease(CASE, "node-a", now, now.plus(LEASE))).isTrue();
      assertThat(leases.lease(CASE, "node-b", now, now.plus(LEASE))).isFalse();
      assertThat(leases.lease(CASE, "node-a", now, now.plus(LEASE))).as("its own again").isTrue();

      Instant later = now.plus(LEASE).plusSeconds(1);
      assertThat(leases.lease(CASE, "node-b", later, later.plus(LEASE))).isTrue();
      assertThat(leases.renew("node-a", List.of(CASE), later.plus(LEASE))).containsExactly(CASE);
      assertThat(leases.renew("node-b", List.of(CASE), later.plus(LEASE))).isEmpty();

      leases.release(CASE, "node-a");
      assertThat(leases.lease(CASE, "node-a", later, later.plus(LEASE)))
          .as("not a's to free")
          .isFalse();
      leases.release(CASE, "node-b");
      assertThat(leases.lease(CASE, "node-a", later, later.plus(LEASE))).isTrue();
    }
  }
}
