package com.helpdeskverify.servicenow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.helpdeskverify.core.config.ConfigException;
import com.helpdeskverify.core.spi.IntegrationContext;
import com.helpdeskverify.core.spi.TicketSystem;
import com.helpdeskverify.core.spi.TicketSystemFactory;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ServiceNowTicketSystemFactoryTest {
  private final ServiceNowTicketSystemFactory factory = new ServiceNowTicketSystemFactory();

  private static Map<String, Object> minimal() {
    Map<String, Object> raw = new LinkedHashMap<>();
    raw.put("instance-url", "https://acme.service-now.com");
    raw.put("username", "hv.integration");
    raw.put("password", "s3cret-Passw0rd");
    raw.put("escalation-group", "Service Desk L2");
    return raw;
  }

  private ServiceNowSettings settings(Map<String, Object> raw) {
    return ServiceNowTicketSystemFactory.settings(
        factory.config().parse("ticket-systems.snow", raw));
  }

  @Test
  void factoryIsFoundByServiceLoaderAsServicenow() {
    assertThat(ServiceLoader.load(TicketSystemFactory.class).stream().map(p -> p.get().type()))
        .contains("servicenow");
  }

  @Test
  void minimalSectionReadsIncidentsAndRequestedItemsWithBasicAuth() {
    ServiceNowSettings s = settings(minimal());

    assertThat(s.tables())
        .extracting(TableSettings::table)
        .containsExactly("incident", "sc_req_item");
    assertThat(s.auth()).isInstanceOf(Auth.Basic.class);
    assertThat(s.pushIntake()).isEmpty();
  }

  @Test
  void validateNamesEveryRuleAcrossSettingsWithoutCreatingAnything() {
    Map<String, Object> raw = minimal();
    raw.remove("password");
    raw.put("push-intake", "hmac");
    raw.put("verify-reset", Map.of("u_verify_identity", "false"));

    assertThat(factory.validate(factory.config().parse("ticket-systems.snow", raw)))
        .containsExactlyInAnyOrder(
            "ticket-systems.snow.password: required when auth is basic",
            "ticket-systems.snow.push-intake-secret: required when push-intake is hmac",
            "ticket-systems.snow.verify-reset: only meaningful with verify-query");
    assertThat(factory.validate(factory.config().parse("ticket-systems.snow", minimal())))
        .isEmpty();
  }

  @Test
  void createdSystemCarriesItsId() {
    TicketSystem system =
        factory.create(
            "snow-prod",
            factory.config().parse("ticket-systems.snow-prod", minimal()),
            new IntegrationContext(
                Clock.systemUTC(), new SplittableRandom(1), (key, until) -> true));

    assertThat(system.id()).isEqualTo("snow-prod");
  }

  @Test
  void tableSettingsOverrideTheDefaults() {
    Map<String, Object> raw = minimal();
    raw.put("tables", List.of("incident"));
    raw.put(
        "table-settings",
        Map.of(
            "incident",
            Map.of(
                "intake-query",
                "active=true^state=1^assignment_group.name=Service Desk",
                "reject",
                Map.of("state", "8", "close_notes", "{reason}"))));

    TableSettings incident = settings(raw).tables().get(0);

    assertThat(incident.intakeQuery()).endsWith("assignment_group.name=Service Desk");
    assertThat(incident.moves().get(Move.REJECT)).containsEntry("state", "8");
    assertThat(incident.moves().get(Move.EXECUTE)).containsEntry("state", "2");
  }

  @Test
  void tableWithoutDefaultsIsReadFromItsFullSettings() {
    Map<String, Object> raw = minimal();
    raw.put("tables", List.of("sc_task"));
    raw.put(
        "table-settings",
        Map.of(
            "sc_task",
            Map.of(
                "requester-field", "request_item.requested_for",
                "intake-query", "active=true^state=1",
                "closed-states", List.of("3", "4", "7"),
                "execute", Map.of("state", "2"),
                "reject", Map.of("state", "4", "close_notes", "{reason}"),
                "escalate", Map.of("assignment_group", "Service Desk L2"))));

    TableSettings task = settings(raw).tables().get(0);

    assertThat(task.requesterField()).isEqualTo("request_item.requested_for");
    assertThat(task.closedStates()).containsExactlyInAnyOrder("3", "4", "7");
  }

  @Test
  void integrationUserIsTheBasicUsernameByDefault() {
    assertThat(settings(minimal()).integrationUser()).isEqualTo("hv.integration");
  }

  @Test
  void clientCredentialsNeedTheIntegrationUserNamed() {
    Map<String, Object> raw = clientCredentials();

    assertThatThrownBy(() -> settings(raw))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .anyMatch(
                        p ->
                            p.startsWith("ticket-systems.snow.integration-user: required")
                                && p.contains("OAuth Application User")));
  }

  @Test
  void clientCredentialsTakeTheNamedIntegrationUser() {
    Map<String, Object> raw = clientCredentials();
    raw.put("integration-user", "hv.oauth.app");

    assertThat(settings(raw).integrationUser()).isEqualTo("hv.oauth.app");
  }

  @Test
  void integrationUserOtherThanTheBasicUsernameIsRefused() {
    Map<String, Object> raw = minimal();
    raw.put("integration-user", "someone.else");

    assertThatThrownBy(() -> settings(raw))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .anyMatch(
                        p ->
                            p.startsWith("ticket-systems.snow.integration-user: 'someone.else'")
                                && p.contains("hv.integration")));
  }

  private static Map<String, Object> clientCredentials() {
    Map<String, Object> raw = minimal();
    raw.remove("username");
    raw.remove("password");
    raw.put("auth", "oauth-client-credentials");
    raw.put("client-id", "3e57bb02663102004d010ee8f561307a");
    raw.put("client-secret", "client-s3cret");
    return raw;
  }

  @Test
  void everyProblemIsNamedWithItsPath() {
    Map<String, Object> raw = minimal();
    raw.remove("password");
    raw.put("auth", "oauth-client-credentials");
    raw.put("tables", List.of("incident", "change_request"));
    raw.put("table-settings", Map.of("incident", Map.of("intake-query", "a=b^NQc=d")));

    assertThatThrownBy(() -> settings(raw))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .anyMatch(p -> p.startsWith("ticket-systems.snow.client-id: required"))
                    .anyMatch(p -> p.startsWith("ticket-systems.snow.client-secret: required"))
                    .anyMatch(
                        p ->
                            p.startsWith(
                                "ticket-systems.snow.table-settings.incident.intake-query"))
                    .anyMatch(
                        p ->
                            p.startsWith(
                                "ticket-systems.snow.table-settings.change_request.requester-field")));
  }

  @Test
  void pushIntakeNeedsItsSecret() {
    Map<String, Object> raw = minimal();
    raw.put("push-intake", "hmac");

    assertThatThrownBy(() -> settings(raw))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "ticket-systems.snow.push-intake-secret: required when push-intake is"
                            + " hmac"));
  }

  @Test
  void configuredPushIntakeGivesTheSystemAWebhookReceiver() {
    Map<String, Object> raw = minimal();
    raw.put("push-intake", "hmac");
    raw.put("push-intake-secret", "k7H2pQ9sV4xW1zB8");

    TicketSystem system =
        factory.create(
            "snow-prod",
            factory.config().parse("ticket-systems.snow-prod", raw),
            new IntegrationContext(
                Clock.systemUTC(), new SplittableRandom(1), (key, until) -> true));

    assertThat(system.webhookReceiver())
        .hasValueSatisfying(r -> assertThat(r.route()).isEqualTo("servicenow/snow-prod"));
  }
}
