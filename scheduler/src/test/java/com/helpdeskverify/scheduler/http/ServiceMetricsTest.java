package com.helpdeskverify.scheduler.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.helpdeskverify.core.store.AuditTrail;
import com.helpdeskverify.core.store.CaseStore;
import com.helpdeskverify.core.workflow.TicketScanner;
import com.helpdeskverify.testkit.TestDatabase;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
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
}
