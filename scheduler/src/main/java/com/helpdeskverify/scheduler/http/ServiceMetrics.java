package com.helpdeskverify.scheduler.http;

import com.helpdeskverify.core.CaseState;
import com.helpdeskverify.core.ReasonCode;
import com.helpdeskverify.core.VerificationCase;
import com.helpdeskverify.core.store.AuditTrail;
import com.helpdeskverify.core.store.CaseStore;
import com.helpdeskverify.core.workflow.TicketScanner;
import com.helpdeskverify.http.HttpCallMetrics;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * What the service counts, as metrics of the Prometheus Java client ({@code
 * prometheus-metrics-core}) in a registry of this instance, rendered by the client's exposition
 * writers (scheduler/README.md, "Metrics"). Series read from the store or from other counters are
 * callbacks, asked at each scrape.
 */
public final class ServiceMetrics {
  private static final double[] LATENCY_BUCKETS = {0.5, 1, 2, 5, 10, 30, 60, 300};

  /**
   * The JVM's and the process's metrics, from the client's instrumentation: one registry for the
   * process, however many services a test builds in it.
   */
  private static final PrometheusRegistry JVM = new PrometheusRegistry();

  static {
    JvmMetrics.builder().register(JVM);
  }

  private static final ExpositionFormats FORMATS = ExpositionFormats.init();

  private static final String VERSION =
      Optional.ofNullable(ServiceMetrics.class.getPackage().getImplementationVersion())
          .orElse("development");

  /** The last scan of one system. */
  public record ScanState(
      Optional<Instant> lastSuccess, Optional<String> lastError, long failures) {}

  /** A rendering and the content type it is in. */
  public record Exposition(String contentType, String body) {}

  private final Clock clock;
  private final Instant started;
  private final Map<String, ScanState> scans = new ConcurrentHashMap<>();
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Counter outcomes;
  private final Counter webhooks;
  private final Counter pushes;
  private final Counter dryRuns;
  private final Counter missed;
  private final Counter bypassed;
  private final Histogram latency;

