package com.helpdeskverify.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The files in deploy/ do what their comments promise. */
class DeployFilesTest {
  private static final Path DEPLOY =
      Path.of(System.getProperty("user.dir")).resolveSibling("deploy");

  private static String read(String file) throws IOException {
    return Files.readString(DEPLOY.resolve(file), StandardCharsets.UTF_8);
  }

  /** The HEALTHCHECK's command, as the exec array Docker runs. */
  private static List<String> healthCheck() throws IOException {
    Matcher m = Pattern.compile("(?m)^HEALTHCHECK .*? CMD (\\[.*])$").matcher(read("Dockerfile"));
    assertThat(m.find()).as("Dockerfile has a HEALTHCHECK in exec form").isTrue();
    List<String> command = new ArrayList<>();
    new ObjectMapper().readTree(m.group(1)).forEach(n -> command.add(n.asText()));
    return command;
  }

  /** Runs the health check against {@code port} instead of 8080; its exit code. */
  private static int runHealthCheck(int port) throws Exception {
    List<String> command = new ArrayList<>(healthCheck());
    int last = command.size() - 1;
    command.set(last, command.get(last).replace("/8080", "/" + port));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).as("health check finished").isTrue();
    return p.exitValue();
  }

  private static HttpServer healthz(int status) throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/healthz",
        exchange -> {
          byte[] body = (status == 200 ? "ok" : "not ok").getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(status, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    return server;
  }

  @Test
  void healthCheckRunsInBashBecauseTheImagesShellHasNoDevTcp() throws Exception {
    assertThat(healthCheck().get(0)).isEqualTo("bash");
  }

  @Test
  void healthCheckPassesWhenHealthzAnswers200() throws Exception {
    HttpServer server = healthz(200);
    try {
      assertThat(runHealthCheck(server.getAddress().getPort())).isZero();
    } finally {
      server.stop(0);
    }
  }

  @Test
  void healthCheckFailsWhenHealthzAnswersAnError() throws Exception {
    HttpServer server = healthz(503);
    try {
      assertThat(runHealthCheck(server.getAddress().getPort())).isNotZero();
    } finally {
      server.stop(0);
    }
  }

  @Test
  void healthCheckFailsWhenNothingListens() throws Exception {
    HttpServer server = healthz(200);
    int port = server.getAddress().getPort();
    server.stop(0);

    assertThat(runHealthCheck(port)).isNotZero();
  }

  @Test
  void systemdCountsTheJvmsExitOnSigtermAsACleanStop() throws IOException {
    assertThat(read("helpdesk-verify.service")).containsPattern("(?m)^SuccessExitStatus=143$");
  }

  @Test
  void bothDeploymentsRunTheJvmWithTheSameMeasuredFlags() throws IOException {
    Matcher systemd =
        Pattern.compile("(?m)^ExecStart=/usr/bin/java (.*?) -jar ")
            .matcher(read("helpdesk-verify.service"));

    assertThat(systemd.find()).as("systemd unit runs java ... -jar").isTrue();
    assertThat(List.of(systemd.group(1).split(" "))).isEqualTo(jvmFlags());
  }

  @Test
  void theUnitSetsTheImagesEnvironment() throws IOException {
    // MALLOC_ARENA_MAX is part of the measured footprint (BENCHMARKS.md, "Direct buffers the
    // workers kept"); kubernetes.yml runs the image and inherits it.
    Map<String, String> image = pairs("(?m)^ENV (\\S+)=(\\S+)$", read("Dockerfile"));
    assertThat(image).containsEntry("MALLOC_ARENA_MAX", "2");
    assertThat(pairs("(?m)^Environment=(\\S+)=(\\S+)$", read("helpdesk-verify.service")))
        .isEqualTo(image);
  }

  private static Map<String, String> pairs(String regex, String text) {
    Map<String, String> pairs = new TreeMap<>();
    Matcher m = Pattern.compile(regex).matcher(text);
    while (m.find()) {
      pairs.put(m.group(1), m.group(2));
    }
    return pairs;
  }

  @Test
  void theImageBoundsHeapStacksMetaspaceAndCodeCacheAndExitsOnOutOfMemory() throws IOException {
    // Each bound is part of the footprint measured in BENCHMARKS.md (Footprint); without one of
    // them RSS grows past what the memory limits in the deploy files allow.
    assertThat(jvmFlags())
        .anyMatch(f -> f.matches("-Xmx\\d+m"))
        // The old generation's room above the live set at that bound (BENCHMARKS.md, "Push
        // watches held by their node").
        .anyMatch(f -> f.matches("-Xmn\\d+m"))
        .anyMatch(f -> f.matches("-Xss\\d+k"))
        .anyMatch(f -> f.matches("-XX:MaxMetaspaceSize=\\d+m"))
        .anyMatch(f -> f.matches("-XX:ReservedCodeCacheSize=\\d+m"))
        .contains("-XX:+ExitOnOutOfMemoryError");
  }

  @Test
  void theImageCompilesWithC2Alone() throws IOException {
    // C1's profiled tier took 22 MiB of code cache and 30-40 MiB of RSS (BENCHMARKS.md, "A JIT
    // without C1"); with it RSS with 10,000 open cases over TLS is over issue 18's 256 MiB even
    // with PostgreSQL at kubernetes.yml's bound.
    assertThat(jvmFlags()).contains("-XX:-TieredCompilation");
  }

  /** The flags between {@code java} and {@code -jar} of the image's entrypoint. */
  static List<String> jvmFlags() throws IOException {
    Matcher m = Pattern.compile("(?m)^ENTRYPOINT (\\[.*])$").matcher(read("Dockerfile"));
    assertThat(m.find()).as("Dockerfile has an exec-form ENTRYPOINT").isTrue();
    List<String> entrypoint = new ArrayList<>();
    new ObjectMapper().readTree(m.group(1)).forEach(n -> entrypoint.add(n.asText()));
    assertThat(entrypoint.get(0)).isEqualTo("java");
    int jar = entrypoint.indexOf("-jar");
    assertThat(jar).as("-jar in the entrypoint").isPositive();
    return entrypoint.subList(1, jar);
  }

  @Test
  void theUnitWaitsLongerThanRunsStopTimeout() throws IOException {
    Matcher unit =
        Pattern.compile("(?m)^TimeoutStopSec=(\\d+)$").matcher(read("helpdesk-verify.service"));
    assertThat(unit.find()).isTrue();
    // run's --stop-timeout default (8 s) plus closing the store stays inside the unit's grace.
    assertThat(Integer.parseInt(unit.group(1))).isGreaterThan(8);
  }

  /**
   * The series the service exports, as its own metrics registry names them on an empty store (the
   * text format leaves out a metric until it has a series).
   */
  private static java.util.Set<String> exportedMetrics() {
    try (com.helpdeskverify.testkit.TestDatabase db =
        com.helpdeskverify.testkit.TestDatabase.h2()) {
      com.helpdeskverify.core.store.CaseStore store =
          com.helpdeskverify.core.store.CaseStore.migrate(db.dataSource());
      return new com.helpdeskverify.scheduler.http.ServiceMetrics(
              store,
              new com.helpdeskverify.core.store.AuditTrail(db.dataSource()),
              java.time.Clock.systemUTC())
          .sampleNames();
    }
  }

  private static java.util.Set<String> named(String text) {
    java.util.Set<String> names = new java.util.TreeSet<>();
    Matcher m = Pattern.compile("\\bhv_[a-z_]+").matcher(text);
    while (m.find()) {
      names.add(m.group());
    }
    return names;
  }

  @Test
  void everyDashboardQueryNamesASeriesTheServiceExports() throws IOException {
    com.fasterxml.jackson.databind.JsonNode dashboard =
        new ObjectMapper().readTree(read("grafana-dashboard.json"));
    StringBuilder queries = new StringBuilder();
    dashboard
        .get("panels")
        .forEach(p -> p.get("targets").forEach(t -> queries.append(t.get("expr").asText())));

    assertThat(named(queries.toString())).isNotEmpty().isSubsetOf(exportedMetrics());
  }

  @Test
  void everyAlertRuleNamesASeriesTheServiceExports() throws IOException {
    java.util.Map<String, Object> rules =
        new org.yaml.snakeyaml.Yaml().load(read("prometheus-alerts.yml"));
    StringBuilder exprs = new StringBuilder();
    for (Object group : (List<?>) rules.get("groups")) {
      for (Object rule : (List<?>) ((java.util.Map<?, ?>) group).get("rules")) {
        java.util.Map<?, ?> r = (java.util.Map<?, ?>) rule;
        assertThat(r.get("alert")).as("every rule is an alert").isNotNull();
        assertThat(r.get("annotations")).as(r.get("alert") + " says what to do").isNotNull();
        exprs.append(r.get("expr")).append('\n');
      }
    }

    assertThat(named(exprs.toString())).isNotEmpty().isSubsetOf(exportedMetrics());
  }
}
