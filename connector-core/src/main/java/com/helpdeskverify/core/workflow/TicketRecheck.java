package com.helpdeskverify.core.workflow;

import com.helpdeskverify.core.ReasonCode;
import com.helpdeskverify.core.Ticket;
import com.helpdeskverify.core.VerificationCase;
import com.helpdeskverify.core.spi.TicketSystem;
import java.time.Instant;
import java.util.Optional;

/**
 * The re-read of a ticket while its case waits for the push: the requester may withdraw, close or
 * edit the request at any time, and a case must not go on for a request that is gone.
 */
record TicketRecheck(
    Integrations integrations, CaseWrites writes, WorkflowPolicy policy, Hooks hooks) {

  /**
   * Re-reads the ticket if the case's view of it is older than the policy allows, and notes the
   * check in {@code next}.
   *
   * @return the case cancelled, when the ticket is gone
   */
  Optional<Progress> ifStale(VerificationCase c, VerificationCase.Builder next) {
    Instant now = writes.now();
    boolean stale =
        c.ticketCheckedAt().map(at -> !now.isBefore(at.plus(policy.ticketRecheck()))).orElse(true);
    if (!stale) {
      return Optional.empty();
    }
    // A scan of this node saw the ticket as the case knows it, in scope and open, within
    // ticket-recheck: that read counts. Not when the re-read was made due at once (an edit or a
    // close was delivered, the check's time cleared): then the ticket itself is asked.
    TicketSightings sightings = hooks.sightings;
    Optional<Instant> seen =
        sightings == null || c.ticketCheckedAt().isEmpty()
            ? Optional.empty()
            : sightings.unchangedSince(
                c.ticket(), c.fingerprint(), now.minus(policy.ticketRecheck()).plusNanos(1));
    if (seen.isPresent()) {
      next.ticketCheckedAt(seen.get());
      return Optional.empty();
    }
    next.ticketCheckedAt(now);
    return recheck(c);
  }

  /**
   * Re-reads the ticket. Deleted, closed, moved out of the intake scope or edited, the case is
   * cancelled; an edited request gets a new attempt from intake. Closed or moved out of the scope
   * before an outcome, the verification was bypassed: nothing this connector does moves a ticket
   * while its case is running. The ticket is read through the scope (one call), and read again
   * plainly only when that finds nothing, to tell why.
   */
  private Optional<Progress> recheck(VerificationCase c) {
    TicketSystem system = integrations.ticketSystem(c);
    Optional<Ticket> inScope = system.fetchInScope(c.ticket());
    Optional<Ticket> ticket = inScope.isPresent() ? inScope : system.fetch(c.ticket());
    if (ticket.isEmpty()) {
      return Optional.of(writes.cancel(c, ReasonCode.TICKET_DELETED, "ticket not found"));
    }
    Ticket t = ticket.get();
    if (!t.fingerprint().equals(c.fingerprint())) {
      return Optional.of(
          writes.cancel(c, ReasonCode.REQUEST_EDITED, "requester or request text changed"));
    }
    if (!t.open()) {
      return Optional.of(
          writes.bypassed(c, ReasonCode.TICKET_CLOSED, t.status(), "ticket status " + t.status()));
    }
    if (inScope.isEmpty()) {
      return Optional.of(
          writes.bypassed(
              c,
              ReasonCode.TICKET_OUT_OF_SCOPE,
              t.status(),
              "ticket left the intake scope (status " + t.status() + ")"));
    }
    return Optional.empty();
  }
}
