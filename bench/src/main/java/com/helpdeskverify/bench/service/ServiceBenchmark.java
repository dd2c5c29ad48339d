package com.helpdeskverify.bench.service;

import static com.helpdeskverify.bench.service.Traffic.INTAKE;
import static com.helpdeskverify.bench.service.Traffic.LATENCY;
import static com.helpdeskverify.bench.service.Traffic.REQUESTS;
import static com.helpdeskverify.bench.service.Traffic.after;
import static com.helpdeskverify.bench.service.Traffic.openCases;
import static com.helpdeskverify.bench.service.Traffic.pushedWaiting;
import static com.helpdeskverify.bench.service.Traffic.sendWebhook;
import static com.helpdeskverify.bench.service.Traffic.since;

import com.helpdeskverify.simulators.ServiceProcess;
import com.helpdeskverify.simulators.SimulatedApi.Conditions;
import com.helpdeskverify.simulators.SimulatedApi.Exchange;
import com.helpdeskverify.simulators.SimulatedDuo;
import com.helpdeskverify.simulators.SimulatedDuo.Answer;
import com.helpdeskverify.simulators.SimulatedJira;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

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
  private final BenchSetup setup;
  private final RunLog log;
  private final PrintStream out = System.out;

  private ServiceBenchmark(BenchSetup setup) {
    this.setup = setup;
    this.log = new RunLog(setup.jvmFlags(), setup.shownEnvironment());
  }

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      System.err.println(
          "usage: ServiceBenchmark latency-webhook|latency-scan|burst|footprint [--jar path]"
              + " [--jvm \"-Xmx256m ...\"] [--tickets N] [--workers N] [--limit-seconds N]"
              + " [--duo-push-life-s N]"
              + " [--answer-after-ms N] [--warmup N] [--jira cloud|data-center] [--tls on]");
      System.exit(2);
    }
    ServiceBenchmark bench = new ServiceBenchmark(BenchSetup.parse(args));
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
    int tickets = setup.integer("tickets", webhook ? 400 : 120);
    // Tickets filed first, the same way, and reported apart: the service's first tickets of a run
    // meet cold code (class loading, the JIT's first compilations), which is start-up, not the
    // steady path the latency figures describe.
    int warmup = setup.integer("warmup", 0);
    Duration scanInterval =
        webhook ? Duration.ofMinutes(10) : setup.duration("scan-interval-ms", 5000);
    Answer[] answers = {Answer.APPROVE, Answer.DENY, Answer.IGNORE, Answer.NO_DEVICE};
    Clock clock = Clock.systemUTC();
    try (SimulatedJira jira = new SimulatedJira(clock, false, setup.simulatorTls());
        SimulatedDuo duo = new SimulatedDuo(clock, setup.simulatorTls())) {
      jira.conditions(Conditions.NORMAL.withLatency(LATENCY));
      duo.conditions(Conditions.NORMAL.withLatency(LATENCY));
      duo.keepBodies(true);
      Path dir = Files.createTempDirectory("hv-bench-latency-");
      String config =
          setup.config(
              dir,
              jira,
              duo,
              scanInterval,
              50,
              Duration.ofSeconds(10),
              setup.integer("workers", 2));
      log.header((webhook ? "latency-webhook" : "latency-scan") + ", " + tickets + " tickets", dir);
      out.println("scan interval " + scanInterval.toMillis() + " ms; API latency 20 ms, no limit");
      try (ServiceProcess service = setup.start(dir, config)) {
        Thread.sleep(3000); // the first scan runs at start
        Instant begin = Instant.now();
        HttpClient http = HttpClient.newHttpClient();
        Random pace = new Random(7);
        Map<String, String> userOf = new LinkedHashMap<>();
        Map<String, String> warmOf = new LinkedHashMap<>();
        Map<String, Answer> answerOf = new HashMap<>();
        int refused = 0;
        for (int i = 0; i < warmup + tickets; i++) {
          String user = String.format("u%05d@example.com", i);
          Answer answer = answers[i % answers.length];
          duo.user(user, answer, 1000);
          String[] request = REQUESTS[i % REQUESTS.length];
          String key =
              jira.file("acc-" + i, "User " + i, user, request[0], request[1] + " (" + i + ")");
          (i < warmup ? warmOf : userOf).put(key, user);
          answerOf.put(key, answer);
          if (webhook && sendWebhook(http, service.httpPort(), key) != 200) {
            refused++;
          }
          // Far enough apart that one ticket's path never waits for another's; unsynchronised
          // with the scan so that tickets land at every phase of its interval.
          Thread.sleep(webhook ? 250 : 500 + pace.nextInt(1500));
          log.sampleLoad();
        }
        awaitQuiet(jira, userOf.keySet(), Duration.ofSeconds(60));
        Duration ran = since(begin);
        List<Exchange> jiraCalls = after(jira.exchanges(), begin);
        List<Exchange> duoCalls = after(duo.exchanges(), begin);
        if (refused > 0) {
          out.println("webhook deliveries refused: " + refused);
        }
        if (warmup > 0) {
          out.printf("warm-up: the first %d tickets, not in the figures below%n", warmup);
          LatencyReport.latency(out, jira, duo, warmOf, jiraCalls, duoCalls, webhook);
          out.println("measured:");
        }
        LatencyReport.latency(out, jira, duo, userOf, jiraCalls, duoCalls, webhook);
        LatencyReport.economy(
            out, jira, duo, userOf, answerOf, jiraCalls, duoCalls, ran, scanInterval);
        log.footer(service);
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
    int tickets = setup.integer("tickets", 10_000);
    int pageSize = 100;
    int limit = setup.integer("rate-limit", 100);
    // The service paced at the simulators' limit, as an admin would set it from the vendor's docs.
    setup.defaultOption("client-rate-limit", limit + "/s");
    Duration answerAfter = setup.duration("answer-after-ms", 10_000);
    // deny: a flood of requests their accounts' owners did not make, as in an attack on the desk.
    Answer answer = Answer.valueOf(setup.text("answer", "approve").toUpperCase(Locale.ROOT));
    Duration cutoff = Duration.ofSeconds(setup.integer("limit-seconds", 1200));
    Duration scanInterval = setup.duration("scan-interval-ms", 5000);
    Clock clock = Clock.systemUTC();
    try (SimulatedJira jira = new SimulatedJira(clock, setup.dataCenter(), setup.simulatorTls());
        SimulatedDuo duo = new SimulatedDuo(clock, setup.simulatorTls())) {
      Conditions conditions = Conditions.NORMAL.withLatency(LATENCY).withRateLimit(limit);
      jira.conditions(conditions);
      duo.conditions(conditions);
      Path dir = Files.createTempDirectory("hv-bench-burst-");
      String config =
          setup.config(
              dir,
              jira,
              duo,
              scanInterval,
              pageSize,
              Duration.ofSeconds(60),
              setup.integer("workers", 2));
      log.header("burst, " + tickets + " tickets", dir);
      out.printf(
          "API latency 20 ms, rate limit %d requests/s per system; service's rate-limit %s;"
              + " scan interval %d ms, page size %d; requesters answer %s %d ms after the push%n",
          limit,
          setup.clientRateLimit(),
          scanInterval.toMillis(),
          pageSize,
          answer,
          answerAfter.toMillis());
      try (ServiceProcess service = setup.start(dir, config)) {
        Thread.sleep(6000);
        out.printf("RSS idle: %d MiB%n", service.rssKib() / 1024);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < tickets; i++) {
          duo.user(String.format("u%05d@example.com", i), answer, answerAfter.toMillis());
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
        boolean untilAll = setup.text("until", "pushes").equals("all");
        int lastPushes = -1;
        Instant lastProgress = Instant.now();
        int tick = 0;
        while (Instant.now().isBefore(giveUp) && service.alive()) {
          Thread.sleep(1000);
          tick++;
          log.sampleLoad();
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
                log.lastLoad());
          }
          if (allDone != null || (pushesDone != null && !untilAll)) {
            break;
          }
        }
        BurstReport.report(
            out, jira, duo, keys, filed, pushesDone, allDone, pageSize, limit, service);
        log.footer(service);
      }
    }
  }

  /**
   * Resident memory of the service idle, then with many open cases (pushes sent, never answered, an
   * hour to answer). The APIs answer at once here: memory is the question, not time.
   */
  private void footprint() throws Exception {
    int tickets = setup.integer("tickets", 10_000);
    Duration cutoff = Duration.ofSeconds(setup.integer("limit-seconds", 900));
    Duration settle = Duration.ofSeconds(setup.integer("settle-seconds", 0));
    Clock clock = Clock.systemUTC();
    try (SimulatedJira jira = new SimulatedJira(clock, setup.dataCenter(), setup.simulatorTls());
        SimulatedDuo duo = new SimulatedDuo(clock, setup.simulatorTls())) {
      // Duo ends a push after 60 s (the simulator's default, as Duo does); then its case is
      // rejected
      // and no longer open. --duo-push-life-s 3600 keeps every push pending for the service's hour,
      // so that all the tickets are open cases at once, as "10,000 open cases" means.
      duo.pushLife(Duration.ofSeconds(setup.integer("duo-push-life-s", 60)));
      Path dir = Files.createTempDirectory("hv-bench-footprint-");
      String config =
          setup.config(
              dir,
              jira,
              duo,
              Duration.ofSeconds(5),
              100,
              Duration.ofHours(1),
              setup.integer("workers", 2));
      log.header("footprint, " + tickets + " open cases", dir);
      try (ServiceProcess service = setup.start(dir, config)) {
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
          log.sampleLoad();
        }
        out.printf(
            "%d pushes sent %d s after filing; statuses %s%n",
            duo.pushCount(), since(filed).toSeconds(), jira.statusCounts());
        out.printf("cases in the store by state: %s%n", openCases(service));
        // What the service does with every push pending, once the burst's own work is done.
        for (Instant settled = Instant.now().plus(settle); Instant.now().isBefore(settled); ) {
          Thread.sleep(1000);
          log.sampleLoad();
        }
        long cpu = service.cpuTicks();
        int jiraCalls = jira.exchanges().size();
        int duoCalls = duo.exchanges().size();
        long[] open = new long[6];
        for (int i = 0; i < open.length; i++) {
          Thread.sleep(5000);
          log.sampleLoad();
          open[i] = service.rssKib();
        }
        out.printf(
            "during the samples: service CPU %.1f s of 30 s; Jira requests %d, Duo requests %d%n",
            (service.cpuTicks() - cpu) / 100.0,
            jira.exchanges().size() - jiraCalls,
            duo.exchanges().size() - duoCalls);
        out.printf(
            "RSS with %d open cases (6 samples over 30 s, polling going on): %s MiB; peak"
                + " (VmHWM) %d MiB%n",
            jira.statusCounts().getOrDefault(INTAKE, 0),
            Arrays.toString(Arrays.stream(open).map(k -> k / 1024).toArray()),
            service.peakRssKib() / 1024);
        out.printf(
            "service alive: %s; OutOfMemoryError in log: %d lines%n",
            service.alive(), service.logLines("OutOfMemoryError"));
        log.footer(service);
      }
    }
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
      log.sampleLoad();
    }
  }
}
