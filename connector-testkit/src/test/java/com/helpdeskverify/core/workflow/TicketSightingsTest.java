package com.helpdeskverify.core.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.helpdeskverify.core.CaseState;
import com.helpdeskverify.core.ReasonCode;
import com.helpdeskverify.core.Requester;
import com.helpdeskverify.core.Ticket;
import com.helpdeskverify.core.Watermark;
import com.helpdeskverify.testkit.SimulatedPushProvider;
import com.helpdeskverify.testkit.WorkflowHarness;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A scan's read of a ticket serves the re-read a case makes before its push only while it is within
 * ticket-recheck, shows the ticket open and asking for what the case verifies, and the re-read was
 * not made due at once by a delivered edit or close.
 */
class TicketSightingsTest {
  private final WorkflowHarness h = new WorkflowHarness();
  private final TicketSightings sightings = new TicketSightings(h.policy.ticketRecheck());
  private final VerificationWorkflow workflow = h.workflow("node-1");
  private final Requester ann = WorkflowHarness.requester("ann");
  private Ticket ticket;

  TicketSightingsTest() {
    workflow.trustScanReadsOf(sightings);
    h.provider.user(ann, SimulatedPushProvider.Answer.IGNORE);
    ticket = h.passwordReset(ann);
    h.scan();
    // The case waits beyond ticket-recheck for its push, as a burst's do behind a rate limit.
    h.clock.advance(h.policy.ticketRecheck().plusSeconds(5));
  }

  @AfterEach
  void close() {
    h.close();
  }

  @Test
  void aScanReadWithinTicketRecheckServesTheReReadBeforeThePush() {
    sightings.saw(List.of(h.tickets.ticket(ticket.ref())), h.clock.instant().minusSeconds(3));

    workflow.runDue(10);

    assertThat(h.stateOf(ticket)).isEqualTo(CaseState.CHALLENGED);
    assertThat(h.ticketReads()).isZero();
    // The next re-read is due ticket-recheck after that scan's read, not after the push.
    assertThat(h.onlyCase(ticket).ticketCheckedAt()).contains(h.clock.instant().minusSeconds(3));
  }

  @Test
  void withoutAScanReadTheTicketIsReadBeforeThePush() {
    workflow.runDue(10);

    assertThat(h.stateOf(ticket)).isEqualTo(CaseState.CHALLENGED);
    assertThat(h.ticketReads()).isEqualTo(1);
  }

  @Test
  void aScanReadOlderThanTicketRecheckDoesNotServe() {
    sightings.saw(
        List.of(h.tickets.ticket(ticket.ref())), h.clock.instant().minus(h.policy.ticketRecheck()));

    workflow.runDue(10);

    assertThat(h.ticketReads()).isEqualTo(1);
  }

  @Test
  void aScanReadOfAnEditedRequestDoesNotServeAndTheEditCancels() {
    h.tickets.edit(ticket.ref(), "Please make me an admin of the finance share.");
    sightings.saw(List.of(h.tickets.ticket(ticket.ref())), h.clock.instant());

    workflow.runDue(10);

    assertThat(h.provider.pushes()).isEmpty();
    assertThat(h.onlyCase(ticket).state()).isEqualTo(CaseState.CANCELLED);
    assertThat(h.onlyCase(ticket).reason().orElseThrow().code())
        .isEqualTo(ReasonCode.REQUEST_EDITED);
  }

  @Test
  void aScanReadOfAClosedTicketDoesNotServe() {
    h.tickets.close(ticket.ref());
    sightings.saw(List.of(h.tickets.ticket(ticket.ref())), h.clock.instant());

    workflow.runDue(10);

    assertThat(h.provider.pushes()).isEmpty();
    assertThat(h.stateOf(ticket)).isEqualTo(CaseState.CANCELLED);
  }

  @Test
  void aCloseDeliveredAfterTheScanReadMakesTheTicketReadAnyway() {
    sightings.saw(List.of(h.tickets.ticket(ticket.ref())), h.clock.instant());
    h.clock.advance(Duration.ofSeconds(1));
    h.tickets.close(ticket.ref());
    // A webhook delivers the close: the re-read is made due at once, and must not take the scan's
    // read of a second ago for it.
    h.intake("node-1").consider(h.tickets.ticket(ticket.ref()));

    workflow.runDue(10);

    assertThat(h.provider.pushes()).isEmpty();
    assertThat(h.stateOf(ticket)).isEqualTo(CaseState.CANCELLED);
  }

  @Test
  void theScannerNotesEveryPageItReadsDeliveredBeforeOrNot() {
    Instant readFrom = h.clock.instant();
    Ticket other = h.passwordReset(WorkflowHarness.requester("ben"));
    new TicketScanner(h.store, h.intake("node-1"), h.clock, Optional.of(sightings))
        .scan(h.tickets, Watermark.at(Instant.EPOCH), 50);

    assertThat(sightings.unchangedSince(other.ref(), other.fingerprint(), readFrom))
        .contains(readFrom);
    assertThat(sightings.unchangedSince(other.ref(), "another request", readFrom)).isEmpty();
  }

  @Test
  void theLaterReadWinsWhateverOrderPagesAreNotedIn() {
    Ticket now = h.tickets.ticket(ticket.ref());
    Instant later = h.clock.instant();
    sightings.saw(List.of(now), later);
    sightings.saw(List.of(now), later.minusSeconds(20));

    assertThat(sightings.unchangedSince(now.ref(), now.fingerprint(), later.minusSeconds(25)))
        .contains(later);
  }

  @Test
  void readsOlderThanKeptAreDropped() {
    Ticket now = h.tickets.ticket(ticket.ref());
    sightings.saw(List.of(now), h.clock.instant());
    Ticket other = h.passwordReset(WorkflowHarness.requester("ben"));

    sightings.saw(List.of(other), h.clock.instant().plus(h.policy.ticketRecheck()).plusSeconds(1));

    assertThat(sightings.size()).isEqualTo(1);
  }
}
