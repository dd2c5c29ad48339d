package com.helpdeskverify.scheduler.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.helpdeskverify.core.store.AuditTrail;
import com.helpdeskverify.core.store.CaseStore;
import com.helpdeskverify.core.workflow.TicketScanner;
import com.helpdeskverify.testkit.TestDatabase;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ServiceMetricsTest {
  private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");

  private final TestDatabase db = TestDatabase.h2();
  private final ServiceMetrics metrics =
      new ServiceMetrics(
          CaseStore.migrate(db.dataSource()),
          new AuditTrail(db.dataSource()),
          Clock.fixed(NOW, ZoneOffset.UTC));

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void bypassesAreCountedBySystemAndAScannedSystemShowsZeroBeforeTheFirst() {
    metrics.scanSucceeded("jira-eu", NOW, new TicketScanner.ScanReport(0, 0, 0));
    metrics.bypassed("servicenow-prod");
    metrics.bypassed("servicenow-prod");

    assertThat(metrics.render())
        .contains("# TYPE hv_bypassed_total counter")
        .contains("hv_bypassed_total{system=\"jira-eu\"} 0")
        .contains("hv_bypassed_total{system=\"servicenow-prod\"} 2");
  }

  /** Name and type of every series as it was before the Prometheus client rendered them. */
  @Test
  void everySeriesKeepsItsNameAndType() {
    metrics.scanSucceeded("jira-eu", NOW, new TicketScanner.ScanReport(0, 0, 0));
    metrics.dryRun("jira-eu", "verify");
    metrics.webhook("jira/jira-eu", "200");

    Map<String, String> types = new TreeMap<>();
    Matcher m = Pattern.compile("(?m)^# TYPE (hv_\\S+) (\\S+)$").matcher(metrics.render());
    while (m.find()) {
      types.put(m.group(1), m.group(2));
    }

    assertThat(types)
        .containsEntry("hv_cases", "gauge")
        .containsEntry("hv_build_info", "gauge")
        .containsEntry("hv_oldest_open_case_age_seconds", "gauge")
        .containsEntry("hv_jvm_heap_bytes", "gauge")
        .containsEntry("hv_push_latency_seconds", "histogram")
        .containsEntry("hv_scan_lag_seconds", "gauge")
        .containsEntry("hv_scan_failures_total", "counter")
        .containsEntry("hv_scan_missed_total", "counter")
        .containsEntry("hv_bypassed_total", "counter")
        .containsEntry("hv_dry_run_total", "counter")
        .containsEntry("hv_webhooks_total", "counter");
    assertThat(metrics.sampleNames())
        .contains(
            "hv_pushes_total",
            "hv_case_outcomes_total",
            "hv_api_calls_total",
            "hv_push_latency_seconds_bucket");
  }

  /**
   * Each line is a comment, or a sample as the text format defines it: name, label pairs with
   * quotes, backslashes and line breaks escaped, a value. A ticket system id an admin chose is
   * quoted text, whatever it holds.
   */
  @Test
  void everyLineIsInTheTextFormatAlsoWithALabelValueThatNeedsEscaping() {
    metrics.scanFailed("odd \"desk\"\\\nnext", "down");

    String text = metrics.render();

    Pattern sample =
        Pattern.compile(
            "[a-zA-Z_:][a-zA-Z0-9_:]*"
                + "(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"([^\"\\\\\\n]|\\\\[\\\\\"n])*\",?)*\\})?"
                + " (-?[0-9.eE+-]+|[+-]Inf|NaN)( -?[0-9]+)?");
    assertThat(text.lines())
        .allSatisfy(
            line ->
                assertThat(
                        line.startsWith("# HELP ")
                            || line.startsWith("# TYPE ")
                            || sample.matcher(line).matches())
                    .as(line)
                    .isTrue());
    assertThat(text).contains("hv_scan_failures_total{system=\"odd \\\"desk\\\"\\\\\\nnext\"} 1");
  }

  @Test
  void aScraperThatAsksForOpenMetricsGetsIt() {
    ServiceMetrics.Exposition om = metrics.render("application/openmetrics-text; version=1.0.0");
    ServiceMetrics.Exposition text = metrics.render("text/plain");

    assertThat(om.contentType()).startsWith("application/openmetrics-text");
    assertThat(om.body()).endsWith("# EOF\n").contains("hv_cases{state=\"CHALLENGED\"} 0");
    assertThat(text.contentType()).startsWith("text/plain; version=0.0.4");
    assertThat(text.body()).doesNotContain("# EOF");
  }

  @Test
  void theJvmsMetricsComeFromTheClientsInstrumentation() {
    assertThat(metrics.render())
        .contains("# TYPE jvm_memory_used_bytes gauge")
        .contains("jvm_memory_used_bytes{area=\"heap\"}")
        .contains("# TYPE jvm_threads_current gauge");
  }
}
