package com.helpdeskverify.scheduler.scan;

import static org.junit.jupiter.api.Assertions.fail;

import com.helpdeskverify.core.Watermark;
import com.helpdeskverify.core.spi.TransientFailure;
import com.helpdeskverify.core.store.CaseStore;
import com.helpdeskverify.core.workflow.IntakeDecision;
import com.helpdeskverify.core.workflow.ScopeSweep;
import com.helpdeskverify.core.workflow.TicketScanner;
import com.helpdeskverify.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.BiFunction;

/**
 * The completeness property of a scan, checked over random interleavings: a ticket that is in the
 * scope when a scan starts and still in it when the scan ends has been delivered to intake, as it
 * was at the end of that scan or later, by the end of the next completed scan; whatever arrives, is
 * edited, leaves, comes back or is deleted between page reads, and however often the process dies
 * in the middle of a scan. After two quiet scans every ticket in the scope is delivered as it is.
 *
 * <p>Each trial has its own seed; a failure names it, and {@code -Dhv.scan.seed=<seed>} runs that
 * one trial alone.
 */
final class CompletenessProperty {
  static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

  /** Thrown between page reads: the process dies there. */
  static final class Crash extends RuntimeException {
    Crash() {
      super("simulated crash between page reads", null, false, false);
    }
  }

  private record Delivery(long at, String key, Instant updated) {}

  private record Completed(
      long start, long end, Map<String, Instant> atStart, Map<String, Instant> atEnd) {}

  private final CaseStore store;
  private final BiFunction<MutableClock, SplittableRandom, ScopeUnderTest> scopes;
  private static final java.util.concurrent.atomic.AtomicInteger TRIALS =
      new java.util.concurrent.atomic.AtomicInteger();

  CompletenessProperty(
      CaseStore store, BiFunction<MutableClock, SplittableRandom, ScopeUnderTest> scopes) {
    this.store = store;
    this.scopes = scopes;
  }

  /** Page reads so far, each a point where the scope may have moved. */
  private long pageReads;

  private long trialsRun;

  private long sweepChecks;

  /** Runs {@code count} trials from seeds derived from {@code base}, or the one seed asked for. */
  void check(long base, int count) {
    String only = System.getProperty("hv.scan.seed");
    if (only != null) {
      trial(Long.parseLong(only));
      return;
    }
    SplittableRandom seeds = new SplittableRandom(base);
    long started = System.nanoTime();
    for (int i = 0; i < count; i++) {
      trial(seeds.nextLong());
    }
    System.out.printf(
        "scan completeness: %d trials, %d page reads with moves and crashes between them,"
            + " %d versions checked by the sweep, %d ms%n",
        trialsRun, pageReads, sweepChecks, (System.nanoTime() - started) / 1_000_000);
  }

  void trial(long seed) {
    try {
      run(seed);
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError(
          "scan completeness failed with seed "
              + seed
              + " (rerun alone with -Dhv.scan.seed="
              + seed
              + "): "
              + e.getMessage(),
          e);
    }
  }

  private void run(long seed) {
    trialsRun++;
    SplittableRandom random = new SplittableRandom(seed);
    MutableClock clock = new MutableClock(T0);
    String system = "scan-" + TRIALS.incrementAndGet();
    List<Delivery> deliveries = new ArrayList<>();
    long[] events = {0};
    List<Delivery> departures = new ArrayList<>();
    try (ScopeUnderTest scope = scopes.apply(clock, random)) {
      int backlog = random.nextInt(0, 30);
      for (int i = 0; i < backlog; i++) {
        clock.advance(step(random));
        scope.arrive();
      }
      int pageSize = random.nextInt(2, 8);
      double moveRate = random.nextDouble(0.1, 0.9);
      double crashRate = random.nextDouble(0, 0.15);
      int busyScans = random.nextInt(2, 8);
      List<Completed> completed = new ArrayList<>();
      for (int s = 0; s < busyScans + 2; s++) {
        boolean quiet = s >= busyScans;
        scope.betweenPageReads(
            quiet
                ? () -> {}
                : () -> {
                  pageReads++;
                  if (random.nextDouble() < moveRate) {
                    int moves = random.nextInt(1, 4);
                    for (int m = 0; m < moves; m++) {
                      move(scope, random, clock)
                          .ifPresent(key -> departures.add(new Delivery(++events[0], key, T0)));
                    }
                  }
                  if (random.nextDouble() < crashRate) {
                    throw new Crash();
                  }
                });
        long start = ++events[0];
        Map<String, Instant> atStart = scope.inScope();
        TicketScanner scanner =
            new TicketScanner(
                store,
                ticket -> {
                  deliveries.add(new Delivery(++events[0], ticket.ref().key(), ticket.updated()));
                  return new IntakeDecision.Unchanged("recorded by the test");
                },
                clock);
        try {
          scanner.scan(scope.connect(system), Watermark.at(T0), pageSize);
          completed.add(new Completed(start, ++events[0], atStart, scope.inScope()));
        } catch (TransientFailure crashed) {
          if (Boolean.getBoolean("hv.scan.debug")) {
            crashed.printStackTrace();
          }
          // The process died between page reads; the next scan is its restart.
        }
        clock.advance(Duration.ofMillis(random.nextLong(0, 90_000)));
      }
      verify(completed, deliveries, departures, scope.inScope());
      // The safety net finds nothing the scans missed, and takes nothing for missed that was not.
      ScopeSweep.SweepReport sweep =
          new ScopeSweep(store, ticket -> new IntakeDecision.Unchanged("sweep"))
              .sweep(scope.connect(system));
      if (!sweep.missed().isEmpty()) {
        throw new AssertionError("the sweep found tickets the scans missed: " + sweep.missed());
      }
      sweepChecks += sweep.checked();
    }
  }

