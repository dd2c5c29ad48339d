package com.helpdeskverify.bench.service;

import static com.helpdeskverify.bench.service.RunLog.percentiles;
import static com.helpdeskverify.bench.service.Traffic.ISSUE_PATH;
import static com.helpdeskverify.bench.service.Traffic.LATENCY;
import static com.helpdeskverify.bench.service.Traffic.SEARCH;
import static com.helpdeskverify.bench.service.Traffic.byDuoUser;
import static com.helpdeskverify.bench.service.Traffic.byIssue;
import static com.helpdeskverify.bench.service.Traffic.pushesByTicket;

import com.helpdeskverify.simulators.SimulatedApi.Exchange;
import com.helpdeskverify.simulators.SimulatedDuo;
import com.helpdeskverify.simulators.SimulatedDuo.Answer;
import com.helpdeskverify.simulators.SimulatedJira;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/** The figures of the latency scenarios: time to the push, and API calls per ticket. */
final class LatencyReport {
  private LatencyReport() {}

  static void latency(
      PrintStream out,
      SimulatedJira jira,
      SimulatedDuo duo,
      Map<String, String> userOf,
      List<Exchange> jiraCalls,
      List<Exchange> duoCalls,
      boolean webhook) {
    Map<String, SimulatedDuo.Push> pushOf = pushesByTicket(duo.pushes());
    Map<String, List<Exchange>> jiraByKey = byIssue(jiraCalls);
    Map<String, List<Exchange>> duoByUser = byDuoUser(duoCalls, duo.pushes());
    List<Exchange> searches = jiraCalls.stream().filter(e -> e.path().equals(SEARCH)).toList();
    List<Long> total = new ArrayList<>();
    // The service share of each ticket's path, by its key.
    Map<String, Long> netOf = new LinkedHashMap<>();
    Map<Integer, Integer> callsOnPath = new TreeMap<>();
    // Time the service itself spends between the calls of the path: where the latency is.
    Map<String, List<Long>> gaps = new LinkedHashMap<>();
    for (Map.Entry<String, String> t : userOf.entrySet()) {
      SimulatedDuo.Push push = pushOf.get(t.getKey());
      if (push == null) {
        continue;
      }
      Instant created = jira.created(t.getKey());
      Predicate<Exchange> onPath =
          e -> e.answered().isAfter(created) && !e.received().isAfter(push.sentAt());
      int calls =
          (int)
              (jiraByKey.getOrDefault(t.getKey(), List.of()).stream().filter(onPath).count()
                  + duoByUser.getOrDefault(t.getValue(), List.of()).stream().filter(onPath).count()
                  + searches.stream().filter(onPath).count());
      callsOnPath.merge(calls, 1, Integer::sum);
      List<Exchange> path =
          java.util.stream.Stream.of(
                  jiraByKey.getOrDefault(t.getKey(), List.<Exchange>of()),
                  duoByUser.getOrDefault(t.getValue(), List.<Exchange>of()),
                  searches)
              .flatMap(List::stream)
              .filter(onPath)
              .sorted(java.util.Comparator.comparing(Exchange::received))
              .toList();
      Instant previous = created;
      String from = "created";
      for (Exchange e : path) {
        String to = e.method() + " " + e.path().replaceAll("HD-\\d+", "{key}");
        gaps.computeIfAbsent(from + " -> " + to, g -> new ArrayList<>())
            .add(Duration.between(previous, e.received()).toNanos() / 1000);
        previous = e.answered();
        from = to;
      }
      long micros = Duration.between(created, push.sentAt()).toNanos() / 1000;
      total.add(micros);
      netOf.put(t.getKey(), micros - calls * LATENCY.toNanos() / 1000);
    }
    out.printf("pushes measured: %d%n", total.size());
    out.printf(
        "sequential API calls on the path (calls: tickets): %s  [%s]%n",
        callsOnPath,
        webhook
            ? "Jira GET issue, Duo preauth, Jira POST comment, Duo auth"
            : "Jira search page(s) of the scan, Duo preauth, Jira POST comment, Duo auth");
    out.printf("push sent - ticket created:   %s%n", percentiles(total));
    out.printf("minus calls on path x 20 ms:  %s%n", percentiles(new ArrayList<>(netOf.values())));
    // Which tickets make the tail, and when they came (keys are numbered in filing order).
    out.printf(
        "slowest (service share): %s%n",
        netOf.entrySet().stream()
            .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
            .limit(6)
            .map(e -> String.format("%s %.1f ms", e.getKey(), e.getValue() / 1000.0))
            .toList());
    out.println("in the service between the calls (previous answer -> next request):");
    gaps.forEach((g, v) -> out.printf("  %-72s %s%n", g, percentiles(v)));
  }

