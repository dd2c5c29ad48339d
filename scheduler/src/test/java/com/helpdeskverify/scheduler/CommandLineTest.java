package com.helpdeskverify.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CommandLineTest {

  private record Run(int exitCode, String out, String err) {}

  private static Run run(String... args) {
    CommandLine cli = Main.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void helpListsTheSubcommands() {
    Run r = run("--help");

    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("Usage: helpdesk-verify").contains("demo");
  }

  @Test
  void unknownSubcommandFailsWithUsage() {
    Run r = run("frobnicate");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("Unmatched argument").contains("frobnicate");
  }

  @Test
  void checkConfigReportsEachSystemAndProvider(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("hv.yml");
    java.nio.file.Files.writeString(config, ConnectorServiceTest.config(dir, "desk", "push", ""));

    Run r = run("check-config", "--config", config.toString());

    assertThat(r.exitCode()).as(r.out()).isZero();
    assertThat(r.out())
        .contains(config + ": valid")
        .containsPattern("store +ok")
        .containsPattern("ticket system desk +ok")
        .containsPattern("provider push +not checked: push offers no connection check")
        .contains("All checks passed.");
  }

  @Test
  void checkConfigListsEveryProblemOfAnInvalidFile(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("hv.yml");
    java.nio.file.Files.writeString(
        config,
        "ticket-systems:\n  desk:\n    type: simulated\n    provider: nope\n    scan-interval: soon\n");

    Run r = run("check-config", "--config", config.toString());

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.out())
        .contains("Configuration is not valid:")
        .contains(
            "ticket-systems.desk.scan-interval: expected a duration such as 30s, 5m, 2h or PT30S, got 'soon'");
  }

  @Test
  void checkConfigNamesTheFactoriesOwnRulesOfThreeSectionsInOneRunWithoutAStackTrace(
      @TempDir Path dir) throws Exception {
    Path config = dir.resolve("hv.yml");
    java.nio.file.Files.writeString(
        config,
        """
        data-dir: %s
        ticket-systems:
          jira:
            type: jira-cloud
            providers: [okta, duo-admin]
            base-url: https://acme.atlassian.net
            email: hv@acme.example
            api-token: not-a-real-token
            execute-transition: Verified
            reject-transition: Decline
            escalate-transition: Escalate
            email-source: atlassian-admin
        providers:
          okta:
            type: okta-verify
            base-url: https://example.okta.com
            api-token: not-a-real-token
            username-from: email-local-part
          duo-admin:
            type: duo-verification-push
            base-url: https://api-12345678.duosecurity.com
            integration-key: DIXXXXXXXXXXXXXXXXXX
            secret-key: not-a-real-key
            push-timeout: 2m
        """
            .formatted(dir));

    Run r = run("check-config", "--config", config.toString());

    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(2);
    assertThat(r.out())
        .contains("Configuration is not valid:")
        .contains("providers.okta.email-domains: required when username-from is email-local-part")
        .contains("providers.duo-admin.push-timeout: must be shorter than 120s")
        .contains(
            "ticket-systems.jira.admin-api-key: required when email-source is atlassian-admin")
        .doesNotContain(config + ": valid")
        .doesNotContain("Exception");
    assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void demoRunsTheServiceOverHttpAgainstServiceNowJiraAndDuoReachingEveryOutcome(
      @TempDir Path dir) {
    Run r = run("demo", "--data-dir", dir.toString(), "--push-timeout", "PT4S");

    assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    assertThat(r.out())
        .contains("ServiceNow: http://127.0.0.1:")
        .contains("Duo:        http://127.0.0.1:")
        .containsPattern("INC0010001 +Alice +CREDENTIAL_RESET +EXECUTE \\(approved\\) +state 2")
        .containsPattern("INC0010002 +Bob +MFA_RESET +REJECTED \\(DENIED\\) +state 6")
        .containsPattern("INC0010003 +Carol +ACCOUNT_UNLOCK +REJECTED \\(TIMED_OUT\\) +state 6")
        .containsPattern(
            "INC0010004 +Dave +PRIVILEGE_CHANGE +ESCALATED \\(NO_ENROLLED_DEVICE\\) +state 2, reassigned")
        .containsPattern("INC0010005 +Erin +not sensitive +no verification needed +state 1")
        .containsPattern("HD-1 +Frank +ACCESS_GRANT +EXECUTE \\(approved\\) +status In Progress")
        .containsPattern("HD-2 +Grace +MFA_RESET +REJECTED \\(DENIED\\) +status Rejected")
        .containsPattern(
            "HD-3 +Heidi +not sensitive +no verification needed +status Waiting for support")
        .containsPattern("INC0010006 +Judy +CREDENTIAL_RESET +EXECUTE \\(approved\\) +state 2")
        .containsPattern("HD-4 +Liam +not sensitive +no verification needed")
        .containsPattern("HD-5 +Kim +IDENTITY_CHECK +EXECUTE \\(approved\\) +status In Progress")
        .contains("helpdesk-verify is prompting Judy")
        .contains("helpdesk\\-verify is prompting Kim")
        .contains("but it shows signs of a sensitive request")
        .contains("in INC0010001; deny it otherwise. The prompt expires after 4 seconds.")
        .contains("Jira:       http://127.0.0.1:")
        // Judy's and Kim's pushes join the five; the agent Ivan is never pushed.
        .contains("Duo pushes sent: 7")
        .contains("Done in");
    assertThat(dir.resolve("helpdesk-verify.mv.db")).exists();
  }
}