  public ServiceMetrics(CaseStore store, AuditTrail trail, Clock clock) {
    this.clock = clock;
    this.started = clock.instant();
    GaugeWithCallback.builder()
        .name("hv_cases")
        .help("Verification cases in the store by state.")
        .labelNames("state")
        .callback(
            cb -> {
              Map<CaseState, Long> counts = store.countByState();
              for (CaseState s : CaseState.values()) {
                cb.call(counts.getOrDefault(s, 0L), s.name());
              }
            })
        .register(registry);
    GaugeWithCallback.builder()
        .name("hv_build_info")
        .help("The running version.")
        .labelNames("version")
        .callback(cb -> cb.call(1, VERSION))
        .register(registry);
    GaugeWithCallback.builder()
        .name("hv_oldest_open_case_age_seconds")
        .help("Age of the oldest case not yet finished (0: none).")
        .callback(
            cb ->
                cb.call(
                    trail
                            .oldestOpenSince()
                            .map(since -> Duration.between(since, clock.instant()).toMillis())
                            .orElse(0L)
                        / 1000.0))
        .register(registry);
    this.pushes =
        Counter.builder()
            .name("hv_pushes_total")
            .help("Pushes this node sent, and what became of them, by provider.")
            .labelNames("provider", "result")
            .register(registry);
    this.dryRuns =
        Counter.builder()
            .name("hv_dry_run_total")
            .help("Sensitive tickets a dry-run ticket system saw, by what would have happened.")
            .labelNames("system", "would")
            .register(registry);
    // Kept beside the client's jvm_memory_* series: alert rules and operators' dashboards use it.
    GaugeWithCallback.builder()
        .name("hv_jvm_heap_bytes")
        .help("Java heap in use and its bound.")
        .labelNames("kind")
        .callback(
            cb -> {
              Runtime rt = Runtime.getRuntime();
              cb.call(rt.totalMemory() - rt.freeMemory(), "used");
              cb.call(rt.maxMemory(), "max");
            })
        .register(registry);
    this.outcomes =
        Counter.builder()
            .name("hv_case_outcomes_total")
            .help("Cases this node finished, by final state, reason, ticket system and provider.")
            .labelNames("state", "reason", "system", "provider")
            .register(registry);
    this.latency =
        Histogram.builder()
            .name("hv_push_latency_seconds")
            .help("Time from ticket intake to the push being sent.")
            .classicOnly()
            .classicUpperBounds(LATENCY_BUCKETS)
            .register(registry);
    CounterWithCallback.builder()
        .name("hv_api_calls_total")
        .help("Calls to ticket systems and providers, by outcome.")
        .labelNames("system", "outcome")
        .callback(
            cb ->
                HttpCallMetrics.global()
                    .calls()
                    .forEach((k, v) -> cb.call(v, k.system(), k.outcome())))
        .register(registry);
    GaugeWithCallback.builder()
        .name("hv_api_rate_limit_per_second")
        .help(
            "Requests per second the client-side rate limiter permits a system now (lowered by"
                + " 429s and rate-limit headers).")
        .labelNames("system")
        .callback(
            cb ->
                HttpCallMetrics.global()
                    .permittedRates()
                    .forEach((system, rate) -> cb.call(rate, system)))
        .register(registry);
    GaugeWithCallback.builder()
        .name("hv_scan_lag_seconds")
        .help("Time since the last successful scan of a ticket system.")
        .labelNames("system")
        .callback(
            cb -> {
              Instant now = clock.instant();
              // Only after a scan has worked: a lag counted from the start would pass for a
              // working scan.
              new TreeMap<>(scans)
                  .forEach(
                      (system, state) ->
                          state
                              .lastSuccess()
                              .ifPresent(
                                  success ->
                                      cb.call(
                                          Duration.between(success, now).toMillis() / 1000.0,
                                          system)));
            })
        .register(registry);
    CounterWithCallback.builder()
        .name("hv_scan_failures_total")
        .help("Failed scans by ticket system.")
        .labelNames("system")
        .callback(
            cb ->
                new TreeMap<>(scans).forEach((system, state) -> cb.call(state.failures(), system)))
        .register(registry);
    this.missed =
        Counter.builder()
            .name("hv_scan_missed_total")
            .help("Tickets in scope the scan never delivered, found by the reconciliation sweep.")
            .labelNames("system")
            .register(registry);
    this.bypassed =
        Counter.builder()
            .name("hv_bypassed_total")
            .help(
                "Cases whose ticket someone else closed or moved out of the intake scope before"
                    + " an outcome: verifications that were gone around.")
            .labelNames("system")
            .register(registry);
    this.webhooks =
        Counter.builder()
            .name("hv_webhooks_total")
            .help("Webhook deliveries by route and result.")
            .labelNames("route", "result")
            .register(registry);
  }

  /** Reports how many workers work due cases now (scheduler's {@code WorkerSizing}). */
  public void workers(java.util.function.IntSupplier on) {
    GaugeWithCallback.builder()
        .name("hv_workers")
        .help(
            "Workers of this node that work due cases now: scheduler.workers, more while cases"
                + " are left due and the rate-limit budgets can take them, up to"
                + " scheduler.max-workers.")
        .callback(cb -> cb.call(on.getAsInt()))
        .register(registry);
  }

  /**
   * Listens to the workflow: push latency when a push went out, pushes by what became of them,
   * outcomes when a case ended.
   */
  public void caseMoved(VerificationCase before, VerificationCase after) {
    if (before.state() == after.state()) {
      return;
    }
    if (after.state() == CaseState.CHALLENGED) {
      latency.observe(Duration.between(after.createdAt(), after.updatedAt()).toMillis() / 1000.0);
      pushes.labelValues(after.provider(), "sent").inc();
    }
    if (before.state() == CaseState.CHALLENGED) {
      String result =
          switch (after.state()) {
            case APPROVED -> "approved";
            case DENIED ->
                after.reason().map(r -> r.code() == ReasonCode.FRAUD_REPORTED).orElse(false)
                    ? "fraud"
                    : "denied";
            case TIMED_OUT -> "timed_out";
            default -> "withdrawn";
          };
      pushes.labelValues(after.provider(), result).inc();
    }
    if (after.state().terminal()) {
      String reason = after.reason().map(r -> r.code().name()).orElse("NONE");
      outcomes
          .labelValues(after.state().name(), reason, after.ticket().system(), after.provider())
          .inc();
    }
  }

