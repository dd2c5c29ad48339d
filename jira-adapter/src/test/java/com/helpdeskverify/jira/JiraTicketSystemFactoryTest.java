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

    // bearer-token, the earlier name of a personal access token, is still read.
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
  void validateNamesTheSectionsOwnRulesAndTheEmailSourceRulesTogether() {
    Map<String, Object> raw = minimal();
    raw.remove("api-token");
    raw.put("email-source", "atlassian-admin");

    assertThat(factory.validate(factory.config().parse("ticket-systems.jira", raw)))
        .satisfiesExactlyInAnyOrder(
            p ->
                assertThat(p)
                    .isEqualTo("ticket-systems.jira.api-token: required when auth is api-token"),
            p ->
                assertThat(p)
                    .startsWith(
                        "ticket-systems.jira.admin-api-key: required when email-source is"
                            + " atlassian-admin"));
    assertThat(factory.validate(factory.config().parse("ticket-systems.jira", minimal())))
        .isEmpty();
  }

  @Test
  void dataCenterValidateRefusesTheCloudOnlyEmailSource() {
    TicketSystemFactory dc = new JiraDataCenterTicketSystemFactory();
    Map<String, Object> raw = minimal();
    raw.remove("email");
    raw.remove("api-token");
    raw.put("personal-access-token", "not-a-real-pat");
    raw.put("email-source", "atlassian-admin");
    raw.put("admin-api-key", "not-a-real-key");

    assertThat(dc.validate(dc.config().parse("ticket-systems.jira-dc", raw)))
        .singleElement()
        .asString()
        .startsWith("ticket-systems.jira-dc.email-source: atlassian-admin is for Jira Cloud");
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

  private static JiraTicketSystemFactory dataCenter() {
    return new JiraTicketSystemFactory(JiraSettings.Deployment.DATA_CENTER);
  }

  private static JiraSettings dataCenterSettings(Map<String, Object> raw) {
    return JiraTicketSystemFactory.settings(
        dataCenter().config().parse("ticket-systems.jira-dc", raw),
        JiraSettings.Deployment.DATA_CENTER);
  }

  private static Map<String, Object> dataCenterMinimal() {
    Map<String, Object> raw = minimal();
    raw.remove("email");
    raw.remove("api-token");
    raw.put("base-url", "https://jira.acme.example");
    return raw;
  }

  @Test
  void dataCenterBasicAuthIsUserNameAndPassword() {
    Map<String, Object> raw = dataCenterMinimal();
    raw.put("auth", "basic");
    raw.put("username", "helpdesk-verify");
    raw.put("password", "s3cret");

    assertThat(dataCenterSettings(raw).auth())
        .isInstanceOfSatisfying(
            JiraSettings.Auth.Password.class,
            p -> {
              assertThat(p.username()).isEqualTo("helpdesk-verify");
              assertThat(p.password().reveal()).isEqualTo("s3cret");
            });
  }

  @Test
  void dataCenterDefaultsToAPersonalAccessTokenSentAsBearer() {
    Map<String, Object> raw = dataCenterMinimal();
    raw.put("personal-access-token", "NjM1ODk0NDU2MzQ3");

    assertThat(dataCenterSettings(raw).auth())
        .isInstanceOfSatisfying(
            JiraSettings.Auth.Bearer.class,
            b -> assertThat(b.token().reveal()).isEqualTo("NjM1ODk0NDU2MzQ3"));
  }

  @Test
  void dataCenterRefusesTheCloudOnlyApiTokenAndEmailNamingWhatToUse() {
    Map<String, Object> raw = dataCenterMinimal();
    raw.put("auth", "api-token");
    raw.put("email", "helpdesk-verify");
    raw.put("api-token", "secret-token");

    assertThatThrownBy(() -> dataCenterSettings(raw))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "ticket-systems.jira-dc.auth: api-token is Jira Cloud only (Data Center has no API"
                + " tokens)")
        .hasMessageContaining("ticket-systems.jira-dc.email: Jira Cloud only")
        .hasMessageContaining("ticket-systems.jira-dc.api-token: Jira Cloud only")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret-token"));
  }

  @Test
  void dataCenterBasicAuthNamesBothMissingCredentials() {
    Map<String, Object> raw = dataCenterMinimal();
    raw.put("auth", "basic");

    assertThatThrownBy(() -> dataCenterSettings(raw))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("ticket-systems.jira-dc.username: required when auth is basic")
        .hasMessageContaining("ticket-systems.jira-dc.password: required when auth is basic");
  }

  @Test
  void cloudRefusesDataCenterAuthModesAndSettings() {
    Map<String, Object> raw = minimal();
    raw.put("auth", "pat");
    raw.put("personal-access-token", "pat");

    assertThatThrownBy(() -> settings(raw))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("ticket-systems.jira.auth: pat is Jira Data Center only")
        .hasMessageContaining("ticket-systems.jira.personal-access-token: Jira Data Center only");
  }

  @Test
  void noteVisibilityIsARoleOrGroup() {
    Map<String, Object> raw = minimal();
    raw.put("comment-api", "platform");
    raw.put("note-visibility", Map.of("type", "role", "value", "Service Desk Team"));

    assertThat(settings(raw).noteVisibility())
        .contains(
            JiraSettings.Visibility.of(JiraSettings.Visibility.Kind.ROLE, "Service Desk Team"));
  }

  @Test
  void noteVisibilityOfAnotherKindIsReportedWithItsPath() {
    Map<String, Object> raw = minimal();
    raw.put("note-visibility", Map.of("type", "everyone", "value", "x"));

    assertThatThrownBy(() -> settings(raw))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "ticket-systems.jira.note-visibility.type: expected role or group, got 'everyone'");
  }
}
