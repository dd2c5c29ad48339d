package com.helpdeskverify.core.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.helpdeskverify.core.CommentMarker;
import com.helpdeskverify.core.Requester;
import com.helpdeskverify.core.Ticket;
import com.helpdeskverify.core.TicketRef;
import com.helpdeskverify.core.Watermark;
import com.helpdeskverify.core.spi.ScanPage;
import com.helpdeskverify.core.spi.TicketSystem;
import com.helpdeskverify.core.store.CaseStore;
import com.helpdeskverify.testkit.TestDatabase;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The scanner hands a page's continuation to the next call of the same scan, and only there. */
class TicketScannerContinuationTest {
  private static final Instant W = Instant.parse("2026-11-02T10:00:00Z");

  private TestDatabase db;
  private CaseStore store;
  private final Burst system = new Burst();
  private final List<String> intake = new ArrayList<>();

  @BeforeEach
  void open() {
    db = TestDatabase.h2();
    store = CaseStore.migrate(db.dataSource());
  }

  @AfterEach
  void close() {
    db.close();
  }

  private TicketScanner.ScanReport scan() {
    return new TicketScanner(
            store,
            t -> {
              intake.add(t.ref().key());
              return new IntakeDecision.Unchanged("recorded");
            },
            Clock.fixed(W, ZoneOffset.UTC))
        .scan(system, Watermark.at(W), 100);
  }

  @Test
  void aScanGoesOnWithTheContinuationThoughThePageBeforeLeftTheWatermarkWhereItWas() {
    TicketScanner.ScanReport report = scan();

    assertThat(system.calls).containsExactly("fresh", "c1", "c2");
    assertThat(intake).containsExactly("HD-1", "HD-2", "HD-3");
    assertThat(report.pages()).isEqualTo(3);
    assertThat(store.watermark("jira")).contains(new Watermark(W.plusSeconds(3), "HD-3"));
  }

  @Test
  void theNextScanBeginsWithAFreshReadNotWithTheLastContinuation() {
    scan();
    system.calls.clear();

    scan();

    assertThat(system.calls).first().isEqualTo("fresh");
  }

  /**
   * A window whose first read moves the watermark nowhere (all of it in the overlap) and whose
   * continued reads go on from there.
   */
  private static final class Burst implements TicketSystem {
    final List<String> calls = new ArrayList<>();

    private static Ticket ticket(String key, Instant updated) {
      return new Ticket(
          new TicketRef("jira", key),
          Requester.of("acc-1", "ana@example.com", "Ana"),
          Optional.empty(),
          "Printer",
          "jammed",
          updated,
          updated,
          "Open",
          true);
    }

    @Override
    public String id() {
      return "jira";
    }

    @Override
    public ScanPage findChanged(Watermark since, int limit) {
      calls.add("fresh");
      return new ScanPage(
          List.of(ticket("HD-1", W.minusSeconds(30))), since, true, Optional.of("c1"));
    }

    @Override
    public ScanPage findChanged(Watermark since, int limit, Object continuation) {
      calls.add((String) continuation);
      if (continuation.equals("c1")) {
        return new ScanPage(
            List.of(ticket("HD-2", W.plusSeconds(2))),
            new Watermark(W.plusSeconds(2), "HD-2"),
            true,
            Optional.of("c2"));
      }
      return new ScanPage(
          List.of(ticket("HD-3", W.plusSeconds(3))),
          new Watermark(W.plusSeconds(3), "HD-3"),
          false);
    }

    @Override
    public Optional<Ticket> fetch(TicketRef ref) {
      return Optional.empty();
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
      return Standing.IN_SCOPE;
    }
  }
}
