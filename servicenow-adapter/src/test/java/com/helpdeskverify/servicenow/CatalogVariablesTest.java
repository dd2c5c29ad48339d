package com.helpdeskverify.servicenow;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.verify;
import static com.helpdeskverify.servicenow.Fixtures.ABEL;
import static com.helpdeskverify.servicenow.Fixtures.BETH;
import static com.helpdeskverify.servicenow.Fixtures.INC_1;
import static com.helpdeskverify.servicenow.Fixtures.RITM_1;
import static com.helpdeskverify.servicenow.Fixtures.SYSTEM;
import static com.helpdeskverify.servicenow.Fixtures.result;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.helpdeskverify.core.Ticket;
import com.helpdeskverify.core.TicketRef;
import com.helpdeskverify.core.workflow.RequestReferences;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A requested item's catalog variables define the request: read, checked, fingerprinted. */
@WireMockTest
class CatalogVariablesTest {
  private static final String MTOM = "/api/now/table/sc_item_option_mtom";
  private static final TicketRef RITM = new TicketRef(SYSTEM, "sc_req_item:" + RITM_1);

  private ServiceNowTicketSystem system;

  @BeforeEach
  void setUp(WireMockRuntimeInfo wm) {
    system =
        Fixtures.connect(
            wm.getHttpBaseUrl(),
            Clock.fixed(Instant.parse("2026-11-02T09:05:00Z"), ZoneOffset.UTC));
    stubFor(
        get(urlPathEqualTo("/api/now/table/sc_req_item/" + RITM_1))
            .willReturn(
                okJson(
                    Fixtures.single(
                        Fixtures.requestedItem(RITM_1, "RITM0010001", "2026-11-02 09:01:00")))));
    stubFor(
        get(urlPathEqualTo("/api/now/table/sys_user/" + ABEL))
            .willReturn(
                okJson(
                    Fixtures.single(
                        Map.of("sys_id", ABEL, "name", "Abel Tuter", "user_name", "abel.tuter")))));
  }

  /** One row of sc_item_option_mtom, dot-walked to the variable's definition and value. */
  private static Map<String, String> variable(
      String rowId, String name, String value, String reference, String listTable) {
    return variable(rowId, name, value, reference, listTable, "");
  }

  private static Map<String, String> variable(
      String rowId,
      String name,
      String value,
      String reference,
      String listTable,
      String lookupTable) {
    Map<String, String> r = new LinkedHashMap<>();
    r.put("sys_id", rowId);
    r.put("sc_item_option.item_option_new.name", name);
    r.put("sc_item_option.value", value);
    r.put("sc_item_option.item_option_new.reference", reference);
    r.put("sc_item_option.item_option_new.list_table", listTable);
    r.put("sc_item_option.item_option_new.lookup_table", lookupTable);
    return r;
  }

  @SafeVarargs
  private static void variables(Map<String, String>... rows) {
    stubFor(
        get(urlPathEqualTo(MTOM))
            .withQueryParam("sysparm_query", equalTo("request_item=" + RITM_1 + "^ORDERBYsys_id"))
            .willReturn(okJson(result(rows))));
  }

  private static Map<String, String> userToReset(String sysId) {
    return variable("01aa000000000000000000000000000a", "user_to_reset", sysId, "sys_user", "");
  }

  private static Map<String, String> share(String value) {
    return variable("01aa000000000000000000000000000b", "share", value, "", "");
  }

  @Test
  void fetchOfARequestedItemReadsItsCatalogVariables() {
    variables(userToReset(ABEL), share("\\\\fs01\\finance"), variable("01c", "notes", "", "", ""));

    Ticket t = system.fetch(RITM).orElseThrow();

    assertThat(t.details().fields())
        .containsExactly(
            Map.entry("variable:share", "\\\\fs01\\finance"),
            Map.entry(
                "variable:user_to_reset", RequestReferences.userReference("Abel Tuter", ABEL)));
    verify(
        getRequestedFor(urlPathEqualTo(MTOM))
            .withQueryParam(
                "sysparm_fields",
                equalTo(
                    "sys_id,sc_item_option.item_option_new.name,sc_item_option.value,"
                        + "sc_item_option.item_option_new.reference,"
                        + "sc_item_option.item_option_new.list_table,"
                        + "sc_item_option.item_option_new.lookup_table")));
  }

