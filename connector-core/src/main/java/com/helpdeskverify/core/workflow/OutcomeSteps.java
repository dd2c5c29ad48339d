package com.helpdeskverify.core.workflow;

import com.helpdeskverify.core.CaseId;
import com.helpdeskverify.core.CaseState;
import com.helpdeskverify.core.Challenge;
import com.helpdeskverify.core.CommentMarker;
import com.helpdeskverify.core.Reason;
import com.helpdeskverify.core.ReasonCode;
import com.helpdeskverify.core.Ticket;
import com.helpdeskverify.core.VerificationCase;
import com.helpdeskverify.core.spi.PermanentFailure;
import com.helpdeskverify.core.spi.TicketSystem;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The last phase of a case: what its outcome does to the ticket. An approval is executed after a
 * last look (APPROVED), a denial or timeout rejects (DENIED, TIMED_OUT), an escalation hands the
 * ticket to technicians (ESCALATING), a cancellation leaves it as it is (CANCELLING).
 */
record OutcomeSteps(
    Integrations integrations,
    CaseWrites writes,
    Comments comments,
    WorkflowPolicy policy,
    RandomGenerator random,
    Hooks hooks) {
  // Under the workflow's name: its log lines keep the logger operators filter by.
  private static final Logger LOG = System.getLogger(VerificationWorkflow.class.getName());

  /**
   * The last look before execution. The ticket must still exist, ask for what was approved, be open
   * and inside the intake scope, and the approval must be younger than the policy's maximum age. A
   * repeat (after a crash or a failure) may find the ticket where our own execute put it: only the
   * ticket system's word that it is in the execute state counts as that, never the mere fact that
   * it is closed or out of scope, and only when an earlier run of the step noted in the case's
   * history that it sent the move. A ticket already in the execute status when it was marked for
   * verification, or moved there by someone else before a first look that failed, is not taken for
   * ours: it was bypassed, as a first look that succeeded would have found.
   */
  Progress approved(VerificationCase c, boolean repeat) {
    TicketSystem tickets = integrations.ticketSystem(c);
    Optional<VerificationCase> newer = writes.newerAttempt(c);
    if (newer.isPresent()) {
      // An interrupted run of this step already opened the next attempt for an expired approval.
      return writes.cancel(
          c,
          ReasonCode.APPROVAL_EXPIRED,
          "attempt " + newer.get().attempt() + " verifies the request again");
    }
    // One look serves every check below (still there, same request and requester, open, in
    // scope, or executed by our own interrupted run); an adapter may answer it with one read.
    Optional<TicketSystem.LastLook> look = tickets.lastLook(c.ticket(), c.fingerprint());
    if (look.isEmpty()) {
      return writes.cancel(c, ReasonCode.TICKET_DELETED, "ticket not found");
    }
    Ticket t = look.get().ticket();
    if (!t.fingerprint().equals(c.fingerprint()) || look.get().standing().isEmpty()) {
      return writes.cancel(c, ReasonCode.REQUEST_EDITED, "requester or request changed");
    }
    TicketSystem.Standing standing = look.get().standing().get();
    boolean ourMoveDone =
        repeat && standing == TicketSystem.Standing.EXECUTED && writes.executeWasSent(c);
    if (!ourMoveDone) {
      if (!t.open()) {
        return leftAlone(c, ReasonCode.TICKET_CLOSED, t, "ticket status " + t.status());
      }
      if (standing != TicketSystem.Standing.IN_SCOPE) {
        return leftAlone(
            c,
            ReasonCode.TICKET_OUT_OF_SCOPE,
            t,
            "ticket status " + t.status() + ", no longer in the intake scope");
      }
      Duration age = Duration.between(writes.enteredAt(c, CaseState.APPROVED), writes.now());
      if (age.compareTo(policy.approvalMaxAge()) > 0) {
        return approvalExpired(c, t, age);
      }
    }
    writes.executeSent(c);
    comments.withMove(
        c,
        repeat,
        CommentMarker.Step.EXECUTED,
        comments.render(Message.EXECUTED, c),
        () -> tickets.execute(c.ticket()),
        comment -> tickets.execute(c.ticket(), comment));
    executedNote(c, repeat);
    return writes.move(
        c, c.toBuilder().state(CaseState.EXECUTE_REQUESTED), "ticket moved to execute");
  }

  /**
   * Someone else closed the ticket or moved it out of the scope while it was being verified: it is
   * theirs now, and the verification was bypassed. It is not moved; technicians get a note, and the
   * case ends.
   */
  private Progress leftAlone(VerificationCase c, ReasonCode code, Ticket t, String detail) {
    return writes.bypassed(c, code, t.status(), detail);
  }

  /**
   * An approval older than the policy allows is not acted on. The next attempt is opened here with
   * the ticket just read (its fingerprint equals this case's), so it needs no scan to notice it;
   * the store's unique attempt number keeps a repeat of this step from opening two.
   */
  private Progress approvalExpired(VerificationCase c, Ticket t, Duration age) {
    int attempt = c.attempt() + 1;
    VerificationCase fresh =
        VerificationCase.detected(
            CaseId.random(random),
            t,
            attempt,
            c.classification(),
            c.language(),
            c.provider(),
            writes.now());
    String why =
        "approved "
            + Comments.humanize(age)
            + " ago, longer than the "
            + Comments.humanize(policy.approvalMaxAge())
            + " an approval is valid";
    writes.insert(fresh, "new attempt: the approval of attempt " + c.attempt() + " expired");
    LOG.log(
        Level.INFO,
        "case {0} of {1}: {2}; attempt {3} sends a fresh push",
        c.id(),
        c.ticket(),
        why,
        attempt);
    return writes.cancel(
        c, ReasonCode.APPROVAL_EXPIRED, why + "; attempt " + attempt + " verifies again");
  }

  Progress rejecting(VerificationCase c, boolean repeat) {
    boolean denied = c.state() == CaseState.DENIED;
    boolean fraud = c.reason().map(r -> r.code() == ReasonCode.FRAUD_REPORTED).orElse(false);
    TicketSystem tickets = integrations.ticketSystem(c);
    String reason =
        comments.render(denied ? Message.REJECT_REASON_DENIED : Message.REJECT_REASON_TIMED_OUT, c);
    comments.withMove(
        c,
        repeat,
        CommentMarker.Step.REJECTED,
        comments.render(denied ? Message.REJECTED_DENIED : Message.REJECTED_TIMED_OUT, c),
        () -> tickets.reject(c.ticket(), reason),
        comment -> tickets.reject(c.ticket(), reason, comment));
    if (fraud) {
      comments.postOnce(
          c,
          repeat,
          CommentMarker.Step.FRAUD_INTERNAL,
          true,
          comments.render(Message.FRAUD_INTERNAL, c));
    }
    if (TicketIntake.serviceDesk(c)) {
      comments.postOnce(
          c,
          repeat,
          CommentMarker.Step.OUTCOME_INTERNAL,
          true,
          comments.render(Message.OUTCOME_INTERNAL, c));
    }
    clearRequest(c);
    return writes.move(c, c.toBuilder().state(CaseState.REJECTED), "ticket rejected");
  }

  Progress escalating(VerificationCase c, boolean repeat) {
    TicketSystem tickets = integrations.ticketSystem(c);
    comments.postOnce(
        c,
        repeat,
        CommentMarker.Step.ESCALATED_INTERNAL,
        true,
        comments.render(Message.ESCALATED_INTERNAL, c));
    comments.postOnce(
        c,
        repeat,
        CommentMarker.Step.ESCALATED_PUBLIC,
        false,
        comments.render(Message.ESCALATED_PUBLIC, c));
    // The reason quotes ticket and provider text (what was found, a vendor's message) and lands in
    // a journal or field technicians trust: made inert like every other quoted value.
    tickets.escalate(c.ticket(), Comments.printable(Comments.reasonText(c)));
    clearRequest(c);
    return writes.move(c, c.toBuilder().state(CaseState.ESCALATED), "ticket escalated");
  }

  Progress cancelling(VerificationCase c, boolean repeat) {
    // The push's status call stops here too: an answer to it after this is void.
    integrations.cancelPush(c);
    ReasonCode code = c.reason().map(Reason::code).orElse(null);
    if (code == ReasonCode.TICKET_CLOSED || code == ReasonCode.TICKET_OUT_OF_SCOPE) {
      leftAloneNote(c, repeat);
    }
    TicketSink intake = hooks.reconsider;
    if (intake != null && code == ReasonCode.REQUEST_EDITED) {
      // Opened before this attempt ends: a crash in between repeats this step, and the intake
      // then finds the new attempt already open.
      integrations.ticketSystem(c).fetchInScope(c.ticket()).ifPresent(intake::consider);
    }
    return writes.move(c, c.toBuilder().state(CaseState.CANCELLED), "case cancelled");
  }

  /**
   * Closed or moved by someone else: technicians learn why nothing happened to it. Best effort: a
   * ticket system that refuses the note (a project where it could not stay internal, say) must not
   * keep the case from ending, as nothing else is done to the ticket.
   */
  private void leftAloneNote(VerificationCase c, boolean repeat) {
    try {
      comments.postOnce(
          c,
          repeat,
          CommentMarker.Step.LEFT_ALONE_INTERNAL,
          true,
          comments.render(Message.LEFT_ALONE_INTERNAL, c));
    } catch (PermanentFailure refused) {
      LOG.log(
          Level.WARNING,
          "case {0}: the note that {1} was left alone was refused, the case ends without it: {2}",
          c.id(),
          c.ticket().label(),
          refused.getMessage());
    }
  }

  /**
   * At execution: names the verified person and account for the technician who carries the request
   * out, and takes a technician's request for verification off the ticket.
   */
  private void executedNote(VerificationCase c, boolean repeat) {
    Map<String, String> extra = new HashMap<>();
    Challenge challenge = c.challenge().orElseThrow();
    extra.put("push", challenge.push().id());
    extra.put("approved-at", writes.enteredAt(c, CaseState.APPROVED).toString());
    comments.postOnce(
        c,
        repeat,
        CommentMarker.Step.VERIFIED_ACCOUNT,
        true,
        comments.render(Message.VERIFIED_ACCOUNT, c, extra));
    clearRequest(c);
  }

  /**
   * A technician's request for verification is answered: asking again is a new request. A refusal
   * (no permission to edit labels, say) is logged and changes no outcome, which by then has
   * happened or must still happen; a transient failure repeats the step, which is idempotent.
   */
  private void clearRequest(VerificationCase c) {
    if (!TicketIntake.askedForByTechnician(c.classification())) {
      return;
    }
    try {
      integrations.ticketSystem(c).clearVerificationRequest(c.ticket());
    } catch (PermanentFailure f) {
      LOG.log(
          Level.ERROR,
          "case {0}: could not take the request for verification off {1}; remove it by hand and"
              + " check the integration's permissions: {2}",
          c.id(),
          c.ticket(),
          f.getMessage());
    }
  }
}