  /** One move of the helpdesk, at a random point in time (often the same minute or instant). */
  private static Optional<String> move(
      ScopeUnderTest scope, SplittableRandom random, MutableClock clock) {
    clock.advance(step(random));
    List<String> in = new ArrayList<>(scope.inScope().keySet());
    int kind = random.nextInt(100);
    if (kind < 35 || in.isEmpty()) {
      scope.arrive();
    } else if (kind < 50) {
      scope.edit(in.get(random.nextInt(in.size())));
    } else if (kind < 75) {
      String key = in.get(random.nextInt(in.size()));
      scope.leave(key);
      return Optional.of(key);
    } else if (kind < 85) {
      List<String> out = scope.outOfScope();
      if (!out.isEmpty()) {
        scope.comeBack(out.get(random.nextInt(out.size())));
      }
    } else {
      String key = in.get(random.nextInt(in.size()));
      scope.delete(key);
      return Optional.of(key);
    }
    return Optional.empty();
  }

  /** Mostly nothing or milliseconds (a burst within one minute or second), sometimes a minute. */
  private static Duration step(SplittableRandom random) {
    int kind = random.nextInt(10);
    if (kind < 3) {
      return Duration.ZERO;
    }
    if (kind < 8) {
      return Duration.ofMillis(random.nextLong(1, 2_000));
    }
    return Duration.ofMillis(random.nextLong(2_000, 75_000));
  }

  private static void verify(
      List<Completed> completed,
      List<Delivery> deliveries,
      List<Delivery> departures,
      Map<String, Instant> finalScope) {
    List<String> problems = new ArrayList<>();
    for (int i = 0; i + 1 < completed.size(); i++) {
      Completed scan = completed.get(i);
      Completed next = completed.get(i + 1);
      for (Map.Entry<String, Instant> e : scan.atEnd().entrySet()) {
        String key = e.getKey();
        if (!scan.atStart().containsKey(key)) {
          continue;
        }
        if (departures.stream()
            .anyMatch(d -> d.key().equals(key) && d.at() > scan.end() && d.at() < next.end())) {
          continue; // It left the scope (or was deleted) before the next scan ended.
        }
        boolean delivered =
            deliveries.stream()
                .anyMatch(
                    d ->
                        d.key().equals(key)
                            && d.at() < next.end()
                            && !d.updated().isBefore(e.getValue()));
        if (!delivered) {
          problems.add(
              key
                  + " (updated "
                  + e.getValue()
                  + ") was in the scope for the whole of scan "
                  + (i + 1)
                  + " of "
                  + completed.size()
                  + " and not delivered by it or the next");
        }
      }
    }
    Map<String, Instant> latest = new HashMap<>();
    for (Delivery d : deliveries) {
      latest.merge(d.key(), d.updated(), (a, b) -> a.isAfter(b) ? a : b);
    }
    finalScope.forEach(
        (key, updated) -> {
          Instant seen = latest.get(key);
          if (seen == null || seen.isBefore(updated)) {
            problems.add(
                key
                    + " (updated "
                    + updated
                    + ") is in the scope and after two quiet"
                    + " scans intake has "
                    + (seen == null ? "never seen it" : "seen " + seen));
          }
        });
    if (!problems.isEmpty()) {
      fail(
          problems.size()
              + " ticket(s) missed: "
              + String.join("; ", problems.subList(0, Math.min(5, problems.size()))));
    }
  }
}
