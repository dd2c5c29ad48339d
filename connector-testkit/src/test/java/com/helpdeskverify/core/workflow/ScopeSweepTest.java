package com.helpdeskverify.core.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.helpdeskverify.core.CommentMarker;
import com.helpdeskverify.core.Requester;
import com.helpdeskverify.core.ScanMark;
import com.helpdeskverify.core.Ticket;
import com.helpdeskverify.core.TicketRef;
import com.helpdeskverify.core.Watermark;
import com.helpdeskverify.core.spi.ScanPage;
import com.helpdeskverify.core.spi.TicketSystem;
import com.helpdeskverify.core.store.CaseStore;
import com.helpdeskverify.testkit.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ScopeSweepTest {
  private static final Instant W = Instant.parse("2026-11-02T10:00:00Z");

  private TestDatabase db;
  private CaseStore store;
  private final List<String> intake = new ArrayList<>();
  private final Scope scope = new Scope();

  @BeforeEach
  void open() {
    db = TestDatabase.h2();
    store = CaseStore.migrate(db.dataSource());
    store.saveWatermark("jira", new Watermark(W, "HD-9"), W);
  }

  @AfterEach
  void close() {
    db.close();
  }

  private ScopeSweep.SweepReport sweep() {
    return new ScopeSweep(
            store,
            t -> {
              intake.add(t.ref().key());
              return new IntakeDecision.Unchanged("recorded");
            })
        .sweep(scope);
  }

  @Test
  void ticketTheScanNeverDeliveredGoesToIntakeAndIsReported() {
    scope.put("HD-1", W.minus(Duration.ofMinutes(20)));
    scope.put("HD-2", W.minus(Duration.ofMinutes(30)));
    store.recordDelivered(
        "jira",
        List.of(new ScanMark("HD-2", W.minus(Duration.ofMinutes(30)))),
        W.minusSeconds(7200));

    ScopeSweep.SweepReport report = sweep();

    assertThat(report.missed()).containsExactly("HD-1");
    assertThat(report.checked()).isEqualTo(2);
    assertThat(intake).containsExactly("HD-1");
  }

  @Test
  void missedTicketIsReportedOnceThenRecordedAsDelivered() {
    scope.put("HD-1", W.minus(Duration.ofMinutes(20)));

    sweep();

    assertThat(sweep().missed()).isEmpty();
  }

  @Test
  void anEditTheScanDidNotDeliverCountsAsMissedThoughAnEarlierVersionWasDelivered() {
    scope.put("HD-1", W.minus(Duration.ofMinutes(20)));
    store.recordDelivered(
        "jira",
        List.of(new ScanMark("HD-1", W.minus(Duration.ofMinutes(40)))),
        W.minusSeconds(7200));

    assertThat(sweep().missed()).containsExactly("HD-1");
  }

  @Test
  void versionsStillWithinTheScansOwnOverlapAreLeftToTheScan() {
    scope.put("HD-1", W.minus(Duration.ofMinutes(2)));
    scope.put("HD-2", W.plus(Duration.ofMinutes(1)));

    ScopeSweep.SweepReport report = sweep();

    assertThat(report.checked()).isZero();
    assertThat(intake).isEmpty();
  }

  /** A ticket system of our own whose scope is a map of key to updated. */
  private static final class Scope implements TicketSystem {
    private final Map<String, Instant> tickets = new LinkedHashMap<>();

    void put(String key, Instant updated) {
      tickets.put(key, updated);
    }

    @Override
    public String id() {
      return "jira";
    }

    @Override
    public Optional<List<ScanMark>> scopeSince(Instant from) {
      List<ScanMark> marks = new ArrayList<>();
      tickets.forEach(
          (k, u) -> {
            if (!u.isBefore(from)) {
              marks.add(new ScanMark(k, u));
            }
          });
      return Optional.of(marks);
    }

    @Override
    public Optional<Ticket> fetch(TicketRef ref) {
      Instant updated = tickets.get(ref.key());
      return Optional.ofNullable(updated)
          .map(
              u ->
                  new Ticket(
                      ref,
                      Requester.of("acc-1", "ana@example.com", "Ana"),
                      Optional.empty(),
                      "Printer",
                      "jammed",
                      u,
                      u,
                      "Open",
                      true));
    }

    @Override
    public ScanPage findChanged(Watermark since, int limit) {
      throw new UnsupportedOperationException("the sweep does not scan");
    }

    @Override
    public void postPublicComment(TicketRef ticket, String text, CommentMarker marker) {}

    @Override
    public void postInternalNote(TicketRef ticket, String text, CommentMarker marker) {}

    @Override
    public boolean hasComment(TicketRef ticket, CommentMarker marker) {
      return false;
    }

    @Override
    public void execute(TicketRef ticket) {}

    @Override
    public void reject(TicketRef ticket, String reason) {}

    @Override
    public void escalate(TicketRef ticket, String reason) {}

    @Override
    public Standing standing(Ticket ticket) {
      return tickets.containsKey(ticket.ref().key()) ? Standing.IN_SCOPE : Standing.ELSEWHERE;
    }
  }
}
