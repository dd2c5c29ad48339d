package com.helpdeskverify.core.workflow;

import static com.helpdeskverify.testkit.WorkflowHarness.requester;
import static org.assertj.core.api.Assertions.assertThat;

import com.helpdeskverify.core.CaseState;
import com.helpdeskverify.core.CommentMarker.Step;
import com.helpdeskverify.core.Outcome;
import com.helpdeskverify.core.ReasonCode;
import com.helpdeskverify.core.RequestDetails;
import com.helpdeskverify.core.Requester;
import com.helpdeskverify.core.SensitiveOperation;
import com.helpdeskverify.core.Ticket;
import com.helpdeskverify.core.VerificationCase;
import com.helpdeskverify.core.spi.PermanentFailure;
import com.helpdeskverify.core.spi.PushRequest;
import com.helpdeskverify.core.store.HintStore;
import com.helpdeskverify.testkit.SimulatedPushProvider.Answer;
import com.helpdeskverify.testkit.SimulatedTicketSystem.Comment;
import com.helpdeskverify.testkit.SimulatedTicketSystem.Disposition;
import com.helpdeskverify.testkit.WorkflowHarness;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 12: phone-in tickets verified by a push to the requester, a technician's request for
 * verification, always-verify rules, the "possibly sensitive" hint, and the verified account named
 * at execution.
 */
class TechnicianAssistedVerificationTest {
  private final WorkflowHarness h = new WorkflowHarness();
  private final Requester alice = requester("alice");
  private final Requester agent = requester("agent");

  @AfterEach
  void close() {
    h.close();
  }

  private List<Comment> internal(Ticket t, Step step) {
    return h.tickets.comments(t.ref()).stream().filter(c -> c.marker().step() == step).toList();
  }

  private Ticket harmless() {
    // Clearly harmless: the learned stage flags "could I get a new one?" at its bar (p = 0.25), a
    // false alarm BENCHMARKS.md lists among the model's known limits.
    return h.tickets.file(alice, "Printer jam", "The printer on the third floor jams again.");
  }

  // --- on behalf ---------------------------------------------------------------------------------

  @Test
  void phoneInTicketPushesTheRequesterNeverTheAgentAndIsExecuted() {
    h.provider.user(alice, Answer.APPROVE).user(agent, Answer.APPROVE);
    Ticket t =
        h.tickets.fileFor(
            alice,
            agent,
            "Password reset",
            "Caller on the phone forgot the password and asks for a reset.");

    h.scan();
    h.runUntilSettled();

    VerificationCase c = h.onlyCase(t);
    assertThat(c.outcome()).contains(new Outcome.Executed());
    assertThat(h.provider.pushes()).hasSize(1);
    PushRequest push = h.provider.pushes().get(0).request();
    assertThat(push.requester()).isEqualTo(alice);
    assertThat(push.serviceDesk()).isTrue();
    assertThat(h.tickets.disposition(t.ref())).isEqualTo(Disposition.EXECUTE);
  }

  @Test
  void phoneInTicketWrittenInTheThirdPersonPushesTheCallerRatherThanEscalating() {
    h.provider.user(alice, Answer.APPROVE);
    Ticket t =
        h.tickets.fileFor(
            alice,
            agent,
            "Password reset for caller",
            "She called, forgot her password and is locked out. Please reset it for her.");

    h.scan();
    h.runUntilSettled();

    assertThat(h.onlyCase(t).outcome()).contains(new Outcome.Executed());
    assertThat(h.provider.pushes())
        .singleElement()
        .satisfies(p -> assertThat(p.request().requester()).isEqualTo(alice));
  }

  @Test
  void phoneInTicketNamingSomeoneElsesAccountStillEscalates() {
    h.provider.user(alice, Answer.APPROVE);
    Ticket t =
        h.tickets.fileFor(
            alice,
            agent,
            "Password reset",
            "She called: please reset the password of her manager bob.smith@example.com.");

    h.scan();
    h.runUntilSettled();

    assertThat(h.onlyCase(t).reason().map(r -> r.code()))
        .contains(com.helpdeskverify.core.ReasonCode.THIRD_PARTY_TARGET);
    assertThat(h.provider.pushes()).isEmpty();
  }

