package com.helpdeskverify.core.workflow;

import com.helpdeskverify.core.Classification;
import com.helpdeskverify.core.VerificationCase;

/** What intake made of one ticket. */
public sealed interface IntakeDecision {
  /**
   * A new verification case was opened; by {@link TicketIntake#considerClaiming}, claimed by this
   * node and as written.
   */
  record Opened(VerificationCase verificationCase) implements IntakeDecision {}

  /** The ticket asks for nothing that needs verification. */
  record NotSensitive(Classification classification) implements IntakeDecision {}

  /**
   * Nothing to do: the ticket is closed, its current attempt is being verified, or it is unchanged.
   */
  record Unchanged(String why) implements IntakeDecision {}
}
