package com.helpdeskverify.servicenow;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.verify;
import static com.helpdeskverify.servicenow.Fixtures.ABEL;
import static com.helpdeskverify.servicenow.Fixtures.INC_1;
import static com.helpdeskverify.servicenow.Fixtures.INC_2;
import static com.helpdeskverify.servicenow.Fixtures.INC_3;
import static com.helpdeskverify.servicenow.Fixtures.RITM_1;
import static com.helpdeskverify.servicenow.Fixtures.incident;
import static com.helpdeskverify.servicenow.Fixtures.requestedItem;
import static com.helpdeskverify.servicenow.Fixtures.result;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.helpdeskverify.core.Ticket;
import com.helpdeskverify.core.Watermark;
import com.helpdeskverify.core.spi.ScanPage;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@WireMockTest
class ScanTest {
  private static final String INCIDENTS = "/api/now/table/incident";
  private static final String ITEMS = "/api/now/table/sc_req_item";
  private static final Watermark SINCE = new Watermark(Instant.parse("2026-11-02T09:00:00Z"), "");

  private final Clock clock = Clock.fixed(Instant.parse("2026-11-02T09:05:00Z"), ZoneOffset.UTC);
  private String base;

  @BeforeEach
  void setUp(WireMockRuntimeInfo wm) {
    base = wm.getHttpBaseUrl();
    stubFor(get(urlPathMatching("/api/now/table/.*")).willReturn(okJson(result())).atPriority(10));
  }

  private ServiceNowTicketSystem incidentsOnly() {
    return Fixtures.connect(
        Fixtures.settings(
            base, Fixtures.basic(), List.of(TableSettings.defaults("incident", "Service Desk L2"))),
        clock);
  }

  private static String freshQuery(String scope, String from) {
    return scope + "^sys_updated_on>=" + from + "^ORDERBYsys_updated_on^ORDERBYsys_id";
  }

  @Test
  void scanAsksForRawUtcValuesInUpdateOrderWithOnlyTheFieldsItReads() {
    incidentsOnly().findChanged(SINCE, 50);

    verify(
        getRequestedFor(urlPathEqualTo(INCIDENTS))
            .withHeader("Accept", equalTo("application/json"))
            .withQueryParam(
                "sysparm_query", equalTo(freshQuery("active=true^state=1", "2026-11-02 09:00:00")))
            .withQueryParam("sysparm_display_value", equalTo("false"))
            .withQueryParam("sysparm_exclude_reference_link", equalTo("true"))
            .withQueryParam("sysparm_limit", equalTo("50"))
            .withQueryParam("sysparm_offset", equalTo("0"))
            .withQueryParam(
                "sysparm_fields",
                equalTo(
                    "sys_id,number,short_description,description,state,active,sys_created_on,"
                        + "sys_updated_on,caller_id,caller_id.email,caller_id.user_name,"
                        + "caller_id.name,caller_id.employee_number,opened_by,opened_by.email,"
                        + "opened_by.user_name,"
                        + "opened_by.name")));
  }

  @Test
  void scanReadsTheCallerAsRequesterFromDotWalkedFields() {
    stubFor(
        get(urlPathEqualTo(INCIDENTS))
            .withQueryParam("sysparm_query", containing("sys_updated_on>=2026-11-02 09:00:00^"))
            .willReturn(okJson(result(incident(INC_1, "INC0010001", "2026-11-02 09:01:00")))));

    Ticket t = incidentsOnly().findChanged(SINCE, 50).tickets().get(0);

    assertThat(t.ref().key()).isEqualTo("incident:" + INC_1);
    assertThat(t.requester().accountId()).isEqualTo(ABEL);
    assertThat(t.requester().email()).contains("abel.tuter@example.com");
    assertThat(t.requester().displayName()).isEqualTo("Abel Tuter");
    assertThat(t.openedBy()).isEmpty();
  }

