package com.helpdeskverify.jira;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.noContent;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.resetAllRequests;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.verify;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.helpdeskverify.core.TicketRef;
import com.helpdeskverify.core.Watermark;
import com.helpdeskverify.core.spi.TicketSystem.LastLook;
import com.helpdeskverify.core.spi.TicketSystem.Standing;
import com.helpdeskverify.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The last look before execution on Cloud (issue 18): one read-after-write consistent search of the
 * scope for the issue, with its fields and transitions, serves every check and the execute move
 * that follows; when that search does not find it, or its id is unknown, the issue is read.
 */
@WireMockTest
class LastLookTest {
  private static final TicketRef REF = new TicketRef(Fixtures.SYSTEM, "HD-1");
  private static final String SEARCH = "/rest/api/3/search/jql";
  private static final String ISSUE = "/rest/api/3/issue/HD-1";
  private static final String TRANSITIONS = ISSUE + "/transitions";
  private static final String SCOPE_BY_KEY =
      "((project = HD AND status = \"Waiting for verification\") OR labels = \"verify-identity\")"
          + " AND key = HD-1";
  private static final String UPDATED = "2026-11-02T09:01:00.000+0000";
  private static final String ID = Fixtures.issue("HD-1", UPDATED).get("id").asText();

  /** The issue with the transitions it offers, as a read with {@code expand=transitions} has it. */
  private static ObjectNode withTransitions(ObjectNode issue) throws Exception {
    issue.set(
        "transitions",
        Fixtures.JSON
            .readTree(
                Fixtures.transitions("Verified", "21", "In Progress", "Decline", "31", "Done"))
            .get("transitions"));
    return issue;
  }

  private static void stubScan() {
    stubFor(
        get(urlPathEqualTo(SEARCH))
            .withQueryParam("reconcileIssues", absent())
            .willReturn(okJson(Fixtures.page(null, Fixtures.issue("HD-1", UPDATED)))));
  }

  private static void stubLook(String page) {
    stubFor(
        get(urlPathEqualTo(SEARCH))
            .withQueryParam("reconcileIssues", equalTo(ID))
            .withQueryParam("expand", equalTo("transitions"))
            .withQueryParam("jql", equalTo(SCOPE_BY_KEY))
            .willReturn(okJson(page)));
  }

  /** Scans the issue in; answers the fingerprint of the ticket the scan delivered. */
  private static String scanned(JiraTicketSystem jira) {
    return jira.findChanged(Watermark.at(Instant.parse("2026-11-02T09:00:00Z")), 100)
        .tickets()
        .get(0)
        .fingerprint();
  }

  @Test
  void scannedIssueIsLookedAtWithOneSearchAndExecutedWithOnlyTheMove(WireMockRuntimeInfo wm)
      throws Exception {
    stubScan();
    stubLook(Fixtures.page(null, withTransitions(Fixtures.issue("HD-1", UPDATED))));
    stubFor(post(urlPathEqualTo(TRANSITIONS)).willReturn(noContent()));
    JiraTicketSystem jira = Fixtures.connect(wm.getHttpBaseUrl());
    String fingerprint = scanned(jira);
    resetAllRequests();

    Optional<LastLook> look = jira.lastLook(REF, fingerprint);
    jira.execute(REF);

    assertThat(look.orElseThrow().standing()).contains(Standing.IN_SCOPE);
    assertThat(look.get().ticket().fingerprint()).isEqualTo(fingerprint);
    verify(
        1,
        getRequestedFor(urlPathEqualTo(SEARCH))
            .withQueryParam("fields", containing("reporter"))
            .withQueryParam("maxResults", equalTo("1")));
    verify(
        1,
        postRequestedFor(urlPathEqualTo(TRANSITIONS))
            .withRequestBody(equalToJson("{\"transition\":{\"id\":\"21\"}}")));
    verify(2, anyRequestedFor(anyUrl()));
  }