  static void economy(
      PrintStream out,
      SimulatedJira jira,
      SimulatedDuo duo,
      Map<String, String> userOf,
      Map<String, Answer> answerOf,
      List<Exchange> jiraCalls,
      List<Exchange> duoCalls,
      Duration ran,
      Duration scanInterval) {
    Map<String, List<Exchange>> jiraByKey = byIssue(jiraCalls);
    Map<String, List<Exchange>> duoByUser = byDuoUser(duoCalls, duo.pushes());
    record Tally(int[] tickets, Map<String, Integer> jira, Map<String, Integer> duo) {}
    Map<String, Tally> byOutcome = new TreeMap<>();
    for (Map.Entry<String, String> t : userOf.entrySet()) {
      String outcome = answerOf.get(t.getKey()) + " -> " + jira.status(t.getKey());
      Tally tally =
          byOutcome.computeIfAbsent(
              outcome, o -> new Tally(new int[1], new TreeMap<>(), new TreeMap<>()));
      tally.tickets()[0]++;
      for (Exchange e : jiraByKey.getOrDefault(t.getKey(), List.of())) {
        tally
            .jira()
            .merge(e.method() + " " + e.path().replaceAll("HD-\\d+", "{key}"), 1, Integer::sum);
      }
      for (Exchange e : duoByUser.getOrDefault(t.getValue(), List.of())) {
        tally.duo().merge(e.method() + " " + e.path(), 1, Integer::sum);
      }
    }
    out.println("API calls per ticket, by requester's answer -> final Jira status:");
    for (Map.Entry<String, Tally> o : byOutcome.entrySet()) {
      int n = o.getValue().tickets()[0];
      int jiraSum = o.getValue().jira().values().stream().mapToInt(Integer::intValue).sum();
      int duoSum = o.getValue().duo().values().stream().mapToInt(Integer::intValue).sum();
      out.printf(
          "  %-28s %4d tickets: Jira %.2f, Duo %.2f per ticket%n",
          o.getKey(), n, (double) jiraSum / n, (double) duoSum / n);
      o.getValue()
          .jira()
          .forEach((k, v) -> out.printf("      Jira %-48s %.2f%n", k, (double) v / n));
      o.getValue()
          .duo()
          .forEach((k, v) -> out.printf("      Duo  %-48s %.2f%n", k, (double) v / n));
    }
    long searches = jiraCalls.stream().filter(e -> e.path().equals(SEARCH)).count();
    out.printf(
        "Jira searches (scans, whatever they find): %d in %d s (scan interval %d ms); other"
            + " Jira calls not naming a ticket: %d; Duo calls not tied to a ticket: %d%n",
        searches,
        ran.toSeconds(),
        scanInterval.toMillis(),
        jiraCalls.stream()
            .filter(e -> !e.path().equals(SEARCH) && !ISSUE_PATH.matcher(e.path()).find())
            .count(),
        duoCalls.size() - duoByUser.values().stream().mapToLong(List::size).sum());
    long failed =
        jiraCalls.stream().filter(e -> e.status() >= 400).count()
            + duoCalls.stream().filter(e -> e.status() >= 400).count();
    out.printf("answers with status >= 400: %d%n", failed);
  }
}
