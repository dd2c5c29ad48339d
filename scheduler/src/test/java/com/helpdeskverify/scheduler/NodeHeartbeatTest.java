package com.helpdeskverify.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import com.helpdeskverify.core.CaseId;
import com.helpdeskverify.core.Classification;
import com.helpdeskverify.core.Requester;
import com.helpdeskverify.core.SensitiveOperation;
import com.helpdeskverify.core.Ticket;
import com.helpdeskverify.core.TicketRef;
import com.helpdeskverify.core.VerificationCase;
import com.helpdeskverify.core.store.CaseStore;
import com.helpdeskverify.testkit.MutableClock;
import com.helpdeskverify.testkit.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NodeHeartbeatTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final Duration CLAIM = Duration.ofMinutes(2);

  private final MutableClock clock = MutableClock.at("2026-11-02T09:00:00Z");
  private final AtomicInteger wakes = new AtomicInteger();
  private TestDatabase db;
  private CaseStore store;

  @BeforeEach
  void open() {
    db = TestDatabase.h2();
    store = CaseStore.migrate(db.dataSource());
    Instant t0 = clock.instant();
    Ticket ticket =
        new Ticket(
            new TicketRef("jira", "HD-1"),
            Requester.of("acc-1", "ana@example.com", "Ana"),
            Optional.empty(),
            "Password reset",
            "Please reset my password",
            t0,
            t0,
            "Open",
            true);
    store.insert(
        VerificationCase.detected(
            CaseId.random(new SplittableRandom(1)),
            ticket,
            1,
            new Classification(SensitiveOperation.CREDENTIAL_RESET, 0.9, List.of("reset")),
            "duo",
            t0),
        "test",
        "");
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void casesOfANodeKilledForGoodMoveToAnotherNodeWithinTheTimeoutAndAQuarter() {
    store.startNode("node-a", clock.instant());
    NodeHeartbeat b = new NodeHeartbeat(store, "node-b", clock, TIMEOUT, wakes::incrementAndGet);
    b.beat();
    assertThat(store.claimDue("node-a", clock.instant(), CLAIM, 10)).hasSize(1);

    // node-a is killed now; node-b beats every quarter of the timeout.
    int beats = 0;
    while (store.claimDue("node-b", clock.instant(), CLAIM, 10).isEmpty()) {
      clock.advance(TIMEOUT.dividedBy(4));
      b.beat();
      beats++;
    }

    assertThat(beats).isLessThanOrEqualTo(5);
    assertThat(wakes.get()).isEqualTo(1);
  }

  @Test
  void aNodeThatKeepsCheckingInKeepsItsCases() {
    NodeHeartbeat a = new NodeHeartbeat(store, "node-a", clock, TIMEOUT, () -> {});
    NodeHeartbeat b = new NodeHeartbeat(store, "node-b", clock, TIMEOUT, wakes::incrementAndGet);
    store.startNode("node-a", clock.instant());
    store.claimDue("node-a", clock.instant(), CLAIM, 10);

    for (int i = 0; i < 20; i++) {
      clock.advance(TIMEOUT.dividedBy(4));
      a.beat();
      b.beat();
    }

    assertThat(store.claimDue("node-b", clock.instant(), CLAIM, 10)).isEmpty();
    assertThat(wakes.get()).isZero();
  }
}
