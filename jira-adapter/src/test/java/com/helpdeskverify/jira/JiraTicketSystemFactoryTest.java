package com.helpdeskverify.jira;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.helpdeskverify.core.config.ConfigException;
import com.helpdeskverify.core.spi.IntegrationContext;
import com.helpdeskverify.core.spi.TicketSystemFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class JiraTicketSystemFactoryTest {
  private final JiraTicketSystemFactory factory = new JiraTicketSystemFactory();

  private static Map<String, Object> minimal() {
    Map<String, Object> raw = new LinkedHashMap<>();
    raw.put("base-url", "https://acme.atlassian.net");
    raw.put("email", "hv@acme.example");
    raw.put("api-token", Fixtures.API_TOKEN);
    raw.put("execute-transition", "Verified");
    raw.put("reject-transition", "Decline");
    raw.put("escalate-transition", "Escalate");
    return raw;
  }

  private JiraSettings settings(Map<String, Object> raw) {
    return JiraTicketSystemFactory.settings(
        factory.config().parse("ticket-systems.jira", raw), JiraSettings.Deployment.CLOUD);
  }

  @Test
  void factoryIsFoundByServiceLoaderAsJiraCloud() {
    assertThat(ServiceLoader.load(TicketSystemFactory.class).stream().map(p -> p.get().type()))
        .contains("jira-cloud");
  }

  @Test
  void dataCenterFactoryIsFoundAndDefaultsToBearer() {
    var dc =
        ServiceLoader.load(TicketSystemFactory.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(f -> f.type().equals("jira-datacenter"))
            .findFirst()
            .orElseThrow();
    Map<String, Object> raw = minimal();
    raw.remove("email");
    raw.remove("api-token");
    raw.put("bearer-token", "pat");

    JiraSettings s =
        JiraTicketSystemFactory.settings(
            dc.config().parse("ticket-systems.jira-dc", raw), JiraSettings.Deployment.DATA_CENTER);

    assertThat(s.auth()).isInstanceOf(JiraSettings.Auth.Bearer.class);
    assertThat(s.deployment()).isEqualTo(JiraSettings.Deployment.DATA_CENTER);
  }

  @Test
  void minimalSectionUsesApiTokenServiceDeskCommentsAndTwoMinuteOverlap() {
    JiraSettings s = settings(minimal());

    assertThat(s.auth()).isInstanceOf(JiraSettings.Auth.Basic.class);
    assertThat(s.commentApi()).isEqualTo(JiraSettings.CommentApi.SERVICEDESK);
    assertThat(s.overlap()).isEqualTo(Duration.ofMinutes(2));
    assertThat(s.moves().get(JiraSettings.Move.REJECT).transition()).isEqualTo("Decline");
  }

  @Test
  void verifyLabelDefaultsToVerifyIdentityWithoutRequestTypeField() {
    JiraSettings s = settings(minimal());

    assertThat(s.verifyLabel()).isEqualTo("verify-identity");
    assertThat(s.requestTypeField()).isEmpty();
  }

  @Test
  void verifyLabelWithSpacesAndAMalformedRequestTypeFieldAreBothReported() {
    Map<String, Object> raw = minimal();
    raw.put("verify-label", "verify me");
    raw.put("request-type-field", "Request Type");

    assertThatThrownBy(() -> settings(raw))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("ticket-systems.jira.verify-label: expected one Jira label")
        .hasMessageContaining("ticket-systems.jira.request-type-field: expected a custom field id");
  }

  @Test
  void missingCredentialsAndBadZoneAreAllReported() {
    Map<String, Object> raw = minimal();
    raw.remove("email");
    raw.remove("api-token");
    raw.put("time-zone", "Mars/Olympus");

    assertThatThrownBy(() -> settings(raw))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("ticket-systems.jira.email")
        .hasMessageContaining("ticket-systems.jira.api-token")
        .hasMessageContaining("ticket-systems.jira.time-zone");
  }

  @Test
  void bearerAuthNeedsItsToken() {
    Map<String, Object> raw = minimal();
    raw.put("auth", "bearer");

    assertThatThrownBy(() -> settings(raw))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("bearer-token");
  }

  @Test
  void createdSystemCarriesItsId() {
    var system =
        factory.create(
            "jira-eu",
            factory.config().parse("ticket-systems.jira-eu", minimal()),
            new IntegrationContext(
                Clock.systemUTC(), new SplittableRandom(1), (key, until) -> true));

    assertThat(system.id()).isEqualTo("jira-eu");
  }
}
