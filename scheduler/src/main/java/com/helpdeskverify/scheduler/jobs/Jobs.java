package com.helpdeskverify.scheduler.jobs;

import com.helpdeskverify.scheduler.config.ServiceConfig;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.quartz.CronScheduleBuilder;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.matchers.GroupMatcher;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's two Quartz schedulers. Scans run in one that is clustered on PostgreSQL when
 * configured, so one node at a time scans each system; workers run in a local one on every node,
 * because working cases scales out (claims keep nodes apart) and must not wait for a cluster lock.
 */
public final class Jobs implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Jobs.class);
  private static final String GROUP = "helpdesk-verify";

  private final Scheduler scans;
  private final Scheduler workers;
  private final WorkerSizing sizing;

  private final Object tickLock = new Object();

  /** Workers whose triggers tick: 1 to this; the others' are paused. Guarded by tickLock. */
  private int ticking;

  private Jobs(Scheduler scans, Scheduler workers, WorkerSizing sizing, int ticking) {
    this.scans = scans;
    this.workers = workers;
    this.sizing = sizing;
    this.ticking = ticking;
  }

  public static Jobs start(ServiceConfig config, DataSource dataSource, JobTarget target)
      throws SchedulerException {
    String unique = UUID.randomUUID().toString().substring(0, 8);
    boolean clustered = config.scheduling().clustered();
    Properties scanProps =
        base(
            clustered ? "hv-scans" : "hv-scans-" + unique,
            config.nodeId(),
            Math.max(2, config.ticketSystems().size()));
    if (clustered) {
      QuartzSchema.migrate(dataSource);
      String ds = "hv-store-" + unique;
      DBConnectionManager.getInstance().addConnectionProvider(ds, new StoreConnections(dataSource));
      scanProps.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
      scanProps.setProperty(
          "org.quartz.jobStore.driverDelegateClass",
          "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
      scanProps.setProperty("org.quartz.jobStore.dataSource", ds);
      scanProps.setProperty("org.quartz.jobStore.isClustered", "true");
      scanProps.setProperty("org.quartz.jobStore.clusterCheckinInterval", "5000");
      scanProps.setProperty("org.quartz.jobStore.misfireThreshold", "60000");
    }
    Scheduler scans = new StdSchedulerFactory(scanProps).getScheduler();
    ServiceConfig.Scheduling scheduling = config.scheduling();
    WorkerSizing sizing = WorkerSizing.ofLimiters(scheduling.workers(), scheduling.maxWorkers());
    Scheduler workers =
        new StdSchedulerFactory(
                base("hv-workers-" + unique, config.nodeId(), scheduling.maxWorkers()))
            .getScheduler();
    scans.setJobFactory((bundle, scheduler) -> new ScanJob(target));
    // A run goes on while batches come full, for at most ten ticks, then lets the next tick come.
    long budgetNanos = scheduling.advanceInterval().multipliedBy(10).toNanos();
    workers.setJobFactory(
        (bundle, scheduler) ->
            new AdvanceJob(
                target,
                bundle.getJobDetail().getJobDataMap().getInt(AdvanceJob.WORKER),
                sizing,
                scheduling.batchSize(),
                budgetNanos));

    for (ServiceConfig.TicketSystemSettings system : config.ticketSystems()) {
      JobDetail job =
          JobBuilder.newJob(ScanJob.class)
              .withIdentity("scan-" + system.id(), GROUP)
              .usingJobData(ScanJob.SYSTEM, system.id())
              .storeDurably()
              .build();
      TriggerBuilder<Trigger> trigger =
          TriggerBuilder.newTrigger().withIdentity("scan-" + system.id(), GROUP).startNow();
      Trigger t =
          system.scanCron().isPresent()
              ? trigger
                  .withSchedule(
                      CronScheduleBuilder.cronSchedule(system.scanCron().get())
                          // After downtime one catch-up scan is enough: the watermark covers the
                          // gap.
                          .withMisfireHandlingInstructionFireAndProceed())
                  .build()
              : trigger
                  .withSchedule(
                      SimpleScheduleBuilder.simpleSchedule()
                          .withIntervalInMilliseconds(system.scanInterval().toMillis())
                          .repeatForever()
                          .withMisfireHandlingInstructionNextWithRemainingCount())
                  .build();
      // Replacing keeps a cluster's stored schedule in line with this node's configuration.
      scans.scheduleJob(job, Set.of(t), true);
    }
    // As many workers as may ever work; WorkerSizing says how many of them do now, and only
    // theirs tick: an idle worker's tick costs the scheduler thread a firing and the worker a run
    // that returns at once (30 such a second at the default bounds; BENCHMARKS.md, "Idle workers'
    // ticks").
    for (int i = 1; i <= scheduling.maxWorkers(); i++) {
      workers.scheduleJob(
          JobBuilder.newJob(AdvanceJob.class)
              .withIdentity(worker(i))
              .usingJobData(AdvanceJob.WORKER, i)
              .build(),
          TriggerBuilder.newTrigger()
              .withIdentity(trigger(i))
              .startNow()
              .withSchedule(
                  SimpleScheduleBuilder.simpleSchedule()
                      .withIntervalInMilliseconds(scheduling.advanceInterval().toMillis())
                      .repeatForever()
                      .withMisfireHandlingInstructionNextWithRemainingCount())
              .build());
    }
    for (int i = scheduling.workers() + 1; i <= scheduling.maxWorkers(); i++) {
      workers.pauseTrigger(trigger(i));
    }
    Jobs jobs = new Jobs(scans, workers, sizing, scheduling.workers());
    sizing.onChange(jobs::tickAsSized);
    scans.start();
    workers.start();
    return jobs;
  }

  /**
   * Lets the triggers of the workers the sizing has on now tick, and pauses the others'. A worker
   * that comes on runs at once rather than at its next tick; one that goes off finishes its run.
   */
  private void tickAsSized() {
    synchronized (tickLock) {
      int on = sizing.current();
      int was = ticking;
      try {
        for (int i = was + 1; i <= on; i++) {
          workers.resumeTrigger(trigger(i));
          workers.triggerJob(worker(i));
        }
        for (int i = on + 1; i <= was; i++) {
          workers.pauseTrigger(trigger(i));
        }
        ticking = on;
      } catch (SchedulerException e) {
        // Only a scheduler shutting down refuses: its workers stop anyway.
        LOG.warn("workers: cannot let {} of them tick: {}", on, e.toString());
      }
    }
  }

  /** How many workers' triggers tick now, as the scheduler has them (for tests). */
  int tickingTriggers() throws SchedulerException {
    int count = 0;
    for (TriggerKey key : workers.getTriggerKeys(GroupMatcher.triggerGroupEquals(GROUP))) {
      if (workers.getTriggerState(key) != Trigger.TriggerState.PAUSED) {
        count++;
      }
    }
    return count;
  }

  /**
   * Runs a worker at once (a webhook nudged a case, a scan opened one) instead of at its next tick.
   * An idle one of the workers on now is chosen: a busy one claimed its batch before the new case
   * existed and would reach it only after working that batch through.
   */
  public void wakeWorkers() {
    try {
      Set<JobKey> busy = new HashSet<>();
      for (JobExecutionContext running : workers.getCurrentlyExecutingJobs()) {
        busy.add(running.getJobDetail().getKey());
      }
      JobKey wake = worker(1);
      int on = sizing.workers();
      for (int i = 1; i <= on; i++) {
        if (!busy.contains(worker(i))) {
          wake = worker(i);
          break;
        }
      }
      workers.triggerJob(wake);
    } catch (SchedulerException e) {
      // The regular tick still comes; a lost nudge only costs latency.
    }
  }

  private static JobKey worker(int i) {
    return JobKey.jobKey("advance-" + i, GROUP);
  }

  private static TriggerKey trigger(int i) {
    return TriggerKey.triggerKey("advance-" + i, GROUP);
  }

  /** Runs a scan of the system at once (a webhook announced a ticket). */
  public void scanNow(String systemId) {
    try {
      scans.triggerJob(JobKey.jobKey("scan-" + systemId, GROUP));
    } catch (SchedulerException e) {
      // The regular scan still comes.
    }
  }

  public List<String> schedulerNames() throws SchedulerException {
    return List.of(scans.getSchedulerName(), workers.getSchedulerName());
  }

  public boolean clustered() throws SchedulerException {
    return scans.getMetaData().isJobStoreClustered();
  }

  /** How many workers work due cases now ({@link WorkerSizing}). */
  public int workersOn() {
    return sizing.workers();
  }

  /** Stops taking new work and waits for running jobs, which leave every case resumable. */
  @Override
  public void close() throws SchedulerException {
    scans.standby();
    workers.standby();
    scans.shutdown(true);
    workers.shutdown(true);
  }

  private static Properties base(String name, String nodeId, int threads) {
    Properties p = new Properties();
    p.setProperty("org.quartz.scheduler.instanceName", name);
    p.setProperty("org.quartz.scheduler.instanceId", nodeId);
    p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
    p.setProperty("org.quartz.threadPool.threadCount", Integer.toString(threads));
    p.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
    return p;
  }

  private record StoreConnections(DataSource dataSource) implements ConnectionProvider {
    @Override
    public Connection getConnection() throws SQLException {
      return dataSource.getConnection();
    }

    @Override
    public void shutdown() {}

    @Override
    public void initialize() {}
  }
}
