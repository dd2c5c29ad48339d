package com.helpdeskverify.scheduler.endtoend;

import com.helpdeskverify.core.CaseState;
import com.helpdeskverify.core.TicketRef;
import com.helpdeskverify.core.VerificationCase;
import com.helpdeskverify.core.store.CaseStore;
import com.helpdeskverify.scheduler.ConnectorService;
import com.helpdeskverify.scheduler.config.ConfigLoader;
import com.helpdeskverify.scheduler.config.ServiceConfig;
import com.helpdeskverify.simulators.SimulatedDuo;
import com.helpdeskverify.simulators.SimulatedJira;
import com.helpdeskverify.simulators.SimulatedServiceNow;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The real service (configuration, H2 store, Quartz jobs, HTTP endpoint, the Jira and ServiceNow
 * adapters, the Duo and Incode providers) against Jira Cloud, two ServiceNow instances and Duo
 * simulated over HTTP on loopback, with every webhook route switched on. Shared by the hostile
 * input tests; each test files tickets of its own, so one service serves a whole test class.
 */
final class HostileHarness implements AutoCloseable {
  static final String JIRA = "jira";
  static final String SNOW = "snow";
  static final String SNOW_SECRET = "snow-secret";
  static final String INCODE = "incode";
  static final String JIRA_SECRET = "jira-hook-secret";
  static final String SNOW_HMAC_KEY = "snow-hmac-key";
  static final String SNOW_SHARED = "snow-shared-secret";
  static final String INCODE_SECRET = "incode-hook-secret";

  final Clock clock = Clock.systemUTC();
  final SimulatedJira jira;
  final SimulatedServiceNow snow;
  final SimulatedServiceNow snowSecret;
  final SimulatedDuo duo;
  final ConnectorService service;
  private boolean stopped;
  private HikariDataSource drainedStore;

  /**
   * @param scanInterval how often the ticket systems are scanned; an hour makes webhooks the only
   *     way a ticket filed after the start comes in
   */
  HostileHarness(Path dir, Duration scanInterval) throws Exception {
    jira = new SimulatedJira(clock);
    snow = new SimulatedServiceNow(clock);
    snowSecret = new SimulatedServiceNow(clock);
    duo = new SimulatedDuo(clock);
    snow.group("Service Desk L2");
    snowSecret.group("Service Desk L2");
    String yaml =
        """
        node-id: hostile
        data-dir: %s
        http:
          bind: 127.0.0.1
          port: 0
        scheduler:
          advance-interval: 100ms
        workflow:
          poll-interval: 200ms
          ticket-recheck: 1h
          retry-base: 100ms
          retry-max: 1s
          max-pushes-per-hour: 20
          reopen-grace: 300ms
        ticket-systems:
          %s:
            type: jira-cloud
            provider: duo
            scan-interval: %s
            base-url: %s
            email: hv@example.com
            api-token: test-token
            jql-scope: project = HD AND status = "Waiting for support"
            execute-transition: Execute
            reject-transition: Reject
            escalate-transition: Escalate
            request-type-field: customfield_10010
            always-verify:
              request-type: { "Reset password": credential-reset }
            webhook-secret: %s
          %s:
            type: servicenow
            provider: duo
            scan-interval: %s
            instance-url: %s
            auth: basic
            username: hv
            password: test-password
            escalation-group: Service Desk L2
            tables: [incident]
            verify-query: u_verify_identity=true
            verify-reset: { u_verify_identity: false }
            always-verify:
              category: { security: access-grant }
            push-intake: hmac
            push-intake-secret: %s
          %s:
            type: servicenow
            provider: duo
            scan-interval: %s
            instance-url: %s
            auth: basic
            username: hv
            password: test-password
            escalation-group: Service Desk L2
            tables: [incident]
            push-intake: shared-secret
            push-intake-secret: %s
        providers:
          duo:
            type: duo
            base-url: %s
            integration-key: DIHOSTILE00000000000
            secret-key: test-secret-key
            push-timeout: 30s
          %s:
            type: incode
            api-url: http://127.0.0.1:9/
            auth-url: http://127.0.0.1:9/
            client-id: test-client
            client-secret: test-client-secret
            api-key: test-api-key
            executive-email: helpdesk-verify@corp.example
            executive-password: test-executive-password
            integration-reference: hd-ref-7f3a9c
            webhook-secret: %s
        """
            .formatted(
                dir.resolve("data"),
                JIRA,
                seconds(scanInterval),
                jira.baseUrl(),
                JIRA_SECRET,
                SNOW,
                seconds(scanInterval),
                snow.baseUrl(),
                SNOW_HMAC_KEY,
                SNOW_SECRET,
                seconds(scanInterval),
                snowSecret.baseUrl(),
                SNOW_SHARED,
                duo.baseUrl(),
                INCODE,
                INCODE_SECRET);
    ServiceConfig config = ConfigLoader.standard().parse(yaml, "hostile-test");
    service = ConnectorService.start(config, Duration.ZERO, clock);
  }