  @Test
  void rawTimestampsAreReadAsUtc() {
    stubFor(
        get(urlPathEqualTo(INCIDENTS))
            .withQueryParam("sysparm_query", containing("sys_updated_on>=2026-11-02 09:00:00^"))
            .willReturn(okJson(result(incident(INC_1, "INC0010001", "2026-11-02 09:01:07")))));

    Ticket t = incidentsOnly().findChanged(SINCE, 50).tickets().get(0);

    assertThat(t.updated()).isEqualTo(Instant.parse("2026-11-02T09:01:07Z"));
    assertThat(t.created()).isEqualTo(Instant.parse("2026-11-02T08:59:30Z"));
  }

  @Test
  void watermarkWithFractionalSecondsIsQueriedFromItsWholeSecond() {
    incidentsOnly().findChanged(new Watermark(Instant.parse("2026-11-02T09:00:00.750Z"), ""), 5);

    verify(
        getRequestedFor(urlPathEqualTo(INCIDENTS))
            .withQueryParam(
                "sysparm_query",
                equalTo(freshQuery("active=true^state=1", "2026-11-02 09:00:00"))));
  }

  @Test
  void agentFilingOnBehalfOfTheCallerIsRecordedAsOpenedBy() {
    Map<String, String> r = incident(INC_1, "INC0010001", "2026-11-02 09:01:00");
    Fixtures.person(r, "opened_by", Fixtures.BETH, "beth.anglin@example.com", "beth", "Beth");
    stubFor(
        get(urlPathEqualTo(INCIDENTS))
            .withQueryParam("sysparm_query", containing("sys_updated_on>=2026-11-02 09:00:00^"))
            .willReturn(okJson(result(r))));

    Ticket t = incidentsOnly().findChanged(SINCE, 50).tickets().get(0);

    assertThat(t.openedOnBehalf()).isTrue();
    assertThat(t.openedBy().orElseThrow().accountId()).isEqualTo(Fixtures.BETH);
    assertThat(t.requester().accountId()).isEqualTo(ABEL);
  }

  @Test
  void recordsAtTheWatermarkSecondUpToItsKeyAreNotDeliveredAgain() {
    stubFor(
        get(urlPathEqualTo(INCIDENTS))
            .withQueryParam("sysparm_query", containing("sys_updated_on>=2026-11-02 09:00:00^"))
            .willReturn(
                okJson(
                    result(
                        incident(INC_1, "INC0010001", "2026-11-02 09:00:00"),
                        incident(INC_2, "INC0010002", "2026-11-02 09:00:00")))));
    Watermark at = new Watermark(Instant.parse("2026-11-02T09:00:00Z"), "incident:" + INC_1);

    ScanPage page = incidentsOnly().findChanged(at, 50);

    assertThat(page.tickets()).extracting(t -> t.ref().key()).containsExactly("incident:" + INC_2);
    assertThat(page.next()).isEqualTo(new Watermark(at.updated(), "incident:" + INC_2));
  }

