package com.helpdeskverify.core;

import java.time.Instant;
import java.util.Objects;

/**
 * A ticket as a scan delivered it to intake: its key and its {@code updated}. A ticket re-read in a
 * scan's overlap with the same mark was delivered already; an edit gives it a new mark.
 */
public record ScanMark(String key, Instant updated) {
  public ScanMark {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(updated, "updated");
  }

  public static ScanMark of(Ticket ticket) {
    return new ScanMark(ticket.ref().key(), ticket.updated());
  }
}
