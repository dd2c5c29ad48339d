package com.helpdeskverify.scheduler.http;

import com.helpdeskverify.core.CaseState;
import com.helpdeskverify.core.ReasonCode;
import com.helpdeskverify.core.VerificationCase;
import com.helpdeskverify.core.store.AuditTrail;
import com.helpdeskverify.core.store.CaseStore;
import com.helpdeskverify.core.workflow.TicketScanner;
import com.helpdeskverify.http.HttpCallMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/** What the service counts, and its rendering in the Prometheus text format. */
public final class ServiceMetrics {
  private static final double[] LATENCY_BUCKETS = {0.5, 1, 2, 5, 10, 30, 60, 300};

  /** The last scan of one system. */
  public record ScanState(
      Optional<Instant> lastSuccess, Optional<String> lastError, long failures) {}

  private final CaseStore store;
  private final AuditTrail trail;
  private final Clock clock;
  private final Instant started;
  private final Map<String, ScanState> scans = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> webhooks = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> pushes = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> dryRuns = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> missed = new ConcurrentHashMap<>();
  private final List<Elsewhere> elsewhere = new CopyOnWriteArrayList<>();

  /** A counter another part keeps, read at each scrape. */
  private record Elsewhere(
      String name, String help, String label, Supplier<Map<String, Long>> values) {}

  private final long[] latencyBuckets = new long[LATENCY_BUCKETS.length];
  private long latencyCount;
  private double latencySum;

