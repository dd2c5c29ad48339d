package com.helpdeskverify.scheduler;

import com.helpdeskverify.llm.LlmClassifier;
import com.helpdeskverify.scheduler.http.ServiceMetrics;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The LLM stage's counters on {@code /metrics} (classifier-llm/README.md, "Metrics"). */
final class LlmMetrics {
  private LlmMetrics() {}

  static void register(ServiceMetrics metrics, LlmClassifier stage) {
    metrics.countedElsewhere(
        "hv_llm_asked_total",
        "Questions the LLM stage sent to its endpoint (off the intake path).",
        "",
        () -> Map.of("", stage.asked()));
    metrics.countedElsewhere(
        "hv_llm_results_total",
        "What the LLM stage's questions came to: added_sensitivity, named_category,"
            + " marked_other_account, no_change, failed.",
        "result",
        () -> lowerCase(stage.results()));
    metrics.countedElsewhere(
        "hv_llm_failures_total",
        "Questions without a usable answer, by kind; the offline decision stood.",
        "kind",
        () -> lowerCase(stage.failures()));
    metrics.countedElsewhere(
        "hv_llm_dropped_total",
        "Questions dropped unasked because the LLM stage's queue was full.",
        "",
        () -> Map.of("", stage.dropped()));
  }

  private static Map<String, Long> lowerCase(Map<? extends Enum<?>, Long> counts) {
    Map<String, Long> byName = new TreeMap<>();
    counts.forEach((k, v) -> byName.put(k.name().toLowerCase(Locale.ROOT), v));
    return byName;
  }
}
