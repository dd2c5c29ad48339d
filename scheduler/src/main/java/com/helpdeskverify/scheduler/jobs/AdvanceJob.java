package com.helpdeskverify.scheduler.jobs;

import com.helpdeskverify.http.Pacing;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

/**
 * One worker: works the cases that are due, batch after batch while they keep coming, when it is
 * one of the workers {@link WorkerSizing} has on now, and tells the sizing what each batch cost.
 */
@DisallowConcurrentExecution
public final class AdvanceJob implements Job {
  /** The job data key of the worker's number. */
  static final String WORKER = "worker";

  private final JobTarget target;
  private final int worker;
  private final WorkerSizing sizing;
  private final int batch;
  private final long budgetNanos;

  /**
   * @param worker this worker's number, from 1: it works while the sizing has at least that many on
   * @param budgetNanos how long a run keeps taking batches before it lets the next tick go on
   */
  AdvanceJob(JobTarget target, int worker, WorkerSizing sizing, int batch, long budgetNanos) {
    this.target = target;
    this.worker = worker;
    this.sizing = sizing;
    this.batch = batch;
    this.budgetNanos = budgetNanos;
  }

  @Override
  public void execute(JobExecutionContext context) {
    if (worker > sizing.workers()) {
      return;
    }
    Pacing.markWorker();
    long until = System.nanoTime() + budgetNanos;
    boolean full;
    boolean before = false;
    do {
      long start = System.nanoTime();
      Pacing.Tally tally = Pacing.mine();
      full = target.advanceDueCases(batch) == batch;
      // A full batch right after another is a backlog; one case found at a tick is not.
      sizing.ran(System.nanoTime() - start, Pacing.mine().since(tally), full && before);
      before = full;
      // A full batch means more may be due: keep going rather than wait for the next tick.
    } while (full && System.nanoTime() - until < 0 && worker <= sizing.workers());
  }
}
