package com.helpdeskverify.bench.service;

import com.helpdeskverify.simulators.ServiceProcess;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What every scenario prints besides its figures: the run's header and footer and the machine load.
 */
final class RunLog {
  private final PrintStream out = System.out;
  private final List<Double> loads = new ArrayList<>();
  private final List<String> jvmFlags;
  private final java.util.Map<String, String> environment;

  /** {@code environment}: what the service's environment adds, secrets left out. */
  RunLog(List<String> jvmFlags, java.util.Map<String, String> environment) {
    this.jvmFlags = jvmFlags;
    this.environment = environment;
  }

  /** p50, p90, p99 and max of microsecond samples, in milliseconds. */
  static String percentiles(List<Long> micros) {
    if (micros.isEmpty()) {
      return "no samples";
    }
    long[] sorted = micros.stream().mapToLong(Long::longValue).sorted().toArray();
    return String.format(
        "p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms (n=%d)",
        rank(sorted, 0.50) / 1000.0,
        rank(sorted, 0.90) / 1000.0,
        rank(sorted, 0.99) / 1000.0,
        sorted[sorted.length - 1] / 1000.0,
        sorted.length);
  }

  /** Nearest-rank percentile. */
  static long rank(long[] sorted, double p) {
    int index = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  void sampleLoad() {
    try {
      loads.add(Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]));
    } catch (IOException | NumberFormatException e) {
      // Load is reported when the kernel tells it; a missed sample changes no figure.
    }
  }

  void header(String what, Path dir) throws IOException {
    sampleLoad();
    out.printf(
        "== %s; %s; service JVM flags: %s; environment: %s; run dir %s%n",
        what,
        Instant.now(),
        jvmFlags.isEmpty() ? "(none)" : jvmFlags,
        environment.isEmpty() ? "(none)" : environment,
        dir);
  }

  void footer(ServiceProcess service) {
    sampleLoad();
    out.printf(
        "load average (1 min) during the run: min %.2f, mean %.2f, max %.2f; service RSS now %d"
            + " MiB, peak %d MiB%n",
        loads.stream().mapToDouble(Double::doubleValue).min().orElse(0),
        loads.stream().mapToDouble(Double::doubleValue).average().orElse(0),
        loads.stream().mapToDouble(Double::doubleValue).max().orElse(0),
        service.rssKib() / 1024,
        service.peakRssKib() / 1024);
  }

  /** The latest load sample. */
  double lastLoad() {
    return loads.get(loads.size() - 1);
  }
}
