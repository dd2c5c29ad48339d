package com.helpdeskverify.core;

/** How a finished case ended, derived from its terminal state and reason. */
public sealed interface Outcome {
  /** The ticket was moved to execute after an approval of this case's own push. */
  record Executed() implements Outcome {}

  record Rejected(ReasonCode reason) implements Outcome {}

  record Escalated(ReasonCode reason) implements Outcome {}

  record Cancelled(ReasonCode reason) implements Outcome {}
}