  @Test
  void referenceVariableNamingAnotherUserIsFoundByTheThirdPartyCheck() {
    variables(userToReset(ABEL));

    Ticket t = system.fetch(RITM).orElseThrow();

    assertThat(t.requester().accountId()).isEqualTo(BETH);
    assertThat(RequestReferences.find(t))
        .containsExactly("variable:user_to_reset names user Abel Tuter (" + ABEL + ")");
  }

  @Test
  void referenceVariableNamingTheRequesterIsTheirOwn() {
    stubFor(
        get(urlPathEqualTo("/api/now/table/sys_user/" + BETH))
            .willReturn(okJson(Fixtures.single(Map.of("sys_id", BETH, "name", "Beth Anglin")))));
    variables(userToReset(BETH));

    assertThat(RequestReferences.find(system.fetch(RITM).orElseThrow())).isEmpty();
  }

  @Test
  void listCollectorOverUsersNamesEachUser() {
    variables(
        variable("01aa000000000000000000000000000c", "members", ABEL + "," + BETH, "", "sys_user"));
    stubFor(
        get(urlPathEqualTo("/api/now/table/sys_user/" + BETH))
            .willReturn(okJson(Fixtures.single(Map.of("sys_id", BETH, "name", "Beth Anglin")))));

    Ticket t = system.fetch(RITM).orElseThrow();

    assertThat(t.details().fields().get("variable:members"))
        .isEqualTo(
            RequestReferences.userReference("Abel Tuter", ABEL)
                + ", "
                + RequestReferences.userReference("Beth Anglin", BETH));
  }

  @Test
  void lookupSelectBoxOverUsersNamesTheUserItStoresBySysId() {
    variables(
        variable("01aa000000000000000000000000000d", "user_to_unlock", ABEL, "", "", "sys_user"));

    Ticket t = system.fetch(RITM).orElseThrow();

    assertThat(RequestReferences.find(t))
        .containsExactly("variable:user_to_unlock names user Abel Tuter (" + ABEL + ")");
  }

  @Test
  void lookupSelectBoxOverUsersStoringTheUserIdIsResolvedToTheUser() {
    variables(
        variable(
            "01aa000000000000000000000000000e",
            "user_to_unlock",
            "abel.tuter",
            "",
            "",
            "sys_user"));
    stubFor(
        get(urlPathEqualTo("/api/now/table/sys_user"))
            .withQueryParam("sysparm_query", equalTo("user_name=abel.tuter^ORemail=abel.tuter"))
            .willReturn(
                okJson(
                    result(
                        Map.of("sys_id", ABEL, "name", "Abel Tuter", "user_name", "abel.tuter")))));

    Ticket t = system.fetch(RITM).orElseThrow();

    assertThat(RequestReferences.find(t))
        .containsExactly("variable:user_to_unlock names user Abel Tuter (" + ABEL + ")");
  }

  @Test
  void editingAVariableChangesTheFingerprint() {
    variables(userToReset(BETH), share("\\\\fs01\\finance"));
    stubFor(
        get(urlPathEqualTo("/api/now/table/sys_user/" + BETH))
            .willReturn(okJson(Fixtures.single(Map.of("sys_id", BETH, "name", "Beth Anglin")))));
    String before = system.fetch(RITM).orElseThrow().fingerprint();

    variables(userToReset(ABEL), share("\\\\fs01\\finance"));

    assertThat(system.fetch(RITM).orElseThrow().fingerprint()).isNotEqualTo(before);
  }

  @Test
  void incidentsHaveNoCatalogVariablesToRead() {
    stubFor(
        get(urlPathEqualTo("/api/now/table/incident/" + INC_1))
            .willReturn(
                okJson(
                    Fixtures.single(
                        Fixtures.incident(INC_1, "INC0010001", "2026-11-02 09:01:00")))));

    Ticket t = system.fetch(new TicketRef(SYSTEM, "incident:" + INC_1)).orElseThrow();

    assertThat(t.details().fields()).isEmpty();
    verify(0, getRequestedFor(urlPathEqualTo(MTOM)));
  }
}
