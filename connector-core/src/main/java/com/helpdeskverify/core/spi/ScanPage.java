package com.helpdeskverify.core.spi;

import com.helpdeskverify.core.Ticket;
import com.helpdeskverify.core.Watermark;
import java.util.List;
import java.util.Objects;

/**
 * One page of a scan.
 *
 * @param next the watermark to resume from, covering every ticket of this page
 * @param more whether another page follows at once
 */
public record ScanPage(List<Ticket> tickets, Watermark next, boolean more) {
  public ScanPage {
    tickets = List.copyOf(tickets);
    Objects.requireNonNull(next, "next");
  }
}
