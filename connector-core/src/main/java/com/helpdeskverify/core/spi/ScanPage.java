package com.helpdeskverify.core.spi;

import com.helpdeskverify.core.Ticket;
import com.helpdeskverify.core.Watermark;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of a scan.
 *
 * @param next the watermark to resume from, covering every ticket of this page
 * @param more whether another page follows at once
 * @param continuation where the same scan goes on ({@link TicketSystem#findChanged(Watermark, int,
 *     Object)}), the adapter's own value, opaque to the scanner: it is handed back unchanged by the
 *     next call of this scan only and never stored, so every scan begins with a fresh read of the
 *     overlap before its watermark
 */
public record ScanPage(
    List<Ticket> tickets, Watermark next, boolean more, Optional<Object> continuation) {
  public ScanPage {
    tickets = List.copyOf(tickets);
    Objects.requireNonNull(next, "next");
    Objects.requireNonNull(continuation, "continuation");
  }

  /** A page after which a scan goes on, if at all, from {@code next} alone. */
  public ScanPage(List<Ticket> tickets, Watermark next, boolean more) {
    this(tickets, next, more, Optional.empty());
  }
}
