package com.helpdeskverify.servicenow;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.verify;
import static com.helpdeskverify.servicenow.Fixtures.ABEL;
import static com.helpdeskverify.servicenow.Fixtures.BETH;
import static com.helpdeskverify.servicenow.Fixtures.INC_1;
import static com.helpdeskverify.servicenow.Fixtures.RITM_1;
import static com.helpdeskverify.servicenow.Fixtures.incident;
import static com.helpdeskverify.servicenow.Fixtures.requestedItem;
import static com.helpdeskverify.servicenow.Fixtures.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.helpdeskverify.core.RequestDetails;
import com.helpdeskverify.core.Ticket;
import com.helpdeskverify.core.TicketRef;
import com.helpdeskverify.core.Watermark;
import com.helpdeskverify.core.config.ConfigException;
import com.helpdeskverify.core.spi.TicketSystem;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Phone-in incidents told by {@code sys_created_by}, request fields for always-verify rules, and a
 * technician's request for verification through {@code verify-query}.
 */
@WireMockTest
class TechnicianRequestTest {
  private static final String INCIDENTS = "/api/now/table/incident";
  private static final Watermark SINCE = new Watermark(Instant.parse("2026-11-02T09:00:00Z"), "");
  private final Clock clock = Clock.fixed(Instant.parse("2026-11-02T09:05:00Z"), ZoneOffset.UTC);
  private String base;

  @BeforeEach
  void setUp(WireMockRuntimeInfo wm) {
    base = wm.getHttpBaseUrl();
    stubFor(get(urlPathMatching("/api/now/table/.*")).willReturn(okJson(result())).atPriority(10));
  }

  private ServiceNowTicketSystem system(Optional<ServiceNowSettings.VerifyRequest> verify) {
    ServiceNowSettings s =
        Fixtures.settings(
            base, Fixtures.basic(), List.of(TableSettings.defaults("incident", "Service Desk L2")));
    return Fixtures.connect(
        new ServiceNowSettings(
            URI.create(base),
            s.auth(),
            s.tables(),
            s.overlap(),
            s.requesterEmailField(),
            s.pushIntake(),
            s.integrationUser(),
            verify),
        clock);
  }

  private static Optional<ServiceNowSettings.VerifyRequest> flag() {
    return Optional.of(
        new ServiceNowSettings.VerifyRequest(
            Map.of("u_verify_identity", "true"), Map.of("u_verify_identity", "false")));
  }

  private Ticket scanned(Map<String, String> record) {
    return scanned(record, Optional.empty());
  }

  private Ticket scanned(
      Map<String, String> record, Optional<ServiceNowSettings.VerifyRequest> verify) {
    stubFor(
        get(urlPathEqualTo(INCIDENTS))
            .withQueryParam("sysparm_query", containing("active=true^state=1^sys_updated_on>="))
            .willReturn(okJson(result(record))));
    return system(verify).findChanged(SINCE, 50).tickets().get(0);
  }

  // --- phone-in ----------------------------------------------------------------------------------

  @Test
  void incidentCreatedByAnAgentForTheCallerIsOpenedOnBehalf() {
    Map<String, String> r = incident(INC_1, "INC0010001", "2026-11-02 09:01:00");
    Fixtures.person(r, "opened_by", BETH, "beth.anglin@example.com", "beth.anglin", "Beth Anglin");
    r.put("sys_created_by", "beth.anglin");

    Ticket t = scanned(r);

    assertThat(t.requester().accountId()).isEqualTo(ABEL);
    assertThat(t.openedOnBehalf()).isTrue();
    assertThat(t.openedBy().orElseThrow().displayName()).isEqualTo("Beth Anglin");
  }

  @Test
  void callerWhoCreatedTheIncidentHimselfIsNotOnBehalfWhateverOpenedBySays() {
    Map<String, String> r = incident(INC_1, "INC0010001", "2026-11-02 09:01:00");
    // opened_by is an ordinary field the caller's own insert may fill with anyone.
    Fixtures.person(r, "opened_by", BETH, "beth.anglin@example.com", "beth.anglin", "Beth Anglin");
    r.put("sys_created_by", "Abel.Tuter");

    Ticket t = scanned(r);

    assertThat(t.openedBy()).isEmpty();
  }

