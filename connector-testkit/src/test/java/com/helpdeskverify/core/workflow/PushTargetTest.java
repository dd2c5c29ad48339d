package com.helpdeskverify.core.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.helpdeskverify.core.EmailAddresses;
import com.helpdeskverify.core.Outcome;
import com.helpdeskverify.core.ReasonCode;
import com.helpdeskverify.core.Requester;
import com.helpdeskverify.core.Ticket;
import com.helpdeskverify.core.VerificationCase;
import com.helpdeskverify.testkit.SimulatedPushProvider.Answer;
import com.helpdeskverify.testkit.WorkflowHarness;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One person, one push budget and one look-up, whatever letter case their address comes in. */
class PushTargetTest {
  private final WorkflowHarness h = new WorkflowHarness();

  @AfterEach
  void close() {
    h.close();
  }

  @Test
  void addressesDifferingOnlyInLetterCaseShareOnePushBudget() {
    // Two ticket-system accounts whose provider ids are one address in two spellings.
    Requester upper = Requester.of("Alice@Corp.Example", "Alice@Corp.Example", "Alice");
    Requester lower = Requester.of("alice@corp.example", "alice@corp.example", "alice");
    h.provider.user(upper, Answer.DENY).user(lower, Answer.DENY);
    for (Requester r : java.util.List.of(upper, lower, upper)) {
      h.passwordReset(r);
      h.scan();
      h.runUntilSettled();
      h.clock.advance(Duration.ofMinutes(5));
    }

    Ticket fourth = h.passwordReset(upper);
    h.scan();
    h.runUntilSettled();

    assertThat(h.provider.pushes()).hasSize(3);
    assertThat(h.onlyCase(fourth).outcome())
        .contains(new Outcome.Escalated(ReasonCode.PUSH_RATE_LIMIT));
  }

  @Test
  void requesterAttributesTravelWithTheCaseToTheProvider() {
    Requester alice =
        WorkflowHarness.requester("alice")
            .withAttributes(Map.of("user_name", "alice", "employee_number", "E-1001"));
    h.provider.user(alice, Answer.APPROVE);
    Ticket t = h.passwordReset(alice);
    h.scan();
    h.restart(); // the case is read back from the store by a new process

    h.runUntilSettled();

    VerificationCase c = h.onlyCase(t);
    assertThat(c.requester().attributes())
        .containsExactlyEntriesOf(
            new java.util.TreeMap<>(Map.of("employee_number", "E-1001", "user_name", "alice")));
    assertThat(h.provider.pushes().get(0).request().requester().attribute("employee_number"))
        .contains("E-1001");
  }

  @Test
  void anAddressFromAnotherSourceThanTheTicketSystemIsNamedInTheAuditHistory() {
    Requester alice =
        WorkflowHarness.requester("alice")
            .withAttributes(Map.of(Requester.EMAIL_SOURCE, "Atlassian organization Admin API"));
    h.provider.user(alice, Answer.APPROVE);
    Ticket t = h.passwordReset(alice);

    h.scan();

    assertThat(h.store.history(h.onlyCase(t).id()).get(0).detail())
        .contains("requester's address from Atlassian organization Admin API");
  }

  @Test
  void howTheProviderFoundThePushTargetIsNamedInTheAuditHistory() {
    Requester alice = WorkflowHarness.requester("alice");
    h.provider.user(alice, Answer.APPROVE).foundVia("by profile.atlassianAccountId");
    Ticket t = h.passwordReset(alice);
    h.scan();

    h.runUntilSettled();

    assertThat(h.store.history(h.onlyCase(t).id()))
        .anySatisfy(
            e ->
                assertThat(e.detail())
                    .isEqualTo(
                        "notice posted; push target found at duo by profile.atlassianAccountId"));
  }

  @Test
  void normalisedAddressIsTrimmedComposedAndLowerCasedWithoutTheServersLocale() {
    assertThat(EmailAddresses.normalize("  J.Müller@Corp.EXAMPLE "))
        .isEqualTo("j.müller@corp.example");
    assertThat(EmailAddresses.normalize("J.Mu\u0308ller@corp.example"))
        .isEqualTo(EmailAddresses.normalize("j.m\u00fcller@corp.example"));
    assertThat(EmailAddresses.normalize("INFO@corp.example")).isEqualTo("info@corp.example");
  }
}
