package com.helpdeskverify.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import com.helpdeskverify.core.CaseState;
import com.helpdeskverify.core.Requester;
import com.helpdeskverify.core.Ticket;
import com.helpdeskverify.core.VerificationCase;
import com.helpdeskverify.scheduler.config.ConfigLoader;
import com.helpdeskverify.scheduler.config.ServiceConfig;
import com.helpdeskverify.testkit.SimulatedPushProvider;
import com.helpdeskverify.testkit.SimulatedPushProvider.Answer;
import com.helpdeskverify.testkit.SimulatedTicketSystem;
import com.helpdeskverify.testkit.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real service (store, Quartz jobs, HTTP endpoint) against the in-memory simulations. */
class ConnectorServiceTest {
  @TempDir Path dir;
  private ConnectorService service;
  private final HttpClient http = HttpClient.newHttpClient();

  static String config(Path dir, String desk, String push, String extra) {
    return """
        node-id: test-node
        data-dir: %s
        http:
          bind: 127.0.0.1
          port: 0
        scheduler:
          advance-interval: 100ms
        workflow:
          poll-interval: 200ms
          retry-base: 100ms
          retry-max: 1s
        ticket-systems:
          %s:
            type: simulated
            provider: %s
            scan-interval: 200ms
        providers:
          %s:
            type: simulated-push
            timeout: 5s
            webhook-secret: hook-secret
        %s
        """
        .formatted(dir, desk, push, push, extra);
  }

  private ConnectorService start(String yaml, Duration backfill) throws Exception {
    ServiceConfig cfg =
        new ConfigLoader(
                Map.of(),
                List.of(new SimulatedFactories.Tickets()),
                List.of(new SimulatedFactories.Push()))
            .parse(yaml, "test");
    service = ConnectorService.start(cfg, backfill, Clock.systemUTC());
    return service;
  }

  @AfterEach
  void stop() {
    if (service != null) {
      service.close();
    }
  }

  private static void await(String what, Supplier<Boolean> condition) throws InterruptedException {
    Instant giveUp = Instant.now().plusSeconds(20);
    while (!condition.get()) {
      if (Instant.now().isAfter(giveUp)) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(50);
    }
  }