  @Test
  void editedRequestIsToldFromTheOneSearchWithoutAStanding(WireMockRuntimeInfo wm)
      throws Exception {
    stubScan();
    ObjectNode edited = withTransitions(Fixtures.issue("HD-1", UPDATED));
    ((ObjectNode) edited.get("fields")).put("summary", "Please reset Bob's MFA");
    stubLook(Fixtures.page(null, edited));
    JiraTicketSystem jira = Fixtures.connect(wm.getHttpBaseUrl());
    String fingerprint = scanned(jira);
    resetAllRequests();

    LastLook look = jira.lastLook(REF, fingerprint).orElseThrow();

    assertThat(look.standing()).isEmpty();
    assertThat(look.ticket().fingerprint()).isNotEqualTo(fingerprint);
    verify(1, anyRequestedFor(anyUrl()));
  }

  @Test
  void issueTheScopeNoLongerSelectsIsReadToTellWhy(WireMockRuntimeInfo wm) {
    stubScan();
    stubLook(Fixtures.page(null));
    ObjectNode onHold = Fixtures.issue("HD-1", "2026-11-02T09:05:00.000+0000");
    ((ObjectNode) onHold.get("fields")).set("status", Fixtures.status("On Hold", "indeterminate"));
    stubFor(
        get(urlPathEqualTo(ISSUE))
            .withQueryParam("expand", absent())
            .willReturn(okJson(onHold.toString())));
    JiraTicketSystem jira = Fixtures.connect(wm.getHttpBaseUrl());
    String fingerprint = scanned(jira);
    resetAllRequests();

    LastLook look = jira.lastLook(REF, fingerprint).orElseThrow();

    assertThat(look.standing()).contains(Standing.ELSEWHERE);
    assertThat(look.ticket().status()).isEqualTo("On Hold");
    verify(1, getRequestedFor(urlPathEqualTo(SEARCH)));
    verify(1, getRequestedFor(urlPathEqualTo(ISSUE)));
    verify(2, anyRequestedFor(anyUrl()));
  }

  @Test
  void deletedIssueIsNoLook(WireMockRuntimeInfo wm) {
    stubScan();
    stubLook(Fixtures.page(null));
    stubFor(
        get(urlPathEqualTo(ISSUE))
            .willReturn(
                com.github.tomakehurst.wiremock.client.WireMock.notFound()
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"errorMessages\":[\"Issue does not exist\"]}")));
    JiraTicketSystem jira = Fixtures.connect(wm.getHttpBaseUrl());
    String fingerprint = scanned(jira);