  @Test
  void aRequestersOwnTicketSayingHerPasswordStillEscalates() {
    h.provider.user(alice, Answer.APPROVE);
    Ticket t = h.tickets.file(alice, "Password reset", "Please reset her password, she forgot it.");

    h.scan();
    h.runUntilSettled();

    assertThat(h.onlyCase(t).reason().map(r -> r.code()))
        .contains(com.helpdeskverify.core.ReasonCode.THIRD_PARTY_TARGET);
    assertThat(h.provider.pushes()).isEmpty();
  }

  @Test
  void phoneInTicketTellsTheAgentInAnInternalNoteWhomThePromptReachesAndUntilWhen() {
    h.provider.user(alice, Answer.APPROVE);
    Ticket t =
        h.tickets.fileFor(
            alice,
            agent,
            "Password reset",
            "Caller on the phone forgot the password and asks for a reset.");

    h.scan();
    h.runUntilSettled();

    VerificationCase c = h.onlyCase(t);
    List<Comment> notes = internal(t, Step.AGENT_PROMPTING);
    assertThat(notes).hasSize(1);
    assertThat(notes.get(0).internal()).isTrue();
    assertThat(notes.get(0).text())
        .contains("alice")
        .contains("Simulated Authenticator")
        .contains(c.challenge().orElseThrow().deadline().toString())
        .doesNotContain("{");
    // The requester still gets the public notice, as for any ticket.
    assertThat(internal(t, Step.NOTICE))
        .singleElement()
        .extracting(Comment::internal)
        .isEqualTo(false);
  }

  @Test
  void phoneInTicketWithNumberMatchingGivesTheAgentTheNumberToReadOut() {
    h.provider.user(alice, Answer.APPROVE).withNumberMatching("47");
    Ticket t =
        h.tickets.fileFor(
            alice,
            agent,
            "Password reset",
            "Caller on the phone forgot the password and asks for a reset.");

    h.scan();
    h.runUntilSettled();

    assertThat(internal(t, Step.AGENT_PROMPTING).get(0).text()).contains("47");
  }

  @Test
  void phoneInTicketDeniedByTheRequesterIsRejectedAndTheOutcomeNotedForTheAgent() {
    h.provider.user(alice, Answer.DENY);
    Ticket t =
        h.tickets.fileFor(
            alice,
            agent,
            "Password reset",
            "Caller on the phone forgot the password and asks for a reset.");

    h.scan();
    h.runUntilSettled();

    assertThat(h.onlyCase(t).outcome()).contains(new Outcome.Rejected(ReasonCode.DENIED));
    assertThat(internal(t, Step.OUTCOME_INTERNAL))
        .singleElement()
        .satisfies(n -> assertThat(n.internal()).isTrue())
        .satisfies(n -> assertThat(n.text()).contains("denied").contains("do not carry it out"));
  }

  @Test
  void ticketOfTheRequesterThemselvesGetsNoAgentNotes() {
    h.provider.user(alice, Answer.APPROVE);
    Ticket t = h.passwordReset(alice);

    h.scan();
    h.runUntilSettled();

    assertThat(internal(t, Step.AGENT_PROMPTING)).isEmpty();
    assertThat(h.provider.pushes().get(0).request().serviceDesk()).isFalse();
  }

  // --- the verified account ----------------------------------------------------------------------

  @Test
  void executionNamesTheVerifiedPersonAndBindsTheWorkToTheirOwnAccount() {
    h.provider.user(alice, Answer.APPROVE);
    Ticket t = h.passwordReset(alice);

    h.scan();
    h.runUntilSettled();

    VerificationCase c = h.onlyCase(t);
    List<Comment> notes = internal(t, Step.VERIFIED_ACCOUNT);
    assertThat(notes).singleElement().extracting(Comment::internal).isEqualTo(true);
    assertThat(notes.get(0).text())
        .contains("alice")
        .contains(alice.accountId())
        .contains("alice@example.com")
        .contains(c.providerUserId().orElseThrow())
        .contains(c.challenge().orElseThrow().push().id())
        .contains("own account")
        .doesNotContain("{");
  }

