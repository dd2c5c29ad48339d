package com.helpdeskverify.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import com.helpdeskverify.simulators.SimulatedDuo;
import com.helpdeskverify.simulators.SimulatedJiraDataCenter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * check-config against a Jira Data Center site: it passes as {@code jira-datacenter} with a
 * personal access token, and explains a Cloud configuration of it from {@code serverInfo}.
 */
class CheckConfigAgainstSimulatedJiraDataCenterTest {
  @TempDir Path dir;
  private SimulatedJiraDataCenter jira;
  private SimulatedDuo duo;

  @BeforeEach
  void start() throws Exception {
    jira = new SimulatedJiraDataCenter(Clock.systemUTC(), ZoneOffset.UTC);
    duo = new SimulatedDuo(Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    jira.close();
    duo.close();
  }

  private String checkConfig(String jiraSection) throws Exception {
    Path config = dir.resolve("hv.yml");
    Files.writeString(
        config,
        """
        data-dir: %s
        ticket-systems:
          jira:
            provider: duo
            base-url: %s
        %s
            jql-scope: project = HD
            comment-api: platform
            execute-transition: Execute
            reject-transition: Reject
            escalate-transition: Escalate
            max-attempts: 1
        providers:
          duo:
            type: duo
            base-url: %s
            integration-key: DIDATACENTER00000000
            secret-key: not-a-real-secret
        """
            .formatted(dir, jira.baseUrl(), jiraSection.indent(4).stripTrailing(), duo.baseUrl()));
    StringWriter out = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out));
    int exit = cli.execute("check-config", "--config", config.toString());
    return exit + "\n" + out;
  }

  @Test
  void dataCenterWithAPersonalAccessTokenPasses() throws Exception {
    String result =
        checkConfig(
            "type: jira-datacenter\nauth: pat\npersonal-access-token: "
                + SimulatedJiraDataCenter.SERVICE_PAT);

    assertThat(result).startsWith("0\n").containsPattern("ticket system jira +ok");
  }

  @Test
  void dataCenterWithUserNameAndPasswordPasses() throws Exception {
    String result =
        checkConfig(
            "type: jira-datacenter\nauth: basic\nusername: "
                + SimulatedJiraDataCenter.SERVICE_USER
                + "\npassword: "
                + SimulatedJiraDataCenter.SERVICE_PASSWORD);

    assertThat(result).startsWith("0\n").containsPattern("ticket system jira +ok");
  }

  @Test
  void aDataCenterSiteConfiguredAsCloudIsExplainedFromServerInfo() throws Exception {
    String result =
        checkConfig(
            "type: jira-cloud\nemail: "
                + SimulatedJiraDataCenter.SERVICE_USER
                + "\napi-token: "
                + SimulatedJiraDataCenter.SERVICE_PASSWORD);

    assertThat(result)
        .startsWith("1\n")
        .containsPattern(
            "ticket system jira +failing: .*Jira Server / Data Center \\(serverInfo"
                + " deploymentType Server\\).*type: jira-datacenter")
        .doesNotContain(SimulatedJiraDataCenter.SERVICE_PASSWORD);
  }

  @Test
  void cloudOnlySettingsOnDataCenterAreRefusedAtStartNamingTheAlternatives() throws Exception {
    String result =
        checkConfig("type: jira-datacenter\nauth: api-token\nemail: hv\napi-token: secret-value");

    assertThat(result)
        .startsWith("2\nConfiguration is not valid:")
        .contains("ticket-systems.jira.auth: api-token is Jira Cloud only")
        .contains("ticket-systems.jira.email: Jira Cloud only")
        .doesNotContain("secret-value");
  }
}
