package com.helpdeskverify.scheduler.jobs;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

/** Scans one ticket system. One at a time per system, cluster-wide in clustered mode. */
@DisallowConcurrentExecution
public final class ScanJob implements Job {
  public static final String SYSTEM = "ticket-system";

  private final JobTarget target;

  public ScanJob(JobTarget target) {
    this.target = target;
  }

  @Override
  public void execute(JobExecutionContext context) {
    target.scan(context.getMergedJobDataMap().getString(SYSTEM));
  }
}