  @Test
  void incidentCreatedByAnAgentIsOnBehalfEvenWhenOpenedByNamesTheCaller() {
    Map<String, String> r = incident(INC_1, "INC0010001", "2026-11-02 09:01:00");
    r.put("sys_created_by", "beth.anglin");

    Ticket t = scanned(r);

    assertThat(t.openedOnBehalf()).isTrue();
    assertThat(t.openedBy().orElseThrow().displayName()).isEqualTo("beth.anglin");
    assertThat(t.requester().accountId()).isEqualTo(ABEL);
  }

  // --- request fields ----------------------------------------------------------------------------

  @Test
  void incidentCategoryAndSubcategoryReachIntake() {
    Map<String, String> r = incident(INC_1, "INC0010001", "2026-11-02 09:01:00");
    r.put("category", "security");
    r.put("subcategory", "password_reset");

    Ticket t = scanned(r);

    assertThat(t.details().fields())
        .containsEntry(RequestDetails.CATEGORY, "security")
        .containsEntry(RequestDetails.SUBCATEGORY, "password_reset");
  }

  @Test
  void requestedItemsCatalogItemNameReachesIntake() {
    Map<String, String> r = requestedItem(RITM_1, "RITM0010001", "2026-11-02 09:01:00");
    r.put("cat_item", "04b7e94b4f7b4200086eeed18110c7fd");
    r.put("cat_item.name", "Privileged access");
    stubFor(get(urlPathEqualTo("/api/now/table/sc_req_item")).willReturn(okJson(result(r))));
    ServiceNowTicketSystem items =
        Fixtures.connect(
            Fixtures.settings(
                base,
                Fixtures.basic(),
                List.of(TableSettings.defaults("sc_req_item", "Service Desk L2"))),
            clock);

    Ticket t = items.findChanged(SINCE, 50).tickets().get(0);

    assertThat(t.details().fields())
        .containsEntry(RequestDetails.CATALOG_ITEM, "Privileged access");
    verify(
        getRequestedFor(urlPathEqualTo("/api/now/table/sc_req_item"))
            .withQueryParam("sysparm_fields", containing("sys_created_by,cat_item.name")));
  }

  // --- verify-query ------------------------------------------------------------------------------

  @Test
  void markedRecordsAreScannedInAnyStateAndMarked() {
    Map<String, String> r = incident(INC_1, "INC0010001", "2026-11-02 09:01:00");
    r.put("state", "2");
    r.put("u_verify_identity", "true");
    stubFor(
        get(urlPathEqualTo(INCIDENTS))
            .withQueryParam(
                "sysparm_query", containing("active=true^u_verify_identity=true^sys_updated_on>="))
            .willReturn(okJson(result(r))));

    List<Ticket> tickets = system(flag()).findChanged(SINCE, 50).tickets();

    assertThat(tickets).hasSize(1);
    assertThat(tickets.get(0).details().verificationRequested()).isTrue();
    verify(
        getRequestedFor(urlPathEqualTo(INCIDENTS))
            .withQueryParam("sysparm_fields", containing(",u_verify_identity")));
  }

  /**
   * A record a technician marked outside the intake scope (here already In Progress) is in scope
   * for the check before execution as long as the mark is on it: found by the scan in any state, it
   * must not read as moved on by someone else once approved.
   */
  @Test
  void markedRecordOutsideTheIntakeScopeStandsInScopeUntilTheMarkIsTakenOff() {
    Map<String, String> r = incident(INC_1, "INC0010001", "2026-11-02 09:01:00");
    r.put("state", "2");
    r.put("u_verify_identity", "true");
    stubFor(
        get(urlPathEqualTo(INCIDENTS))
            .withQueryParam("sysparm_query", containing("active=true^u_verify_identity=true^"))
            .willReturn(okJson(result(r))));
    // The record as read alone (whether it carries the execute move's values), state 2 throughout.
    stubFor(get(urlPathEqualTo(INCIDENTS + "/" + INC_1)).willReturn(okJson(Fixtures.single(r))));
    ServiceNowTicketSystem system = system(flag());
    Ticket t = system.findChanged(SINCE, 50).tickets().get(0);

    assertThat(system.standing(t)).isEqualTo(TicketSystem.Standing.IN_SCOPE);
    verify(
        getRequestedFor(urlPathEqualTo(INCIDENTS))
            .withQueryParam(
                "sysparm_query", equalTo("active=true^u_verify_identity=true^sys_id=" + INC_1)));

    r.put("u_verify_identity", "false"); // the mark taken off: no longer this connector's to move
    stubFor(
        get(urlPathEqualTo(INCIDENTS))
            .withQueryParam("sysparm_query", containing("active=true^u_verify_identity=true^"))
            .willReturn(okJson(result(r))));
    assertThat(system.standing(t)).isNotEqualTo(TicketSystem.Standing.IN_SCOPE);
  }