  @Test
  void deniedCaseNamesNoVerifiedAccount() {
    h.provider.user(alice, Answer.DENY);
    Ticket t = h.passwordReset(alice);

    h.scan();
    h.runUntilSettled();

    assertThat(internal(t, Step.VERIFIED_ACCOUNT)).isEmpty();
  }

  // --- a technician asks -------------------------------------------------------------------------

  @Test
  void harmlessTicketIsNotACaseUntilATechnicianAsksForVerification() {
    h.provider.user(alice, Answer.APPROVE);
    Ticket t = harmless();

    h.scan();
    assertThat(h.store.casesOf(t.ref())).isEmpty();

    h.clock.advance(Duration.ofMinutes(1));
    h.tickets.requestVerification(t.ref());
    h.scan();
    h.runUntilSettled();

    VerificationCase c = h.onlyCase(t);
    assertThat(c.classification().operation()).isEqualTo(SensitiveOperation.IDENTITY_CHECK);
    assertThat(c.outcome()).contains(new Outcome.Executed());
    assertThat(h.provider.pushes()).hasSize(1);
    assertThat(h.provider.pushes().get(0).request().serviceDesk()).isTrue();
    assertThat(internal(t, Step.AGENT_PROMPTING)).hasSize(1);
  }

  @Test
  void identityCheckHasItsOwnWordingForTheRequester() {
    h.provider.user(alice, Answer.APPROVE);
    Ticket t = harmless();
    h.tickets.requestVerification(t.ref());

    h.scan();
    h.runUntilSettled();

    assertThat(internal(t, Step.NOTICE).get(0).text())
        .contains("The service desk asked us to confirm your identity")
        .doesNotContain("asked for an identity check");
    assertThat(internal(t, Step.EXECUTED).get(0).text())
        .isEqualTo(
            MessageTemplates.defaults()
                .render(Message.EXECUTED_IDENTITY_CHECK, Map.of("ticket", t.ref().key())));
  }

  @Test
  void everyRequesterMessageHasAnIdentityCheckWordingOfItsOwn() {
    for (Message m :
        Set.of(
            Message.NOTICE,
            Message.EXECUTED,
            Message.REJECTED_DENIED,
            Message.REJECTED_TIMED_OUT,
            Message.ESCALATED_PUBLIC)) {
      assertThat(m.of(SensitiveOperation.IDENTITY_CHECK)).isNotEqualTo(m);
      assertThat(m.of(SensitiveOperation.CREDENTIAL_RESET)).isEqualTo(m);
    }
  }

  @Test
  void answeredRequestIsTakenOffTheTicketAndAskingAgainStartsAFreshAttempt() {
    h.provider.user(alice, Answer.APPROVE);
    Ticket t = harmless();
    h.tickets.requestVerification(t.ref());
    h.scan();
    h.runUntilSettled();
    assertThat(h.tickets.ticket(t.ref()).details().verificationRequested()).isFalse();

    h.clock.advance(Duration.ofMinutes(10));
    h.scan();
    assertThat(h.store.casesOf(t.ref())).hasSize(1);

    h.tickets.requestVerification(t.ref());
    h.scan();
    h.runUntilSettled();

    List<VerificationCase> cases = h.store.casesOf(t.ref());
    assertThat(cases).hasSize(2);
    assertThat(cases).allSatisfy(c -> assertThat(c.outcome()).contains(new Outcome.Executed()));
    assertThat(h.provider.pushes()).hasSize(2);
    assertThat(h.provider.pushes().get(0).handle())
        .isNotEqualTo(h.provider.pushes().get(1).handle());
  }

  @Test
  void refusedRemovalOfTheRequestDoesNotUndoTheExecution() {
    h.provider.user(alice, Answer.APPROVE);
    Ticket t = harmless();
    h.tickets.requestVerification(t.ref());
    h.faults.fail(
        "jira.clearVerificationRequest",
        100,
        () -> new PermanentFailure("jira", "PUT /issue", "403 no permission to edit labels", null));

    h.scan();
    h.runUntilSettled();

    assertThat(h.onlyCase(t).outcome()).contains(new Outcome.Executed());
  }

