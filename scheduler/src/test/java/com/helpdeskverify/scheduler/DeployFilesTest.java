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
  void bothDeploymentsBoundTheHeapAlike() throws IOException {
    Matcher docker = Pattern.compile("\"(-Xmx\\w+)\"").matcher(read("Dockerfile"));
    Matcher systemd = Pattern.compile(" (-Xmx\\w+) ").matcher(read("helpdesk-verify.service"));

    assertThat(docker.find()).as("Dockerfile sets -Xmx").isTrue();
    assertThat(systemd.find()).as("systemd unit sets -Xmx").isTrue();
    assertThat(systemd.group(1)).isEqualTo(docker.group(1));
  }

  @Test
  void theUnitWaitsLongerThanRunsStopTimeout() throws IOException {
    Matcher unit =
        Pattern.compile("(?m)^TimeoutStopSec=(\\d+)$").matcher(read("helpdesk-verify.service"));
    assertThat(unit.find()).isTrue();
    // run's --stop-timeout default (8 s) plus closing the store stays inside the unit's grace.
    assertThat(Integer.parseInt(unit.group(1))).isGreaterThan(8);
  }
}
