package com.helpdeskverify.jira;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.verify;
import static com.helpdeskverify.jira.Fixtures.ALICE;
import static com.helpdeskverify.jira.Fixtures.BOB;
import static com.helpdeskverify.jira.Fixtures.issue;
import static com.helpdeskverify.jira.Fixtures.page;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.helpdeskverify.core.Ticket;
import com.helpdeskverify.core.TicketRef;
import com.helpdeskverify.core.Watermark;
import com.helpdeskverify.core.spi.ScanPage;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@WireMockTest
class ScanTest {
  private static final String SEARCH = "/rest/api/3/search/jql";
  private static final Watermark SINCE = Watermark.at(Instant.parse("2026-11-02T09:00:30Z"));

  private JiraTicketSystem system;

  @BeforeEach
  void setUp(WireMockRuntimeInfo wm) {
    system = Fixtures.connect(wm.getHttpBaseUrl());
  }

  @Test
  void ticketsTheWatermarkCoversAreHandedOverForTheScannerToRecogniseByTheirMark() {
    stubFor(
        get(urlPathEqualTo(SEARCH))
            .willReturn(
                okJson(
                    page(
                        null,
                        issue("HD-7", "2026-11-02T08:59:00.000+0000"),
                        issue("HD-8", "2026-11-02T09:01:00.000+0000"),
                        issue("HD-9", "2026-11-02T09:01:00.000+0000"),
                        issue("HD-10", "2026-11-02T09:01:00.000+0000")))));

    ScanPage result =
        system.findChanged(new Watermark(Instant.parse("2026-11-02T09:01:00Z"), "HD-9"), 10);

    assertThat(result.tickets())
        .extracting(t -> t.ref().key())
        .containsExactly("HD-7", "HD-8", "HD-9", "HD-10");
    assertThat(result.next())
        .isEqualTo(new Watermark(Instant.parse("2026-11-02T09:01:00Z"), "HD-10"));
  }

  @Test
  void jqlReReadsTheOverlapInTheAccountsTimeZoneOldestFirst() {
    stubFor(get(urlPathEqualTo(SEARCH)).willReturn(okJson(page(null))));

    system.findChanged(SINCE, 10);

    verify(
        getRequestedFor(urlPathEqualTo(SEARCH))
            .withQueryParam(
                "jql",
                equalTo(
                    "((project = HD AND status = \"Waiting for verification\") OR labels ="
                        + " \"verify-identity\") AND updated >= \"2026/11/02 08:58\" ORDER BY"
                        + " updated ASC, key ASC")));
  }

  @Test
  void jqlDateIsWrittenInTheConfiguredZone(WireMockRuntimeInfo wm) {
    JiraSettings base = Fixtures.settings(wm.getHttpBaseUrl(), JiraSettings.CommentApi.PLATFORM);
    JiraSettings berlin =
        base.toBuilder().scopeJql("").userZone(ZoneId.of("Europe/Berlin")).build();

    assertThat(Fixtures.connect(berlin).jql(SINCE))
        .isEqualTo("updated >= \"2026/11/02 09:58\" ORDER BY updated ASC, key ASC");
  }

  @Test
  void descriptionInAdfBecomesPlainText() {
    stubFor(
        get(urlPathEqualTo(SEARCH))
            .willReturn(okJson(page(null, issue("HD-1", "2026-11-02T09:01:00.000+0000")))));

    Ticket t = system.findChanged(SINCE, 10).tickets().get(0);

    assertThat(t.description()).isEqualTo("I lost my phone.\nPlease reset my MFA.");
  }

  @Test
  void reporterIsTheRequesterWithEmailAndAccountId() {
    stubFor(
        get(urlPathEqualTo(SEARCH))
            .willReturn(okJson(page(null, issue("HD-1", "2026-11-02T09:01:00.000+0000")))));

    Ticket t = system.findChanged(SINCE, 10).tickets().get(0);

    assertThat(t.requester().accountId()).isEqualTo(ALICE);
    assertThat(t.requester().email()).contains("alice@acme.example");
    assertThat(t.openedBy()).isEmpty();
    assertThat(t.open()).isTrue();
    assertThat(t.status()).isEqualTo("Waiting for verification");
  }

  @Test
  void hiddenEmailLeavesTheRequesterWithoutEmail() {
    ObjectNode issue = issue("HD-1", "2026-11-02T09:01:00.000+0000");
    ((ObjectNode) issue.get("fields")).set("reporter", Fixtures.user(ALICE, null, "Alice"));
    stubFor(get(urlPathEqualTo(SEARCH)).willReturn(okJson(page(null, issue))));

    Ticket t = system.findChanged(SINCE, 10).tickets().get(0);

    assertThat(t.requester().email()).isEmpty();
  }

  @Test
  void creatorOtherThanReporterIsOpenedBy() {
    ObjectNode issue = issue("HD-1", "2026-11-02T09:01:00.000+0000");
    ((ObjectNode) issue.get("fields"))
        .set("creator", Fixtures.user(BOB, "bob@acme.example", "Bob Agent"));
    stubFor(get(urlPathEqualTo(SEARCH)).willReturn(okJson(page(null, issue))));

    Ticket t = system.findChanged(SINCE, 10).tickets().get(0);

    assertThat(t.openedOnBehalf()).isTrue();
    assertThat(t.openedBy().orElseThrow().accountId()).isEqualTo(BOB);
  }

  @Test
  void doneStatusCategoryMeansClosed() {
    ObjectNode issue = issue("HD-1", "2026-11-02T09:01:00.000+0000");
    ((ObjectNode) issue.get("fields")).set("status", Fixtures.status("Resolved", "done"));
    stubFor(get(urlPathEqualTo(SEARCH)).willReturn(okJson(page(null, issue))));

    assertThat(system.findChanged(SINCE, 10).tickets().get(0).open()).isFalse();
  }

  @Test
  void fetchOfDeletedIssueIsEmpty() {
    stubFor(
        get(urlPathEqualTo("/rest/api/3/issue/HD-404"))
            .willReturn(
                com.github.tomakehurst.wiremock.client.WireMock.aResponse()
                    .withStatus(404)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"errorMessages\":[\"Issue does not exist or you do not have permission"
                            + " to see it.\"],\"errors\":{}}")));

    assertThat(system.fetch(new TicketRef(Fixtures.SYSTEM, "HD-404"))).isEmpty();
  }

  @Test
  void fetchReadsTheIssue() {
    stubFor(
        get(urlPathEqualTo("/rest/api/3/issue/HD-1"))
            .willReturn(okJson(issue("HD-1", "2026-11-02T09:01:00.000+0000").toString())));

    assertThat(system.fetch(new TicketRef(Fixtures.SYSTEM, "HD-1")))
        .get()
        .extracting(Ticket::summary)
        .isEqualTo("Please reset my MFA");
  }
}
