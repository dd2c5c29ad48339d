package com.helpdeskverify.jira;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.verify;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.helpdeskverify.core.CaseId;
import com.helpdeskverify.core.CommentMarker;
import com.helpdeskverify.core.TicketRef;
import com.helpdeskverify.core.Watermark;
import com.helpdeskverify.core.config.Secret;
import com.helpdeskverify.core.spi.ScanPage;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Jira Data Center: REST v2, offset pagination, wiki-markup strings, personal access tokens. */
@WireMockTest
class DataCenterTest {
  private static final String SEARCH = "/rest/api/2/search";
  private static final String PAT = "NjM1ODk0NDU2MzQ3OpersonalAccessToken";
  private static final TicketRef REF = new TicketRef(Fixtures.SYSTEM, "HD-1");
  private static final CommentMarker MARKER =
      new CommentMarker(
          new CaseId("5f0c6a8e-6d2b-4d0e-9a51-3c2f8e1b7a90"), CommentMarker.Step.NOTICE);

  private JiraTicketSystem system;

  @BeforeEach
  void setUp(WireMockRuntimeInfo wm) {
    JiraSettings base =
        Fixtures.settings(
            JiraSettings.Deployment.DATA_CENTER,
            wm.getHttpBaseUrl(),
            JiraSettings.CommentApi.PLATFORM);
    system =
        Fixtures.connect(
            base.toBuilder().auth(new JiraSettings.Auth.Bearer(new Secret(PAT))).build());
  }

  /**
   * A v2 issue: description is a wiki-markup string, not an ADF document, and users are named by
   * key and name, with no accountId.
   */
  private static ObjectNode issue(String key, String updated) {
    ObjectNode i = Fixtures.issue(key, updated);
    ObjectNode fields = (ObjectNode) i.get("fields");
    fields.put("description", "I lost my phone.\r\n*Please* reset MFA.");
    fields.set("reporter", ALICE);
    fields.set("creator", ALICE);
    return i;
  }

  @Test
  void scanPagesByStartAtUntilTotal() {
    stubFor(
        get(urlPathEqualTo(SEARCH))
            .withQueryParam("startAt", equalTo("0"))
            .willReturn(
                okJson(
                    Fixtures.offsetPage(
                        100,
                        0,
                        3,
                        issue("HD-1", "2026-11-02T09:01:00.000+0000"),
                        issue("HD-2", "2026-11-02T09:02:00.000+0000")))));
    // The site serves two a page whatever was asked: the read goes on at the place of the last
    // issue it read (HD-2, offset 1), which the next page repeats to show that nothing slid past.
    stubFor(
        get(urlPathEqualTo(SEARCH))
            .withQueryParam("startAt", equalTo("1"))
            .willReturn(
                okJson(
                    Fixtures.offsetPage(
                        100,
                        1,
                        3,
                        issue("HD-2", "2026-11-02T09:02:00.000+0000"),
                        issue("HD-3", "2026-11-02T09:03:00.000+0000")))));

    ScanPage page = system.findChanged(Watermark.at(Instant.parse("2026-11-02T09:00:00Z")), 10);
    assertThat(page.tickets()).extracting(t -> t.ref().key()).containsExactly("HD-1", "HD-2");
    assertThat(page.more()).isTrue();
    page = system.findChanged(page.next(), 10, page.continuation().orElseThrow());

    assertThat(page.tickets()).extracting(t -> t.ref().key()).containsExactly("HD-2", "HD-3");
    assertThat(page.more()).isFalse();
  }

  @Test
  void requestsCarryThePersonalAccessTokenAsBearer() {
    stubFor(get(urlPathEqualTo(SEARCH)).willReturn(okJson(Fixtures.offsetPage(100, 0, 0))));

    system.findChanged(Watermark.at(Instant.parse("2026-11-02T09:00:00Z")), 10);

    verify(
        getRequestedFor(urlPathEqualTo(SEARCH))
            .withHeader("Authorization", equalTo("Bearer " + PAT)));
  }

  @Test
  void basicAuthSendsTheUserNameAndPassword(WireMockRuntimeInfo wm) {
    stubFor(get(urlPathEqualTo(SEARCH)).willReturn(okJson(Fixtures.offsetPage(100, 0, 0))));
    JiraTicketSystem basic =
        Fixtures.connect(
            Fixtures.settings(
                    JiraSettings.Deployment.DATA_CENTER,
                    wm.getHttpBaseUrl(),
                    JiraSettings.CommentApi.PLATFORM)
                .toBuilder()
                .auth(new JiraSettings.Auth.Password("helpdesk-verify", new Secret("pw")))
                .build());

    basic.findChanged(Watermark.at(Instant.parse("2026-11-02T09:00:00Z")), 10);

    verify(
        getRequestedFor(urlPathEqualTo(SEARCH))
            .withHeader(
                "Authorization",
                equalTo(
                    "Basic "
                        + java.util.Base64.getEncoder()
                            .encodeToString(
                                "helpdesk-verify:pw"
                                    .getBytes(java.nio.charset.StandardCharsets.UTF_8)))));
  }

