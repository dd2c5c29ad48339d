package com.helpdeskverify.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import com.helpdeskverify.core.RequestDetails;
import com.helpdeskverify.core.Requester;
import com.helpdeskverify.core.SensitiveOperation;
import com.helpdeskverify.core.Ticket;
import com.helpdeskverify.core.TicketRef;
import com.helpdeskverify.core.classify.PhraseClassifier;
import com.helpdeskverify.core.workflow.IntakeDecision;
import com.helpdeskverify.core.workflow.TicketSystemRules;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DryRunTest {
  private static com.helpdeskverify.core.spi.PushProvider duo() {
    return new com.helpdeskverify.testkit.SimulatedPushProvider(
        "duo", java.time.Duration.ofMinutes(1), com.helpdeskverify.testkit.CallHook.direct());
  }

  private static Ticket ticket(RequestDetails details) {
    Instant now = Instant.parse("2026-12-03T07:00:00Z");
    return new Ticket(
        new TicketRef("jira", "HD-1"),
        Requester.of("acc-a", "a@example.com", "A"),
        Optional.empty(),
        "Printer toner",
        "The printer on the second floor is out of toner.",
        now,
        now,
        "Open",
        true,
        details);
  }

  @Test
  void dryRunReportsATechniciansRequestAsIntakeWouldTakeIt() {
    DryRun dryRun =
        new DryRun(
            new PhraseClassifier(), duo(), TicketSystemRules.DEFAULTS, (system, would) -> {});

    IntakeDecision d = dryRun.consider(ticket(RequestDetails.NONE.withVerificationRequested()));

    assertThat(((IntakeDecision.NotSensitive) d).classification().operation())
        .isEqualTo(SensitiveOperation.IDENTITY_CHECK);
  }

  @Test
  void dryRunAppliesTheSystemsAlwaysVerifyRules() {
    DryRun dryRun =
        new DryRun(
            new PhraseClassifier(),
            duo(),
            new TicketSystemRules(
                TicketSystemRules.OnBehalf.VERIFY,
                List.of(
                    new TicketSystemRules.AlwaysVerify(
                        RequestDetails.CATALOG_ITEM,
                        "New laptop",
                        SensitiveOperation.ACCESS_GRANT)),
                0.9),
            (system, would) -> {});

    IntakeDecision d =
        dryRun.consider(
            ticket(
                RequestDetails.of(List.of(), Map.of(RequestDetails.CATALOG_ITEM, "New laptop"))));

    assertThat(((IntakeDecision.NotSensitive) d).classification().operation())
        .isEqualTo(SensitiveOperation.ACCESS_GRANT);
  }
}
