package com.helpdeskverify.bench.service;

import com.helpdeskverify.simulators.ServiceProcess;
import com.helpdeskverify.simulators.SimulatedApi;
import com.helpdeskverify.simulators.SimulatedApi.Conditions;
import com.helpdeskverify.simulators.SimulatedApi.Exchange;
import com.helpdeskverify.simulators.SimulatedDuo;
import com.helpdeskverify.simulators.SimulatedDuo.Answer;
import com.helpdeskverify.simulators.SimulatedJira;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Service-level benchmarks: the packaged service in its own process against Jira Cloud and Duo
 * simulated on loopback. Run by hand (bench/README.md); every scenario stops by itself.
 *
 * <ul>
 *   <li>{@code latency-webhook}, {@code latency-scan}: intake-to-push latency, one ticket at a
 *       time, and the API calls each outcome costs;
 *   <li>{@code burst}: many sensitive tickets at once against rate-limited APIs;
 *   <li>{@code footprint}: resident memory idle and with many open cases.
 * </ul>
 */
public final class ServiceBenchmark {
  private static final Duration LATENCY = Duration.ofMillis(20);
  private static final String INTAKE = "Waiting for support";
  private static final String SEARCH = "/rest/api/3/search/jql";
  private static final Pattern ISSUE_PATH = Pattern.compile("/(HD-\\d+)(?:/|$)");
  private static final Pattern TICKET = Pattern.compile("HD-\\d+");
  private static final String WEBHOOK_SECRET = "bench-webhook-secret";

  /** What the configurations refer to as {@code ${VAR}}. */
  private static final Map<String, String> SECRETS =
      Map.of(
          "JIRA_TOKEN", "bench-token",
          "DUO_SKEY", "bench-secret-key",
          "JIRA_WEBHOOK_SECRET", WEBHOOK_SECRET);

  private static final String[][] REQUESTS = {
    {"Password reset", "Forgot my password, please reset it."},
    {"MFA reset", "New phone, please reset my MFA."},
    {"Unlock", "My account is locked, please unlock it."},
    {"Admin rights", "I need local admin rights on my laptop."},
  };

  private final Map<String, String> options;
  private final PrintStream out = System.out;
  private final List<Double> loads = new ArrayList<>();