  @Test
  void wikiDescriptionIsTakenAsText() {
    stubFor(
        get(urlPathEqualTo("/rest/api/2/issue/HD-1"))
            .willReturn(okJson(issue("HD-1", "2026-11-02T09:01:00.000+0000").toString())));

    assertThat(system.fetch(REF).orElseThrow().description())
        .isEqualTo("I lost my phone.\r\n*Please* reset MFA.");
  }

  @Test
  void commentIsAnEscapedWikiStringWithTheMarker() {
    stubFor(post(urlPathEqualTo("/rest/api/2/issue/HD-1/comment")).willReturn(okJson("{}")));

    system.postPublicComment(REF, "Reset for {user} [here|http://x]", MARKER);

    verify(
        postRequestedFor(urlPathEqualTo("/rest/api/2/issue/HD-1/comment"))
            .withHeader("Content-Type", matching("application/json.*"))
            .withRequestBody(
                equalToJson(
                    "{\"body\":\"Reset for \\\\{user\\\\} \\\\[here\\\\|http://x\\\\]\\n\\nRef: "
                        + MARKER.token()
                        + "\"}")));
  }

  /** A Data Center user as {@code /myself} and comment authors show it: no accountId. */
  private static ObjectNode dcUser(String name, String key, String displayName) {
    return Fixtures.dataCenterUser(name, key, displayName);
  }

  private static final ObjectNode CONNECTOR = dcUser("helpdesk-verify", "JIRAUSER10100", "hv");
  private static final ObjectNode ALICE = dcUser("alice", "JIRAUSER10007", "Alice Example");

  private static void journal(ObjectNode author, String body) {
    ObjectNode page = Fixtures.JSON.createObjectNode();
    page.put("startAt", 0);
    page.put("maxResults", 100);
    page.put("total", 1);
    page.putArray("comments")
        .addObject()
        .put("id", "10000")
        .put("self", "https://jira.acme.example/rest/api/2/issue/10010/comment/10000")
        .set("author", author);
    ((ObjectNode) page.get("comments").get(0)).put("body", body);
    stubFor(
        get(urlPathEqualTo("/rest/api/2/issue/HD-1/comment")).willReturn(okJson(page.toString())));
    stubFor(get(urlPathEqualTo("/rest/api/2/myself")).willReturn(okJson(CONNECTOR.toString())));
  }

  @Test
  void hasCommentFindsTheConnectorsMarkerInAWikiBody() {
    journal(CONNECTOR, "We sent a push.\n\nRef: " + MARKER.token());

    assertThat(system.hasComment(REF, MARKER)).isTrue();
    verify(getRequestedFor(urlPathEqualTo("/rest/api/2/myself")));
  }

  @Test
  void markerInAnotherUsersCommentDoesNotCount() {
    journal(ALICE, "Ref: " + MARKER.token());

    assertThat(system.hasComment(REF, MARKER)).isFalse();
  }

  @Test
  void anotherUserWithTheConnectorsNameButAnotherKeyDoesNotCount() {
    // A renamed account's old name can be taken by someone else; the key stays with the account.
    journal(dcUser("helpdesk-verify", "JIRAUSER10999", "impostor"), "Ref: " + MARKER.token());

    assertThat(system.hasComment(REF, MARKER)).isFalse();
  }

  @Test
  void reporterIsNamedByTheirUserKeyForThereIsNoAccountId() {
    stubFor(
        get(urlPathEqualTo(SEARCH))
            .willReturn(
                okJson(
                    Fixtures.offsetPage(
                        100, 0, 1, issue("HD-1", "2026-11-02T09:01:00.000+0000")))));

    ScanPage page = system.findChanged(Watermark.at(Instant.parse("2026-11-02T09:00:00Z")), 10);

    assertThat(page.tickets())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.requester().accountId()).isEqualTo("JIRAUSER10007");
              assertThat(t.requester().email()).contains("alice@acme.example");
              assertThat(t.openedBy()).isEmpty();
            });
  }

  @Test
  void anAgentWhoRaisedTheRequestIsTheOpenerByTheirKey() {
    ObjectNode issue = issue("HD-1", "2026-11-02T09:01:00.000+0000");
    ((ObjectNode) issue.get("fields")).set("creator", dcUser("agent", "JIRAUSER10050", "Agent"));
    stubFor(get(urlPathEqualTo(SEARCH)).willReturn(okJson(Fixtures.offsetPage(100, 0, 1, issue))));

    ScanPage page = system.findChanged(Watermark.at(Instant.parse("2026-11-02T09:00:00Z")), 10);

    assertThat(page.tickets().get(0).openedBy())
        .hasValueSatisfying(o -> assertThat(o.accountId()).isEqualTo("JIRAUSER10050"));
  }
}