  @Test
  void followsTheNextLinkPastRecordsTheWatermarkCoversFromTheLastRowRead() {
    String query = freshQuery("active=true^state=1", "2026-11-02 09:00:00");
    stubFor(
        get(urlPathEqualTo(INCIDENTS))
            .withQueryParam("sysparm_query", equalTo(query))
            .withQueryParam("sysparm_offset", equalTo("0"))
            .withQueryParam("sysparm_limit", equalTo("1"))
            .willReturn(
                okJson(result(incident(INC_1, "INC0010001", "2026-11-02 09:00:00")))
                    .withHeader("X-Total-Count", "2")
                    .withHeader(
                        "Link",
                        "<"
                            + base
                            + INCIDENTS
                            + "?sysparm_offset=0&sysparm_limit=1>;rel=\"first\",<"
                            + base
                            + INCIDENTS
                            + "?sysparm_offset=1&sysparm_limit=1>;rel=\"next\",<"
                            + base
                            + INCIDENTS
                            + "?sysparm_offset=1&sysparm_limit=1>;rel=\"last\"")));
    stubFor(
        get(urlPathEqualTo(INCIDENTS))
            .withQueryParam("sysparm_query", equalTo(query))
            .withQueryParam("sysparm_offset", equalTo("0"))
            .withQueryParam("sysparm_limit", equalTo("2"))
            .willReturn(
                okJson(
                        result(
                            incident(INC_1, "INC0010001", "2026-11-02 09:00:00"),
                            incident(INC_3, "INC0010003", "2026-11-02 09:00:00")))
                    .withHeader("X-Total-Count", "2")
                    .withHeader(
                        "Link",
                        "<"
                            + base
                            + INCIDENTS
                            + "?sysparm_offset=0&sysparm_limit=2>;rel=\"first\",<"
                            + base
                            + INCIDENTS
                            + "?sysparm_offset=0&sysparm_limit=2>;rel=\"last\"")));
    Watermark at = new Watermark(Instant.parse("2026-11-02T09:00:00Z"), "incident:" + INC_1);

    ScanPage page = incidentsOnly().findChanged(at, 1);

    assertThat(page.tickets()).extracting(t -> t.ref().key()).containsExactly("incident:" + INC_3);
    assertThat(page.more()).isFalse();
  }

  @Test
  void nextPageStartsAtOffsetPlusLimitEvenWhenAclsShortenedThePage() {
    String query = freshQuery("active=true^state=1", "2026-11-02 09:00:00");
    stubFor(
        get(urlPathEqualTo(INCIDENTS))
            .withQueryParam("sysparm_query", equalTo(query))
            .withQueryParam("sysparm_offset", equalTo("0"))
            .willReturn(
                okJson(result(incident(INC_1, "INC0010001", "2026-11-02 09:00:00")))
                    .withHeader(
                        "Link",
                        "<"
                            + base
                            + INCIDENTS
                            + "?sysparm_offset=3&sysparm_limit=3>;rel=\"next\"")));
    stubFor(
        get(urlPathEqualTo(INCIDENTS))
            .withQueryParam("sysparm_query", equalTo(query))
            .withQueryParam("sysparm_offset", equalTo("3"))
            .willReturn(okJson(result(incident(INC_3, "INC0010003", "2026-11-02 09:00:00")))));
    Watermark at = new Watermark(Instant.parse("2026-11-02T09:00:00Z"), "incident:" + INC_1);

    ScanPage page = incidentsOnly().findChanged(at, 3);

    assertThat(page.tickets()).extracting(t -> t.ref().key()).contains("incident:" + INC_3);
  }

  @Test
  void overlapReDeliversARecordOfTheWatermarkSecondThatCommittedLate() {
    stubFor(
        get(urlPathEqualTo(INCIDENTS))
            .withQueryParam("sysparm_query", containing("^sys_updated_on<=2026-11-02 09:00:00^"))
            .willReturn(okJson(result(incident(INC_1, "INC0010001", "2026-11-02 09:00:00")))));
    Watermark at = new Watermark(Instant.parse("2026-11-02T09:00:00Z"), "incident:" + INC_2);

    ScanPage page = incidentsOnly().findChanged(at, 50);

    assertThat(page.tickets()).extracting(t -> t.ref().key()).containsExactly("incident:" + INC_1);
    assertThat(page.next()).isEqualTo(at);
  }

  @Test
  void fullPageWithANextLinkReportsMoreAndEndsTheWatermarkAtItsLastRecord() {
    stubFor(
        get(urlPathEqualTo(INCIDENTS))
            .withQueryParam("sysparm_query", containing("sys_updated_on>=2026-11-02 09:00:00^"))
            .willReturn(
                okJson(
                        result(
                            incident(INC_1, "INC0010001", "2026-11-02 09:01:00"),
                            incident(INC_2, "INC0010002", "2026-11-02 09:02:00")))
                    .withHeader("X-Total-Count", "3")
                    .withHeader(
                        "Link", "<" + base + INCIDENTS + "?sysparm_offset=2>;rel=\"next\"")));

    ScanPage page = incidentsOnly().findChanged(SINCE, 2);

    assertThat(page.more()).isTrue();
    assertThat(page.next())
        .isEqualTo(new Watermark(Instant.parse("2026-11-02T09:02:00Z"), "incident:" + INC_2));
  }