  public ServiceMetrics(CaseStore store, AuditTrail trail, Clock clock) {
    this.store = store;
    this.trail = trail;
    this.clock = clock;
    this.started = clock.instant();
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
      observeLatency(Duration.between(after.createdAt(), after.updatedAt()));
      countPush(after, "sent");
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
      countPush(after, result);
    }
    if (after.state().terminal()) {
      String reason = after.reason().map(r -> r.code().name()).orElse("NONE");
      outcomes
          .computeIfAbsent(
              String.join(
                  "|", after.state().name(), reason, after.ticket().system(), after.provider()),
              k -> new LongAdder())
          .increment();
    }
  }

  private void countPush(VerificationCase c, String result) {
    pushes.computeIfAbsent(c.provider() + "|" + result, k -> new LongAdder()).increment();
  }

  private synchronized void observeLatency(Duration d) {
    double seconds = d.toMillis() / 1000.0;
    for (int i = 0; i < LATENCY_BUCKETS.length; i++) {
      if (seconds <= LATENCY_BUCKETS[i]) {
        latencyBuckets[i]++;
      }
    }
    latencyCount++;
    latencySum += seconds;
  }

  public void scanSucceeded(String system, Instant started, TicketScanner.ScanReport report) {
    scans.compute(
        system,
        (k, old) ->
            new ScanState(
                Optional.of(started), Optional.empty(), old == null ? 0 : old.failures()));
  }

  public void scanFailed(String system, String error) {
    scans.compute(
        system,
        (k, old) ->
            new ScanState(
                old == null ? Optional.empty() : old.lastSuccess(),
                Optional.of(error),
                (old == null ? 0 : old.failures()) + 1));
  }

  /** A dry-run ticket system saw a sensitive ticket; {@code would} is verify or escalate. */
  public void dryRun(String system, String would) {
    dryRuns.computeIfAbsent(system + "|" + would, k -> new LongAdder()).increment();
  }

  /** Tickets the reconciliation sweep found the scan had missed. */
  public void scanMissed(String system, int tickets) {
    missed.computeIfAbsent(system, k -> new LongAdder()).add(tickets);
  }

  public void webhook(String route, String result) {
    webhooks.computeIfAbsent(route + "|" + result, k -> new LongAdder()).increment();
  }

  public Optional<ScanState> scan(String system) {
    return Optional.ofNullable(scans.get(system));
  }

  public Instant started() {
    return started;
  }

  /** The Prometheus text exposition (format 0.0.4). */
  public String render() {
    StringBuilder out = new StringBuilder();
    out.append(
        "# HELP hv_cases Verification cases in the store by state.\n# TYPE hv_cases gauge\n");
    Map<CaseState, Long> counts = store.countByState();
    for (CaseState s : CaseState.values()) {
      out.append("hv_cases{state=\"")
          .append(s.name())
          .append("\"} ")
          .append(counts.getOrDefault(s, 0L))
          .append('\n');
    }
    out.append("# HELP hv_build_info The running version.\n# TYPE hv_build_info gauge\n");
    out.append("hv_build_info{version=\"").append(escape(VERSION)).append("\"} 1\n");
    out.append(
        "# HELP hv_oldest_open_case_age_seconds Age of the oldest case not yet finished (0: none)."
            + "\n# TYPE hv_oldest_open_case_age_seconds gauge\n");
    out.append("hv_oldest_open_case_age_seconds ")
        .append(
            format(
                trail
                        .oldestOpenSince()
                        .map(since -> Duration.between(since, clock.instant()).toMillis())
                        .orElse(0L)
                    / 1000.0))
        .append('\n');
    out.append(
        "# HELP hv_pushes_total Pushes this node sent, and what became of them, by provider.\n"
            + "# TYPE hv_pushes_total counter\n");
    counter(out, "hv_pushes_total", pushes, "provider", "result");
    out.append(
        "# HELP hv_dry_run_total Sensitive tickets a dry-run ticket system saw, by what would have"
            + " happened.\n# TYPE hv_dry_run_total counter\n");
    counter(out, "hv_dry_run_total", dryRuns, "system", "would");
    Runtime rt = Runtime.getRuntime();
    out.append(
        "# HELP hv_jvm_heap_bytes Java heap in use and its bound.\n# TYPE hv_jvm_heap_bytes gauge\n");
    out.append("hv_jvm_heap_bytes{kind=\"used\"} ")
        .append(rt.totalMemory() - rt.freeMemory())
        .append('\n');
    out.append("hv_jvm_heap_bytes{kind=\"max\"} ").append(rt.maxMemory()).append('\n');
    out.append(
        "# HELP hv_case_outcomes_total Cases this node finished, by final state, reason, ticket"
            + " system and provider.\n");
    out.append("# TYPE hv_case_outcomes_total counter\n");
    counter(out, "hv_case_outcomes_total", outcomes, "state", "reason", "system", "provider");
    synchronized (this) {
      out.append(
          "# HELP hv_push_latency_seconds Time from ticket intake to the push being sent.\n");
      out.append("# TYPE hv_push_latency_seconds histogram\n");
      for (int i = 0; i < LATENCY_BUCKETS.length; i++) {
        out.append("hv_push_latency_seconds_bucket{le=\"")
            .append(format(LATENCY_BUCKETS[i]))
            .append("\"} ")
            .append(latencyBuckets[i])
            .append('\n');
      }
      out.append("hv_push_latency_seconds_bucket{le=\"+Inf\"} ").append(latencyCount).append('\n');
      out.append("hv_push_latency_seconds_sum ").append(format(latencySum)).append('\n');
      out.append("hv_push_latency_seconds_count ").append(latencyCount).append('\n');
    }
    out.append("# HELP hv_api_calls_total Calls to ticket systems and providers, by outcome.\n");
    out.append("# TYPE hv_api_calls_total counter\n");
    HttpCallMetrics.global()
        .calls()
        .forEach(
            (k, v) ->
                out.append("hv_api_calls_total{system=\"")
                    .append(escape(k.system()))
                    .append("\",outcome=\"")
                    .append(k.outcome())
                    .append("\"} ")
                    .append(v)
                    .append('\n'));
    out.append(
        "# HELP hv_scan_lag_seconds Time since the last successful scan of a ticket system.\n");
    out.append("# TYPE hv_scan_lag_seconds gauge\n");
    Instant now = clock.instant();
    // Only after a scan has worked: a lag counted from the start would pass for a working scan.
    new TreeMap<>(scans)
        .forEach(
            (system, state) ->
                state
                    .lastSuccess()
                    .ifPresent(
                        success ->
                            out.append("hv_scan_lag_seconds{system=\"")
                                .append(escape(system))
                                .append("\"} ")
                                .append(format(Duration.between(success, now).toMillis() / 1000.0))
                                .append('\n')));
    out.append(
        "# HELP hv_scan_failures_total Failed scans by ticket system.\n# TYPE hv_scan_failures_total counter\n");
    new TreeMap<>(scans)
        .forEach(
            (system, state) ->
                out.append("hv_scan_failures_total{system=\"")
                    .append(escape(system))
                    .append("\"} ")
                    .append(state.failures())
                    .append('\n'));
    out.append(
        "# HELP hv_scan_missed_total Tickets in scope the scan never delivered, found by the"
            + " reconciliation sweep.\n# TYPE hv_scan_missed_total counter\n");
    java.util.Set<String> systems = new java.util.TreeSet<>(scans.keySet());
    systems.addAll(missed.keySet());
    for (String system : systems) {
      LongAdder n = missed.get(system);
      out.append("hv_scan_missed_total{system=\"")
          .append(escape(system))
          .append("\"} ")
          .append(n == null ? 0 : n.sum())
          .append('\n');
    }
    out.append(
        "# HELP hv_webhooks_total Webhook deliveries by route and result.\n# TYPE hv_webhooks_total counter\n");
    counter(out, "hv_webhooks_total", webhooks, "route", "result");
    elsewhere.forEach(counter -> render(out, counter));
    return out.toString();
  }

  private static final String VERSION =
      java.util.Optional.ofNullable(ServiceMetrics.class.getPackage().getImplementationVersion())
          .orElse("development");

  /**
   * Registers a counter another part of the service keeps (the LLM stage), read at each scrape: its
   * values by one label's value, or by "" for a counter without labels.
   */
  public void countedElsewhere(
      String name, String help, String label, Supplier<Map<String, Long>> values) {
    elsewhere.add(new Elsewhere(name, help, label, values));
  }

  private static void render(StringBuilder out, Elsewhere counter) {
    out.append("# HELP ").append(counter.name()).append(' ').append(counter.help()).append('\n');
    out.append("# TYPE ").append(counter.name()).append(" counter\n");
    new TreeMap<>(counter.values().get())
        .forEach(
            (value, count) -> {
              out.append(counter.name());
              if (!value.isEmpty()) {
                out.append('{').append(counter.label()).append("=\"");
                out.append(escape(value)).append("\"}");
              }
              out.append(' ').append(count).append('\n');
            });
  }

  private static String format(double d) {
    return String.format(Locale.ROOT, "%s", d);
  }

  /**
   * The series of one labelled counter; each key holds the label values in order, joined by '|'.
   */
  private static void counter(
      StringBuilder out, String name, Map<String, LongAdder> values, String... labels) {
    new TreeMap<>(values)
        .forEach(
            (key, value) -> {
              String[] parts = key.split("\\|");
              out.append(name).append('{');
              for (int i = 0; i < labels.length; i++) {
                out.append(i == 0 ? "" : ",").append(labels[i]).append("=\"");
                out.append(escape(parts[i])).append('"');
              }
              out.append("} ").append(value.sum()).append('\n');
            });
  }

  private static String escape(String label) {
    return label.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
