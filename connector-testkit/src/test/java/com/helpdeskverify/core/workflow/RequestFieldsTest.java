package com.helpdeskverify.core.workflow;

import static com.helpdeskverify.testkit.WorkflowHarness.requester;
import static org.assertj.core.api.Assertions.assertThat;

import com.helpdeskverify.core.CommentMarker.Step;
import com.helpdeskverify.core.Outcome;
import com.helpdeskverify.core.ReasonCode;
import com.helpdeskverify.core.RequestDetails;
import com.helpdeskverify.core.Requester;
import com.helpdeskverify.core.Ticket;
import com.helpdeskverify.core.VerificationCase;
import com.helpdeskverify.testkit.SimulatedPushProvider.Answer;
import com.helpdeskverify.testkit.SimulatedTicketSystem.Comment;
import com.helpdeskverify.testkit.SimulatedTicketSystem.Disposition;
import com.helpdeskverify.testkit.WorkflowHarness;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What defines the request beyond its text (catalog variables, custom fields, mentions) is bound to
 * the approval and read by the third-party check.
 */
class RequestFieldsTest {
  private static final String JSMITH_SYS_ID = "0123456789abcdef0123456789abcdef";

  private final WorkflowHarness h = new WorkflowHarness();
  private final Requester alice = requester("alice");

  @AfterEach
  void close() {
    h.close();
  }

  private static RequestDetails fields(Map<String, String> fields) {
    return RequestDetails.of(List.of(), fields);
  }

  private Ticket file(String summary, String description, Map<String, String> fields) {
    Ticket t = h.tickets.file(alice, summary, description).withDetails(fields(fields));
    h.tickets.put(t);
    return t;
  }

  @Test
  void editingARequestFieldDuringVerificationCancelsTheAttemptAndNeedsAFreshPush() {
    h.provider.user(alice, Answer.APPROVE, 1);
    Ticket t =
        file(
            "Password reset",
            "Please reset my password.",
            Map.of("variable:system", "Workday", "customfield_10050", "Standard"));
    h.scan();
    h.workflow().runDue(10); // notice + push, pending
    h.clock.advance(Duration.ofSeconds(5));
    h.tickets.editDetails(
        t.ref(), fields(Map.of("variable:system", "Active Directory (Domain Admins)")));
    h.clock.advance(h.policy.pollInterval());

    h.runUntilSettled();

    assertThat(h.store.casesOf(t.ref()))
        .singleElement()
        .satisfies(
            c ->
                assertThat(c.outcome()).contains(new Outcome.Cancelled(ReasonCode.REQUEST_EDITED)));
    assertThat(h.tickets.disposition(t.ref())).isEqualTo(Disposition.OPEN);

    h.scan();
    h.runUntilSettled();

    List<VerificationCase> cases = h.store.casesOf(t.ref());
    assertThat(cases).hasSize(2);
    assertThat(cases.get(1).outcome()).contains(new Outcome.Executed());
    assertThat(h.provider.pushesFor(cases.get(1).id())).isEqualTo(1);
  }

  @Test
  void editingOnlyTheLabelsDoesNotCancelTheAttempt() {
    h.provider.user(alice, Answer.APPROVE, 1);
    Ticket t = file("Password reset", "Please reset my password.", Map.of("variable:x", "y"));
    h.scan();
    h.workflow().runDue(10);
    h.tickets.editDetails(t.ref(), RequestDetails.of(List.of("vip"), Map.of("variable:x", "y")));

    h.runUntilSettled();

    assertThat(h.onlyCase(t).outcome()).contains(new Outcome.Executed());
  }

  @Test
  void referenceVariableNamingAnotherUserEscalatesWithoutAPushAndSaysWhatWasFound() {
    h.provider.user(alice, Answer.APPROVE);
    Ticket t =
        file(
            "Password reset",
            "Please reset the password.",
            Map.of(
                "variable:user_to_reset",
                RequestReferences.userReference("John Smith", JSMITH_SYS_ID)));
    h.scan();

    h.runUntilSettled();

    VerificationCase c = h.onlyCase(t);
    assertThat(c.outcome()).contains(new Outcome.Escalated(ReasonCode.THIRD_PARTY_TARGET));
    assertThat(h.provider.pushes()).isEmpty();
    assertThat(h.tickets.comments(t.ref()).stream().filter(Comment::internal))
        .singleElement()
        .satisfies(
            n ->
                assertThat(n.text())
                    .contains("variable:user_to_reset names user John Smith")
                    .contains(JSMITH_SYS_ID));
  }

  @Test
  void mentionOfAnotherAccountEscalates() {
    h.provider.user(alice, Answer.APPROVE);
    Ticket t =
        file(
            "Reset MFA",
            "Please reset MFA for @John Smith",
            Map.of(RequestReferences.MENTION, "5b10ac8d82e05b22cc7d4ef5"));
    h.scan();

    h.runUntilSettled();

    assertThat(h.onlyCase(t).outcome())
        .contains(new Outcome.Escalated(ReasonCode.THIRD_PARTY_TARGET));
    assertThat(h.onlyCase(t).classification().thirdParty())
        .contains("mention of account 5b10ac8d82e05b22cc7d4ef5");
    assertThat(h.provider.pushes()).isEmpty();
  }

  @Test
  void referenceToTheRequestersOwnAccountIsPushedAsUsual() {
    h.provider.user(alice, Answer.APPROVE);
    Ticket t =
        file(
            "Password reset",
            "Please reset my password.",
            Map.of(
                "variable:requested_for",
                RequestReferences.userReference("alice", alice.accountId()),
                RequestReferences.MENTION,
                alice.accountId()));
    h.scan();

    h.runUntilSettled();

    assertThat(h.onlyCase(t).outcome()).contains(new Outcome.Executed());
    assertThat(h.tickets.commentsWith(t.ref(), Step.EXECUTED)).isEqualTo(1);
  }

  @Test
  void aRequestStatedOnlyInACatalogVariableIsClassifiedSensitive() {
    h.provider.user(alice, Answer.APPROVE);
    Ticket t =
        file(
            "Service request",
            "See the form.",
            Map.of("variable:what_do_you_need", "Please reset my password, I forgot it"));
    h.scan();

    h.runUntilSettled();

    assertThat(h.onlyCase(t).classification().sensitive()).isTrue();
    assertThat(h.provider.pushes()).hasSize(1);
  }
}
