package com.helpdeskverify.scheduler;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** check-config connects to Jira and Duo as configured (WireMock stands in for both). */
@WireMockTest
class CheckConfigAgainstWireMockTest {
  @TempDir Path dir;

  private String checkConfig(WireMockRuntimeInfo wm, String... options) throws Exception {
    return checkConfig(wm.getHttpBaseUrl(), wm.getHttpBaseUrl(), options);
  }

  private String checkConfig(String jiraUrl, String duoUrl, String... options) throws Exception {
    Path config = dir.resolve("hv.yml");
    Files.writeString(
        config,
        """
        data-dir: %s
        ticket-systems:
          jira:
            type: jira-cloud
            provider: duo
            base-url: %s
            email: hv@example.com
            api-token: not-a-real-token
            jql-scope: project = HD
            execute-transition: Execute
            reject-transition: Reject
            escalate-transition: Escalate
            max-attempts: 1
        providers:
          duo:
            type: duo
            base-url: %s
            integration-key: DIWIREMOCK0000000000
            secret-key: not-a-real-secret
        """
            .formatted(dir, jiraUrl, duoUrl));
    StringWriter out = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out));
    java.util.List<String> args =
        new java.util.ArrayList<>(java.util.List.of("check-config", "--config", config.toString()));
    args.addAll(java.util.List.of(options));
    int exit = cli.execute(args.toArray(String[]::new));
    return exit + "\n" + out;
  }

  @Test
  void everySystemAndProviderThatAnswersIsOk(WireMockRuntimeInfo wm) throws Exception {
    wm.getWireMock()
        .register(
            get(urlPathEqualTo("/rest/api/3/myself"))
                .willReturn(okJson("{\"accountId\":\"5b10\"}")));
    wm.getWireMock()
        .register(
            get(urlPathEqualTo("/auth/v2/check"))
                .willReturn(okJson("{\"stat\":\"OK\",\"response\":{\"time\":1}}")));

    String result = checkConfig(wm);

    assertThat(result)
        .startsWith("0\n")
        .containsPattern("store +ok")
        .containsPattern("ticket system jira +ok")
        .containsPattern("provider duo +ok")
        .contains("All checks passed.");
  }

  @Test
  void refusedCredentialsAreReportedWithTheReasonAndNoSecret(WireMockRuntimeInfo wm)
      throws Exception {
    wm.getWireMock()
        .register(
            get(urlPathEqualTo("/rest/api/3/myself")).willReturn(aResponse().withStatus(401)));
    wm.getWireMock()
        .register(
            get(urlPathEqualTo("/auth/v2/check"))
                .willReturn(okJson("{\"stat\":\"OK\",\"response\":{\"time\":1}}")));

    String result = checkConfig(wm);

    assertThat(result)
        .startsWith("1\n")
        .containsPattern("ticket system jira +failing: .*HTTP 401.*check the credentials")
        .containsPattern("provider duo +ok")
        .contains("Some checks failed.")
        .doesNotContain("not-a-real-token")
        .doesNotContain("not-a-real-secret");
  }

  @Test
  void aSystemThatDoesNotAnswerIsReportedAfterTheTimeoutWhileTheOthersAreChecked(
      WireMockRuntimeInfo wm) throws Exception {
    wm.getWireMock()
        .register(
            get(urlPathEqualTo("/rest/api/3/myself"))
                .willReturn(okJson("{\"accountId\":\"5b10\"}").withFixedDelay(20_000)));
    wm.getWireMock()
        .register(
            get(urlPathEqualTo("/auth/v2/check"))
                .willReturn(okJson("{\"stat\":\"OK\",\"response\":{\"time\":1}}")));

    String result = checkConfig(wm, "--timeout", "5s");

    assertThat(result)
        .startsWith("1\n")
        .contains("checking 3 connection(s) at once, at most 5s each")
        .containsPattern("ticket system jira +failing: no answer within 5 s")
        .contains("hint: the host may be unreachable")
        .containsPattern("provider duo +ok");
  }

  @Test
  void anUnknownHostIsExplainedInPlainWords(WireMockRuntimeInfo wm) throws Exception {
    wm.getWireMock()
        .register(
            get(urlPathEqualTo("/auth/v2/check"))
                .willReturn(okJson("{\"stat\":\"OK\",\"response\":{\"time\":1}}")));

    String result = checkConfig("https://jira.invalid", wm.getHttpBaseUrl());

    assertThat(result)
        .startsWith("1\n")
        .containsPattern("ticket system jira +failing: ")
        .contains("the host name is not known (DNS)")
        .contains("hint: check the host name in the URL")
        .doesNotContain("Exception");
  }

  @Test
  void jsonReportsEveryCheckInOneObject(WireMockRuntimeInfo wm) throws Exception {
    wm.getWireMock()
        .register(
            get(urlPathEqualTo("/rest/api/3/myself")).willReturn(aResponse().withStatus(401)));
    wm.getWireMock()
        .register(
            get(urlPathEqualTo("/auth/v2/check"))
                .willReturn(okJson("{\"stat\":\"OK\",\"response\":{\"time\":1}}")));

    String result = checkConfig(wm, "--format", "json");

    assertThat(result).startsWith("1\n");
    com.fasterxml.jackson.databind.JsonNode report =
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(result.substring(2));
    assertThat(report.get("ok").asBoolean()).isFalse();
    assertThat(report.get("checks").findValuesAsText("name"))
        .containsExactly("store", "ticket system jira", "provider duo");
    // This test's file writes Duo's secret key inline: valid, with the warning.
    assertThat(report.get("warnings").get(0).asText())
        .startsWith("providers.duo.secret-key: a secret written into the configuration file");
    assertThat(report.get("checks").get(1).get("status").asText()).isEqualTo("failing");
    assertThat(report.get("checks").get(1).get("hint").asText()).contains("credentials");
  }
}
