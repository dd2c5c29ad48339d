package com.helpdeskverify.core.workflow;

/**
 * What is attached to a workflow after it is built ({@link VerificationWorkflow#listen}, {@link
 * VerificationWorkflow#watchPushesWith}, {@link VerificationWorkflow#reconsiderEditedWith}): the
 * one mutable part the steps share, so each step reads what is attached when it runs. Volatile, as
 * the service attaches them on its own thread and the workers read them on theirs.
 */
final class Hooks {
  volatile WorkflowListener listener = WorkflowListener.NONE;

  /** Null: the workers poll the provider themselves. */
  volatile PushWatcher watcher;

  /** Null when no intake was attached. */
  volatile TicketSink reconsider;

  /** Null: a waiting case re-reads its ticket itself every ticket-recheck. */
  volatile TicketSightings sightings;
}