  @Test
  void shortPageWithoutLinkHeaderEndsTheScan() {
    stubFor(
        get(urlPathEqualTo(INCIDENTS))
            .withQueryParam("sysparm_query", containing("sys_updated_on>=2026-11-02 09:00:00^"))
            .willReturn(okJson(result(incident(INC_1, "INC0010001", "2026-11-02 09:01:00")))));

    assertThat(incidentsOnly().findChanged(SINCE, 2).more()).isFalse();
  }

  @Test
  void incidentsAndRequestedItemsAreMergedInUpdateOrder() {
    stubFor(
        get(urlPathEqualTo(INCIDENTS))
            .withQueryParam("sysparm_query", containing("sys_updated_on>=2026-11-02 09:00:00^"))
            .willReturn(okJson(result(incident(INC_1, "INC0010001", "2026-11-02 09:03:00")))));
    stubFor(
        get(urlPathEqualTo(ITEMS))
            .withQueryParam("sysparm_query", containing("sys_updated_on>=2026-11-02 09:00:00^"))
            .willReturn(
                okJson(result(requestedItem(RITM_1, "RITM0010001", "2026-11-02 09:01:00")))));

    ScanPage page = Fixtures.connect(base, clock).findChanged(SINCE, 50);

    assertThat(page.tickets())
        .extracting(t -> t.ref().key())
        .containsExactly("sc_req_item:" + RITM_1, "incident:" + INC_1);
    assertThat(page.tickets().get(0).requester().accountId()).isEqualTo(Fixtures.BETH);
  }

  @Test
  void mergedPageKeepsTheOldestRecordsAndReportsMore() {
    stubFor(
        get(urlPathEqualTo(INCIDENTS))
            .withQueryParam("sysparm_query", containing("sys_updated_on>=2026-11-02 09:00:00^"))
            .willReturn(okJson(result(incident(INC_1, "INC0010001", "2026-11-02 09:03:00")))));
    stubFor(
        get(urlPathEqualTo(ITEMS))
            .withQueryParam("sysparm_query", containing("sys_updated_on>=2026-11-02 09:00:00^"))
            .willReturn(
                okJson(result(requestedItem(RITM_1, "RITM0010001", "2026-11-02 09:01:00")))));

    ScanPage page = Fixtures.connect(base, clock).findChanged(SINCE, 1);

    assertThat(page.tickets())
        .extracting(t -> t.ref().key())
        .containsExactly("sc_req_item:" + RITM_1);
    assertThat(page.more()).isTrue();
  }

  @Test
  void pageWithRoomReDeliversTheOverlapBeforeTheWatermark() {
    stubFor(
        get(urlPathEqualTo(INCIDENTS))
            .withQueryParam(
                "sysparm_query",
                equalTo(
                    "active=true^state=1^sys_updated_on>=2026-11-02 08:59:00"
                        + "^sys_updated_on<=2026-11-02 09:00:00^ORDERBYsys_updated_on^ORDERBYsys_id"))
            .willReturn(okJson(result(incident(INC_3, "INC0010003", "2026-11-02 08:59:58")))));

    ScanPage page = incidentsOnly().findChanged(SINCE, 50);

    assertThat(page.tickets()).extracting(t -> t.ref().key()).containsExactly("incident:" + INC_3);
    assertThat(page.next()).isEqualTo(SINCE);
    assertThat(page.more()).isFalse();
  }