    assertThat(jira.lastLook(REF, fingerprint)).isEmpty();
  }

  @Test
  void withoutAKnownIdTheIssueIsReadWithItsTransitionsAndItsScopeAsked(WireMockRuntimeInfo wm)
      throws Exception {
    stubScan();
    stubFor(
        get(urlPathEqualTo(ISSUE))
            .withQueryParam("expand", equalTo("transitions"))
            .willReturn(okJson(withTransitions(Fixtures.issue("HD-1", UPDATED)).toString())));
    stubFor(post(urlPathEqualTo(TRANSITIONS)).willReturn(noContent()));
    String fingerprint = scanned(Fixtures.connect(wm.getHttpBaseUrl()));
    JiraTicketSystem restarted = Fixtures.connect(wm.getHttpBaseUrl());
    resetAllRequests();

    LastLook look = restarted.lastLook(REF, fingerprint).orElseThrow();
    restarted.execute(REF);

    assertThat(look.standing()).contains(Standing.IN_SCOPE);
    verify(1, getRequestedFor(urlPathEqualTo(ISSUE)));
    verify(1, getRequestedFor(urlPathEqualTo(SEARCH)).withQueryParam("jql", equalTo(SCOPE_BY_KEY)));
    verify(1, postRequestedFor(urlPathEqualTo(TRANSITIONS)));
    verify(3, anyRequestedFor(anyUrl()));
  }

  @Test
  void onDataCenterTheIssueIsReadWithItsTransitionsAndTheMoveIsThePostAlone(WireMockRuntimeInfo wm)
      throws Exception {
    String issue = "/rest/api/2/issue/HD-1";
    stubFor(
        get(urlPathEqualTo(issue))
            .willReturn(
                okJson(
                    withTransitions(Fixtures.asDataCenter(Fixtures.issue("HD-1", UPDATED)))
                        .toString())));
    stubFor(
        get(urlPathEqualTo("/rest/api/2/search"))
            .withQueryParam("jql", equalTo(SCOPE_BY_KEY))
            .willReturn(
                okJson(
                    Fixtures.offsetPage(
                        1, 0, 1, Fixtures.asDataCenter(Fixtures.issue("HD-1", UPDATED))))));
    stubFor(post(urlPathEqualTo(issue + "/transitions")).willReturn(noContent()));
    JiraTicketSystem dc = Fixtures.connectDataCenter(wm.getHttpBaseUrl());
    String fingerprint = dc.fetch(REF).orElseThrow().fingerprint();
    resetAllRequests();

    LastLook look = dc.lastLook(REF, fingerprint).orElseThrow();
    dc.execute(REF);

    assertThat(look.standing()).contains(Standing.IN_SCOPE);
    verify(
        1, getRequestedFor(urlPathEqualTo(issue)).withQueryParam("expand", equalTo("transitions")));
    verify(
        1,
        getRequestedFor(urlPathEqualTo("/rest/api/2/search"))
            .withQueryParam("jql", equalTo(SCOPE_BY_KEY)));
    verify(
        1,
        postRequestedFor(urlPathEqualTo(issue + "/transitions"))
            .withRequestBody(equalToJson("{\"transition\":{\"id\":\"21\"}}")));
    verify(3, anyRequestedFor(anyUrl()));
  }

  @Test
  void executeLongAfterItsLookReadsStatusAndTransitionsAgain(WireMockRuntimeInfo wm)
      throws Exception {
    stubScan();
    stubLook(Fixtures.page(null, withTransitions(Fixtures.issue("HD-1", UPDATED))));
    stubFor(
        get(urlPathEqualTo(ISSUE))
            .withQueryParam("fields", equalTo("status"))
            .withQueryParam("expand", equalTo("transitions"))
            .willReturn(
                okJson(
                    Fixtures.issueOffering(
                        "HD-1", "Waiting for verification", "Verified", "21", "In Progress"))));
    stubFor(post(urlPathEqualTo(TRANSITIONS)).willReturn(noContent()));
    MutableClock clock = new MutableClock(Instant.parse("2026-11-02T09:02:00Z"));
    JiraTicketSystem jira =
        JiraTicketSystem.connect(Fixtures.SYSTEM, settingsOf(wm), Fixtures.fastPolicy(), clock);
    String fingerprint = scanned(jira);
    jira.lastLook(REF, fingerprint).orElseThrow();
    clock.advance(LastLooks.FRESH.plus(Duration.ofSeconds(1)));
    resetAllRequests();

    jira.execute(REF);

    verify(1, getRequestedFor(urlPathEqualTo(ISSUE)));
    verify(0, getRequestedFor(urlPathEqualTo(TRANSITIONS)));
    verify(1, postRequestedFor(urlPathEqualTo(TRANSITIONS)));
  }

  @Test
  void aLookServesOneMoveOnly(WireMockRuntimeInfo wm) throws Exception {
    stubScan();
    stubLook(Fixtures.page(null, withTransitions(Fixtures.issue("HD-1", UPDATED))));
    stubFor(
        get(urlPathEqualTo(ISSUE))
            .withQueryParam("fields", equalTo("status"))
            .willReturn(okJson(Fixtures.issueStatus("HD-1", "In Progress"))));
    stubFor(post(urlPathEqualTo(TRANSITIONS)).willReturn(noContent()));
    JiraTicketSystem jira = Fixtures.connect(wm.getHttpBaseUrl());
    jira.lastLook(REF, scanned(jira)).orElseThrow();
    jira.execute(REF);
    resetAllRequests();

    jira.execute(REF); // a repeat: the ticket is read, found moved, and left alone

    verify(1, getRequestedFor(urlPathEqualTo(ISSUE)));
    verify(0, postRequestedFor(urlPathEqualTo(TRANSITIONS)));
  }

  private static JiraSettings settingsOf(WireMockRuntimeInfo wm) {
    return Fixtures.settings(wm.getHttpBaseUrl(), JiraSettings.CommentApi.SERVICEDESK);
  }
}
