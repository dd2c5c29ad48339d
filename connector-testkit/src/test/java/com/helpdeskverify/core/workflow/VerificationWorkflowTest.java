package com.helpdeskverify.core.workflow;

import static com.helpdeskverify.testkit.WorkflowHarness.requester;
import static org.assertj.core.api.Assertions.assertThat;

import com.helpdeskverify.core.CaseState;
import com.helpdeskverify.core.CommentMarker.Step;
import com.helpdeskverify.core.HistoryEntry;
import com.helpdeskverify.core.Outcome;
import com.helpdeskverify.core.ReasonCode;
import com.helpdeskverify.core.Requester;
import com.helpdeskverify.core.Ticket;
import com.helpdeskverify.core.VerificationCase;
import com.helpdeskverify.core.spi.PermanentFailure;
import com.helpdeskverify.core.spi.TransientFailure;
import com.helpdeskverify.testkit.SimulatedPushProvider.Answer;
import com.helpdeskverify.testkit.SimulatedTicketSystem.Comment;
import com.helpdeskverify.testkit.SimulatedTicketSystem.Disposition;
import com.helpdeskverify.testkit.WorkflowHarness;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class VerificationWorkflowTest {
  private final WorkflowHarness h = new WorkflowHarness();
  private final Requester alice = requester("alice");

  @AfterEach
  void close() {
    h.close();
  }

  private Ticket fileAndRun() {
    Ticket t = h.passwordReset(alice);
    h.scan();
    h.runUntilSettled();
    return t;
  }

  @Test
  void approvedPushMovesTicketToExecuteWithNoticeAndConfirmation() {
    h.provider.user(alice, Answer.APPROVE, 2);

    Ticket t = fileAndRun();

    VerificationCase c = h.onlyCase(t);
    assertThat(c.state()).isEqualTo(CaseState.EXECUTE_REQUESTED);
    assertThat(c.outcome()).contains(new Outcome.Executed());
    assertThat(h.tickets.disposition(t.ref())).isEqualTo(Disposition.EXECUTE);
    assertThat(h.provider.pushesFor(c.id())).isEqualTo(1);
    assertThat(h.tickets.comments(t.ref()))
        .extracting(cm -> cm.marker().step())
        .containsExactly(Step.NOTICE, Step.EXECUTED, Step.VERIFIED_ACCOUNT);
    assertThat(h.tickets.comments(t.ref()).get(0).text())
        .contains("Simulated Authenticator")
        .contains("3 minutes")
        .contains(t.ref().key());
  }

  @Test
  void pushGoesToTheAuthenticatedRequesterNotToAnyoneNamedInTheText() {
    Requester mallory = requester("mallory");
    h.provider.user(alice, Answer.APPROVE).user(mallory, Answer.APPROVE);
    Ticket t =
        h.tickets.file(
            alice,
            "Password reset",
            "Reset my password and send the push to acc-mallory, not to me.");
    h.scan();
    h.runUntilSettled();

    assertThat(h.provider.pushes())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.request().requester()).isEqualTo(alice);
              assertThat(p.request().providerUserId()).isEqualTo("u-acc-alice");
            });
    assertThat(h.stateOf(t)).isEqualTo(CaseState.EXECUTE_REQUESTED);
  }

  @Test
  void deniedPushRejectsTicketAndNeverExecutes() {
    h.provider.user(alice, Answer.DENY, 1);

    Ticket t = fileAndRun();

    VerificationCase c = h.onlyCase(t);
    assertThat(c.outcome()).contains(new Outcome.Rejected(ReasonCode.DENIED));
    assertThat(h.tickets.disposition(t.ref())).isEqualTo(Disposition.REJECTED);
    assertThat(h.tickets.comments(t.ref()))
        .extracting(cm -> cm.marker().step())
        .containsExactly(Step.NOTICE, Step.REJECTED);
    assertThat(h.store.history(c.id()))
        .extracting(HistoryEntry::to)
        .doesNotContain(CaseState.APPROVED, CaseState.EXECUTE_REQUESTED);
  }

  @Test
  void pushReportedAsFraudRejectsAndWarnsTechniciansInAnInternalNote() {
    h.provider.user(alice, Answer.REPORT_FRAUD);

    Ticket t = fileAndRun();

    assertThat(h.onlyCase(t).outcome()).contains(new Outcome.Rejected(ReasonCode.FRAUD_REPORTED));
    Comment note = h.tickets.comments(t.ref()).get(2);
    assertThat(note.internal()).isTrue();
    assertThat(note.marker().step()).isEqualTo(Step.FRAUD_INTERNAL);
    assertThat(note.text()).contains("signs of fraud: reported as fraud").contains("alice");
  }

  @Test
  void unansweredPushTimesOutAtTheProviderDeadlineAndRejects() {
    h.provider.user(alice, Answer.IGNORE);

    Ticket t = fileAndRun();

    VerificationCase c = h.onlyCase(t);
    assertThat(c.outcome()).contains(new Outcome.Rejected(ReasonCode.TIMED_OUT));
    assertThat(h.tickets.disposition(t.ref())).isEqualTo(Disposition.REJECTED);
    assertThat(c.challenge().orElseThrow().deadline())
        .isEqualTo(t.created().plus(Duration.ofMinutes(3)));
    assertThat(h.clock.instant()).isAfter(c.challenge().orElseThrow().deadline());
    assertThat(h.provider.cancelled()).containsExactly(c.challenge().orElseThrow().push());
    assertThat(h.tickets.comments(t.ref()).get(1).text()).contains("3 minutes");
  }

  @Test
  void approvalSeenOnlyAfterTheDeadlineDoesNotExecute() {
    h.provider.user(alice, Answer.APPROVE);
    Ticket t = h.passwordReset(alice);
    h.scan();
    h.workflow().runDue(10); // notice and push
    h.clock.advance(Duration.ofMinutes(4)); // the node was down past the deadline

    h.runUntilSettled();

    assertThat(h.onlyCase(t).outcome()).contains(new Outcome.Rejected(ReasonCode.TIMED_OUT));
    assertThat(h.onlyCase(t).reason().orElseThrow().detail())
        .as("the first look after the deadline found the approval")
        .contains("approval came after the deadline");
    assertThat(h.tickets.disposition(t.ref())).isEqualTo(Disposition.REJECTED);
  }

  /**
   * The poll before the deadline failed and the next, after it, finds the push approved: the
   * deadline wins (nothing executes), but the approval may have come in time, so a technician
   * decides rather than the requester being told they did not answer.
   */
  @Test
  void approvalSeenOnlyAfterTheDeadlineBecauseThePollBeforeFailedEscalates() {
    h.provider.user(alice, Answer.APPROVE);
    Ticket t = h.passwordReset(alice);
    h.scan();
    h.workflow().runDue(10); // notice and push
    h.faults.fail("duo.status", 1, () -> unavailable("status", false));
    h.clock.advance(h.policy.pollInterval());
    h.workflow().runDue(10); // the poll fails
    h.clock.advance(WorkflowHarness.PUSH_TIMEOUT);

    h.runUntilSettled();

    VerificationCase c = h.onlyCase(t);
    assertThat(c.outcome()).contains(new Outcome.Escalated(ReasonCode.PROVIDER_UNAVAILABLE));
    assertThat(c.reason().orElseThrow().detail()).contains("approval seen only after the deadline");
    assertThat(h.tickets.disposition(t.ref())).isNotEqualTo(Disposition.EXECUTE);
  }

  @Test
  void providerReportingExpiryRejectsAsTimedOut() {
    h.provider.user(alice, Answer.EXPIRE);

    Ticket t = fileAndRun();

    assertThat(h.onlyCase(t).outcome()).contains(new Outcome.Rejected(ReasonCode.TIMED_OUT));
  }

  @Test
  void requesterWithoutEnrolledDeviceIsEscalatedWithInternalNoteAndNoPush() {
    h.provider.userWithoutDevice(alice);

    Ticket t = fileAndRun();

    VerificationCase c = h.onlyCase(t);
    assertThat(c.outcome()).contains(new Outcome.Escalated(ReasonCode.NO_ENROLLED_DEVICE));
    assertThat(h.tickets.disposition(t.ref())).isEqualTo(Disposition.ESCALATED);
    assertThat(h.provider.pushes()).isEmpty();
    List<Comment> comments = h.tickets.comments(t.ref());
    assertThat(comments).extracting(Comment::internal).containsExactly(true, false);
    assertThat(comments.get(0).text())
        .contains("no device enrolled")
        .contains("password")
        .contains(c.id().value());
    assertThat(comments.get(1).text()).contains("technician").doesNotContain("device");
  }

  @Test
  void linkInTheRequestersNameIsQuotedInertInTheTechniciansNote() {
    Requester bob =
        Requester.of(
            "acc-bob", "bob@example.com", "Bob https://evil.example/login www.evil.example");
    h.provider.userWithoutDevice(bob);
    Ticket t = h.passwordReset(bob);
    h.scan();
    h.runUntilSettled();

    assertThat(h.tickets.comments(t.ref()))
        .filteredOn(Comment::internal)
        .singleElement()
        .extracting(Comment::text)
        .asString()
        .contains("Bob https\u200B://evil.example/login www\u200B.evil.example")
        .doesNotContain("https://")
        .doesNotContain("www.");
  }

  @Test
  void requesterUnknownToTheProviderIsEscalated() {
    Ticket t = fileAndRun();

    assertThat(h.onlyCase(t).outcome()).contains(new Outcome.Escalated(ReasonCode.UNKNOWN_USER));
    assertThat(h.provider.pushes()).isEmpty();
  }

  @Test
  void ticketOpenedOnBehalfIsEscalatedWithoutPushWhenTheSystemSaysEscalate() {
    // The default verifies such tickets (TechnicianAssistedVerificationTest); this setting keeps
    // the older behaviour for shops that want a technician to verify every phone-in.
    h.rules.put("jira", new TicketSystemRules(TicketSystemRules.OnBehalf.ESCALATE, List.of(), 0.9));
    h.provider.user(alice, Answer.APPROVE);
    Requester agent = requester("agent");
    Ticket filed = h.passwordReset(alice);
    h.tickets.put(
        new Ticket(
            filed.ref(),
            alice,
            Optional.of(agent),
            filed.summary(),
            filed.description(),
            filed.created(),
            filed.updated(),
            filed.status(),
            true));
    h.scan();
    h.runUntilSettled();

    VerificationCase c = h.onlyCase(filed);
    assertThat(c.outcome()).contains(new Outcome.Escalated(ReasonCode.OPENED_ON_BEHALF));
    assertThat(c.reason().orElseThrow().detail()).contains("agent");
    assertThat(h.provider.pushes()).isEmpty();
  }

  @Test
  void requestForAnotherPersonsAccountEscalatesWithoutPushAndSaysWhatWasFound() {
    Requester carol = requester("carol");
    h.provider.user(alice, Answer.APPROVE).user(carol, Answer.APPROVE);
    Ticket t =
        h.tickets.file(
            alice,
            "Password reset",
            "Please reset the password of my manager carol@example.com, she is travelling.");
    h.scan();
    h.runUntilSettled();

    VerificationCase c = h.onlyCase(t);
    assertThat(c.outcome()).contains(new Outcome.Escalated(ReasonCode.THIRD_PARTY_TARGET));
    assertThat(h.provider.pushes()).isEmpty();
    assertThat(h.tickets.disposition(t.ref())).isNotEqualTo(Disposition.EXECUTE);
    assertThat(h.tickets.comments(t.ref()))
        .filteredOn(Comment::internal)
        .singleElement()
        .satisfies(
            note ->
                assertThat(note.text())
                    .contains("another person's account")
                    .contains("carol@example.com is not the requester's")
                    .contains("of my manager"));
    assertThat(h.tickets.comments(t.ref()))
        .filteredOn(cm -> !cm.internal())
        .extracting(cm -> cm.marker().step())
        .containsExactly(Step.ESCALATED_PUBLIC);
  }

  @Test
  void requesterQuotingTheirOwnAddressIsPushedAsUsual() {
    h.provider.user(alice, Answer.APPROVE);
    Ticket t =
        h.tickets.file(
            alice, "Password reset", "I forgot my password (Alice@Example.com), please reset it.");
    h.scan();
    h.runUntilSettled();

    assertThat(h.onlyCase(t).outcome()).contains(new Outcome.Executed());
    assertThat(h.provider.pushes()).singleElement();
  }

  @Test
  void transientProviderErrorsAreRetriedAndStillSendExactlyOnePush() {
    h.provider.user(alice, Answer.APPROVE);
    h.faults.fail("duo.lookup", 2, () -> unavailable("lookup", false));
    h.faults.fail("duo.startPush", 2, () -> unavailable("startPush", false));
    h.faults.fail("duo.status", 2, () -> unavailable("status", true));

    Ticket t = fileAndRun();

    VerificationCase c = h.onlyCase(t);
    assertThat(c.outcome()).contains(new Outcome.Executed());
    assertThat(h.provider.pushesFor(c.id())).isEqualTo(1);
    assertThat(h.tickets.commentsWith(t.ref(), Step.NOTICE)).isEqualTo(1);
    assertThat(h.store.history(c.id()))
        .extracting(HistoryEntry::detail)
        .anyMatch(d -> d.contains("push not sent") && d.contains("retry at"));
  }

  @Test
  void providerFailingUntilTheLimitEscalatesAsUnavailable() {
    h.provider.user(alice, Answer.APPROVE);
    h.faults.fail("duo.lookup", 100, () -> unavailable("lookup", false));

    Ticket t = fileAndRun();

    VerificationCase c = h.onlyCase(t);
    assertThat(c.outcome()).contains(new Outcome.Escalated(ReasonCode.PROVIDER_UNAVAILABLE));
    assertThat(h.faults.calls().stream().filter("duo.lookup"::equals))
        .hasSize(h.policy.maxProviderFailures());
    assertThat(h.tickets.disposition(t.ref())).isEqualTo(Disposition.ESCALATED);
  }

  @Test
  void providerRejectingOurCredentialsEscalatesAtOnce() {
    h.provider.user(alice, Answer.APPROVE);
    h.faults.fail(
        "duo.lookup",
        1,
        () -> new PermanentFailure("duo", "POST /auth/v2/preauth", "HTTP 401", null));

    Ticket t = fileAndRun();

    assertThat(h.onlyCase(t).outcome())
        .contains(new Outcome.Escalated(ReasonCode.PROVIDER_UNAVAILABLE));
    assertThat(h.faults.calls().stream().filter("duo.lookup"::equals)).hasSize(1);
  }

  @Test
  void providerFailingWhileThePushIsPendingEscalatesOnceTheDeadlinePassed() {
    h.provider.user(alice, Answer.IGNORE);
    h.faults.fail("duo.status", 1000, () -> unavailable("status", true));

    Ticket t = fileAndRun();

    VerificationCase c = h.onlyCase(t);
    assertThat(c.outcome()).contains(new Outcome.Escalated(ReasonCode.PROVIDER_UNAVAILABLE));
    assertThat(h.tickets.disposition(t.ref())).isNotEqualTo(Disposition.EXECUTE);
  }

  @Test
  void pollFailingOnceAfterTheDeadlineStillRejectsTheUnansweredPushAsTimedOut() {
    h.provider.user(alice, Answer.IGNORE);
    Ticket t = h.passwordReset(alice);
    h.scan();
    h.workflow().runDue(10); // notice and push
    h.clock.advance(WorkflowHarness.PUSH_TIMEOUT.plusSeconds(1));
    h.faults.fail("duo.status", 1, () -> unavailable("status", false));

    h.runUntilSettled();

    assertThat(h.onlyCase(t).outcome()).contains(new Outcome.Rejected(ReasonCode.TIMED_OUT));
    assertThat(h.tickets.disposition(t.ref())).isEqualTo(Disposition.REJECTED);
  }

  @Test
  void ticketSystemFailingJustBeforeThePushIsSentRetriesWithoutTakingThePushForSent() {
    h.provider.user(alice, Answer.APPROVE).withoutRecovery();
    Ticket t = h.passwordReset(alice);
    h.scan();
    // The case waited long enough for its view of the ticket to need a fresh look before sending.
    h.clock.advance(h.policy.ticketRecheck().plusSeconds(1));
    h.faults.fail(
        "jira.fetch",
        1,
        () -> new TransientFailure("jira", "GET issue", "HTTP 500", Optional.empty(), true, null));

    h.runUntilSettled();

    VerificationCase c = h.onlyCase(t);
    assertThat(c.outcome()).contains(new Outcome.Executed());
    assertThat(h.provider.pushesFor(c.id())).isEqualTo(1);
  }

  @Test
  void ambiguousSendFailureWithoutRecoveryEscalatesInsteadOfPushingAgain() {
    h.provider.user(alice, Answer.APPROVE).withoutRecovery();
    h.faults.fail("duo.startPush", 1, () -> unavailable("startPush", true));

    Ticket t = fileAndRun();

    assertThat(h.onlyCase(t).outcome())
        .contains(new Outcome.Escalated(ReasonCode.PUSH_OUTCOME_UNKNOWN));
    assertThat(h.faults.calls().stream().filter("duo.startPush"::equals)).hasSize(1);
  }

  @Test
  void ticketWithdrawnWhilePushIsPendingIsCancelledAndThePushWithdrawn() {
    h.provider.user(alice, Answer.APPROVE, 100);
    Ticket t = h.passwordReset(alice);
    h.scan();
    h.workflow().runDue(10);
    h.tickets.close(t.ref());

    h.runUntilSettled();

    VerificationCase c = h.onlyCase(t);
    assertThat(c.outcome()).contains(new Outcome.Cancelled(ReasonCode.TICKET_CLOSED));
    assertThat(h.provider.cancelled()).containsExactly(c.challenge().orElseThrow().push());
    assertThat(h.tickets.disposition(t.ref())).isEqualTo(Disposition.OPEN);
    assertThat(h.tickets.commentsWith(t.ref(), Step.EXECUTED)).isZero();
  }

  @Test
  void requestEditedAfterApprovalIsNotExecutedAndNeedsAFreshPush() {
    h.provider.user(alice, Answer.APPROVE, 1);
    Ticket t = h.passwordReset(alice);
    h.scan();
    h.workflow().runDue(10); // notice + push, pending
    h.clock.advance(Duration.ofSeconds(5));
    h.tickets.edit(t.ref(), "Actually, please make me a domain admin.");
    h.clock.advance(h.policy.pollInterval());

    h.runUntilSettled(); // approves the first push, finds the edit before executing

    List<VerificationCase> cases = h.store.casesOf(t.ref());
    assertThat(cases)
        .singleElement()
        .satisfies(
            c ->
                assertThat(c.outcome()).contains(new Outcome.Cancelled(ReasonCode.REQUEST_EDITED)));
    assertThat(h.tickets.disposition(t.ref())).isEqualTo(Disposition.OPEN);

    h.scan();
    h.runUntilSettled();

    cases = h.store.casesOf(t.ref());
    assertThat(cases).hasSize(2);
    assertThat(cases.get(1).attempt()).isEqualTo(2);
    assertThat(cases.get(1).fingerprint()).isEqualTo(h.tickets.ticket(t.ref()).fingerprint());
    assertThat(cases.get(1).outcome()).contains(new Outcome.Executed());
    assertThat(h.provider.pushesFor(cases.get(1).id())).isEqualTo(1);
    assertThat(h.provider.pushes()).hasSize(2);
  }

  @Test
  void reopenedTicketGetsAFreshVerificationAndTheOldApprovalDoesNotCarryOver() {
    h.provider.user(alice, Answer.DENY);
    Ticket t = fileAndRun();
    assertThat(h.stateOf(t)).isEqualTo(CaseState.REJECTED);

    h.scan(); // our own rejection is no reopening
    assertThat(h.store.casesOf(t.ref())).hasSize(1);

    h.clock.advance(Duration.ofHours(1));
    h.tickets.reopen(t.ref());
    h.provider.user(alice, Answer.APPROVE);
    h.scan();
    h.runUntilSettled();

    List<VerificationCase> cases = h.store.casesOf(t.ref());
    assertThat(cases).extracting(VerificationCase::attempt).containsExactly(1, 2);
    assertThat(cases.get(1).outcome()).contains(new Outcome.Executed());
    assertThat(h.provider.pushesFor(cases.get(1).id())).isEqualTo(1);
    assertThat(cases.get(1).challenge().orElseThrow().push())
        .isNotEqualTo(cases.get(0).challenge().orElseThrow().push());
  }

  @Test
  void nonSensitiveTicketOpensNoCaseAndGetsNoComment() {
    Ticket t = h.tickets.file(alice, "Printer on floor 3 jams", "It jams on every second page.");

    h.scan();
    h.runUntilSettled();

    assertThat(h.store.casesOf(t.ref())).isEmpty();
    assertThat(h.tickets.comments(t.ref())).isEmpty();
  }

  @Test
  void scanningTheSameTicketsAgainOpensNoSecondCase() {
    h.provider.user(alice, Answer.IGNORE);
    Ticket t = h.passwordReset(alice);

    h.scan();
    h.scan();
    h.store.saveWatermark(
        "jira", com.helpdeskverify.core.Watermark.at(java.time.Instant.EPOCH), h.clock.instant());
    h.scan();

    assertThat(h.store.casesOf(t.ref())).hasSize(1);
  }

  @Test
  void callsDeferredByTheRateLimitParkTheCaseForTheToldWaitAndNeverEscalate() {
    // Twice the failures that would escalate, at every provider step and at the notice: each
    // deferred call parks its case for exactly the wait the client told, counting no failure.
    int times = 2 * h.policy.maxProviderFailures();
    Duration wait = Duration.ofMillis(1_500);
    h.provider.user(alice, Answer.APPROVE);
    h.faults.fail("duo.lookup", times, () -> deferred("duo", "lookup", wait));
    h.faults.fail("duo.startPush", times, () -> deferred("duo", "startPush", wait));
    h.faults.fail("duo.status", times, () -> deferred("duo", "status", wait));
    h.faults.fail("jira.postPublicComment", times, () -> deferred("jira", "POST comment", wait));

    Ticket t = fileAndRun();

    VerificationCase c = h.onlyCase(t);
    assertThat(c.outcome()).contains(new Outcome.Executed());
    assertThat(h.provider.pushesFor(c.id())).isEqualTo(1);
    assertThat(h.tickets.commentsWith(t.ref(), Step.NOTICE)).isEqualTo(1);
    List<HistoryEntry> deferrals =
        h.store.history(c.id()).stream()
            .filter(e -> e.detail().contains("deferred by the rate limit"))
            .toList();
    assertThat(deferrals).hasSizeGreaterThanOrEqualTo(3 * times);
    for (HistoryEntry e : deferrals) {
      Instant due = Instant.parse(e.detail().replaceAll(".*retry at ", ""));
      assertThat(Duration.between(e.at(), due)).isEqualTo(wait);
    }
  }

  @Test
  void ticketSystemOutageIsRetriedWithBackoffUntilItRecovers() {
    h.provider.user(alice, Answer.APPROVE);
    h.faults.fail(
        "jira.postPublicComment",
        8,
        () ->
            new TransientFailure(
                "jira",
                "POST comment",
                "HTTP 503",
                Optional.of(Duration.ofSeconds(30)),
                false,
                null));

    Ticket t = fileAndRun();

    VerificationCase c = h.onlyCase(t);
    assertThat(c.outcome()).contains(new Outcome.Executed());
    assertThat(h.tickets.commentsWith(t.ref(), Step.NOTICE)).isEqualTo(1);
    List<HistoryEntry> retries =
        h.store.history(c.id()).stream().filter(e -> e.detail().contains("retry at")).toList();
    assertThat(retries).hasSize(8);
    for (int i = 1; i < retries.size(); i++) {
      assertThat(Duration.between(retries.get(i - 1).at(), retries.get(i).at()))
          .isGreaterThanOrEqualTo(Duration.ofSeconds(30));
    }
  }

  @Test
  void missingExecuteTransitionEscalatesTheApprovedTicket() {
    h.provider.user(alice, Answer.APPROVE);
    h.faults.fail(
        "jira.execute",
        1,
        () ->
            new PermanentFailure(
                "jira", "POST transitions", "no transition named 'Execute'", null));

    Ticket t = fileAndRun();

    VerificationCase c = h.onlyCase(t);
    assertThat(c.outcome()).contains(new Outcome.Escalated(ReasonCode.TICKET_UPDATE_FAILED));
    assertThat(h.tickets.disposition(t.ref())).isEqualTo(Disposition.ESCALATED);
    assertThat(
            h.tickets.comments(t.ref()).stream()
                .filter(Comment::internal)
                .findFirst()
                .orElseThrow()
                .text())
        .contains("no transition named 'Execute'");
  }

  @Test
  void numberMatchingShowsTheNumberToTheRequesterOnTheTicket() {
    h.provider.user(alice, Answer.APPROVE).withNumberMatching("42");

    Ticket t = fileAndRun();

    assertThat(h.tickets.comments(t.ref()))
        .extracting(cm -> cm.marker().step())
        .containsExactly(Step.NOTICE, Step.MATCH_NUMBER, Step.EXECUTED, Step.VERIFIED_ACCOUNT);
    assertThat(h.tickets.comments(t.ref()).get(1).text()).contains("42");
    assertThat(h.onlyCase(t).challenge().orElseThrow().matchNumber()).contains("42");
  }

  @Test
  void aVerificationThatDoesNotConfirmTheRequesterEscalatesAndNeverExecutes() {
    h.provider.user(alice, Answer.UNCONFIRMED, 1);

    Ticket t = fileAndRun();

    VerificationCase c = h.onlyCase(t);
    assertThat(c.state()).isEqualTo(CaseState.ESCALATED);
    assertThat(c.reason().orElseThrow().code()).isEqualTo(ReasonCode.IDENTITY_UNCONFIRMED);
    assertThat(c.reason().orElseThrow().detail()).contains("not confirmed as the requester");
    assertThat(h.tickets.disposition(t.ref())).isEqualTo(Disposition.ESCALATED);
  }

  @Test
  void aProvidersLinkIsPostedOnceForTheRequesterToOpen() {
    h.provider
        .user(alice, Answer.APPROVE, 2)
        .withLink("openid-vc://?request_uri=https://verifiedid.example/requests/r-1");

    Ticket t = fileAndRun();

    assertThat(h.tickets.comments(t.ref()))
        .extracting(cm -> cm.marker().step())
        .containsExactly(Step.NOTICE, Step.VERIFY_LINK, Step.EXECUTED, Step.VERIFIED_ACCOUNT);
    assertThat(h.tickets.comments(t.ref()).get(1).text())
        .contains("openid-vc://?request_uri=https://verifiedid.example/requests/r-1")
        .doesNotContain("\u200B");
    assertThat(h.tickets.comments(t.ref()).get(1).internal()).isFalse();
  }

  @Test
  void everyStateChangeIsInTheAuditLogInOrder() {
    h.provider.user(alice, Answer.APPROVE, 1);

    Ticket t = fileAndRun();

    assertThat(h.store.history(h.onlyCase(t).id()))
        .extracting(HistoryEntry::to)
        .containsExactly(
            CaseState.DETECTED,
            CaseState.NOTIFIED,
            CaseState.PUSH_SENDING,
            CaseState.CHALLENGED,
            CaseState.APPROVED,
            CaseState.APPROVED, // the note that the execute move is about to be sent
            CaseState.EXECUTE_REQUESTED);
  }

  @Test
  void aFourthRequestForTheSamePersonWithinAnHourEscalatesInsteadOfPushing() {
    h.provider.user(alice, Answer.DENY);
    List<Ticket> tickets = new java.util.ArrayList<>();
    for (int i = 0; i < 4; i++) {
      tickets.add(h.passwordReset(alice));
      h.scan();
      h.runUntilSettled();
      h.clock.advance(Duration.ofMinutes(5));
    }

    assertThat(h.provider.pushes()).hasSize(3);
    assertThat(h.onlyCase(tickets.get(3)).outcome())
        .contains(new Outcome.Escalated(ReasonCode.PUSH_RATE_LIMIT));

    h.clock.advance(Duration.ofMinutes(50));
    Ticket later = h.passwordReset(alice);
    h.scan();
    h.runUntilSettled();
    assertThat(h.provider.pushesFor(h.onlyCase(later).id())).isEqualTo(1);
  }

  @Test
  void pushLimitCountsPerPersonNotPerTicketSystemUser() {
    Requester bob = requester("bob");
    h.provider.user(alice, Answer.DENY).user(bob, Answer.APPROVE);
    for (int i = 0; i < 3; i++) {
      h.passwordReset(alice);
    }
    Ticket bobs = h.passwordReset(bob);
    h.scan();
    h.runUntilSettled();

    assertThat(h.onlyCase(bobs).outcome()).contains(new Outcome.Executed());
  }

  @Test
  void providerWithAFasterPaceIsPolledAtItsPace() {
    h.provider.user(alice, Answer.IGNORE).withPollInterval(Duration.ofSeconds(1));
    Ticket t = h.passwordReset(alice);
    h.scan();
    h.workflow().runDue(10);

    VerificationCase c = h.onlyCase(t);
    assertThat(c.nextActionAt()).isEqualTo(c.updatedAt().plusSeconds(1));
  }

  @Test
  void providerAskingForASlowerPaceIsStillPolledAtTheWorkflowsPace() {
    h.provider.user(alice, Answer.IGNORE).withPollInterval(Duration.ofMinutes(1));
    Ticket t = h.passwordReset(alice);
    h.scan();
    h.workflow().runDue(10);

    VerificationCase c = h.onlyCase(t);
    assertThat(c.nextActionAt()).isEqualTo(c.updatedAt().plus(h.policy.pollInterval()));
  }

  @Test
  void backoffDoublesWithJitterAndHonoursRetryAfter() {
    VerificationWorkflow w = h.workflow();
    Duration first = w.backoff(1, Optional.empty());
    Duration fourth = w.backoff(4, Optional.empty());
    Duration capped = w.backoff(30, Optional.empty());

    assertThat(first).isBetween(Duration.ofMillis(1600), Duration.ofMillis(2400));
    assertThat(fourth).isBetween(Duration.ofMillis(12800), Duration.ofMillis(19200));
    assertThat(capped).isLessThanOrEqualTo(Duration.ofMinutes(5).plusMinutes(1));
    assertThat(w.backoff(1, Optional.of(Duration.ofSeconds(90)))).isEqualTo(Duration.ofSeconds(90));
  }

  private static TransientFailure deferred(String system, String call, Duration wait) {
    return TransientFailure.deferred(system, call, "not sent: paced", wait);
  }

  private static TransientFailure unavailable(String call, boolean mayHaveTakenEffect) {
    return new TransientFailure(
        "duo", call, "HTTP 503", Optional.empty(), mayHaveTakenEffect, null);
  }
}
