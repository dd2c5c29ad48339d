package com.helpdeskverify.core.workflow;

import static com.helpdeskverify.testkit.WorkflowHarness.requester;
import static org.assertj.core.api.Assertions.assertThat;

import com.helpdeskverify.core.CaseState;
import com.helpdeskverify.core.CommentMarker.Step;
import com.helpdeskverify.core.Outcome;
import com.helpdeskverify.core.ReasonCode;
import com.helpdeskverify.core.Requester;
import com.helpdeskverify.core.Ticket;
import com.helpdeskverify.core.VerificationCase;
import com.helpdeskverify.core.spi.TransientFailure;
import com.helpdeskverify.testkit.SimulatedPushProvider.Answer;
import com.helpdeskverify.testkit.SimulatedTicketSystem.Comment;
import com.helpdeskverify.testkit.SimulatedTicketSystem.Disposition;
import com.helpdeskverify.testkit.WorkflowHarness;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The last look before execution: an approval is acted on only for a ticket that still exists, asks
 * for what was approved, is open and inside the intake scope, and only while the approval is young;
 * our own interrupted move is finished, someone else's move is left alone.
 */
class BeforeExecuteTest {
  private final WorkflowHarness h = new WorkflowHarness();
  private final Requester alice = requester("alice");

  @AfterEach
  void close() {
    h.close();
  }

  private static TransientFailure unavailable(Duration retryAfter) {
    return new TransientFailure(
        "jira", "GET issue", "HTTP 503", Optional.of(retryAfter), false, null);
  }

  /** Works due cases, a second at a time, until the ticket's latest case is in {@code state}. */
  private void runUntil(Ticket t, CaseState state) {
    for (int i = 0; i < 600 && h.stateOf(t) != state; i++) {
      h.workflow().runDue(10);
      if (h.stateOf(t) != state) {
        h.clock.advance(Duration.ofSeconds(1));
      }
    }
    assertThat(h.stateOf(t)).isEqualTo(state);
  }

  private List<Comment> internalNotes(Ticket t) {
    return h.tickets.comments(t.ref()).stream().filter(Comment::internal).toList();
  }

  @Test
  void approvalOlderThanTheMaximumAgeIsNotExecutedAndANewAttemptSendsAFreshPush() {
    h.provider.user(alice, Answer.APPROVE);
    // The ticket system is down for 20 minutes right after the approval.
    h.faults.fail("jira.fetch", 1, () -> unavailable(Duration.ofMinutes(20)));
    Ticket t = h.passwordReset(alice);
    h.scan();

    h.runUntilSettled();

    List<VerificationCase> cases = h.store.casesOf(t.ref());
    assertThat(cases).extracting(VerificationCase::attempt).containsExactly(1, 2);
    assertThat(cases.get(0).outcome()).contains(new Outcome.Cancelled(ReasonCode.APPROVAL_EXPIRED));
    assertThat(cases.get(0).reason().orElseThrow().detail()).contains("15 minutes");
    assertThat(cases.get(1).outcome()).contains(new Outcome.Executed());
    assertThat(h.provider.pushesFor(cases.get(0).id())).isEqualTo(1);
    assertThat(h.provider.pushesFor(cases.get(1).id())).isEqualTo(1);
    assertThat(cases.get(1).challenge().orElseThrow().push())
        .isNotEqualTo(cases.get(0).challenge().orElseThrow().push());
    assertThat(h.tickets.moveCalls(t.ref())).isEqualTo(1);
    assertThat(h.tickets.commentsWith(t.ref(), Step.EXECUTED)).isEqualTo(1);
  }

  @Test
  void approvalWithinTheMaximumAgeIsExecutedAfterATicketSystemHiccup() {
    h.provider.user(alice, Answer.APPROVE);
    h.faults.fail("jira.fetch", 1, () -> unavailable(Duration.ofMinutes(10)));
    Ticket t = h.passwordReset(alice);
    h.scan();

    h.runUntilSettled();

    assertThat(h.onlyCase(t).outcome()).contains(new Outcome.Executed());
  }

