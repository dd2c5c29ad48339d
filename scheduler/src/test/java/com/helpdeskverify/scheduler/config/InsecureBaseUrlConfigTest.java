package com.helpdeskverify.scheduler.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.helpdeskverify.core.config.ConfigException;
import org.junit.jupiter.api.Test;

/** The real factories' URLs, read by the standard loader: credentials never go out in clear. */
class InsecureBaseUrlConfigTest {
  private static String yaml(String jiraUrl, String duoUrl, String jiraExtra) {
    return """
        node-id: n
        data-dir: /tmp/hv-insecure-url-test
        ticket-systems:
          jira:
            type: jira-cloud
            provider: duo
            base-url: %s
            email: hv@example.com
            api-token: test-token
            jql-scope: project = HD
            execute-transition: Execute
            reject-transition: Reject
            escalate-transition: Escalate
        %s
        providers:
          duo:
            type: duo
            base-url: %s
            integration-key: DIHOSTILE00000000000
            secret-key: test-secret-key
        """
        .formatted(jiraUrl, jiraExtra, duoUrl);
  }

  @Test
  void plainHttpToRemoteHostsFailsAtStartNamingEveryYamlPath() {
    assertThatThrownBy(
            () ->
                ConfigLoader.standard()
                    .parse(
                        yaml("http://acme.atlassian.net", "http://api-1.duosecurity.com", ""), "t"))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .anySatisfy(
                        p -> assertThat(p).startsWith("ticket-systems.jira.base-url: http://"))
                    .anySatisfy(p -> assertThat(p).startsWith("providers.duo.base-url: http://")));
  }

  @Test
  void loopbackSimulatorsAndAnExplicitSwitchStillLoad() {
    ServiceConfig config =
        ConfigLoader.standard()
            .parse(
                yaml(
                    "http://jira.lab.example",
                    "http://127.0.0.1:9/",
                    "    allow-insecure-http: true"),
                "t");

    assertThat(config.ticketSystems().get(0).settings().url("base-url").getHost())
        .isEqualTo("jira.lab.example");
  }
}