  private static String seconds(Duration d) {
    return d.toMillis() + "ms";
  }

  /** Waits until every system was scanned once, so a ticket filed now is new to every scan. */
  void awaitFirstScans() throws InterruptedException {
    await(
        "a first scan of every system",
        () ->
            List.of(JIRA, SNOW, SNOW_SECRET).stream()
                .allMatch(s -> service.metrics().scan(s).isPresent()));
    // ServiceNow stamps records to the second: file after the scan's second, as new tickets are.
    Instant next =
        clock.instant().plusSeconds(1).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    await("the next second", () -> !clock.instant().isBefore(next));
  }

  static void await(String what, Supplier<Boolean> condition) throws InterruptedException {
    Instant giveUp = Instant.now().plusSeconds(30);
    while (!condition.get()) {
      if (Instant.now().isAfter(giveUp)) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(25);
    }
  }

  Optional<VerificationCase> latest(String system, String key) {
    return service.store().latestFor(new TicketRef(system, key));
  }

  List<VerificationCase> cases(String system, String key) {
    return service.store().all().stream()
        .filter(c -> c.ticket().system().equals(system) && c.ticket().key().equals(key))
        .toList();
  }

  void awaitState(String system, String key, CaseState state) throws InterruptedException {
    await(
        key + " in " + state, () -> latest(system, key).map(c -> c.state() == state).orElse(false));
  }

  void awaitTerminal(String system, String key) throws InterruptedException {
    await(key + " to end", () -> latest(system, key).map(c -> c.state().terminal()).orElse(false));
  }

  /** A ServiceNow user who files an incident as the caller; returns the incident's ticket key. */
  static String incident(
      SimulatedServiceNow instance,
      String name,
      String email,
      String shortDescription,
      String description) {
    String caller = instance.user(name, email);
    return "incident:" + instance.incident(caller, shortDescription, description);
  }

  static String sysId(String key) {
    return key.substring("incident:".length());
  }

  // --- webhooks ----------------------------------------------------------------------------------

  HttpResponse<String> post(String route, Map<String, String> headers, byte[] body)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + service.httpPort() + "/webhooks/" + route))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(request::header);
    return send(request.build());
  }

  /**
   * Each request on a connection of its own. A shared client kept connections for longer than the
   * endpoint's idle timeout (10 s; the JDK's own keep-alive is longer), and a POST that met one
   * just as the endpoint closed it failed with "header parser received no bytes" (seen once on CI)
   * before the service read it: a race of the client's pool, not an answer of the service.
   */
  private static HttpResponse<String> send(HttpRequest request) throws Exception {
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** A Jira admin webhook body naming an issue, sent at {@code at}. */
  static byte[] jiraBody(String key, Instant at) {
    return ("{\"timestamp\":"
            + at.toEpochMilli()
            + ",\"webhookEvent\":\"jira:issue_created\",\"issue\":{\"key\":\""
            + key
            + "\"}}")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** Jira's {@code X-Hub-Signature} value for a body. */
  static String jiraSignature(String secret, byte[] body) {
    return "sha256=" + HexFormat.of().formatHex(hmac(secret, body));
  }

  static byte[] snowBody(String key) {
    return ("{\"table\":\"incident\",\"sys_id\":\"" + sysId(key) + "\"}")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** The push intake's {@code X-HV-Signature}: base64 of HMAC-SHA256 over "timestamp.body". */
  static String snowSignature(String secret, long epochSecond, byte[] body) {
    byte[] prefix = (epochSecond + ".").getBytes(StandardCharsets.UTF_8);
    byte[] signed = new byte[prefix.length + body.length];
    System.arraycopy(prefix, 0, signed, 0, prefix.length);
    System.arraycopy(body, 0, signed, prefix.length, body.length);
    return Base64.getEncoder().encodeToString(hmac(secret, signed));
  }

  private static byte[] hmac(String secret, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  String metrics() throws Exception {
    return send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + service.httpPort() + "/metrics"))
            .build())
        .body();
  }

  /**
   * Stops the service, which lets every webhook's follow-up work finish, and opens the store again:
   * what it holds then is all that any delivery sent before did.
   */
  CaseStore drained() {
    stopService();
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl(service.config().store().url());
    hc.setMaximumPoolSize(2);
    drainedStore = new HikariDataSource(hc);
    return CaseStore.migrate(drainedStore);
  }

  private void stopService() {
    if (!stopped) {
      stopped = true;
      service.close();
    }
  }

  @Override
  public void close() {
    stopService();
    if (drainedStore != null) {
      drainedStore.close();
    }
    jira.close();
    snow.close();
    snowSecret.close();
    duo.close();
  }
}