  /**
   * What a capturing appender has heard so far, copied under its lock: the service's threads may
   * still be logging while a test reads.
   */
  private static List<String> messages(
      ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> lines) {
    synchronized (lines) { // AppenderBase.doAppend adds under the appender's own lock
      return lines.list.stream()
          .map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
          .toList();
    }
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.httpPort() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String secret, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.httpPort() + path))
            .header("X-Secret", secret)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Sends only the headers of a POST announcing {@code length} bytes; the status line back. */
  private String rawPost(String path, String secret, int length) throws Exception {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", service.httpPort())) {
      socket.setSoTimeout(10_000);
      socket
          .getOutputStream()
          .write(
              ("POST "
                      + path
                      + " HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Secret: "
                      + secret
                      + "\r\nContent-Length: "
                      + length
                      + "\r\n\r\n")
                  .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      return new java.io.BufferedReader(
              new java.io.InputStreamReader(
                  socket.getInputStream(), java.nio.charset.StandardCharsets.US_ASCII))
          .readLine();
    }
  }

  private static String id(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 6);
  }

  @Test
  void ticketsFiledWhileRunningReachTheirOutcomesAndShowInMetrics() throws Exception {
    String desk = id("desk");
    String push = id("push");
    start(config(dir, desk, push, ""), Duration.ZERO);
    SimulatedTicketSystem tickets = SimulatedFactories.SYSTEMS.get(desk);
    SimulatedPushProvider provider = SimulatedFactories.PROVIDERS.get(push);
    Requester ana = Requester.of("acc-ana", "ana@example.com", "Ana");
    Requester ben = Requester.of("acc-ben", "ben@example.com", "Ben");
    provider.user(ana, Answer.APPROVE, 1).user(ben, Answer.DENY);
    Thread.sleep(50); // filed after the service started, as new tickets are

    Ticket approved = tickets.file(ana, "Password reset", "Please reset my password");
    Ticket denied = tickets.file(ben, "MFA reset", "New phone, please reset my MFA");
    Ticket harmless = tickets.file(ana, "Printer", "The printer jams");

    await(
        "both cases to end",
        () -> service.store().activeCount() == 0 && service.store().all().size() == 2);
    assertThat(service.store().latestFor(approved.ref()).map(VerificationCase::state))
        .contains(CaseState.EXECUTE_REQUESTED);
    assertThat(service.store().latestFor(denied.ref()).map(VerificationCase::state))
        .contains(CaseState.REJECTED);
    assertThat(service.store().latestFor(harmless.ref())).isEmpty();

    assertThat(get("/healthz").statusCode()).isEqualTo(200);
    HttpResponse<String> ready = get("/readyz");
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.body()).contains("\"" + desk + "\":\"ok\"").contains("\"ready\":true");
    String metrics = get("/metrics").body();
    assertThat(metrics)
        .contains("hv_cases{state=\"EXECUTE_REQUESTED\"} 1")
        .contains("hv_cases{state=\"REJECTED\"} 1")
        .contains(
            "hv_case_outcomes_total{provider=\""
                + push
                + "\",reason=\"DENIED\",state=\"REJECTED\",system=\""
                + desk
                + "\"} 1")
        .contains("hv_pushes_total{provider=\"" + push + "\",result=\"approved\"} 1")
        .contains("hv_pushes_total{provider=\"" + push + "\",result=\"denied\"} 1")
        .contains("hv_pushes_total{provider=\"" + push + "\",result=\"sent\"} 2")
        .contains("hv_oldest_open_case_age_seconds 0.0")
        .contains("hv_build_info{version=")
        .contains("hv_push_latency_seconds_count 2")
        .contains("hv_scan_lag_seconds{system=\"" + desk + "\"}")
        .contains("hv_scan_missed_total{system=\"" + desk + "\"} 0")
        // Nothing left due and no rate limit measured: the least, scheduler.workers' default.
        .contains("hv_workers 2.0");
    // The embedded store is forced to disk every second, so H2 keeps old chunks 5 s, not 45.
    try (java.sql.Connection c =
        java.sql.DriverManager.getConnection(
            "jdbc:h2:file:" + dir.toAbsolutePath().normalize().resolve("helpdesk-verify"))) {
      assertThat(TestDatabase.h2Setting(c, "RETENTION_TIME")).isEqualTo("5000");
    }
  }

  @Test
  void firstStartLeavesOlderTicketsAloneUnlessBackfillIsAsked() throws Exception {
    String desk = id("desk");
    String push = id("push");
    SimulatedTicketSystem early =
        new SimulatedTicketSystem(
            desk,
            Clock.offset(Clock.systemUTC(), Duration.ofHours(-1)),
            com.helpdeskverify.testkit.CallHook.direct());
    Requester ana = Requester.of("acc-ana", "ana@example.com", "Ana");
    Ticket old = early.file(ana, "Password reset", "Please reset my password");

    start(config(dir, desk, push, ""), Duration.ZERO);
    SimulatedFactories.SYSTEMS.get(desk).put(old);
    SimulatedFactories.PROVIDERS.get(push).user(ana, Answer.APPROVE);
    Thread.sleep(1000);
    assertThat(service.store().all()).isEmpty();
    service.close();
    service = null;

    start(config(dir.resolve("second"), desk, push, ""), Duration.ofHours(2));
    SimulatedFactories.SYSTEMS.get(desk).put(old);
    SimulatedFactories.PROVIDERS.get(push).user(ana, Answer.APPROVE);
    await(
        "the backfilled ticket to be executed",
        () ->
            service
                .store()
                .latestFor(old.ref())
                .map(c -> c.state() == CaseState.EXECUTE_REQUESTED)
                .orElse(false));
  }

  @Test
  void restartAfterAStartWhoseScanNeverRanStillSeesATicketFiledInBetween() throws Exception {
    String desk = id("desk");
    String push = id("push");
    SimulatedFactories.UNREACHABLE.add(desk);
    start(config(dir, desk, push, ""), Duration.ZERO);
    await("a failed first scan", () -> service.metrics().scan(desk).isPresent());
    service.close();
    service = null;
    SimulatedFactories.UNREACHABLE.remove(desk);

    Requester ana = Requester.of("acc-ana", "ana@example.com", "Ana");
    Ticket filedWhileDown =
        new SimulatedTicketSystem(
                desk, Clock.systemUTC(), com.helpdeskverify.testkit.CallHook.direct())
            .file(ana, "Password reset", "Please reset my password");
    Thread.sleep(50); // the restart comes after the ticket

    start(config(dir, desk, push, ""), Duration.ZERO);
    SimulatedFactories.SYSTEMS.get(desk).put(filedWhileDown);
    SimulatedFactories.PROVIDERS.get(push).user(ana, Answer.APPROVE);
    await(
        "the ticket filed while the service was down to be executed",
        () ->
            service
                .store()
                .latestFor(filedWhileDown.ref())
                .map(c -> c.state() == CaseState.EXECUTE_REQUESTED)
                .orElse(false));
  }

  @Test
  void webhooksAreVerifiedBeforeTheyNudgeAnything() throws Exception {
    String desk = id("desk");
    String push = id("push");
    start(config(dir, desk, push, ""), Duration.ZERO);
    String route = "/webhooks/simulated/" + push;

    HttpResponse<String> forged = post(route, "wrong", "push-1");
    HttpResponse<String> good = post(route, "hook-secret", "push-1");
    HttpResponse<String> unknown = post("/webhooks/nobody/here", "hook-secret", "x");
    // Refused by its Content-Length before a byte of it is read: the answer comes while the body
    // is still unsent (a client that kept writing might meet the server's close first).
    String huge = rawPost(route, "hook-secret", (1 << 20) + 1);

    assertThat(forged.statusCode()).isEqualTo(401);
    assertThat(forged.body()).contains("bad secret");
    assertThat(good.statusCode()).isEqualTo(200);
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(huge).startsWith("HTTP/1.1 413");
    assertThat(get("/metrics").body())
        .contains("hv_webhooks_total{result=\"401\",route=\"simulated/" + push + "\"} 1")
        .contains("hv_webhooks_total{result=\"200\",route=\"simulated/" + push + "\"} 1");
  }

  @Test
  void webhookForAPendingPushHasItPolledAtOnce() throws Exception {
    String desk = id("desk");
    String push = id("push");
    // Polls are far apart here: only the webhook can make the result arrive quickly.
    start(
        config(dir, desk, push, "").replace("poll-interval: 200ms", "poll-interval: 1h"),
        Duration.ZERO);
    Requester ana = Requester.of("acc-ana", "ana@example.com", "Ana");
    SimulatedFactories.PROVIDERS.get(push).user(ana, Answer.APPROVE, 1);
    Thread.sleep(50);
    Ticket t =
        SimulatedFactories.SYSTEMS
            .get(desk)
            .file(ana, "Password reset", "Please reset my password");
    await(
        "the push to be sent",
        () ->
            service
                .store()
                .latestFor(t.ref())
                .map(c -> c.state() == CaseState.CHALLENGED)
                .orElse(false));
    String pushId =
        service.store().latestFor(t.ref()).orElseThrow().challenge().orElseThrow().push().id();
    // The first poll answers "pending" in this script; the webhook's nudge brings the second.
    service.store().nudgePush(push, pushId, Instant.now());
    service.jobs().wakeWorkers();
    Thread.sleep(300);

    assertThat(post("/webhooks/simulated/" + push, "hook-secret", pushId).statusCode())
        .isEqualTo(200);

    await(
        "the approval",
        () ->
            service
                .store()
                .latestFor(t.ref())
                .map(c -> c.state() == CaseState.EXECUTE_REQUESTED)
                .orElse(false));
  }

  @Test
  void aCaseAWebhookOpensIsNotifiedAndPushedWhileEveryWorkerIsBusy() throws Exception {
    ch.qos.logback.classic.Logger caseLog =
        (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(CaseLog.LOGGER);
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> lines =
        new ch.qos.logback.core.read.ListAppender<>();
    lines.start();
    caseLog.addAppender(lines);
    ch.qos.logback.classic.Level level = caseLog.getLevel();
    caseLog.setLevel(ch.qos.logback.classic.Level.INFO);
    String desk = id("desk");
    String push = id("push");
    SimulatedFactories.WorkerGate workers = new SimulatedFactories.WorkerGate();
    SimulatedFactories.WORKERS_HELD.put(desk, workers);
    try {
      // Two workers taking one case at a time; scans only when the test asks, so that the
      // announced ticket reaches intake by its webhook alone.
      start(
          config(dir, desk, push, "")
              .replace(
                  "advance-interval: 100ms",
                  "advance-interval: 100ms\n  workers: 2\n  batch-size: 1")
              .replace("scan-interval: 200ms", "scan-interval: 1h"),
          Duration.ZERO);
      SimulatedTicketSystem tickets = SimulatedFactories.SYSTEMS.get(desk);
      SimulatedPushProvider provider = SimulatedFactories.PROVIDERS.get(push);
      Requester ana = Requester.of("acc-ana", "ana@example.com", "Ana");
      Requester ben = Requester.of("acc-ben", "ben@example.com", "Ben");
      Requester cleo = Requester.of("acc-cleo", "cleo@example.com", "Cleo");
      provider.user(ana, Answer.APPROVE).user(ben, Answer.APPROVE).user(cleo, Answer.APPROVE, 50);
      Thread.sleep(50);
      Ticket first = tickets.file(ana, "Password reset", "Please reset my password");
      Ticket second = tickets.file(ben, "MFA reset", "New phone, please reset my MFA");
      service.jobs().scanNow(desk);
      await("both workers to be busy with a scanned case", () -> workers.held() == 2);

      Ticket announced = tickets.file(cleo, "Password reset", "I forgot my password, reset it");
      service.ticketsChanged(desk, List.of(announced.ref()));

      await(
          "the announced ticket's push",
          () -> provider.pushes().stream().anyMatch(p -> p.request().requester().equals(cleo)));
      VerificationCase c = service.store().latestFor(announced.ref()).orElseThrow();
      assertThat(c.state()).isIn(CaseState.CHALLENGED, CaseState.APPROVED);
      assertThat(tickets.comments(announced.ref())).hasSize(1);
      assertThat(workers.held()).as("the workers are still busy").isEqualTo(2);
      assertThat(service.store().latestFor(first.ref()).map(VerificationCase::state))
          .contains(CaseState.DETECTED);
      assertThat(service.store().latestFor(second.ref()).map(VerificationCase::state))
          .contains(CaseState.DETECTED);
      // Reported as a worker's moves are: the case log and the metrics heard of each. The line of
      // the last move is written after the push went out and the move was saved, so it may come a
      // moment after the push the test waited for.
      Supplier<List<String>> caseLines =
          () -> messages(lines).stream().filter(m -> m.contains(c.id().value())).toList();
      await(
          "the case log's line of the push",
          () -> caseLines.get().stream().anyMatch(m -> m.contains("PUSH_SENDING -> CHALLENGED")));
      assertThat(caseLines.get())
          .anySatisfy(m -> assertThat(m).contains(": opened ("))
          .anySatisfy(m -> assertThat(m).contains("DETECTED -> NOTIFIED"))
          .anySatisfy(m -> assertThat(m).contains("NOTIFIED -> PUSH_SENDING"))
          .anySatisfy(m -> assertThat(m).contains("PUSH_SENDING -> CHALLENGED"));
      assertThat(get("/metrics").body())
          .contains("hv_pushes_total{provider=\"" + push + "\",result=\"sent\"} 1");
    } finally {
      workers.open();
      SimulatedFactories.WORKERS_HELD.remove(desk);
      caseLog.detachAppender(lines);
      caseLog.setLevel(level);
    }
  }

  @Test
  void aWebhookOfADryRunSystemOpensNothingPostsNothingAndPushesNothing() throws Exception {
    String desk = id("desk");
    String push = id("push");
    // No scan after the first: only the webhook could bring the ticket to intake.
    start(
        config(dir, desk, push, "")
            .replace("scan-interval: 200ms", "scan-interval: 1h\n    dry-run: true"),
        Duration.ZERO);
    Requester ana = Requester.of("acc-ana", "ana@example.com", "Ana");
    SimulatedFactories.PROVIDERS.get(push).user(ana, Answer.APPROVE);
    Thread.sleep(50);
    Ticket t =
        SimulatedFactories.SYSTEMS
            .get(desk)
            .file(ana, "Password reset", "Please reset my password");

    service.ticketsChanged(desk, List.of(t.ref()));
    Thread.sleep(1000);

    assertThat(service.store().all()).isEmpty();
    assertThat(SimulatedFactories.SYSTEMS.get(desk).comments(t.ref())).isEmpty();
    assertThat(SimulatedFactories.PROVIDERS.get(push).pushes()).isEmpty();
  }

  @Test
  void dryRunSystemClassifiesButOpensNoCasePostsNothingAndPushesNothing() throws Exception {
    ch.qos.logback.classic.Logger caseLog =
        (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(CaseLog.LOGGER);
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> lines =
        new ch.qos.logback.core.read.ListAppender<>();
    lines.start();
    caseLog.addAppender(lines);
    // Other tests in this JVM may have turned the case log down (the demo does).
    ch.qos.logback.classic.Level level = caseLog.getLevel();
    caseLog.setLevel(ch.qos.logback.classic.Level.INFO);
    try {
      String desk = id("desk");
      String push = id("push");
      start(
          config(dir, desk, push, "")
              .replace("scan-interval: 200ms", "scan-interval: 200ms\n    dry-run: true"),
          Duration.ZERO);
      Requester ana = Requester.of("acc-ana", "ana@example.com", "Ana");
      Requester zed = Requester.of("acc-zed", "zed@example.com", "Zed");
      SimulatedFactories.PROVIDERS.get(push).user(ana, Answer.APPROVE);
      Thread.sleep(50);
      Ticket t =
          SimulatedFactories.SYSTEMS
              .get(desk)
              .file(ana, "Password reset", "Please reset my password");
      Ticket unknown =
          SimulatedFactories.SYSTEMS.get(desk).file(zed, "Unlock", "My account is locked");

      await(
          "two scans after the tickets",
          () ->
              service
                  .metrics()
                  .scan(desk)
                  .flatMap(com.helpdeskverify.scheduler.http.ServiceMetrics.ScanState::lastSuccess)
                  .map(at -> at.isAfter(unknown.created().plusMillis(400)))
                  .orElse(false));

      assertThat(service.store().all()).isEmpty();
      assertThat(SimulatedFactories.SYSTEMS.get(desk).comments(t.ref())).isEmpty();
      assertThat(SimulatedFactories.PROVIDERS.get(push).pushes()).isEmpty();
      java.util.List<String> told =
          messages(lines).stream().filter(m -> m.startsWith("dry run:")).toList();
      assertThat(told)
          .as("once per ticket, however many scans saw it")
          .hasSize(2)
          .anySatisfy(m -> assertThat(m).contains(t.ref().label()).contains("would be verified"))
          .anySatisfy(
              m -> assertThat(m).contains(unknown.ref().label()).contains("would be escalated"));
      assertThat(lines.list.get(0).getLevel()).isEqualTo(ch.qos.logback.classic.Level.INFO);
      assertThat(get("/metrics").body())
          .contains("hv_dry_run_total{system=\"" + desk + "\",would=\"verify\"} 1")
          .contains("hv_dry_run_total{system=\"" + desk + "\",would=\"escalate\"} 1");
    } finally {
      caseLog.detachAppender(lines);
      caseLog.setLevel(level);
    }
  }

  @Test
  void livenessIsAnsweredAndReadinessSaysNotYetWhileTicketSystemsAreStillBeingChecked()
      throws Exception {
    String desk = id("desk");
    String other = id("desk");
    String push = id("push");
    SimulatedFactories.HANGING.add(desk);
    SimulatedFactories.HANGING.add(other);
    int port;
    try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
      port = free.getLocalPort();
    }
    String yaml =
        config(dir, desk, push, "")
            .replace("port: 0", "port: " + port)
            .replace(
                "ticket-systems:",
                "ticket-systems:\n  " + other + ":\n    type: simulated\n    provider: " + push);
    java.util.concurrent.CompletableFuture<ConnectorService> starting =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () -> {
              try {
                return start(yaml, Duration.ZERO);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    try {
      HttpResponse<String> health = awaitAnswer("http://127.0.0.1:" + port + "/healthz");
      HttpResponse<String> ready = awaitAnswer("http://127.0.0.1:" + port + "/readyz");

      assertThat(starting).as("both checks still hang").isNotDone();
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(ready.body()).contains("starting: no scan yet").contains("\"ready\":false");
      assertThat(get(port, "/metrics").body()).doesNotContain("hv_scan_lag_seconds{");
    } finally {
      SimulatedFactories.RELEASE.countDown();
      starting.get(30, java.util.concurrent.TimeUnit.SECONDS);
    }
  }

  private HttpResponse<String> awaitAnswer(String url) throws Exception {
    Instant giveUp = Instant.now().plusSeconds(30);
    while (true) {
      try {
        return http.send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
            HttpResponse.BodyHandlers.ofString());
      } catch (java.io.IOException e) {
        if (Instant.now().isAfter(giveUp)) {
          throw e;
        }
        Thread.sleep(50);
      }
    }
  }

  private HttpResponse<String> get(int port, String path) throws Exception {
    return awaitAnswer("http://127.0.0.1:" + port + path);
  }

  @Test
  void aTakenPortIsOneClearLineAndExitCodeOne() throws Exception {
    try (java.net.ServerSocket taken =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      java.nio.file.Path file = dir.resolve("taken.yml");
      java.nio.file.Files.writeString(
          file,
          config(dir, id("desk"), id("push"), "")
              .replace("port: 0", "port: " + taken.getLocalPort()));
      java.io.StringWriter err = new java.io.StringWriter();
      picocli.CommandLine cl = Main.commandLine();
      cl.setErr(new java.io.PrintWriter(err));

      int exit = cl.execute("run", "--config", file.toString());

      assertThat(exit).isEqualTo(1);
      assertThat(err.toString().strip())
          .startsWith("http.port: cannot listen on 127.0.0.1:" + taken.getLocalPort())
          .doesNotContain("\tat ")
          .hasLineCount(1);
    }
  }

  @Test
  void aScanDeferredByTheRateLimitIsNoFailedScan() throws Exception {
    String desk = id("desk");
    String push = id("push");
    SimulatedFactories.THROTTLED.add(desk);
    int before = SimulatedFactories.THROTTLED_SCANS.get();
    try {
      start(config(dir, desk, push, ""), Duration.ZERO);
      await("two deferred scans", () -> SimulatedFactories.THROTTLED_SCANS.get() >= before + 2);

      // Flow control, not a fault: no failure counted, so no failed-scan alert fires.
      assertThat(service.metrics().scan(desk)).isEmpty();
    } finally {
      SimulatedFactories.THROTTLED.remove(desk);
    }
  }

  @Test
  void readinessFailsWhileATicketSystemCannotBeScanned() throws Exception {
    String desk = id("desk");
    String push = id("push");
    // A long interval, lest a real scan succeed between the failure and the probe.
    start(
        config(dir, desk, push, "").replace("scan-interval: 200ms", "scan-interval: 1h"),
        Duration.ZERO);
    await("a first scan", () -> service.metrics().scan(desk).isPresent());
    service.metrics().scanFailed(desk, "jira GET search: HTTP 401");

    HttpResponse<String> ready = get("/readyz");

    assertThat(ready.statusCode()).isEqualTo(503);
    assertThat(ready.body()).contains("failing: jira GET search: HTTP 401");
    assertThat(Optional.of(get("/healthz").statusCode())).contains(200);
  }

  @Test
  void readinessFailsWhileAProviderIsPausedAndReturnsWhenItAnswers() throws Exception {
    String desk = id("desk");
    String push = id("push");
    start(config(dir, desk, push, ""), Duration.ZERO);
    await("a first scan", () -> service.metrics().scan(desk).isPresent());
    assertThat(get("/readyz").body()).contains("\"" + push + "\":\"ok\"");

    SimulatedFactories.PROVIDERS.get(push).paused(true);
    HttpResponse<String> paused = get("/readyz");
    SimulatedFactories.PROVIDERS.get(push).paused(false);

    assertThat(paused.statusCode()).isEqualTo(503);
    assertThat(paused.body()).contains("paused: calls kept failing (circuit open)");
    assertThat(get("/readyz").statusCode()).isEqualTo(200);
  }
}
