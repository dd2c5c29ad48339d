package com.helpdeskverify.bench.service;

import static com.helpdeskverify.bench.service.RunLog.percentiles;
import static com.helpdeskverify.bench.service.Traffic.INTAKE;
import static com.helpdeskverify.bench.service.Traffic.after;
import static com.helpdeskverify.bench.service.Traffic.pushesByTicket;
import static com.helpdeskverify.bench.service.Traffic.since;

import com.helpdeskverify.simulators.ServiceProcess;
import com.helpdeskverify.simulators.SimulatedApi;
import com.helpdeskverify.simulators.SimulatedApi.Exchange;
import com.helpdeskverify.simulators.SimulatedDuo;
import com.helpdeskverify.simulators.SimulatedJira;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The figures of the burst scenario: pushes against the rate-limit floor, polling, requests. */
final class BurstReport {
  private BurstReport() {}

  static void report(
      PrintStream out,
      SimulatedJira jira,
      SimulatedDuo duo,
      List<String> keys,
      Instant filed,
      Instant pushesDone,
      Instant allDone,
      int pageSize,
      int limit,
      ServiceProcess service) {
    List<SimulatedDuo.Push> pushes = duo.pushes();
    int n = keys.size();
    // Duo's calls up to a push under the default verified-push: preauth when the case is opened
    // (can this requester take a push at all, before the notice promises one), a fresh preauth
    // whose txid Verified Duo Push ties to the push, then auth. Learning the answer takes at least
    // one auth_status more, which the floor to verification counts. Since 2026-12-05 a push that
    // follows its look-up within 10 s takes the look-up's txid (two calls); the floor keeps three
    // so that every table's ratios compare (BENCHMARKS.md names the lower floor beside them).
    int duoToPush = 3;
    double jiraToPush = 1.0 + 1.0 / pageSize;
    double floorSeconds = Math.max(duoToPush * (double) n, jiraToPush * n) / limit;
    out.printf(
        "rate-limit floor up to the pushes: Duo %d calls/ticket (preauth, preauth for the push,"
            + " auth), Jira %.2f (notice comment, 1/%d search page) -> max(%d, %d) calls / %d per"
            + " s = %.0f s; to verification (+1 auth_status a push): %.0f s%n",
        duoToPush,
        jiraToPush,
        pageSize,
        duoToPush * n,
        (int) Math.ceil(jiraToPush * n),
        limit,
        floorSeconds,
        Math.max((duoToPush + 1.0) * n, jiraToPush * n) / limit);
    if (!pushes.isEmpty()) {
      out.printf(
          "first push %.1f s after filing%n",
          Duration.between(filed, pushes.get(0).sentAt()).toMillis() / 1000.0);
    }
    Map<String, SimulatedDuo.Push> pushOf = pushesByTicket(pushes);
    List<String> unpushed =
        keys.stream().filter(k -> !pushOf.containsKey(k) && jira.status(k).equals(INTAKE)).toList();
    if (pushesDone != null) {
      double s = Duration.between(filed, pushesDone).toMillis() / 1000.0;
      out.printf(
          "last push %.1f s after filing = %.2f x floor (%d pushes; %d tickets still waiting"
              + " without one, e.g. %s)%n",
          s,
          s / floorSeconds,
          pushes.size(),
          unpushed.size(),
          unpushed.subList(0, Math.min(10, unpushed.size())));
    } else {
      out.printf(
          "NOT all pushed within the cut-off: %d pushes of %d tickets after %d s%n",
          pushes.size(), n, since(filed).toSeconds());
    }
    if (allDone != null) {
      out.printf(
          "every ticket out of intake after %.1f s%n",
          Duration.between(filed, allDone).toMillis() / 1000.0);
    }
    out.printf("final statuses: %s%n", jira.statusCounts());
    // How long after its push each case was first polled: whether polling kept up.
    Map<String, Instant> firstPoll = new HashMap<>();
    for (Exchange e : duo.exchanges()) {
      if (e.path().equals("/auth/v2/auth_status") && e.status() == 200) {
        firstPoll.putIfAbsent(e.query().get("txid"), e.received());
      }
    }
    List<Long> pollDelay = new ArrayList<>();
    int neverPolled = 0;
    for (SimulatedDuo.Push p : pushes) {
      Instant at = firstPoll.get(p.txid());
      if (at == null) {
        neverPolled++;
      } else {
        pollDelay.add(Duration.between(p.sentAt(), at).toNanos() / 1000);
      }
    }
    out.printf(
        "first status poll after the push: %s; not polled yet: %d%n",
        percentiles(pollDelay), neverPolled);
    // Pushes per 30 s after filing: the service's steady rate, and whether it sagged.
    Map<Long, Integer> rate = new TreeMap<>();
    for (SimulatedDuo.Push p : pushes) {
      rate.merge(Duration.between(filed, p.sentAt()).toSeconds() / 30 * 30, 1, Integer::sum);
    }
    out.printf("pushes per 30 s window (window start s: pushes): %s%n", rate);
    for (SimulatedApi api : List.<SimulatedApi>of(jira, duo)) {
      List<Exchange> calls = after(api.exchanges(), filed);
      Map<String, Integer> byPath = new TreeMap<>();
      Map<Integer, Integer> byStatus = new TreeMap<>();
      for (Exchange e : calls) {
        byPath.merge(e.method() + " " + e.path().replaceAll("HD-\\d+", "{key}"), 1, Integer::sum);
        byStatus.merge(e.status(), 1, Integer::sum);
      }
      long beforePushes =
          pushesDone == null
              ? calls.size()
              : calls.stream().filter(e -> !e.received().isAfter(pushesDone)).count();
      long tooMany = calls.stream().filter(e -> e.status() == 429).count();
      out.printf(
          "%s: %d requests (%d until the last push), %d answered 429; by status %s%n    by call"
              + " %s%n",
          api == jira ? "Jira" : "Duo", calls.size(), beforePushes, tooMany, byStatus, byPath);
      printBefore429s(out, calls, filed);
    }
    List<Exchange> jiraCalls = after(jira.exchanges(), filed);
    out.printf("Jira searches by what they ask: %s%n", searchKinds(jiraCalls));
    out.printf(
        "Data Center window reads that stepped back (offset > 0, below the last read of the same"
            + " query): %d%n",
        steppedBack(jiraCalls));
    out.printf(
        "service log: %d lines with 'circuit open', %d 'escalating', %d 'will retry'%n",
        service.logLines("circuit open"),
        service.logLines("escalating"),
        service.logLines("will retry"));
  }

