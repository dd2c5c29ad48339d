package com.helpdeskverify.scheduler.jobs;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

/** Works the cases that are due (sends, polls, deadlines, ticket moves), in batches. */
@DisallowConcurrentExecution
public final class AdvanceJob implements Job {
  private final JobTarget target;

  public AdvanceJob(JobTarget target) {
    this.target = target;
  }

  @Override
  public void execute(JobExecutionContext context) {
    target.advanceDueCases();
  }
}
