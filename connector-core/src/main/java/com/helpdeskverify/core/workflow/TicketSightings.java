package com.helpdeskverify.core.workflow;

import com.helpdeskverify.core.Ticket;
import com.helpdeskverify.core.TicketRef;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What this node's scans last read of each ticket, and when: a scan page is a read through the
 * intake scope, as good as the re-read a waiting case makes with {@code fetchInScope}. While a
 * burst is drained the scan reads the same tickets every few seconds, and a case whose push waits
 * beyond {@code ticket-recheck} need not ask the ticket system once more for what a scan just saw.
 *
 * <p>Kept in memory only, per node: a restart or another node's case merely reads the ticket
 * itself. A case whose re-read was made due at once (an edit or a close delivered) reads the ticket
 * itself too, whatever was seen before; see {@link TicketRecheck}.
 */
public final class TicketSightings {
  private record Sighting(String fingerprint, boolean open, Instant at) {}

  private final Map<TicketRef, Sighting> latest = new ConcurrentHashMap<>();
  private final Duration kept;
  private volatile Instant prunedAt = Instant.MIN;

  /**
   * @param kept how long a sighting is kept: a sighting older than the workflow's {@code
   *     ticket-recheck} serves no re-read
   */
  public TicketSightings(Duration kept) {
    this.kept = Objects.requireNonNull(kept);
  }

  /**
   * Notes the tickets of a scan page.
   *
   * @param readFrom when the read that gave them began: each ticket was as seen at that instant or
   *     later
   */
  void saw(List<Ticket> tickets, Instant readFrom) {
    for (Ticket t : tickets) {
      Sighting s = new Sighting(t.fingerprint(), t.open(), readFrom);
      // Pages of two scans may be noted out of order: the later read wins.
      latest.merge(t.ref(), s, (old, now) -> now.at().isBefore(old.at()) ? old : now);
    }
    prune(readFrom);
  }

  /**
   * When a scan last saw the ticket open and asking for what {@code fingerprint} names, if that was
   * not before {@code notBefore}; empty when no scan did, or it saw the ticket otherwise.
   */
  Optional<Instant> unchangedSince(TicketRef ticket, String fingerprint, Instant notBefore) {
    Sighting s = latest.get(ticket);
    if (s == null || !s.open() || !s.fingerprint().equals(fingerprint)) {
      return Optional.empty();
    }
    return s.at().isBefore(notBefore) ? Optional.empty() : Optional.of(s.at());
  }

  /** Tickets noted, for tests. */
  int size() {
    return latest.size();
  }

  private void prune(Instant now) {
    if (now.isBefore(prunedAt.plus(kept))) {
      return;
    }
    prunedAt = now;
    Instant oldest = now.minus(kept);
    latest.values().removeIf(s -> s.at().isBefore(oldest));
  }
}
