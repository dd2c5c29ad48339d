package com.helpdeskverify.core.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.helpdeskverify.core.ReasonCode;
import com.helpdeskverify.core.Requester;
import com.helpdeskverify.core.Ticket;
import com.helpdeskverify.core.VerificationCase;
import com.helpdeskverify.testkit.WorkflowHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The {@code {reason}} a ticket system writes on escalation is quoted like any other value. */
class EscalationReasonTest {
  private final WorkflowHarness h = new WorkflowHarness();

  @AfterEach
  void close() {
    h.close();
  }

  @Test
  void reasonQuotingTicketTextReachesTheTicketSystemWithoutLinksOrControlCharacters() {
    // Unknown to the provider: the lookup's detail quotes the account id the ticket carries.
    Requester mallory =
        Requester.of("https://evil.example/login\u202Eexe.txt\u001B[2J", "m@example.com", "M");
    Ticket t = h.passwordReset(mallory);
    h.scan();
    h.runUntilSettled();

    VerificationCase c = h.onlyCase(t);
    assertThat(c.reason()).map(r -> r.code()).contains(ReasonCode.UNKNOWN_USER);
    assertThat(h.tickets.escalationReasons(t.ref()))
        .singleElement()
        .satisfies(
            reason -> {
              assertThat(reason).contains("https\u200B://evil.example/login");
              assertThat(reason).doesNotContain("https://", "\u202E", "\u001B");
            });
  }
}