  public void scanSucceeded(String system, Instant started, TicketScanner.ScanReport report) {
    scanned(system);
    scans.compute(
        system,
        (k, old) ->
            new ScanState(
                Optional.of(started), Optional.empty(), old == null ? 0 : old.failures()));
  }

  public void scanFailed(String system, String error) {
    scanned(system);
    scans.compute(
        system,
        (k, old) ->
            new ScanState(
                old == null ? Optional.empty() : old.lastSuccess(),
                Optional.of(error),
                (old == null ? 0 : old.failures()) + 1));
  }

  /** Every scanned system shows 0 until the first, so an increase() alert sees the first one. */
  private void scanned(String system) {
    missed.initLabelValues(system);
    bypassed.initLabelValues(system);
  }

  /** A dry-run ticket system saw a sensitive ticket; {@code would} is verify or escalate. */
  public void dryRun(String system, String would) {
    dryRuns.labelValues(system, would).inc();
  }

  /** Tickets the reconciliation sweep found the scan had missed. */
  public void scanMissed(String system, int tickets) {
    missed.labelValues(system).inc(tickets);
  }

  /** A case's ticket was closed or moved by someone else before the case had an outcome. */
  public void bypassed(String system) {
    bypassed.labelValues(system).inc();
  }

  /**
   * Registers a counter another part of the service keeps (the LLM stage), read at each scrape: its
   * values by one label's value, or by "" for a counter without labels.
   */
  public void countedElsewhere(
      String name, String help, String label, Supplier<Map<String, Long>> values) {
    CounterWithCallback.Builder counter = CounterWithCallback.builder().name(name).help(help);
    if (!label.isEmpty()) {
      counter.labelNames(label);
    }
    counter
        .callback(
            cb ->
                new TreeMap<>(values.get())
                    .forEach(
                        (value, count) -> {
                          if (label.isEmpty()) {
                            cb.call(count);
                          } else {
                            cb.call(count, value);
                          }
                        }))
        .register(registry);
  }

  public void webhook(String route, String result) {
    webhooks.labelValues(route, result).inc();
  }

  public Optional<ScanState> scan(String system) {
    return Optional.ofNullable(scans.get(system));
  }

  public Instant started() {
    return started;
  }

  /** The Prometheus text format (0.0.4). */
  public String render() {
    return write(PrometheusTextFormatWriter.create());
  }

  /**
   * The format a scraper asks for in its {@code Accept} header: OpenMetrics for a Prometheus that
   * offers it, else the Prometheus text format. Protobuf is not offered (its writer is not on the
   * class path), so it falls back to text too.
   */
  public Exposition render(String accept) {
    ExpositionFormatWriter writer = FORMATS.findWriter(accept);
    if (!writer.isAvailable()) {
      writer = FORMATS.getPrometheusTextFormatWriter();
    }
    return new Exposition(writer.getContentType(), write(writer));
  }

  /**
   * Every sample name this service may export, also those with no series yet (the text formats
   * leave out a metric that has none): for checking dashboards and alert rules against.
   */
  public Set<String> sampleNames() {
    Set<String> names = new TreeSet<>();
    for (MetricSnapshot s : scrape()) {
      String name = s.getMetadata().getPrometheusName();
      if (s instanceof CounterSnapshot) {
        names.add(name + "_total");
      } else if (s instanceof HistogramSnapshot) {
        names.add(name + "_bucket");
        names.add(name + "_sum");
        names.add(name + "_count");
        names.add(name);
      } else {
        names.add(name);
      }
    }
    return names;
  }

  private MetricSnapshots scrape() {
    MetricSnapshots.Builder all = MetricSnapshots.builder();
    registry.scrape().forEach(all::metricSnapshot);
    JVM.scrape().forEach(all::metricSnapshot);
    return all.build();
  }

  private String write(ExpositionFormatWriter writer) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      writer.write(out, scrape());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot happen: writing to memory", e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
