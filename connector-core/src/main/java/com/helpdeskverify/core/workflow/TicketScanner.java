package com.helpdeskverify.core.workflow;

import com.helpdeskverify.core.Ticket;
import com.helpdeskverify.core.Watermark;
import com.helpdeskverify.core.spi.ScanPage;
import com.helpdeskverify.core.spi.TicketSystem;
import com.helpdeskverify.core.store.CaseStore;
import java.time.Clock;
import java.util.Objects;

/** Reads what changed in a ticket system since the stored watermark and hands it to intake. */
public final class TicketScanner {
  private final CaseStore store;
  private final TicketSink intake;
  private final Clock clock;

  public TicketScanner(CaseStore store, TicketSink intake, Clock clock) {
    this.store = Objects.requireNonNull(store);
    this.intake = Objects.requireNonNull(intake);
    this.clock = Objects.requireNonNull(clock);
  }

  /** Tallies of one scan. */
  public record ScanReport(int tickets, int opened, int pages) {}

  /**
   * Scans until the ticket system has nothing newer, saving the watermark after each page so that a
   * crash re-reads at most one page.
   *
   * @param start where to begin when this system has never been scanned
   */
  public ScanReport scan(TicketSystem system, Watermark start, int pageSize) {
    Watermark since = store.watermark(system.id()).orElse(start);
    int tickets = 0;
    int opened = 0;
    int pages = 0;
    ScanPage page;
    do {
      page = system.findChanged(since, pageSize);
      pages++;
      for (Ticket ticket : page.tickets()) {
        tickets++;
        if (intake.consider(ticket) instanceof IntakeDecision.Opened) {
          opened++;
        }
      }
      store.saveWatermark(system.id(), page.next(), clock.instant());
      since = page.next();
    } while (page.more() && !page.tickets().isEmpty());
    return new ScanReport(tickets, opened, pages);
  }
}
