package com.helpdeskverify.scheduler;

import com.helpdeskverify.core.PushHandle;
import com.helpdeskverify.core.Ticket;
import com.helpdeskverify.core.TicketRef;
import com.helpdeskverify.core.Watermark;
import com.helpdeskverify.core.classify.SecondOpinion;
import com.helpdeskverify.core.classify.SensitivityClassifier;
import com.helpdeskverify.core.spi.IntegrationContext;
import com.helpdeskverify.core.spi.IntegrationFailure;
import com.helpdeskverify.core.spi.PermanentFailure;
import com.helpdeskverify.core.spi.PushProvider;
import com.helpdeskverify.core.spi.TicketSystem;
import com.helpdeskverify.core.spi.TransientFailure;
import com.helpdeskverify.core.spi.WebhookReceiver;
import com.helpdeskverify.core.store.AuditTrail;
import com.helpdeskverify.core.store.CaseStore;
import com.helpdeskverify.core.store.HintStore;
import com.helpdeskverify.core.store.JdbcProviderNotes;
import com.helpdeskverify.core.store.JdbcReplayGuard;
import com.helpdeskverify.core.store.PushWatchStore;
import com.helpdeskverify.core.workflow.HintNotes;
import com.helpdeskverify.core.workflow.IntakeDecision;
import com.helpdeskverify.core.workflow.PushWatcher;
import com.helpdeskverify.core.workflow.ScopeSweep;
import com.helpdeskverify.core.workflow.TicketIntake;
import com.helpdeskverify.core.workflow.TicketScanner;
import com.helpdeskverify.core.workflow.TicketSightings;
import com.helpdeskverify.core.workflow.TicketSink;
import com.helpdeskverify.core.workflow.TicketSystemRules;
import com.helpdeskverify.core.workflow.VerificationWorkflow;
import com.helpdeskverify.llm.LlmClassifier;
import com.helpdeskverify.scheduler.config.ServiceConfig;
import com.helpdeskverify.scheduler.http.EndpointTarget;
import com.helpdeskverify.scheduler.http.ServiceEndpoint;
import com.helpdeskverify.scheduler.http.ServiceMetrics;
import com.helpdeskverify.scheduler.jobs.JobTarget;
import com.helpdeskverify.scheduler.jobs.Jobs;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running connector: the case store, the configured ticket systems and providers, the workflow,
 * the Quartz jobs that scan and work cases, and the HTTP endpoint.
 */
