package com.helpdeskverify.scheduler.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.helpdeskverify.core.spi.PushProviderFactory;
import com.helpdeskverify.core.spi.TicketSystemFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The annotated example admins start from must be a valid configuration of this build. */
class ExampleConfigTest {
  @Test
  void deployExampleIsValidWithItsSecretsInTheEnvironment() throws Exception {
    Path example =
        Path.of(System.getProperty("user.dir"))
            .resolveSibling("deploy")
            .resolve("config.example.yml");
    ConfigLoader loader =
        new ConfigLoader(
            Map.of(
                "SNOW_CLIENT_SECRET",
                "x-secret",
                "DUO_SECRET_KEY",
                "y-secret",
                "JIRA_PAT",
                "z-pat"),
            ServiceLoader.load(TicketSystemFactory.class),
            ServiceLoader.load(PushProviderFactory.class));

    ServiceConfig config = loader.parse(Files.readString(example), example.toString());

    assertThat(config.ticketSystems())
        .extracting(ServiceConfig.TicketSystemSettings::type)
        .containsExactly("servicenow", "jira-datacenter");
    assertThat(config.providers())
        .extracting(ServiceConfig.ProviderSettings::type)
        .containsExactly("duo");
    assertThat(config.workflow().maxPushesPerHour()).isEqualTo(3);
    assertThat(config.ticketSystems().get(0).rules().alwaysVerify()).hasSize(2);
    assertThat(config.warnings()).as("the example writes no secret into the file").isEmpty();
  }

  @Test
  void everyTicketSystemOfTheExamplePassesItsOwnSectionChecks() throws Exception {
    Path example =
        Path.of(System.getProperty("user.dir"))
            .resolveSibling("deploy")
            .resolve("config.example.yml");
    ServiceConfig config =
        new ConfigLoader(
                Map.of(
                    "SNOW_CLIENT_SECRET",
                    "x-secret",
                    "DUO_SECRET_KEY",
                    "y-secret",
                    "JIRA_PAT",
                    "z-pat"),
                ServiceLoader.load(TicketSystemFactory.class),
                ServiceLoader.load(PushProviderFactory.class))
            .parse(Files.readString(example), example.toString());

    // Building the integrations runs each factory's checks; nothing is called over the network.
    var integrations =
        com.helpdeskverify.scheduler.Integrations.create(
            config,
            new com.helpdeskverify.core.spi.IntegrationContext(
                java.time.Clock.systemUTC(), new java.util.SplittableRandom(1), (k, u) -> true));

    assertThat(integrations.ticketSystems())
        .extracting(com.helpdeskverify.core.spi.TicketSystem::id)
        .contains("jira-dc");
  }
}