  @Test
  void recordInBothScopesIsDeliveredOnceAndMarked() {
    Map<String, String> r = incident(INC_1, "INC0010001", "2026-11-02 09:01:00");
    r.put("u_verify_identity", "true");
    stubFor(get(urlPathEqualTo(INCIDENTS)).willReturn(okJson(result(r))));

    List<Ticket> tickets = system(flag()).findChanged(SINCE, 50).tickets();

    assertThat(tickets).hasSize(1);
    assertThat(tickets.get(0).details().verificationRequested()).isTrue();
  }

  @Test
  void recordWithoutTheFieldIsNotMarkedEvenWhenTheInstanceIgnoredTheCondition() {
    // An instance drops a condition on a field it does not know and returns every active record.
    Map<String, String> r = incident(INC_1, "INC0010001", "2026-11-02 09:01:00");
    stubFor(get(urlPathEqualTo(INCIDENTS)).willReturn(okJson(result(r))));

    Ticket t = system(flag()).findChanged(SINCE, 50).tickets().get(0);

    assertThat(t.details().verificationRequested()).isFalse();
  }

  @Test
  void answeredRequestWritesTheReset() {
    stubFor(
        patch(urlPathEqualTo(INCIDENTS + "/" + INC_1))
            .willReturn(okJson(Fixtures.single(Map.of("u_verify_identity", "false")))));

    system(flag()).clearVerificationRequest(new TicketRef(Fixtures.SYSTEM, "incident:" + INC_1));

    verify(
        patchRequestedFor(urlPathEqualTo(INCIDENTS + "/" + INC_1))
            .withRequestBody(equalToJson("{\"u_verify_identity\":\"false\"}")));
  }

  @Test
  void techniciansAreToldWhatToSet() {
    assertThat(system(flag()).howToRequestVerification())
        .contains("set u_verify_identity=true on the record");
    assertThat(system(Optional.empty()).howToRequestVerification()).isEmpty();
  }

  // --- configuration -----------------------------------------------------------------------------

  private static Map<String, Object> section() {
    Map<String, Object> raw = new LinkedHashMap<>();
    raw.put("instance-url", "https://acme.service-now.com");
    raw.put("username", "hv.integration");
    raw.put("password", "s3cret");
    raw.put("escalation-group", "Service Desk L2");
    return raw;
  }

  private static ServiceNowSettings settings(Map<String, Object> raw) {
    return ServiceNowTicketSystemFactory.settings(
        new ServiceNowTicketSystemFactory().config().parse("ticket-systems.snow", raw));
  }

  @Test
  void verifyQueryWithResetIsRead() {
    Map<String, Object> raw = section();
    raw.put("verify-query", "u_verify_identity=true");
    raw.put("verify-reset", Map.of("u_verify_identity", false));

    ServiceNowSettings s = settings(raw);

    assertThat(s.verify().orElseThrow().conditions()).containsEntry("u_verify_identity", "true");
    assertThat(s.verify().orElseThrow().reset()).containsEntry("u_verify_identity", "false");
  }

  @Test
  void verifyQueryWithoutAResetThatLeavesItIsRefused() {
    Map<String, Object> raw = section();
    raw.put("verify-query", "u_verify_identity=true");

    assertThatThrownBy(() -> settings(raw))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("ticket-systems.snow.verify-reset: required with verify-query");
  }

  @Test
  void verifyQueryWithOperatorsOtherThanEqualsIsRefused() {
    Map<String, Object> raw = section();
    raw.put("verify-query", "u_verify_identity=true^ORpriority!=1");
    raw.put("verify-reset", Map.of("u_verify_identity", false));

    assertThatThrownBy(() -> settings(raw))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("ticket-systems.snow.verify-query: expected field=value terms");
  }

  @Test
  void scopeQueryIsEqualsOnly() {
    assertThat(flag().orElseThrow().query()).isEqualTo("u_verify_identity=true");
  }

  @Test
  void ticketWithoutRequestFieldsHasNone() {
    Ticket t = scanned(incident(INC_1, "INC0010001", "2026-11-02 09:01:00"));

    assertThat(t.details().fields()).isEmpty();
    assertThat(t.details().verificationRequested()).isFalse();
  }
}