public final class ConnectorService implements JobTarget, EndpointTarget, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectorService.class);

  private final ServiceConfig config;
  private final Clock clock;
  private final HikariDataSource dataSource;
  private final CaseStore store;
  private final Map<String, TicketSystem> systems;
  private final Map<String, PushProvider> providers;
  private final Map<String, TicketScanner> scanners = new LinkedHashMap<>();
  private final TicketIntake intake;
  private final CaseLog caseLog = new CaseLog();
  private final TicketSink loggedIntake;
  private final SensitivityClassifier classifier;
  private final VerificationWorkflow workflow;
  private final PushWatcher watcher;
  private final ServiceMetrics metrics;
  private final Watermark firstStart;

  /**
   * Where tickets a webhook announced are read and taken in, and a case so opened is worked; its
   * queue tells whether more such work waits (see {@link #takeInAnnounced}).
   */
  private final ThreadPoolExecutor webhookWork =
      new ThreadPoolExecutor(
          2,
          2,
          0,
          TimeUnit.MILLISECONDS,
          new LinkedBlockingQueue<>(),
          new ThreadFactory() {
            private final AtomicInteger count = new AtomicInteger();

            @Override
            public Thread newThread(Runnable r) {
              return new Thread(r, "hv-webhook-" + count.incrementAndGet());
            }
          });

  private final ExecutorService startChecks = Executors.newCachedThreadPool();
  private Optional<StoreAccess> storeAccess = Optional.empty();
  private Optional<StoreSync> storeSync = Optional.empty();
  private Optional<StoreStatistics> storeStatistics = Optional.empty();
  private ServiceEndpoint endpoint;
  private volatile Jobs jobs;
  private NodeHeartbeat heartbeat;
  private final Map<String, ScopeSweep> sweeps = new java.util.concurrent.ConcurrentHashMap<>();
  private final Map<String, Instant> lastSweep = new java.util.concurrent.ConcurrentHashMap<>();

  private ConnectorService(ServiceConfig config, Duration backfill, Clock clock) {
    this.config = config;
    this.clock = clock;
    this.dataSource = dataSource(config.store());
    try {
      this.store = CaseStore.migrate(dataSource);
      this.storeSync = StoreSync.start(config.store().url(), dataSource);
      this.storeStatistics = StoreStatistics.start(config.store().url(), dataSource);
      this.storeAccess = StoreAccess.serve(config.store());
      SecureRandom random = new SecureRandom();
      IntegrationContext context =
          new IntegrationContext(
              clock,
              random,
              new JdbcReplayGuard(dataSource, clock),
              new JdbcProviderNotes(dataSource, clock));
      Integrations integrations = Integrations.create(config, context);
      this.systems =
          integrations.ticketSystems().stream()
              .collect(Collectors.toMap(TicketSystem::id, Function.identity()));
      this.providers =
          integrations.providers().stream()
              .collect(Collectors.toMap(PushProvider::id, Function.identity()));
      // An LLM's answer that changes a decision comes back as a webhook's news does: the ticket
      // is re-read and considered again, and the classifier then knows the answer.
      this.classifier =
          Integrations.classifier(config, clock, ref -> ticketsChanged(ref.system(), List.of(ref)));
      Optional<SecondOpinion> secondOpinion =
          classifier instanceof SecondOpinion later ? Optional.of(later) : Optional.empty();
      Map<String, String> providerOf = bySystem(ServiceConfig.TicketSystemSettings::provider);
      Map<String, TicketSystemRules> rules = bySystem(ServiceConfig.TicketSystemSettings::rules);
      this.intake =
          new TicketIntake(
              store,
              classifier,
              providerOf::get,
              config.workflow(),
              clock,
              random,
              config.nodeId(),
              rules::get,
              Optional.of(
                  new HintNotes(
                      new HintStore(dataSource),
                      integrations.ticketSystems(),
                      config.messages(),
                      clock)),
              secondOpinion);
      this.workflow =
          new VerificationWorkflow(
              store,
              integrations.ticketSystems(),
              integrations.providers(),
              bySystem(ServiceConfig.TicketSystemSettings::providers),
              config.messages(),
              config.workflow(),
              clock,
              random,
              config.nodeId(),
              rules::get);
      // Pending pushes are waited for off the workers: a long poll or a slow vendor holds no
      // worker, and an answer wakes one.
      this.watcher =
          new PushWatcher(
              store,
              new PushWatchStore(dataSource),
              integrations.providers(),
              config.workflow(),
              clock,
              config.nodeId(),
              this::wakeWorkers,
              PushWatcher.Timing.standard());
      workflow.watchPushesWith(watcher);
      this.metrics = new ServiceMetrics(store, new AuditTrail(dataSource), clock);
      if (classifier instanceof LlmClassifier llm) {
        LlmMetrics.register(metrics, llm);
      }
      workflow.listen(new CaseEvents(metrics, caseLog));
      this.loggedIntake = ticket -> logOpened(intake.consider(ticket));
      workflow.reconsiderEditedWith(loggedIntake);
      TicketSightings sightings = new TicketSightings(config.workflow().ticketRecheck());
      workflow.trustScanReadsOf(sightings);
      for (ServiceConfig.TicketSystemSettings s : config.ticketSystems()) {
        TicketSink sink =
            s.dryRun()
                ? new DryRun(classifier, providers.get(s.provider()), s.rules(), metrics::dryRun)
                : loggedIntake;
        scanners.put(
            s.id(),
            new TicketScanner(
                store, sink, clock, s.dryRun() ? Optional.empty() : Optional.of(sightings)));
        sweeps.put(s.id(), new ScopeSweep(store, sink));
      }
      // The first scan of a system starts here, never in the past: old tickets are not flooded
      // with pushes, unless an admin asks for a backfill.
      this.firstStart = Watermark.at(clock.instant().minus(backfill));
    } catch (RuntimeException e) {
      storeAccess.ifPresent(StoreAccess::close);
      storeSync.ifPresent(StoreSync::close);
      storeStatistics.ifPresent(StoreStatistics::close);
      dataSource.close();
      throw e;
    }
  }

  /** Writes the case log's "opened" line of a case intake opened. */
  private IntakeDecision logOpened(IntakeDecision decision) {
    if (decision instanceof IntakeDecision.Opened opened) {
      caseLog.opened(opened.verificationCase());
    }
    return decision;
  }

  /** A setting of every configured ticket system, by the system's id. */
  private <V> Map<String, V> bySystem(Function<ServiceConfig.TicketSystemSettings, V> setting) {
    return config.ticketSystems().stream()
        .collect(Collectors.toMap(ServiceConfig.TicketSystemSettings::id, setting));
  }

  /**
   * Starts the service: store migrated, every ticket system checked, jobs scheduled, HTTP endpoint
   * listening.
   *
   * @throws PermanentFailure when a ticket system refuses its configuration (credentials, missing
   *     assignment group, ...): starting anyway would only fail on the first ticket
   */
  public static ConnectorService start(ServiceConfig config, Duration backfill, Clock clock)
      throws IOException, SchedulerException {
    ConnectorService service = new ConnectorService(config, backfill, clock);
    try {
      service.keepFirstStart();
      service.startNode();
      // Listening first: a liveness probe is answered while slow systems are checked, and
      // readiness says "not yet" until each system's first scan has worked.
      service.endpoint = ServiceEndpoint.start(config.http(), service);
      service.checkTicketSystems();
      service.jobs = Jobs.start(config, service.dataSource, service);
      service.metrics.workers(service.jobs::workersOn);
      service.heartbeat =
          new NodeHeartbeat(
              service.store,
              config.nodeId(),
              clock,
              config.scheduling().nodeTimeout(),
              service::tookOver);
      service.heartbeat.start();
      return service;
    } catch (IOException | SchedulerException | RuntimeException e) {
      service.close();
      throw e;
    }
  }

  /**
   * Stores the first-start watermark of every ticket system that has none yet, before any scan
   * runs. Were it only saved by the first completed scan, a process that died before that would
   * start over from its restart time and never see the tickets filed in between.
   */
  private void keepFirstStart() {
    for (String systemId : scanners.keySet()) {
      if (store.initWatermark(systemId, firstStart, clock.instant())) {
        LOG.info("{}: first scan starts at {}", systemId, firstStart.updated());
      }
    }
  }

  /**
   * Runs the reconciliation sweep of a system after a scan when its sweep interval has passed on
   * this node; clustered, scans (and so sweeps) of a system run on one node at a time.
   */
  private void sweepWhenDue(TicketSystem system, ServiceConfig.TicketSystemSettings settings) {
    Instant now = clock.instant();
    Instant last = lastSweep.get(system.id());
    if (last != null && now.isBefore(last.plus(settings.sweepInterval()))) {
      return;
    }
    lastSweep.put(system.id(), now);
    try {
      ScopeSweep.SweepReport report = sweeps.get(system.id()).sweep(system);
      if (!report.missed().isEmpty()) {
        metrics.scanMissed(system.id(), report.missed().size());
        jobs.wakeWorkers();
      }
    } catch (RuntimeException e) {
      // The scan itself worked; the next sweep tries again.
      LOG.warn("sweep of {} failed, the next one retries: {}", system.id(), e.toString());
    }
  }

  /**
   * Checks this node in and frees the claims an earlier run of it left: after a crash and restart
   * its cases move on at once instead of when their claims run out, and the pushes it watched are
   * watched again (a node watches only once it is checked in).
   */
  private void startNode() {
    int freed = store.startNode(config.nodeId(), clock.instant());
    if (freed > 0) {
      LOG.info(
          "node {} restarted: freed {} case(s) its earlier run had claimed",
          config.nodeId(),
          freed);
    }
    watcher.pickUpNow();
  }

  /** Another node was taken over: its cases are due, and its pushes are looked for now. */
  private void tookOver() {
    jobs.wakeWorkers();
    watcher.pickUpNow();
  }

  /**
   * Checks every ticket system at once, so hanging ones cost the slowest check rather than the sum.
   * A refused configuration stops the start; a system that is down only delays its first scan.
   */
  private void checkTicketSystems() {
    List<java.util.concurrent.CompletableFuture<Void>> checks =
        systems.values().stream()
            .map(
                system ->
                    java.util.concurrent.CompletableFuture.runAsync(
                        () -> {
                          try {
                            system.checkConnection();
                          } catch (TransientFailure e) {
                            // Down for now is no configuration error: scans retry, readiness
                            // reports it.
                            LOG.warn(
                                "{} is not reachable at start; scans will retry: {}",
                                system.id(),
                                e.getMessage());
                          }
                        },
                        startChecks))
            .toList();
    try {
      java.util.concurrent.CompletableFuture.allOf(
              checks.toArray(java.util.concurrent.CompletableFuture[]::new))
          .join();
    } catch (java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      throw e;
    }
  }

  private static HikariDataSource dataSource(ServiceConfig.Store store) {
    HikariConfig hc = StorePool.config(store, store.url(), "case-store", store.poolSize());
    if (store.url().startsWith("jdbc:h2:")) {
      // H2 would close the database from its own shutdown hook, under steps still running; the
      // service closes it itself once they have finished.
      hc.addDataSourceProperty("DB_CLOSE_ON_EXIT", "FALSE");
    }
    return new HikariDataSource(hc);
  }

  @Override
  public void scan(String ticketSystemId) {
    TicketSystem system = systems.get(ticketSystemId);
    ServiceConfig.TicketSystemSettings settings = settings(ticketSystemId);
    Instant started = clock.instant();
    try {
      TicketScanner.ScanReport report =
          scanners.get(ticketSystemId).scan(system, firstStart, settings.pageSize());
      metrics.scanSucceeded(ticketSystemId, started, report);
      sweepWhenDue(system, settings);
      if (report.opened() > 0) {
        jobs.wakeWorkers();
      }
    } catch (IntegrationFailure e) {
      if (e instanceof TransientFailure t && t.deferred()) {
        // The system's rate limit, not a fault: the next scan reads on from the same watermark.
        LOG.info(
            "scan of {} deferred by its rate limit, next scan retries: {}",
            ticketSystemId,
            e.getMessage());
        return;
      }
      metrics.scanFailed(ticketSystemId, e.getMessage());
      LOG.warn("scan of {} failed, next scan retries: {}", ticketSystemId, e.getMessage());
    } catch (RuntimeException e) {
      metrics.scanFailed(ticketSystemId, e.toString());
      LOG.error("scan of {} failed unexpectedly", ticketSystemId, e);
    }
  }

  @Override
  public int advanceDueCases(int limit) {
    try {
      return workflow.runDue(limit);
    } catch (RuntimeException e) {
      LOG.error("working due cases failed; claims run out and the cases resume", e);
      return 0;
    }
  }

  private void wakeWorkers() {
    Jobs running = jobs;
    if (running != null) {
      running.wakeWorkers();
    }
  }

  /** A webhook said these pushes have news: poll them now. */
  @Override
  public void pushesChanged(String providerId, List<PushHandle> pushes) {
    boolean any = false;
    for (PushHandle p : pushes) {
      any |= store.nudgePush(providerId, p.id(), clock.instant());
    }
    if (any) {
      jobs.wakeWorkers();
    }
  }

  /** A webhook said these tickets are new or changed: read them now, not at the next scan. */
  @Override
  public void ticketsChanged(String systemId, List<TicketRef> tickets) {
    TicketSystem system = systems.get(systemId);
    if (system == null || settings(systemId).dryRun()) {
      return; // a dry run only reports, and its scan does that
    }
    try {
      webhookWork.submit(() -> takeInAnnounced(system, tickets));
    } catch (RejectedExecutionException e) {
      LOG.info(
          "stopping: {} ticket(s) announced by webhook are left to the next scan", tickets.size());
    }
  }

  /**
   * Reads the announced tickets and takes each to intake. A case opened for the last of them is
   * worked here at once, under the claim it was opened with, when no other webhook work waits
   * behind it: left to the workers, it would wait for one to come free, and a busy worker reaches
   * it only after the batch it claimed before the case existed. The other tickets of a delivery,
   * and every ticket while webhook work queues up (a burst), open cases for the workers, which
   * share them rather than this pool working them one after another.
   */
  private void takeInAnnounced(TicketSystem system, List<TicketRef> tickets) {
    boolean forWorkers = false;
    for (int i = 0; i < tickets.size(); i++) {
      boolean workHere = i == tickets.size() - 1 && webhookWork.getQueue().isEmpty();
      if (workHere && forWorkers) {
        // The workers start on what the earlier tickets brought while this one is worked here.
        wakeWorkers();
        forWorkers = false;
      }
      forWorkers |= !takeIn(system, tickets.get(i), workHere);
    }
    if (forWorkers) {
      wakeWorkers();
    }
  }

  /**
   * Reads one announced ticket and takes it to intake; with {@code workHere}, a case it opens is
   * opened claimed by this node and worked on this thread, as a worker would work it.
   *
   * @return whether a case was worked here; otherwise the workers may have something new (a case
   *     opened, a running case made due)
   */
  private boolean takeIn(TicketSystem system, TicketRef ref, boolean workHere) {
    IntakeDecision decision;
    try {
      Optional<Ticket> ticket = system.fetch(ref);
      if (ticket.isEmpty()) {
        return false;
      }
      decision =
          logOpened(
              workHere ? intake.considerClaiming(ticket.get()) : intake.consider(ticket.get()));
    } catch (RuntimeException e) {
      LOG.warn(
          "could not read {} announced by webhook; the next scan will: {}", ref, e.getMessage());
      return false;
    }
    if (!workHere || !(decision instanceof IntakeDecision.Opened opened)) {
      return false;
    }
    try {
      workflow.advance(opened.verificationCase());
    } catch (RuntimeException e) {
      LOG.error(
          "working case {} failed; its claim runs out and the case resumes",
          opened.verificationCase().id().value(),
          e);
    }
    return true;
  }

  private ServiceConfig.TicketSystemSettings settings(String systemId) {
    return config.ticketSystems().stream()
        .filter(s -> s.id().equals(systemId))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no ticket system " + systemId));
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public void checkStore() {
    store.activeCount();
  }

  @Override
  public List<String> ticketSystemIds() {
    return config.ticketSystems().stream().map(ServiceConfig.TicketSystemSettings::id).toList();
  }

  @Override
  public Map<String, Boolean> providersPaused() {
    return providers.entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().paused()));
  }

  @Override
  public Map<String, WebhookReceiver> providerWebhooks() {
    return webhooks(providers, PushProvider::webhookReceiver);
  }

  @Override
  public Map<String, WebhookReceiver> ticketSystemWebhooks() {
    return webhooks(systems, TicketSystem::webhookReceiver);
  }

  private static <T> Map<String, WebhookReceiver> webhooks(
      Map<String, T> parts, Function<T, Optional<WebhookReceiver>> receiver) {
    Map<String, WebhookReceiver> hooks = new LinkedHashMap<>();
    parts.forEach((id, p) -> receiver.apply(p).ifPresent(r -> hooks.put(id, r)));
    return hooks;
  }

  public ServiceConfig config() {
    return config;
  }

  public CaseStore store() {
    return store;
  }

  public Map<String, TicketSystem> ticketSystems() {
    return systems;
  }

  public Map<String, PushProvider> providers() {
    return providers;
  }

  @Override
  public ServiceMetrics metrics() {
    return metrics;
  }

  public int httpPort() {
    return endpoint.port();
  }

  public Jobs jobs() {
    return jobs;
  }

  /** Finishes running steps, stops scheduling and listening, closes the store. */
  @Override
  public void close() {
    if (heartbeat != null) {
      heartbeat.close();
    }
    if (jobs != null) {
      try {
        jobs.close();
      } catch (SchedulerException e) {
        LOG.warn("stopping the jobs: {}", e.getMessage());
      }
    }
    // Webhook work works cases as the workers do: it finishes before what the cases use is closed.
    webhookWork.shutdown();
    try {
      webhookWork.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (endpoint != null) {
      endpoint.close();
    }
    if (watcher != null) {
      watcher.close();
    }
    if (classifier instanceof AutoCloseable stage) {
      try {
        stage.close();
      } catch (Exception e) {
        LOG.warn("stopping the LLM stage: {}", e.toString());
      }
    }
    startChecks.shutdownNow();
    storeAccess.ifPresent(StoreAccess::close);
    storeSync.ifPresent(StoreSync::close);
    storeStatistics.ifPresent(StoreStatistics::close);
    dataSource.close();
  }
}
