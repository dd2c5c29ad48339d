package com.helpdeskverify.core.workflow;

import com.helpdeskverify.core.CaseState;
import com.helpdeskverify.core.ReasonCode;
import com.helpdeskverify.core.VerificationCase;
import java.util.Objects;

/** Told of what the workflow wrote, after it was written; for logs and metrics. */
@FunctionalInterface
public interface WorkflowListener {
  /** Every state change of a case. */
  void moved(VerificationCase before, VerificationCase after);

  /**
   * Someone other than this connector closed the case's ticket or moved it out of the intake scope
   * before the case had an outcome: whatever is done with the request now was not verified. Told
   * once per case, after its cancellation was written (and after {@link #moved} heard of it). The
   * connector's own moves of a ticket (execute, reject, escalate, and a repeat of one after a
   * crash) never lead here, nor do an edited request or a deleted ticket.
   */
  default void bypassed(Bypass bypass) {}

  WorkflowListener NONE = (before, after) -> {};

  /**
   * A verification somebody went around.
   *
   * @param cancelled the case as written, cancelled with the reason {@link
   *     ReasonCode#TICKET_CLOSED} or {@link ReasonCode#TICKET_OUT_OF_SCOPE}
   * @param foundIn the state the case was in when the ticket was found moved (CHALLENGED: while the
   *     push was pending; APPROVED: at the last look before execution)
   * @param ticketStatus the ticket system's status name for the ticket as it was found
   */
  record Bypass(VerificationCase cancelled, CaseState foundIn, String ticketStatus) {
    public Bypass {
      Objects.requireNonNull(cancelled, "cancelled");
      Objects.requireNonNull(foundIn, "foundIn");
      Objects.requireNonNull(ticketStatus, "ticketStatus");
    }

    public ReasonCode code() {
      return cancelled.reason().orElseThrow().code();
    }
  }
}