  @Test
  void askingAgainAndAgainStaysWithinThePerPersonPushBudget() {
    h.provider.user(alice, Answer.APPROVE);
    Ticket t = harmless();
    for (int i = 0; i < h.policy.maxPushesPerHour() + 1; i++) {
      h.clock.advance(Duration.ofMinutes(3));
      h.tickets.requestVerification(t.ref());
      h.scan();
      h.runUntilSettled();
    }

    assertThat(h.provider.pushes()).hasSize(h.policy.maxPushesPerHour());
    assertThat(h.store.latestFor(t.ref()).orElseThrow().outcome())
        .contains(new Outcome.Escalated(ReasonCode.PUSH_RATE_LIMIT));
  }

  @Test
  void askedForSensitiveTicketKeepsTheClassifiersCategory() {
    h.provider.user(alice, Answer.APPROVE);
    Ticket t = h.passwordReset(alice);
    h.tickets.requestVerification(t.ref());

    h.scan();
    h.runUntilSettled();

    VerificationCase c = h.onlyCase(t);
    assertThat(c.classification().operation()).isEqualTo(SensitiveOperation.CREDENTIAL_RESET);
    assertThat(TicketIntake.askedForByTechnician(c.classification())).isTrue();
  }

  @Test
  void askedForTicketAboutSomeoneElsesAccountStillEscalatesWithoutPush() {
    h.provider.user(alice, Answer.APPROVE);
    Ticket t =
        h.tickets.file(
            alice,
            "Password reset",
            "Please reset the password of my manager carol@example.com, she is travelling.");
    h.tickets.requestVerification(t.ref());

    h.scan();
    h.runUntilSettled();

    assertThat(h.onlyCase(t).outcome())
        .contains(new Outcome.Escalated(ReasonCode.THIRD_PARTY_TARGET));
    assertThat(h.provider.pushes()).isEmpty();
  }

  /**
   * A request field that names another account (a Jira user picker, a ServiceNow reference
   * variable) escalates a case a technician asked for, as it escalates any other, though the text
   * asks for nothing the classifier knows: the requester's approval proves nothing about that
   * account.
   */
  @Test
  void askedForTicketWhoseRequestFieldNamesSomeoneElseEscalatesWithoutPush() {
    h.provider.user(alice, Answer.APPROVE);
    Ticket t = harmless();
    h.tickets.details(
        t.ref(),
        RequestDetails.of(
            List.of(),
            Map.of("customfield_10050", RequestReferences.userReference("Bob Jones", "acc-bob"))));
    h.tickets.requestVerification(t.ref());

    h.scan();
    h.runUntilSettled();

    VerificationCase c = h.onlyCase(t);
    assertThat(c.classification().operation()).isEqualTo(SensitiveOperation.IDENTITY_CHECK);
    assertThat(c.classification().thirdParty()).singleElement().asString().contains("acc-bob");
    assertThat(c.outcome()).contains(new Outcome.Escalated(ReasonCode.THIRD_PARTY_TARGET));
    assertThat(h.provider.pushes()).isEmpty();
  }

  // --- rules -------------------------------------------------------------------------------------

  @Test
  void alwaysVerifyRuleMakesATicketSensitiveWhateverItsTextAndTheEvidenceNamesTheRule() {
    h.rules.put(
        "jira",
        new TicketSystemRules(
            TicketSystemRules.OnBehalf.VERIFY,
            List.of(
                new TicketSystemRules.AlwaysVerify(
                    RequestDetails.REQUEST_TYPE, "Get access", SensitiveOperation.ACCESS_GRANT)),
            0.9));
    h.provider.user(alice, Answer.APPROVE);
    Ticket t = harmless();
    h.tickets.details(
        t.ref(), RequestDetails.of(List.of(), Map.of(RequestDetails.REQUEST_TYPE, " get ACCESS ")));

    h.scan();
    h.runUntilSettled();

    VerificationCase c = h.onlyCase(t);
    assertThat(c.classification().operation()).isEqualTo(SensitiveOperation.ACCESS_GRANT);
    assertThat(c.classification().evidence())
        .contains("always-verify rule requestType = \"Get access\"");
    assertThat(c.outcome()).contains(new Outcome.Executed());
  }

