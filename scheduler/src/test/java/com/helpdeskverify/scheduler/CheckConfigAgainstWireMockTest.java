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

  private String checkConfig(WireMockRuntimeInfo wm) throws Exception {
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
            .formatted(dir, wm.getHttpBaseUrl(), wm.getHttpBaseUrl()));
    StringWriter out = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out));
    int exit = cli.execute("check-config", "--config", config.toString());
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
}