  private ServiceBenchmark(Map<String, String> options) {
    this.options = options;
  }

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      System.err.println(
          "usage: ServiceBenchmark latency-webhook|latency-scan|burst|footprint [--jar path]"
              + " [--jvm \"-Xmx256m ...\"] [--tickets N] [--workers N] [--limit-seconds N]"
              + " [--answer-after-ms N]");
      System.exit(2);
    }
    Map<String, String> options = new HashMap<>();
    for (int i = 1; i + 1 < args.length; i += 2) {
      options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    ServiceBenchmark bench = new ServiceBenchmark(options);
    switch (args[0]) {
      case "latency-webhook" -> bench.latency(true);
      case "latency-scan" -> bench.latency(false);
      case "burst" -> bench.burst();
      case "footprint" -> bench.footprint();
      default -> throw new IllegalArgumentException("unknown scenario " + args[0]);
    }
    System.exit(0); // the simulators' HTTP servers hold non-daemon threads
  }

  // --- scenarios ---------------------------------------------------------------------------------

  /**
   * One ticket at a time (no queueing in the service), each announced by Jira's signed webhook
   * right after it is filed, or found by the periodic scan. Requesters answer in turn approve,
   * deny, ignore (the push times out) or have no device, so the calls of each outcome show too.
   */
  private void latency(boolean webhook) throws Exception {
    int tickets = integer("tickets", webhook ? 400 : 120);
    Duration scanInterval = webhook ? Duration.ofMinutes(10) : duration("scan-interval-ms", 5000);
    Answer[] answers = {Answer.APPROVE, Answer.DENY, Answer.IGNORE, Answer.NO_DEVICE};
    Clock clock = Clock.systemUTC();
    try (SimulatedJira jira = new SimulatedJira(clock);
        SimulatedDuo duo = new SimulatedDuo(clock)) {
      jira.conditions(Conditions.NORMAL.withLatency(LATENCY));
      duo.conditions(Conditions.NORMAL.withLatency(LATENCY));
      duo.keepBodies(true);
      Path dir = Files.createTempDirectory("hv-bench-latency-");
      String config =
          config(dir, jira, duo, scanInterval, 50, Duration.ofSeconds(10), integer("workers", 2));
      header((webhook ? "latency-webhook" : "latency-scan") + ", " + tickets + " tickets", dir);
      out.println("scan interval " + scanInterval.toMillis() + " ms; API latency 20 ms, no limit");
      try (ServiceProcess service = start(dir, config)) {
        Thread.sleep(3000); // the first scan runs at start
        Instant begin = Instant.now();
        HttpClient http = HttpClient.newHttpClient();
        Random pace = new Random(7);
        Map<String, String> userOf = new LinkedHashMap<>();
        Map<String, Answer> answerOf = new HashMap<>();
        int refused = 0;
        for (int i = 0; i < tickets; i++) {
          String user = String.format("u%05d@example.com", i);
          Answer answer = answers[i % answers.length];
          duo.user(user, answer, 1000);
          String[] request = REQUESTS[i % REQUESTS.length];
          String key =
              jira.file("acc-" + i, "User " + i, user, request[0], request[1] + " (" + i + ")");
          userOf.put(key, user);
          answerOf.put(key, answer);
          if (webhook && sendWebhook(http, service.httpPort(), key) != 200) {
            refused++;
          }
          // Far enough apart that one ticket's path never waits for another's; unsynchronised
          // with the scan so that tickets land at every phase of its interval.
          Thread.sleep(webhook ? 250 : 500 + pace.nextInt(1500));
          sampleLoad();
        }
        awaitQuiet(jira, userOf.keySet(), Duration.ofSeconds(60));
        Duration ran = since(begin);
        List<Exchange> jiraCalls = after(jira.exchanges(), begin);
        List<Exchange> duoCalls = after(duo.exchanges(), begin);
        if (refused > 0) {
          out.println("webhook deliveries refused: " + refused);
        }
        reportLatency(jira, duo, userOf, jiraCalls, duoCalls, webhook);
        reportEconomy(jira, duo, userOf, answerOf, jiraCalls, duoCalls, ran, scanInterval);
        footer(service);
      }
    }
  }

  /**
   * Many sensitive tickets filed at once, found by the scan, against Jira and Duo that each take at
   * most 100 requests a second (429 with Retry-After: 1 beyond). Requesters approve after a while,
   * as people do; the burst is over when every ticket got its push or left the intake status
   * without one (escalated).
   */
  private void burst() throws Exception {
    int tickets = integer("tickets", 10_000);
    int pageSize = 100;
    int limit = integer("rate-limit", 100);
    Duration answerAfter = duration("answer-after-ms", 10_000);
    Duration cutoff = Duration.ofSeconds(integer("limit-seconds", 1200));
    Duration scanInterval = duration("scan-interval-ms", 5000);
    Clock clock = Clock.systemUTC();
    try (SimulatedJira jira = new SimulatedJira(clock);
        SimulatedDuo duo = new SimulatedDuo(clock)) {
      Conditions conditions = Conditions.NORMAL.withLatency(LATENCY).withRateLimit(limit);
      jira.conditions(conditions);
      duo.conditions(conditions);
      Path dir = Files.createTempDirectory("hv-bench-burst-");
      String config =
          config(
              dir,
              jira,
              duo,
              scanInterval,
              pageSize,
              Duration.ofSeconds(60),
              integer("workers", 2));
      header("burst, " + tickets + " tickets", dir);
      out.printf(
          "API latency 20 ms, rate limit %d requests/s per system; scan interval %d ms, page size"
              + " %d; requesters approve %d ms after the push%n",
          limit, scanInterval.toMillis(), pageSize, answerAfter.toMillis());
      try (ServiceProcess service = start(dir, config)) {
        Thread.sleep(6000);
        out.printf("RSS idle: %d MiB%n", service.rssKib() / 1024);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < tickets; i++) {
          duo.user(String.format("u%05d@example.com", i), Answer.APPROVE, answerAfter.toMillis());
        }
        Instant filed = Instant.now();
        for (int i = 0; i < tickets; i++) {
          String[] request = REQUESTS[i % REQUESTS.length];
          keys.add(
              jira.file(
                  "acc-" + i,
                  "User " + i,
                  String.format("u%05d@example.com", i),
                  request[0],
                  request[1] + " (" + i + ")"));
        }
        Instant lastFiled = Instant.now();
        out.printf(
            "filed %d tickets in %d ms%n", tickets, Duration.between(filed, lastFiled).toMillis());
        Instant pushesDone = null;
        Instant allDone = null;
        Instant giveUp = filed.plus(cutoff);
        boolean untilAll = options.getOrDefault("until", "pushes").equals("all");
        int lastPushes = -1;
        Instant lastProgress = Instant.now();
        int tick = 0;
        while (Instant.now().isBefore(giveUp) && service.alive()) {
          Thread.sleep(1000);
          tick++;
          sampleLoad();
          Map<String, Integer> statuses = jira.statusCounts();
          int waiting = statuses.getOrDefault(INTAKE, 0);
          List<SimulatedDuo.Push> pushes = duo.pushes();
          if (pushes.size() != lastPushes) {
            lastPushes = pushes.size();
            lastProgress = Instant.now();
          }
          if (pushesDone == null) {
            int unpushedWaiting = waiting - pushedWaiting(jira, pushes);
            // A ticket the scan lost never gets a push: after a minute without one, stop waiting.
            boolean stalled = since(lastProgress).compareTo(Duration.ofSeconds(60)) > 0;
            if (unpushedWaiting == 0 || stalled) {
              pushesDone =
                  pushes.isEmpty() ? Instant.now() : pushes.get(pushes.size() - 1).sentAt();
            }
          }
          if (waiting == 0) {
            allDone = Instant.now();
          }
          if (tick % 10 == 0 || allDone != null) {
            out.printf(
                "t=%4ds pushes %5d  statuses %s  RSS %d MiB  load %.2f%n",
                since(filed).toSeconds(),
                pushes.size(),
                statuses,
                service.rssKib() / 1024,
                loads.get(loads.size() - 1));
          }
          if (allDone != null || (pushesDone != null && !untilAll)) {
            break;
          }
        }
        reportBurst(jira, duo, keys, filed, pushesDone, allDone, pageSize, limit, service);
        footer(service);
      }
    }
  }

  /**
   * Resident memory of the service idle, then with many open cases (pushes sent, never answered, an
   * hour to answer). The APIs answer at once here: memory is the question, not time.
   */
  private void footprint() throws Exception {
    int tickets = integer("tickets", 10_000);
    Duration cutoff = Duration.ofSeconds(integer("limit-seconds", 900));
    Clock clock = Clock.systemUTC();
    try (SimulatedJira jira = new SimulatedJira(clock);
        SimulatedDuo duo = new SimulatedDuo(clock)) {
      Path dir = Files.createTempDirectory("hv-bench-footprint-");
      String config =
          config(
              dir,
              jira,
              duo,
              Duration.ofSeconds(5),
              100,
              Duration.ofHours(1),
              integer("workers", 2));
      header("footprint, " + tickets + " open cases", dir);
      try (ServiceProcess service = start(dir, config)) {
        Thread.sleep(20_000);
        long idle = service.rssKib();
        out.printf("RSS idle (20 s after start): %d MiB%n", idle / 1024);
        for (int i = 0; i < tickets; i++) {
          String user = String.format("u%05d@example.com", i);
          duo.user(user, Answer.IGNORE, 0);
          String[] request = REQUESTS[i % REQUESTS.length];
          jira.file("acc-" + i, "User " + i, user, request[0], request[1] + " (" + i + ")");
        }
        Instant filed = Instant.now();
        Instant giveUp = filed.plus(cutoff);
        while (duo.pushCount() < tickets
            && Instant.now().isBefore(giveUp)
            && service.alive()
            && jira.statusCounts().getOrDefault(INTAKE, 0) > 0) {
          Thread.sleep(1000);
          sampleLoad();
        }
        out.printf(
            "%d pushes sent %d s after filing; statuses %s%n",
            duo.pushCount(), since(filed).toSeconds(), jira.statusCounts());
        out.printf("cases in the store by state: %s%n", openCases(service));
        long[] open = new long[6];
        for (int i = 0; i < open.length; i++) {
          Thread.sleep(5000);
          sampleLoad();
          open[i] = service.rssKib();
        }
        out.printf(
            "RSS with %d open cases (6 samples over 30 s, polling going on): %s MiB; peak"
                + " (VmHWM) %d MiB%n",
            jira.statusCounts().getOrDefault(INTAKE, 0),
            Arrays.toString(Arrays.stream(open).map(k -> k / 1024).toArray()),
            service.peakRssKib() / 1024);
        out.printf(
            "service alive: %s; OutOfMemoryError in log: %d lines%n",
            service.alive(), service.logLines("OutOfMemoryError"));
        footer(service);
      }
    }
  }

  // --- reports -----------------------------------------------------------------------------------

  private void reportLatency(
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
    List<Long> net = new ArrayList<>();
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
      net.add(micros - calls * LATENCY.toNanos() / 1000);
    }
    out.printf("pushes measured: %d%n", total.size());
    out.printf(
        "sequential API calls on the path (calls: tickets): %s  [%s]%n",
        callsOnPath,
        webhook
            ? "Jira GET issue, Duo preauth, Jira POST comment, Duo auth"
            : "Jira search page(s) of the scan, Duo preauth, Jira POST comment, Duo auth");
    out.printf("push sent - ticket created:   %s%n", percentiles(total));
    out.printf("minus calls on path x 20 ms:  %s%n", percentiles(net));
    out.println("in the service between the calls (previous answer -> next request):");
    gaps.forEach((g, v) -> out.printf("  %-72s %s%n", g, percentiles(v)));
  }

  private void reportEconomy(
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

  private void reportBurst(
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
    double floorSeconds = Math.max(2.0 * n, (1.0 + 1.0 / pageSize) * n) / limit;
    out.printf(
        "rate-limit floor up to the pushes: Duo 2 calls/ticket (preauth, auth), Jira %.2f"
            + " (notice comment, 1/%d search page) -> max(%d, %d) calls / %d per s = %.0f s%n",
        1.0 + 1.0 / pageSize,
        pageSize,
        2 * n,
        (int) Math.ceil((1.0 + 1.0 / pageSize) * n),
        limit,
        floorSeconds);
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
    }
    out.printf(
        "service log: %d lines with 'circuit open', %d 'escalating', %d 'will retry'%n",
        service.logLines("circuit open"),
        service.logLines("escalating"),
        service.logLines("will retry"));
  }

  // --- helpers -----------------------------------------------------------------------------------

  private String config(
      Path dir,
      SimulatedJira jira,
      SimulatedDuo duo,
      Duration scanInterval,
      int pageSize,
      Duration pushTimeout,
      int workers) {
    return """
        node-id: bench
        data-dir: %s
        http:
          bind: 127.0.0.1
          port: 0
        scheduler:
          workers: %d
          advance-interval: %dms
        workflow:
          max-pushes-per-hour: 20
        ticket-systems:
          jira:
            type: jira-cloud
            provider: duo
            scan-interval: %dms
            page-size: %d
            base-url: %s
            email: hv@example.com
            api-token: ${JIRA_TOKEN}
            webhook-secret: ${JIRA_WEBHOOK_SECRET}
            jql-scope: project = HD AND status = "Waiting for support"
            execute-transition: Execute
            reject-transition: Reject
            escalate-transition: Escalate
        providers:
          duo:
            type: duo
            base-url: %s
            integration-key: DIBENCH0000000000000
            secret-key: ${DUO_SKEY}
            push-timeout: %ds
        """
        .formatted(
            dir.resolve("data"),
            workers,
            Long.parseLong(options.getOrDefault("advance-interval-ms", "1000")),
            scanInterval.toMillis(),
            pageSize,
            jira.baseUrl(),
            duo.baseUrl(),
            pushTimeout.toSeconds());
  }

  /** Jira's admin webhook for a created issue, signed as Jira signs it. */
  private static int sendWebhook(HttpClient http, int port, String key)
      throws IOException, InterruptedException {
    String body =
        "{\"timestamp\":%d,\"webhookEvent\":\"jira:issue_created\",\"issue\":{\"key\":\"%s\"}}"
            .formatted(System.currentTimeMillis(), key);
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/jira/jira"))
            .header("Content-Type", "application/json")
            .header("X-Hub-Signature", "sha256=" + hmac(body))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private static String hmac(String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(WEBHOOK_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The service's own count of cases by state, from its {@code /metrics}. */
  private static Map<String, Long> openCases(ServiceProcess service)
      throws IOException, InterruptedException {
    HttpResponse<String> metrics =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + service.httpPort() + "/metrics"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    Map<String, Long> cases = new TreeMap<>();
    Matcher m = Pattern.compile("hv_cases\\{state=\"(\\w+)\"\\} (\\d+)").matcher(metrics.body());
    while (m.find()) {
      if (Long.parseLong(m.group(2)) > 0) {
        cases.put(m.group(1), Long.parseLong(m.group(2)));
      }
    }
    return cases;
  }

  /** Waits until no ticket is left in the intake status, or {@code grace} has passed. */
  private void awaitQuiet(SimulatedJira jira, Iterable<String> keys, Duration grace)
      throws InterruptedException {
    Instant giveUp = Instant.now().plus(grace);
    while (Instant.now().isBefore(giveUp)) {
      boolean waiting = false;
      for (String key : keys) {
        waiting |= jira.status(key).equals(INTAKE);
      }
      if (!waiting) {
        Thread.sleep(2000); // let the last moves' comments land
        return;
      }
      Thread.sleep(500);
      sampleLoad();
    }
  }

  private static int pushedWaiting(SimulatedJira jira, List<SimulatedDuo.Push> pushes) {
    int n = 0;
    for (String key : pushesByTicket(pushes).keySet()) {
      if (jira.status(key).equals(INTAKE)) {
        n++;
      }
    }
    return n;
  }

  private static Map<String, SimulatedDuo.Push> pushesByTicket(List<SimulatedDuo.Push> pushes) {
    Map<String, SimulatedDuo.Push> byTicket = new HashMap<>();
    for (SimulatedDuo.Push p : pushes) {
      Matcher m = TICKET.matcher(p.pushinfo());
      if (m.find()) {
        byTicket.putIfAbsent(m.group(), p);
      }
    }
    return byTicket;
  }

  private static Map<String, List<Exchange>> byIssue(List<Exchange> calls) {
    Map<String, List<Exchange>> byKey = new HashMap<>();
    for (Exchange e : calls) {
      Matcher m = ISSUE_PATH.matcher(e.path());
      if (m.find()) {
        byKey.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(e);
      }
    }
    return byKey;
  }

  /** Duo calls by the user they concern: the form's username, or the push's txid. */
  private static Map<String, List<Exchange>> byDuoUser(
      List<Exchange> calls, List<SimulatedDuo.Push> pushes) {
    Map<String, String> userOfTx = new HashMap<>();
    pushes.forEach(p -> userOfTx.put(p.txid(), p.username()));
    Map<String, List<Exchange>> byUser = new HashMap<>();
    for (Exchange e : calls) {
      String user = null;
      if (e.query().containsKey("txid")) {
        user = userOfTx.get(e.query().get("txid"));
      } else if (e.body() != null) {
        for (String pair : e.body().split("&")) {
          if (pair.startsWith("username=")) {
            user = URLDecoder.decode(pair.substring("username=".length()), StandardCharsets.UTF_8);
          }
        }
      }
      if (user != null) {
        byUser.computeIfAbsent(user, u -> new ArrayList<>()).add(e);
      }
    }
    return byUser;
  }

  private static List<Exchange> after(List<Exchange> calls, Instant from) {
    return calls.stream().filter(e -> !e.received().isBefore(from)).toList();
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

  private void sampleLoad() {
    try {
      loads.add(Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]));
    } catch (IOException | NumberFormatException e) {
      // Load is reported when the kernel tells it; a missed sample changes no figure.
    }
  }

  private void header(String what, Path dir) throws IOException {
    sampleLoad();
    out.printf(
        "== %s; %s; service JVM flags: %s; run dir %s%n",
        what, Instant.now(), jvmFlags().isEmpty() ? "(none)" : jvmFlags(), dir);
  }

  private void footer(ServiceProcess service) {
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

  /** Starts the packaged service on this configuration and waits until it says it runs. */
  private ServiceProcess start(Path dir, String config) throws IOException, InterruptedException {
    Path file = dir.resolve("config.yml");
    Files.writeString(file, config);
    ServiceProcess service = new ServiceProcess("service", jar(), jvmFlags(), file, dir, SECRETS);
    try {
      return service.start();
    } catch (Throwable e) {
      service.close(); // one that did not come up must not linger beside the next scenario
      throw e;
    }
  }

  private static Duration since(Instant start) {
    return Duration.between(start, Instant.now());
  }

  private Path jar() {
    Path jar = Path.of(options.getOrDefault("jar", "scheduler/target/helpdesk-verify.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalArgumentException(
          jar + " not found: build it (bench/README.md) or pass --jar <path>");
    }
    return jar;
  }

  private List<String> jvmFlags() {
    String flags = options.getOrDefault("jvm", "").strip();
    return flags.isEmpty() ? List.of() : List.of(flags.split("\\s+"));
  }

  private int integer(String name, int fallback) {
    return Integer.parseInt(options.getOrDefault(name, Integer.toString(fallback)));
  }

  private Duration duration(String nameMs, long fallbackMs) {
    return Duration.ofMillis(
        Long.parseLong(options.getOrDefault(nameMs, Long.toString(fallbackMs))));
  }
}
