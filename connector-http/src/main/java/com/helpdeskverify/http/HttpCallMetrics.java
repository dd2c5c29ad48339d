package com.helpdeskverify.http;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counts API calls per system and status class, for the service's metrics endpoint. */
public final class HttpCallMetrics {
  private static final HttpCallMetrics GLOBAL = new HttpCallMetrics();

  /** A system and an outcome class: "2xx", "4xx", "429", "5xx" or "io-error". */
  public record Key(String system, String outcome) {}

  private final Map<Key, LongAdder> calls = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> millis = new ConcurrentHashMap<>();
  private final Map<String, Double> permittedRates = new ConcurrentHashMap<>();

  public static HttpCallMetrics global() {
    return GLOBAL;
  }

  void record(String system, int status, long elapsedMillis) {
    String outcome = status == 0 ? "io-error" : status == 429 ? "429" : (status / 100) + "xx";
    calls.computeIfAbsent(new Key(system, outcome), k -> new LongAdder()).increment();
    millis.computeIfAbsent(system, k -> new LongAdder()).add(elapsedMillis);
  }

  void permittedRate(String system, double perSecond) {
    permittedRates.put(system, perSecond);
  }

  /**
   * Requests per second each system's {@link RateLimiter} permits now, for the systems that have
   * one.
   */
  public Map<String, Double> permittedRates() {
    return new TreeMap<>(permittedRates);
  }

  /** Calls so far by system and outcome. */
  public Map<Key, Long> calls() {
    Map<Key, Long> snapshot =
        new TreeMap<>(java.util.Comparator.comparing(Key::system).thenComparing(Key::outcome));
    calls.forEach((k, v) -> snapshot.put(k, v.sum()));
    return snapshot;
  }

  /** Total time spent in calls, by system. */
  public Map<String, Long> millis() {
    Map<String, Long> snapshot = new TreeMap<>();
    millis.forEach((k, v) -> snapshot.put(k, v.sum()));
    return snapshot;
  }
}
