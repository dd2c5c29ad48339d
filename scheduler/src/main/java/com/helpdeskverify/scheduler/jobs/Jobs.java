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
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;

/**
 * The service's two Quartz schedulers. Scans run in one that is clustered on PostgreSQL when
 * configured, so one node at a time scans each system; workers run in a local one on every node,
 * because working cases scales out (claims keep nodes apart) and must not wait for a cluster lock.
 */
public final class Jobs implements AutoCloseable {
  private static final String GROUP = "helpdesk-verify";

  private final Scheduler scans;
  private final Scheduler workers;
  private final WorkerSizing sizing;

  private Jobs(Scheduler scans, Scheduler workers, WorkerSizing sizing) {
    this.scans = scans;
    this.workers = workers;
    this.sizing = sizing;
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
    // As many workers as may ever work; WorkerSizing says how many of them do now.
    for (int i = 1; i <= scheduling.maxWorkers(); i++) {
      workers.scheduleJob(
          JobBuilder.newJob(AdvanceJob.class)
              .withIdentity(worker(i))
              .usingJobData(AdvanceJob.WORKER, i)
              .build(),
          TriggerBuilder.newTrigger()
              .withIdentity("advance-" + i, GROUP)
              .startNow()
              .withSchedule(
                  SimpleScheduleBuilder.simpleSchedule()
                      .withIntervalInMilliseconds(scheduling.advanceInterval().toMillis())
                      .repeatForever()
                      .withMisfireHandlingInstructionNextWithRemainingCount())
              .build());
    }
    scans.start();
    workers.start();
    return new Jobs(scans, workers, sizing);
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
