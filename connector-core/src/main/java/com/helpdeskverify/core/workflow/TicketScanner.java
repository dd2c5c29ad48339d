package com.helpdeskverify.core.workflow;

import com.helpdeskverify.core.ScanMark;
import com.helpdeskverify.core.Ticket;
import com.helpdeskverify.core.Watermark;
import com.helpdeskverify.core.spi.ScanPage;
import com.helpdeskverify.core.spi.TicketSystem;
import com.helpdeskverify.core.store.CaseStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Reads what changed in a ticket system since the stored watermark and hands it to intake.
 *
 * <p>Adapters hand over everything they read in their window, the overlap before the watermark
 * included. Whether a ticket was delivered already is decided by its {@link ScanMark} (key and
 * updated), kept in the store next to the watermark, never by its position: a ticket edited at the
 * watermark's own instant, or passed by a page that started too far on, is delivered when it is
 * read again.
 */
public final class TicketScanner {
  /** How far behind the watermark delivered marks are kept: well beyond any adapter's overlap. */
  public static final Duration MARKS_KEPT = Duration.ofHours(1);

  /**
   * Pages of one scan at most: a continued scan ends only when its read reaches the end of the
   * scope, which arrivals faster than it reads could put off for ever. Progress is saved after each
   * page, so the next tick goes on from there (with one fresh read of the overlap).
   */
  static final int MAX_PAGES = 2_000;

  private final CaseStore store;
  private final TicketSink intake;
  private final Clock clock;
  private final Optional<TicketSightings> sightings;

  public TicketScanner(CaseStore store, TicketSink intake, Clock clock) {
    this(store, intake, clock, Optional.empty());
  }

  /**
   * @param sightings where each page's tickets are noted as read, delivered before or not
   */
  public TicketScanner(
      CaseStore store, TicketSink intake, Clock clock, Optional<TicketSightings> sightings) {
    this.store = Objects.requireNonNull(store);
    this.intake = Objects.requireNonNull(intake);
    this.clock = Objects.requireNonNull(clock);
    this.sightings = Objects.requireNonNull(sightings);
  }

  /** Tallies of one scan. */
  public record ScanReport(int tickets, int opened, int pages) {}

  /**
   * Scans until the ticket system has nothing newer, saving the watermark and the delivered marks
   * after each page, so that a crash re-reads at most one page. The first call reads from the
   * watermark (its overlap included); each later call hands back the continuation of the page
   * before, if it gave one, so that the scan goes on where the read ended rather than reading the
   * overlap again (a burst longer than one read is drained at about one page a call).
   *
   * @param start where to begin when this system has never been scanned
   */
  public ScanReport scan(TicketSystem system, Watermark start, int pageSize) {
    Watermark since = store.watermark(system.id()).orElse(start);
    Set<ScanMark> delivered = store.delivered(system.id(), since.updated().minus(MARKS_KEPT));
    int tickets = 0;
    int opened = 0;
    int pages = 0;
    ScanPage page;
    boolean moved;
    Optional<Object> continuation = Optional.empty();
    do {
      Instant readFrom = clock.instant();
      page =
          continuation.isPresent()
              ? system.findChanged(since, pageSize, continuation.get())
              : system.findChanged(since, pageSize);
      pages++;
      List<Ticket> read = page.tickets();
      sightings.ifPresent(s -> s.saw(read, readFrom));
      List<ScanMark> fresh = new ArrayList<>();
      for (Ticket ticket : read) {
        ScanMark mark = ScanMark.of(ticket);
        if (delivered.contains(mark)) {
          continue;
        }
        tickets++;
        if (intake.consider(ticket) instanceof IntakeDecision.Opened) {
          opened++;
        }
        fresh.add(mark);
      }
      Watermark next = page.next();
      store.recordDelivered(system.id(), fresh, next.updated().minus(MARKS_KEPT));
      delivered.addAll(fresh);
      delivered.removeIf(m -> m.updated().isBefore(next.updated().minus(MARKS_KEPT)));
      store.saveWatermark(system.id(), next, clock.instant());
      moved = !next.equals(since);
      since = next;
      // A continuation goes on through the overlap, where the watermark stays, and beyond it.
      continuation = page.continuation();
    } while (page.more() && (moved || continuation.isPresent()) && pages < MAX_PAGES);
    return new ScanReport(tickets, opened, pages);
  }
}
