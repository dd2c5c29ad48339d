package com.helpdeskverify.testkit;

import com.helpdeskverify.core.CaseId;
import com.helpdeskverify.core.Classification;
import com.helpdeskverify.core.Requester;
import com.helpdeskverify.core.SensitiveOperation;
import com.helpdeskverify.core.Ticket;
import com.helpdeskverify.core.TicketRef;
import com.helpdeskverify.core.VerificationCase;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/** Cases as the workflow opens them, for tests of the case store and of what reads it. */
public final class Cases {
  private Cases() {}

  /**
   * Attempt {@code attempt} of a password reset asked on Jira ticket {@code key}, detected at
   * {@code at}: a requester whose name leaves Latin-1 and the Basic Multilingual Plane, German
   * text, and an agent who filed the ticket for her.
   */
  public static VerificationCase passwordReset(
      String key, int attempt, Instant at, SplittableRandom random) {
    Ticket ticket =
        new Ticket(
            new TicketRef("jira", key),
            Requester.of("acc-1", "ana@example.com", "Ana Müller-Ñúñez 🔐"),
            Optional.of(Requester.of("acc-9", null, "Agent Smith")),
            "Passwort zurücksetzen",
            "Bitte mein Passwort zurücksetzen",
            at,
            at,
            "Open",
            true);
    return VerificationCase.detected(
        CaseId.random(random),
        ticket,
        attempt,
        new Classification(
            SensitiveOperation.CREDENTIAL_RESET, 0.93, List.of("passwort", "zurücksetzen")),
        "duo",
        at);
  }
}