  @Test
  void ticketMatchingNoRuleIsLeftToTheClassifier() {
    h.rules.put(
        "jira",
        new TicketSystemRules(
            TicketSystemRules.OnBehalf.VERIFY,
            List.of(
                new TicketSystemRules.AlwaysVerify(
                    RequestDetails.CATEGORY, "Security", SensitiveOperation.ACCESS_GRANT)),
            0.9));
    Ticket t = harmless();
    h.tickets.details(
        t.ref(), RequestDetails.of(List.of(), Map.of(RequestDetails.CATEGORY, "Hardware")));

    h.scan();

    assertThat(h.store.casesOf(t.ref())).isEmpty();
  }

  // --- hints -------------------------------------------------------------------------------------

  private Ticket doubtful() {
    return h.tickets.file(
        alice,
        "Phishing",
        "I got a suspicious mail asking me to reset my password, I did not click it.");
  }

  @Test
  void possiblySensitiveTicketGetsOneInternalHintAndNoPush() {
    h.provider.user(alice, Answer.APPROVE);
    Ticket t = doubtful();

    h.scan();
    h.clock.advance(Duration.ofMinutes(1));
    h.tickets.edit(t.ref(), t.description() + " Thanks!");
    h.scan();
    h.scan();

    assertThat(h.store.casesOf(t.ref())).isEmpty();
    assertThat(h.provider.pushes()).isEmpty();
    List<Comment> hints = internal(t, Step.POSSIBLY_SENSITIVE);
    assertThat(hints).hasSize(1);
    assertThat(hints.get(0).internal()).isTrue();
    assertThat(hints.get(0).text()).contains("password").contains("add the label verify-identity");
  }

  @Test
  void hintsCanBeSwitchedOff() {
    h.rules.put("jira", new TicketSystemRules(TicketSystemRules.OnBehalf.VERIFY, List.of(), 0.0));
    Ticket t = doubtful();

    h.scan();

    assertThat(h.tickets.comments(t.ref())).isEmpty();
  }

  @Test
  void plainlyHarmlessTicketGetsNoHint() {
    Ticket t = harmless();

    h.scan();

    assertThat(h.tickets.comments(t.ref())).isEmpty();
  }

  @Test
  void interruptedHintIsNotPostedTwiceWhenItsNoteIsAlreadyThere() {
    Ticket t = doubtful();
    // A node claimed the hint and posted it, then died before recording it.
    h.hints.claim(t.ref(), h.clock.instant(), HintNotes.STALE);
    h.tickets.postInternalNote(t.ref(), "earlier hint", HintNotes.marker(t.ref()));
    h.clock.advance(HintNotes.STALE.plusMinutes(1));

    h.scan();

    assertThat(internal(t, Step.POSSIBLY_SENSITIVE)).hasSize(1);
    assertThat(h.hints.wasPosted(t.ref())).isTrue();
  }

  @Test
  void hintClaimedByAnotherNodeIsLeftToIt() {
    Ticket t = doubtful();
    assertThat(h.hints.claim(t.ref(), h.clock.instant(), HintNotes.STALE))
        .contains(HintStore.Claim.FIRST);

    h.scan();

    assertThat(internal(t, Step.POSSIBLY_SENSITIVE)).isEmpty();
  }

  @Test
  void caseStateIsUnaffectedByHints() {
    h.provider.user(alice, Answer.APPROVE);
    Ticket t = h.passwordReset(alice);

    h.scan();
    h.runUntilSettled();

    assertThat(h.onlyCase(t).state()).isEqualTo(CaseState.EXECUTE_REQUESTED);
    assertThat(internal(t, Step.POSSIBLY_SENSITIVE)).isEmpty();
  }
}
