package com.helpdeskverify.core;

import java.util.EnumSet;
import java.util.Set;

/**
 * The lifecycle of a verification case (see DESIGN.md). Besides the states DESIGN.md names, three
 * record a decision whose side effects are still being applied, so a crash between the decision and
 * the ticket update resumes the right way: {@link #PUSH_SENDING} (a push may be on its way), {@link
 * #ESCALATING} and {@link #CANCELLING}.
 */
public enum CaseState {
  DETECTED,
  NOTIFIED,
  PUSH_SENDING,
  CHALLENGED,
  APPROVED,
  DENIED,
  TIMED_OUT,
  ESCALATING,
  CANCELLING,
  EXECUTE_REQUESTED,
  REJECTED,
  ESCALATED,
  CANCELLED;

  public boolean terminal() {
    return this == EXECUTE_REQUESTED || this == REJECTED || this == ESCALATED || this == CANCELLED;
  }

  /**
   * The only moves the store accepts. APPROVED is reachable from CHALLENGED alone and
   * EXECUTE_REQUESTED from APPROVED alone, and a denial may still overturn an approval that has not
   * been executed: a denial or timeout always wins.
   */
  public Set<CaseState> successors() {
    return switch (this) {
      case DETECTED -> EnumSet.of(NOTIFIED, ESCALATING, CANCELLING);
      case NOTIFIED -> EnumSet.of(PUSH_SENDING, ESCALATING, CANCELLING);
      case PUSH_SENDING -> EnumSet.of(CHALLENGED, NOTIFIED, ESCALATING, CANCELLING);
      case CHALLENGED -> EnumSet.of(APPROVED, DENIED, TIMED_OUT, ESCALATING, CANCELLING);
      case APPROVED -> EnumSet.of(EXECUTE_REQUESTED, DENIED, ESCALATING, CANCELLING);
      case DENIED, TIMED_OUT -> EnumSet.of(REJECTED, ESCALATING);
      case ESCALATING -> EnumSet.of(ESCALATED);
      case CANCELLING -> EnumSet.of(CANCELLED);
      case EXECUTE_REQUESTED, REJECTED, ESCALATED, CANCELLED -> EnumSet.noneOf(CaseState.class);
    };
  }

  public boolean canMoveTo(CaseState next) {
    return successors().contains(next);
  }

  public static Set<CaseState> active() {
    EnumSet<CaseState> active = EnumSet.allOf(CaseState.class);
    active.removeIf(CaseState::terminal);
    return active;
  }
}
