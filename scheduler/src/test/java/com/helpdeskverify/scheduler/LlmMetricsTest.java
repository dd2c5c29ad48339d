package com.helpdeskverify.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import com.helpdeskverify.core.classify.PhraseClassifier;
import com.helpdeskverify.core.config.ConfigValues;
import com.helpdeskverify.core.store.AuditTrail;
import com.helpdeskverify.core.store.CaseStore;
import com.helpdeskverify.llm.LlmClassifier;
import com.helpdeskverify.llm.LlmStage;
import com.helpdeskverify.scheduler.http.ServiceMetrics;
import com.helpdeskverify.testkit.TestDatabase;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LlmMetricsTest {
  private final TestDatabase db = TestDatabase.h2();
  private final ServiceMetrics metrics =
      new ServiceMetrics(
          CaseStore.migrate(db.dataSource()), new AuditTrail(db.dataSource()), Clock.systemUTC());

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void theStagesCountersAreOnMetricsByResultAndKind() {
    ConfigValues section =
        LlmStage.config()
            .parse(
                LlmStage.PATH,
                Map.of("enabled", true, "base-url", "http://127.0.0.1:9/v1", "model", "m"));
    try (LlmClassifier stage =
        (LlmClassifier)
            LlmStage.around(
                new PhraseClassifier(), Optional.of(section), Clock.systemUTC(), ref -> {})) {

      LlmMetrics.register(metrics, stage);

      assertThat(metrics.render())
          .contains("# TYPE hv_llm_asked_total counter")
          .contains("hv_llm_asked_total 0")
          .contains("hv_llm_results_total{result=\"added_sensitivity\"} 0")
          .contains("hv_llm_failures_total{kind=\"circuit_open\"} 0")
          .contains("hv_llm_dropped_total 0");
    }
  }

  @Test
  void aCounterKeptElsewhereIsReadAtEachScrape() {
    AtomicLong dropped = new AtomicLong();
    metrics.countedElsewhere("hv_x_total", "x.", "", () -> Map.of("", dropped.get()));

    dropped.set(3);

    assertThat(metrics.render()).contains("# HELP hv_x_total x.").contains("hv_x_total 3");
  }
}
