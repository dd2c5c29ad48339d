package com.helpdeskverify.core.workflow;

import com.helpdeskverify.core.VerificationCase;

/** Told of every state change the workflow wrote, after it was written; for metrics. */
@FunctionalInterface
public interface WorkflowListener {
  void moved(VerificationCase before, VerificationCase after);

  WorkflowListener NONE = (before, after) -> {};
}
