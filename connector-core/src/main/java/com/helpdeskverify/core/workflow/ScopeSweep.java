package com.helpdeskverify.core.workflow;

import com.helpdeskverify.core.ScanMark;
import com.helpdeskverify.core.Ticket;
import com.helpdeskverify.core.TicketRef;
import com.helpdeskverify.core.Watermark;
import com.helpdeskverify.core.spi.TicketSystem;
import com.helpdeskverify.core.store.CaseStore;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The safety net under the incremental scan: reads the scope's keys and {@code updated} and hands
 * intake every ticket whose version the scan should have delivered by now and did not.
 *
 * <p>Checked is the band of versions updated between {@link TicketScanner#MARKS_KEPT} (less a
 * margin) and {@link #SETTLE} before the watermark: newer ones are still the scan's to deliver (its
 * overlap re-reads them), older ones have no delivered mark left to compare with and were checked
 * by earlier sweeps, since a version spends most of an hour in the band and a sweep runs every few
 * minutes. A ticket found missed goes to intake, which is idempotent.
 */
public final class ScopeSweep {
  private static final Logger LOG = System.getLogger(ScopeSweep.class.getName());

  /** How long behind the watermark a version stays the scan's own to deliver. */
  public static final Duration SETTLE = Duration.ofMinutes(5);

  private static final Duration MARGIN = Duration.ofMinutes(10);

  private final CaseStore store;
  private final TicketSink intake;

  public ScopeSweep(CaseStore store, TicketSink intake) {
    this.store = Objects.requireNonNull(store);
    this.intake = Objects.requireNonNull(intake);
  }

  /** Tallies of one sweep: versions checked, and the tickets found missed (delivered now). */
  public record SweepReport(boolean supported, int checked, List<String> missed) {}

  public SweepReport sweep(TicketSystem system) {
    Optional<Watermark> watermark = store.watermark(system.id());
    if (watermark.isEmpty()) {
      return new SweepReport(true, 0, List.of());
    }
    Instant to = watermark.get().updated().minus(SETTLE);
    Instant from = watermark.get().updated().minus(TicketScanner.MARKS_KEPT).plus(MARGIN);
    if (!from.isBefore(to)) {
      return new SweepReport(true, 0, List.of());
    }
    Optional<List<ScanMark>> scope = system.scopeSince(from);
    if (scope.isEmpty()) {
      return new SweepReport(false, 0, List.of());
    }
    Set<ScanMark> delivered = store.delivered(system.id(), from);
    int checked = 0;
    List<String> missed = new ArrayList<>();
    List<ScanMark> found = new ArrayList<>();
    for (ScanMark mark : scope.get()) {
      if (mark.updated().isBefore(from) || mark.updated().isAfter(to)) {
        continue;
      }
      checked++;
      if (delivered.contains(mark)) {
        continue;
      }
      Optional<Ticket> ticket = system.fetch(new TicketRef(system.id(), mark.key()));
      if (ticket.isEmpty()) {
        continue; // Deleted since the scope was read.
      }
      LOG.log(
          Level.WARNING,
          "{0}: {1} (updated {2}) is in the intake scope and the scan never delivered it;"
              + " handing it to intake now",
          system.id(),
          mark.key(),
          mark.updated());
      intake.consider(ticket.get());
      missed.add(mark.key());
      found.add(ScanMark.of(ticket.get()));
    }
    if (!found.isEmpty()) {
      store.recordDelivered(system.id(), found, from);
    }
    return new SweepReport(true, checked, missed);
  }
}
