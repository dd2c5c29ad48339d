package com.helpdeskverify.scheduler.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.helpdeskverify.core.SensitiveOperation;
import com.helpdeskverify.core.config.ConfigException;
import com.helpdeskverify.scheduler.SimulatedFactories;
import com.helpdeskverify.testkit.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  private final ConfigLoader loader =
      new ConfigLoader(
          Map.of("DESK_LABEL", "EU desk", "PUSH_SECRET", "s3cret"),
          List.of(new SimulatedFactories.Tickets()),
          List.of(new SimulatedFactories.Push()));

  private static final String VALID =
      """
      node-id: node-a
      data-dir: /var/lib/hv
      scheduler:
        workers: 3
      workflow:
        poll-interval: 2s
      messages:
        executed: "Done: {operation}"
      classifier:
        extra-phrases:
          access-grant: ["SAP role"]
      ticket-systems:
        desk-eu:
          type: simulated
          provider: push
          scan-interval: 15s
          label: ${DESK_LABEL}
      providers:
        push:
          type: simulated-push
          webhook-secret: ${PUSH_SECRET}
          timeout: ${PUSH_TIMEOUT:-3m}
      """;

  @Test
  void embeddedStoreWritesEveryCommitToItsFileAtOnceSoAKilledProcessForgetsNothing(
      @TempDir Path dir) throws Exception {
    ServiceConfig c =
        loader.parse(VALID.replace("data-dir: /var/lib/hv", "data-dir: " + dir), "test.yml");

    try (Connection conn = DriverManager.getConnection(c.store().url())) {
      assertThat(TestDatabase.h2Setting(conn, "WRITE_DELAY")).isEqualTo("0");
    }
  }

  private List<String> problems(String yaml) {
    try {
      loader.parse(yaml, "test.yml");
    } catch (ConfigException e) {
      return e.problems();
    }
    throw new AssertionError("expected configuration problems");
  }

  @Test
  void validFileGivesEverySectionWithDefaultsAndEnvironmentValues() {
    ServiceConfig c = loader.parse(VALID, "test.yml");

    assertThat(c.nodeId()).isEqualTo("node-a");
    assertThat(c.store().url()).isEqualTo("jdbc:h2:file:/var/lib/hv/helpdesk-verify;WRITE_DELAY=0");
    assertThat(c.store().postgres()).isFalse();
    assertThat(c.scheduling().workers()).isEqualTo(3);
    assertThat(c.scheduling().maxWorkers()).isEqualTo(32);
    assertThat(c.scheduling().clustered()).isFalse();
    assertThat(c.http().port()).isEqualTo(8080);
    assertThat(c.workflow().pollInterval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.workflow().claim()).isEqualTo(Duration.ofMinutes(2));
    assertThat(c.workflow().approvalMaxAge()).isEqualTo(Duration.ofMinutes(15));
    assertThat(c.classifierPhrases())
        .containsEntry(SensitiveOperation.ACCESS_GRANT, List.of("SAP role"));
    ServiceConfig.TicketSystemSettings desk = c.ticketSystems().get(0);
    assertThat(desk.id()).isEqualTo("desk-eu");
    assertThat(desk.provider()).isEqualTo("push");
    assertThat(desk.scanInterval()).isEqualTo(Duration.ofSeconds(15));
    assertThat(desk.settings().string("label")).isEqualTo("EU desk");
    ServiceConfig.ProviderSettings push = c.providers().get(0);
    assertThat(push.settings().secret("webhook-secret").reveal()).isEqualTo("s3cret");
    assertThat(push.settings().duration("timeout")).isEqualTo(Duration.ofMinutes(3));
  }

  @Test
  void aSecretWrittenIntoTheFileWorksButIsWarnedOfWithoutItsValue() {
    assertThat(loader.parse(VALID, "test.yml").warnings()).isEmpty();

    ServiceConfig c = loader.parse(VALID.replace("${PUSH_SECRET}", "hunter2-inline"), "test.yml");

    assertThat(c.warnings())
        .singleElement()
        .satisfies(
            w ->
                assertThat(w)
                    .startsWith("providers.push.webhook-secret: a secret written into the")
                    .contains("${ENV_VAR}")
                    .doesNotContain("hunter2"));
  }

  @Test
  void aStorePasswordInTheFileIsWarnedOfAndOneFromTheEnvironmentIsNot() {
    String store = VALID + "store:\n  url: jdbc:postgresql://db:5432/hv\n  password: %s\n";
    assertThat(loader.parse(store.formatted("plain-text"), "test.yml").warnings())
        .singleElement()
        .asString()
        .startsWith("store.password: ");
    assertThat(loader.parse(store.formatted("x-${PUSH_SECRET}"), "test.yml").warnings()).isEmpty();
  }

  @Test
  void approvalMaxAgeIsTakenFromTheWorkflowSection() {
    ServiceConfig c =
        loader.parse(
            VALID.replace("  poll-interval: 2s", "  poll-interval: 2s\n  approval-max-age: 5m"),
            "test.yml");

    assertThat(c.workflow().approvalMaxAge()).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void missingEnvironmentVariableIsNamedWithItsPath() {
    assertThat(problems(VALID.replace("${PUSH_SECRET}", "${DUO_SKEY}")))
        .containsExactly("providers.push.webhook-secret: environment variable DUO_SKEY is not set");
  }

  @Test
  void doubleDollarIsALiteral() {
    ServiceConfig c = loader.parse(VALID.replace("${DESK_LABEL}", "'$${NOT_ENV}'"), "t");

    assertThat(c.ticketSystems().get(0).settings().string("label")).isEqualTo("${NOT_ENV}");
  }

  @Test
  void everyProblemOfEverySectionIsReportedAtOnce() {
    String yaml =
        """
        data-dir: ./d
        colour: blue
        store:
          url: jdbc:mysql://db/hv
        scheduler:
          clustered: maybe
        workflow:
          retry-base: 10m
          retry-max: 1m
        messages:
          notice: "Hi {name}"
        classifier:
          extra-phrases:
            passwords: ["x"]
        ticket-systems:
          Desk_EU:
            type: simulated
            provider: push
          desk-us:
            type: jira
            provider: push
          desk-apac:
            type: simulated
            provider: okta
            scan-cron: "every minute"
            scan-interval: 0s
            colour: red
        providers:
          push:
            type: simulated-push
            timeout: forever
          duo:
            secret: x
        """;

    assertThat(problems(yaml))
        .containsExactlyInAnyOrder(
            "colour: unknown setting; known are node-id, data-dir, store, scheduler, http, workflow, messages, classifier, ticket-systems, providers",
            "scheduler.clustered: expected true or false, got 'maybe'",
            "messages.notice: unknown placeholder {name}; this message offers {operation}, {provider}, {requester}, {ticket}, {timeout}",
            "classifier.extra-phrases.passwords: unknown category; known are CREDENTIAL_RESET, MFA_RESET, ACCOUNT_UNLOCK, ADMIN_ACCOUNT_CREATION, PRIVILEGE_CHANGE, ACCESS_GRANT",
            "providers.push.timeout: expected a duration such as 30s, 5m, 2h or PT30S, got 'forever'",
            "providers.duo.type: required; known types are simulated-push",
            "ticket-systems.Desk_EU: ids are lower-case letters, digits and dashes (at most 40), such as jira-eu",
            "ticket-systems.desk-us.type: unknown ticket system type 'jira'; known types are simulated",
            "ticket-systems.desk-apac.scan-interval: expected a positive duration, got '0s'",
            "store.url: expected jdbc:postgresql://host:5432/db or jdbc:h2:file:/path, got 'jdbc:mysql://db/hv'",
            "workflow: retryMax must not be shorter than retryBase");
  }

  @Test
  void providerReferenceCronAndUnknownTypeSettingsAreChecked() {
    String yaml =
        """
        ticket-systems:
          desk:
            type: simulated
            provider: okta
            scan-cron: "every minute"
            colour: red
        providers:
          push:
            type: simulated-push
        """;

    assertThat(problems(yaml))
        .containsExactly(
            "ticket-systems.desk.provider: no provider 'okta' is configured under providers; configured are push",
            "ticket-systems.desk.scan-cron: expected a Quartz cron expression such as '0 */2 * * * ?', got 'every minute'",
            "ticket-systems.desk.colour: unknown setting; known are label");
  }

  @Test
  void aFallbackChainOfProvidersIsReadInOrderAndTheFirstStartsEveryCase() {
    String yaml =
        VALID
            .replace("provider: push", "providers: [push, backup]")
            .replace(
                "providers:\n  push:", "providers:\n  backup:\n    type: simulated-push\n  push:");

    ServiceConfig c = loader.parse(yaml, "test.yml");

    assertThat(c.ticketSystems().get(0).providers()).containsExactly("push", "backup");
    assertThat(c.ticketSystems().get(0).provider()).isEqualTo("push");
  }

  @Test
  void theSingleProviderFormStillWorks() {
    ServiceConfig c = loader.parse(VALID, "test.yml");

    assertThat(c.ticketSystems().get(0).providers()).containsExactly("push");
  }

  @Test
  void aChainIsCheckedLikeASingleProvider() {
    String base =
        """
        ticket-systems:
          desk:
            type: simulated
            %s
        providers:
          push:
            type: simulated-push
        """;

    assertThat(problems(base.formatted("providers: [push, okta]")))
        .containsExactly(
            "ticket-systems.desk.providers: no provider 'okta' is configured under providers; configured are push");
    assertThat(problems(base.formatted("provider: push\n    providers: [push]")))
        .containsExactly("ticket-systems.desk: give provider or providers, not both");
    assertThat(problems(base.formatted("providers: [push, push]")))
        .containsExactly("ticket-systems.desk.providers: names a provider twice: [push, push]");
    assertThat(problems(base.formatted("scan-interval: 30s")))
        .containsExactly(
            "ticket-systems.desk.provider: required; the id of a push provider (or providers: [a, b] to try several in order)");
  }

  @Test
  void workersBetweenTheLeastAndTheMostTheBudgetsKeepBusy() {
    assertThat(
            loader
                .parse(VALID.replace("workers: 3", "workers: 40"), "test.yml")
                .scheduling()
                .maxWorkers())
        .as("unset, the most is 32 or the least if more")
        .isEqualTo(40);
    ServiceConfig.Scheduling fixed =
        loader
            .parse(VALID.replace("workers: 3", "workers: 8\n  max-workers: 8"), "test.yml")
            .scheduling();
    assertThat(fixed.workers()).isEqualTo(8);
    assertThat(fixed.maxWorkers()).isEqualTo(8);
    assertThat(problems(VALID.replace("workers: 3", "workers: 8\n  max-workers: 4")))
        .containsExactly(
            "scheduler.max-workers: 4 is fewer than scheduler.workers (8); set it to at least"
                + " that, or equal for a fixed number");
  }

  @Test
  void clusteringNeedsPostgres() {
    assertThat(problems(VALID.replace("scheduler:\n  workers: 3", "scheduler:\n  clustered: true")))
        .containsExactly(
            "scheduler.clustered: true needs a shared PostgreSQL store; set store.url to jdbc:postgresql://host:5432/database");
  }

  @Test
  void aFileWithoutTicketSystemsIsRefused() {
    assertThat(problems("providers: {}\n"))
        .containsExactly("ticket-systems: required; configure at least one ticket system to watch");
  }

  @Test
  void brokenYamlIsReportedWithItsPosition() {
    assertThat(problems("ticket-systems:\n  desk: [unclosed\n").get(0))
        .startsWith("test.yml: not valid YAML:")
        .contains("line");
  }

  @Test
  void yamlErrorsNameTheFileNotAStringAndStayOnOneLine() {
    String problem = problems("ticket-systems:\n  desk: [unclosed\n").get(0);

    assertThat(problem).doesNotContain("'string'").doesNotContain("\n");
  }

  @Test
  void twoSectionsWithOneIdAreRefusedRatherThanTheLastWinning() {
    String yaml =
        VALID.replace(
            "providers:", "  desk-eu:\n    type: simulated\n    provider: push\nproviders:");

    assertThat(problems(yaml).get(0)).startsWith("test.yml: not valid YAML:").contains("desk-eu");
  }

  @Test
  void aYamlErrorNeverQuotesTheLineWhichMayHoldASecret() {
    String duplicate = "store:\n  password: SuperSecret456\n  password: SuperSecret456\n";
    String unclosed = "store:\n  password: \"SuperSecret456\n";

    assertThat(problems(duplicate).get(0))
        .contains("duplicate key password")
        .contains("line 3")
        .doesNotContain("SuperSecret456");
    assertThat(problems(unclosed).get(0)).doesNotContain("SuperSecret456");
  }

  @Test
  void anUnclosedEnvironmentReferenceIsNamed() {
    assertThat(problems(VALID.replace("${PUSH_SECRET}", "${PUSH_SECRET")))
        .anyMatch(p -> p.startsWith("providers.push.webhook-secret: '${' without a closing '}'"));
  }

  @Test
  void aFactorysOwnRulesAcrossSettingsAreReportedWithEveryOtherProblem() {
    ConfigLoader strict =
        new ConfigLoader(
            Map.of("PUSH_SECRET", "s3cret"),
            List.of(
                new com.helpdeskverify.core.spi.TicketSystemFactory() {
                  private final SimulatedFactories.Tickets simulated =
                      new SimulatedFactories.Tickets();

                  @Override
                  public String type() {
                    return simulated.type();
                  }

                  @Override
                  public com.helpdeskverify.core.config.ConfigDef config() {
                    return simulated.config();
                  }

                  @Override
                  public List<String> validate(com.helpdeskverify.core.config.ConfigValues c) {
                    return List.of(c.path() + ".label: must not be 'EU desk' with this provider");
                  }

                  @Override
                  public com.helpdeskverify.core.spi.TicketSystem create(
                      String id,
                      com.helpdeskverify.core.config.ConfigValues c,
                      com.helpdeskverify.core.spi.IntegrationContext context) {
                    throw new AssertionError("a file with problems creates nothing");
                  }
                }),
            List.of(new SimulatedFactories.Push()));
    String yaml =
        VALID
            .replace("${DESK_LABEL}", "EU desk")
            .replace("poll-interval: 2s", "poll-interval: soon");

    assertThatThrownBy(() -> strict.parse(yaml, "test.yml"))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .anyMatch(p -> p.startsWith("workflow.poll-interval:"))
                    .contains(
                        "ticket-systems.desk-eu.label: must not be 'EU desk' with this provider"));
  }

  @Test
  void messagesTakeADefaultLanguageAndTextsPerLanguage() {
    String yaml =
        VALID.replace(
            "messages:\n  executed: \"Done: {operation}\"",
            "messages:\n  default-language: fr\n  executed: \"Done: {operation}\"\n"
                + "  de:\n    executed: \"Erledigt: {operation}\"");

    com.helpdeskverify.core.workflow.MessageTemplates m = loader.parse(yaml, "test.yml").messages();

    assertThat(m.defaultLanguage()).isEqualTo(com.helpdeskverify.core.Language.FR);
    assertThat(
            m.render(
                com.helpdeskverify.core.workflow.Message.EXECUTED,
                com.helpdeskverify.core.Language.DE,
                Map.of("operation", "x")))
        .isEqualTo("Erledigt: x");
    assertThat(
            m.render(
                com.helpdeskverify.core.workflow.Message.EXECUTED,
                com.helpdeskverify.core.Language.NL,
                Map.of("operation", "x")))
        .isEqualTo("Done: x");
  }

  @Test
  void anUnknownLanguageIsNamedWithTheKnownOnes() {
    String yaml =
        VALID.replace(
            "messages:\n  executed: \"Done: {operation}\"",
            "messages:\n  default-language: klingon\n  xx:\n    executed: \"x\"");

    assertThat(problems(yaml))
        .contains(
            "messages.default-language: expected one of en, de, fr, es, nl, pt, got 'klingon'",
            "messages.xx: a section of texts must be named by a language, one of en, de, fr, es,"
                + " nl, pt");
  }

  @Test
  void missingFileIsNamed() {
    assertThatThrownBy(() -> loader.load(Path.of("/nonexistent/hv.yml")))
        .hasMessage("/nonexistent/hv.yml: no such configuration file");
  }

  @Test
  void secretsDoNotAppearInProblems() {
    String yaml = VALID.replace("timeout: ${PUSH_TIMEOUT:-3m}", "timeout: ${PUSH_SECRET}");

    assertThat(String.join("\n", problems(yaml))).doesNotContain("s3cret");
  }

  @Test
  void storeOnlyNeedsNoSecretOfAnyTicketSystemOrProvider(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("config.yml");
    java.nio.file.Files.writeString(
        file,
        """
        data-dir: /var/lib/hv
        store:
          username: ${HV_DB_USER:-hv}
        ticket-systems:
          jira:
            type: jira-cloud
            api-token: ${NOT_SET_HERE}
        """);

    ServiceConfig.Store store = new ConfigLoader(Map.of(), List.of(), List.of()).loadStore(file);

    assertThat(store.url()).isEqualTo("jdbc:h2:file:/var/lib/hv/helpdesk-verify;WRITE_DELAY=0");
    assertThat(store.username()).contains("hv");
  }

  @Test
  void storeOnlyStillNamesItsOwnProblems(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("config.yml");
    java.nio.file.Files.writeString(file, "store:\n  url: jdbc:mysql://db/hv\n");

    assertThatThrownBy(() -> new ConfigLoader(Map.of(), List.of(), List.of()).loadStore(file))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("store.url: expected jdbc:postgresql://");
  }

  @Test
  void ticketSystemRulesDefaultToVerifyingOnBehalfTicketsWithHintsBelowNinetyPercent() {
    ServiceConfig c = loader.parse(VALID, "test.yml");

    var rules = c.ticketSystems().get(0).rules();
    assertThat(rules.onBehalf())
        .isEqualTo(com.helpdeskverify.core.workflow.TicketSystemRules.OnBehalf.VERIFY);
    assertThat(rules.alwaysVerify()).isEmpty();
    assertThat(rules.hintBelow()).isEqualTo(0.9);
  }

  @Test
  void alwaysVerifyRulesOnBehalfAndHintBandAreRead() {
    ServiceConfig c =
        loader.parse(
            VALID.replace(
                "    label: ${DESK_LABEL}\n",
                "    label: ${DESK_LABEL}\n"
                    + "    on-behalf: escalate\n"
                    + "    hint-below: 80\n"
                    + "    always-verify:\n"
                    + "      request-type: { \"Reset password\": credential-reset }\n"
                    + "      subcategory: { password_reset: CREDENTIAL_RESET }\n"),
            "test.yml");

    var rules = c.ticketSystems().get(0).rules();
    assertThat(rules.onBehalf())
        .isEqualTo(com.helpdeskverify.core.workflow.TicketSystemRules.OnBehalf.ESCALATE);
    assertThat(rules.hintBelow()).isEqualTo(0.8);
    assertThat(rules.alwaysVerify())
        .containsExactly(
            new com.helpdeskverify.core.workflow.TicketSystemRules.AlwaysVerify(
                "requestType", "Reset password", SensitiveOperation.CREDENTIAL_RESET),
            new com.helpdeskverify.core.workflow.TicketSystemRules.AlwaysVerify(
                "subcategory", "password_reset", SensitiveOperation.CREDENTIAL_RESET));
  }

  @Test
  void wrongRulesAreAllReportedWithTheirPaths() {
    assertThatThrownBy(
            () ->
                loader.parse(
                    VALID.replace(
                        "    label: ${DESK_LABEL}\n",
                        "    label: ${DESK_LABEL}\n"
                            + "    on-behalf: ignore\n"
                            + "    hint-below: 150\n"
                            + "    always-verify:\n"
                            + "      queue: { L1: credential-reset }\n"
                            + "      category: { security: everything }\n"),
                    "test.yml"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("ticket-systems.desk-eu.on-behalf")
        .hasMessageContaining("ticket-systems.desk-eu.hint-below")
        .hasMessageContaining(
            "ticket-systems.desk-eu.always-verify.queue: unknown kind; known are request-type,"
                + " catalog-item, category, subcategory")
        .hasMessageContaining(
            "ticket-systems.desk-eu.always-verify.category.security: unknown category"
                + " 'everything'");
  }

  @Test
  void extraPhrasesCannotNameTheIdentityCheck() {
    assertThatThrownBy(
            () ->
                loader.parse(
                    VALID.replace("access-grant: [\"SAP role\"]", "identity-check: [\"hello\"]"),
                    "test.yml"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("classifier.extra-phrases.identity-check: unknown category");
  }
}