  @Test
  void recordWithoutCallerIsNotDeliveredButTheWatermarkPassesIt() {
    Map<String, String> r = incident(INC_1, "INC0010001", "2026-11-02 09:01:00");
    r.put("caller_id", "");
    r.put("caller_id.email", "");
    stubFor(
        get(urlPathEqualTo(INCIDENTS))
            .withQueryParam("sysparm_query", containing("sys_updated_on>=2026-11-02 09:00:00^"))
            .willReturn(okJson(result(r))));

    ScanPage page = incidentsOnly().findChanged(SINCE, 50);

    assertThat(page.tickets()).isEmpty();
    assertThat(page.next())
        .isEqualTo(new Watermark(Instant.parse("2026-11-02T09:01:00Z"), "incident:" + INC_1));
  }

  @Test
  void callerIsLookedUpInSysUserWhenTheAnswerLacksDotWalkedFields() {
    Map<String, String> r = incident(INC_1, "INC0010001", "2026-11-02 09:01:00");
    r.keySet().removeIf(k -> k.startsWith("caller_id."));
    stubFor(
        get(urlPathEqualTo(INCIDENTS))
            .withQueryParam("sysparm_query", containing("sys_updated_on>=2026-11-02 09:00:00^"))
            .willReturn(okJson(result(r))));
    stubFor(
        get(urlPathEqualTo("/api/now/table/sys_user/" + ABEL))
            .willReturn(
                okJson(
                    Fixtures.json(
                        Map.of(
                            "result",
                            Map.of(
                                "sys_id", ABEL,
                                "email", "abel.tuter@example.com",
                                "user_name", "abel.tuter",
                                "name", "Abel Tuter"))))));

    Ticket t = incidentsOnly().findChanged(SINCE, 50).tickets().get(0);

    assertThat(t.requester().email()).contains("abel.tuter@example.com");
  }

  @Test
  void recordsTheWatermarkCoversCostNoUserLookup() {
    Map<String, String> r = incident(INC_1, "INC0010001", "2026-11-02 09:00:00");
    r.keySet().removeIf(k -> k.startsWith("caller_id."));
    stubFor(
        get(urlPathEqualTo(INCIDENTS))
            .withQueryParam("sysparm_query", containing("sys_updated_on>=2026-11-02 09:00:00^"))
            .willReturn(okJson(result(r))));
    Watermark at = new Watermark(Instant.parse("2026-11-02T09:00:00Z"), "incident:" + INC_1);

    incidentsOnly().findChanged(at, 50);

    verify(0, getRequestedFor(urlPathMatching("/api/now/table/sys_user/.*")));
  }

  @Test
  void resolvedIncidentIsNotOpen() {
    Map<String, String> r = incident(INC_1, "INC0010001", "2026-11-02 09:01:00");
    r.put("state", "6");
    stubFor(
        get(urlPathEqualTo(INCIDENTS))
            .withQueryParam("sysparm_query", containing("sys_updated_on>=2026-11-02 09:00:00^"))
            .willReturn(okJson(result(r))));

    assertThat(incidentsOnly().findChanged(SINCE, 50).tickets().get(0).open()).isFalse();
  }

  @Test
  void inactiveRecordIsNotOpen() {
    Map<String, String> r = incident(INC_1, "INC0010001", "2026-11-02 09:01:00");
    r.put("active", "false");
    stubFor(
        get(urlPathEqualTo(INCIDENTS))
            .withQueryParam("sysparm_query", containing("sys_updated_on>=2026-11-02 09:00:00^"))
            .willReturn(okJson(result(r))));

    assertThat(incidentsOnly().findChanged(SINCE, 50).tickets().get(0).open()).isFalse();
  }

  @Test
  void emptyResultKeepsTheWatermark() {
    stubFor(
        get(urlPathEqualTo(INCIDENTS))
            .willReturn(aResponse().withStatus(200).withBody("{\"result\":[]}")));

    ScanPage page = incidentsOnly().findChanged(SINCE, 50);

    assertThat(page.tickets()).isEmpty();
    assertThat(page.next()).isEqualTo(SINCE);
  }
}