  @Test
  void ticketPutOnHoldDuringThePushIsLeftAloneWithAnInternalNote() {
    h.provider.user(alice, Answer.APPROVE, 2);
    Ticket t = h.passwordReset(alice);
    h.scan();
    h.workflow().runDue(10); // notice and push, pending
    h.tickets.moveElsewhere(t.ref(), "On Hold");

    h.runUntilSettled();

    VerificationCase c = h.onlyCase(t);
    assertThat(c.outcome()).contains(new Outcome.Cancelled(ReasonCode.TICKET_OUT_OF_SCOPE));
    assertThat(h.tickets.moveCalls(t.ref())).isZero();
    assertThat(h.tickets.ticket(t.ref()).status()).isEqualTo("On Hold");
    assertThat(h.tickets.commentsWith(t.ref(), Step.EXECUTED)).isZero();
    assertThat(internalNotes(t))
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.marker().step()).isEqualTo(Step.LEFT_ALONE_INTERNAL);
              assertThat(n.text()).contains("On Hold").contains("left it as it is");
            });
  }

  @Test
  void ticketClosedAfterATransientFailureInTheApprovedStepIsNotExecuted() {
    h.provider.user(alice, Answer.APPROVE, 2);
    h.faults.fail("jira.fetch", 1, () -> unavailable(Duration.ofSeconds(30)));
    Ticket t = h.passwordReset(alice);
    h.scan();
    runUntil(t, CaseState.APPROVED); // parked there by the failed re-read
    h.tickets.close(t.ref());

    h.runUntilSettled(); // the retry is a repeated step

    VerificationCase c = h.onlyCase(t);
    assertThat(c.stepAttempts()).isGreaterThan(0);
    assertThat(c.outcome()).contains(new Outcome.Cancelled(ReasonCode.TICKET_CLOSED));
    assertThat(h.tickets.moveCalls(t.ref())).isZero();
    assertThat(h.tickets.commentsWith(t.ref(), Step.EXECUTED)).isZero();
    assertThat(h.tickets.commentsWith(t.ref(), Step.LEFT_ALONE_INTERNAL)).isEqualTo(1);
  }

  @Test
  void ourOwnExecuteFoundOnARepeatedStepIsFinishedNotTakenForSomeoneElsesMove() {
    h.provider.user(alice, Answer.APPROVE, 2);
    Ticket t = h.passwordReset(alice);
    h.scan();
    h.workflow().runDue(10); // notice posted, push pending
    // The confirmation fails after the ticket was moved: the retry finds it out of the scope.
    h.faults.fail("jira.postPublicComment", 1, () -> unavailable(Duration.ofSeconds(5)));

    h.runUntilSettled();

    VerificationCase c = h.onlyCase(t);
    assertThat(c.outcome()).contains(new Outcome.Executed());
    assertThat(h.tickets.disposition(t.ref())).isEqualTo(Disposition.EXECUTE);
    assertThat(h.tickets.commentsWith(t.ref(), Step.EXECUTED)).isEqualTo(1);
    assertThat(h.tickets.commentsWith(t.ref(), Step.LEFT_ALONE_INTERNAL)).isZero();
  }

  @Test
  void ticketSomeoneElseMovedToExecuteBeforeOurFirstLookIsLeftAlone() {
    h.provider.user(alice, Answer.APPROVE, 2);
    Ticket t = h.passwordReset(alice);
    h.scan();
    h.workflow().runDue(10);
    h.tickets.execute(t.ref()); // a technician, without waiting for the verification

    h.runUntilSettled();

    VerificationCase c = h.onlyCase(t);
    assertThat(c.outcome()).contains(new Outcome.Cancelled(ReasonCode.TICKET_OUT_OF_SCOPE));
    assertThat(h.tickets.moveCalls(t.ref())).isEqualTo(1);
    assertThat(h.tickets.commentsWith(t.ref(), Step.EXECUTED)).isZero();
    assertThat(h.tickets.commentsWith(t.ref(), Step.LEFT_ALONE_INTERNAL)).isEqualTo(1);
  }

  /**
   * The same when the execute step's first look failed: its repeat finds the ticket in the execute
   * status, but no run of this case sent a move (its history says so), so it is not taken for ours.
   */
  @Test
  void ticketSomeoneElseMovedToExecuteWhileOurFirstLookFailedIsLeftAlone() {
    h.provider.user(alice, Answer.APPROVE, 2);
    h.faults.fail("jira.fetch", 1, () -> unavailable(Duration.ofSeconds(30)));
    Ticket t = h.passwordReset(alice);
    h.scan();
    runUntil(t, CaseState.APPROVED); // parked there by the failed look
    h.tickets.execute(t.ref()); // a technician, without waiting for the verification

    h.runUntilSettled(); // the retry is a repeated step

    VerificationCase c = h.onlyCase(t);
    assertThat(c.stepAttempts()).isGreaterThan(0);
    assertThat(c.outcome()).contains(new Outcome.Cancelled(ReasonCode.TICKET_OUT_OF_SCOPE));
    assertThat(h.tickets.moveCalls(t.ref())).isEqualTo(1);
    assertThat(h.tickets.commentsWith(t.ref(), Step.EXECUTED)).isZero();
    assertThat(h.tickets.commentsWith(t.ref(), Step.LEFT_ALONE_INTERNAL)).isEqualTo(1);
  }

  @Test
  void ticketWithdrawnWhileThePushIsPendingGetsTheLeftAloneNoteOnce() {
    h.provider.user(alice, Answer.IGNORE);
    Ticket t = h.passwordReset(alice);
    h.scan();
    h.workflow().runDue(10);
    h.tickets.close(t.ref());

    h.runUntilSettled();

    assertThat(h.onlyCase(t).outcome()).contains(new Outcome.Cancelled(ReasonCode.TICKET_CLOSED));
    assertThat(h.tickets.commentsWith(t.ref(), Step.LEFT_ALONE_INTERNAL)).isEqualTo(1);
  }
}
