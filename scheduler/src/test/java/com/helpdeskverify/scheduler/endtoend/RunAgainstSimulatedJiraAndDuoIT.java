package com.helpdeskverify.scheduler.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import com.helpdeskverify.simulators.SimulatedDuo;
import com.helpdeskverify.simulators.SimulatedDuo.Answer;
import com.helpdeskverify.simulators.SimulatedJira;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar's {@code run}, as admins start it, against Jira Service Management and Duo
 * simulated over HTTP: tickets filed while it runs reach every outcome, and SIGTERM stops it
 * cleanly.
 */
class RunAgainstSimulatedJiraAndDuoIT {
  @TempDir Path dir;

  @Test
  void runVerifiesJiraTicketsThroughDuoAndStopsCleanlyOnSigterm() throws Exception {
    Clock clock = Clock.systemUTC();
    try (SimulatedJira jira = new SimulatedJira(clock);
        SimulatedDuo duo = new SimulatedDuo(clock)) {
      Path config = dir.resolve("config.yml");
      Files.writeString(
          config,
          """
          node-id: it
          data-dir: %s
          http:
            bind: 127.0.0.1
            port: 0
          scheduler:
            advance-interval: 200ms
          workflow:
            poll-interval: 500ms
            retry-base: 500ms
            retry-max: 5s
          ticket-systems:
            jira:
              type: jira-cloud
              provider: duo
              scan-interval: 500ms
              base-url: %s
              email: hv@example.com
              api-token: ${JIRA_TOKEN}
              jql-scope: project = HD AND status = "Waiting for support"
              execute-transition: Execute
              reject-transition: Reject
              escalate-transition: Escalate
          providers:
            duo:
              type: duo
              base-url: %s
              integration-key: DIIT00000000000000AA
              secret-key: ${DUO_SKEY}
              push-timeout: 4s
          """
              .formatted(dir.resolve("data"), jira.baseUrl(), duo.baseUrl()));
      ProcessBuilder builder =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-jar",
                  System.getProperty("hv.jar"),
                  "run",
                  "--config",
                  config.toString())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("service.log").toFile());
      builder.environment().put("JIRA_TOKEN", "it-token");
      builder.environment().put("DUO_SKEY", "it-secret-key");
      Process service = builder.start();
      try {
        await("the service to start", () -> log().contains("helpdesk-verify running as it"));
        Thread.sleep(1000);
        duo.user("ann@example.com", Answer.APPROVE, 500);
        duo.user("ben@example.com", Answer.DENY, 500);
        duo.user("cem@example.com", Answer.IGNORE, 0);
        duo.user("dia@example.com", Answer.NO_DEVICE, 0);
        String approved =
            jira.file(
                "acc-ann",
                "Ann",
                "ann@example.com",
                "Password reset",
                "Forgot my password, please reset it.");
        String denied =
            jira.file(
                "acc-ben",
                "Ben",
                "ben@example.com",
                "MFA reset",
                "New phone, please reset my MFA.");
        String timedOut =
            jira.file(
                "acc-cem",
                "Cem",
                "cem@example.com",
                "Unlock",
                "My account is locked, please unlock it.");
        String noDevice =
            jira.file(
                "acc-dia", "Dia", "dia@example.com", "Admin rights", "I need local admin rights.");
        String harmless =
            jira.file("acc-eve", "Eve", "eve@example.com", "Printer", "The printer jams.");

        // A ticket is moved before its outcome comment is posted: wait for both.
        await(
            "every ticket to be moved on and its outcome posted",
            () ->
                jira.status(approved).equals("In Progress")
                    && jira.status(denied).equals("Rejected")
                    && jira.status(timedOut).equals("Rejected")
                    && jira.status(noDevice).equals("Escalated")
                    && jira.comments(approved).size() >= 3
                    && jira.comments(denied).size() >= 2
                    && jira.comments(timedOut).size() >= 2
                    && jira.comments(noDevice).size() >= 2);
        assertThat(jira.status(harmless)).isEqualTo("Waiting for support");
        assertThat(jira.comments(harmless)).isEmpty();
        assertThat(jira.comments(noDevice))
            .extracting(c -> c[0])
            .containsExactly("internal", "public");
        assertThat(duo.pushCount()).isEqualTo(3);
        // The notice and the outcome for the requester; the approved one also the verified-account
        // note for the technician.
        assertThat(jira.comments(approved)).hasSize(3);
        for (String key : List.of(denied, timedOut)) {
          assertThat(jira.comments(key)).hasSize(2);
        }

        // The operator asks from another process while the service holds the embedded store.
        String shown = cases(config, "show", approved);
        assertThat(shown)
            .contains(approved)
            .contains("-> CHALLENGED")
            .contains("-> EXECUTE_REQUESTED");
        assertThat(cases(config, "list", "--outcome", "NO_ENROLLED_DEVICE"))
            .contains(noDevice)
            .contains("1 case(s)");
        // The service's own log names each state change with the ticket.
        assertThat(log()).contains(approved + " [jira] case").contains("-> EXECUTE_REQUESTED");
      } finally {
        service.destroy(); // SIGTERM
        assertThat(service.waitFor(60, TimeUnit.SECONDS)).as("stopped after SIGTERM").isTrue();
      }
      assertThat(log())
          .doesNotContain("it-secret-key")
          .doesNotContain("it-token")
          .doesNotContain("Exception");
    }
  }

  private static String cases(Path config, String... args) throws Exception {
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                System.getProperty("hv.jar"),
                "cases"));
    command.addAll(List.of(args));
    command.addAll(List.of("--config", config.toString()));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out =
        new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  private String log() {
    try {
      return Files.readString(dir.resolve("service.log"));
    } catch (java.io.IOException e) {
      return "";
    }
  }

  private static void await(String what, Supplier<Boolean> condition) throws InterruptedException {
    Instant giveUp = Instant.now().plusSeconds(60);
    while (!condition.get()) {
      if (Instant.now().isAfter(giveUp)) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(100);
    }
  }
}