  // --- helpers -----------------------------------------------------------------------------------

  /**
   * For the first few 429s, the requests the API took in the second before, by 100 ms: a clump at
   * the start of that second (late requests arriving together) shows the 429 came from bunching,
   * not from the pace.
   */
  private static void printBefore429s(PrintStream out, List<Exchange> calls, Instant filed) {
    int shown = 0;
    for (Exchange e : calls) {
      if (e.status() != 429 || shown++ == 8) {
        continue;
      }
      int[] buckets = new int[10];
      for (Exchange o : calls) {
        long ago = Duration.between(o.received(), e.received()).toMillis();
        if (o.status() != 429 && ago >= 0 && ago < 1000) {
          buckets[9 - (int) (ago / 100)]++;
        }
      }
      out.printf(
          "    429 at %d ms: requests taken in the second before, by 100 ms: %s%n",
          Duration.between(filed, e.received()).toMillis(), Arrays.toString(buckets));
    }
  }

  /**
   * Data Center window reads at a smaller offset than the previous read of the same query: a
   * continuation that found more tickets gone from before its anchor than a page repeats, and
   * stepped back ({@code ChainRead}). A step back to offset 0 looks like a new tick's first page
   * and is not counted.
   */
  private static int steppedBack(List<Exchange> calls) {
    Map<String, Integer> lastAt = new HashMap<>();
    int back = 0;
    for (Exchange e : calls) {
      String jql = e.query().getOrDefault("jql", "");
      if (!e.path().equals("/rest/api/2/search") || !jql.contains("updated >=")) {
        continue;
      }
      int at = Integer.parseInt(e.query().getOrDefault("startAt", "0"));
      Integer before = lastAt.put(jql, at);
      if (before != null && at > 0 && at < before) {
        back++;
      }
    }
    return back;
  }

  /**
   * Jira's searches told apart by their JQL: one issue by key (a scope check), several by key
   * (scope checks asked together, with the issues they asked for), the scan's window (first page or
   * a later one) or anything else: which reads a burst's searches are.
   */
  private static Map<String, Integer> searchKinds(List<Exchange> calls) {
    Map<String, Integer> kinds = new TreeMap<>();
    for (Exchange e : calls) {
      if (!e.path().contains("/search")) {
        continue;
      }
      String jql = e.query().getOrDefault("jql", e.body() == null ? "" : e.body());
      String page =
          e.query().getOrDefault("startAt", "0").equals("0")
                  && !e.query().containsKey("nextPageToken")
                  && !(e.body() != null && e.body().contains("nextPageToken"))
              ? "first page"
              : "later page";
      String kind;
      if (jql.contains("key =") || jql.contains("key%20%3D")) {
        kind = "one issue by key";
      } else if (jql.contains("key in (")) {
        kind = "several by key";
        kinds.merge(
            "several by key: issues asked",
            jql.substring(jql.indexOf("key in (")).split(",").length,
            Integer::sum);
      } else if (jql.contains("updated >=") || jql.contains("updated%20%3E%3D")) {
        kind = "updated window, " + page;
      } else {
        kind = "other";
      }
      kinds.merge(kind, 1, Integer::sum);
    }
    return kinds;
  }
}
