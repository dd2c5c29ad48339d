package com.helpdeskverify.scheduler;

import com.helpdeskverify.core.VerificationCase;
import com.helpdeskverify.core.workflow.WorkflowListener;
import com.helpdeskverify.scheduler.http.ServiceMetrics;

/** The service's one workflow listener: the case log and the metrics hear of each case. */
record CaseEvents(ServiceMetrics metrics, CaseLog log) implements WorkflowListener {
  @Override
  public void moved(VerificationCase before, VerificationCase after) {
    metrics.caseMoved(before, after);
    log.moved(before, after);
  }

  /** The workflow itself logged the warning; counted, it is the coverage figure to alert on. */
  @Override
  public void bypassed(Bypass bypass) {
    metrics.bypassed(bypass.cancelled().ticket().system());
  }
}
