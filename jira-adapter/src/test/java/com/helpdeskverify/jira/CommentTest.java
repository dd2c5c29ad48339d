package com.helpdeskverify.jira;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.findAll;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.verify;
import static com.helpdeskverify.jira.Fixtures.adf;
import static com.helpdeskverify.jira.Fixtures.comments;
import static com.helpdeskverify.jira.Fixtures.commentsBy;
import static com.helpdeskverify.jira.Fixtures.connector;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.helpdeskverify.core.CaseId;
import com.helpdeskverify.core.CommentMarker;
import com.helpdeskverify.core.TicketRef;
import org.junit.jupiter.api.Test;

@WireMockTest
class CommentTest {
  private static final TicketRef REF = new TicketRef(Fixtures.SYSTEM, "HD-1");
  private static final CommentMarker MARKER =
      new CommentMarker(
          new CaseId("5f0c6a8e-6d2b-4d0e-9a51-3c2f8e1b7a90"), CommentMarker.Step.NOTICE);
  private static final String SD_COMMENT = "/rest/servicedeskapi/request/HD-1/comment";
  private static final String COMMENT = "/rest/api/3/issue/HD-1/comment";
  private static final String MYSELF = "/rest/api/3/myself";
  private static final String CREATED = "{\"id\":\"10010\",\"body\":\"x\",\"public\":true}";

  @Test
  void publicCommentGoesToTheRequestAsPublicWithItsMarker(WireMockRuntimeInfo wm) {
    stubFor(post(urlPathEqualTo(SD_COMMENT)).willReturn(okJson(CREATED)));

    Fixtures.connect(wm.getHttpBaseUrl()).postPublicComment(REF, "We sent a push.", MARKER);

    verify(
        postRequestedFor(urlPathEqualTo(SD_COMMENT))
            .withRequestBody(
                equalToJson(
                    "{\"body\":\"We sent a push.\\n\\nRef: "
                        + MARKER.token()
                        + "\",\"public\":true}")));
  }

  @Test
  void internalNoteGoesToTheRequestAsNotPublic(WireMockRuntimeInfo wm) {
    stubFor(post(urlPathEqualTo(SD_COMMENT)).willReturn(okJson(CREATED)));

    Fixtures.connect(wm.getHttpBaseUrl()).postInternalNote(REF, "Escalated.", MARKER);

    verify(
        postRequestedFor(urlPathEqualTo(SD_COMMENT))
            .withRequestBody(
                equalToJson(
                    "{\"body\":\"Escalated.\\n\\nRef: "
                        + MARKER.token()
                        + "\",\"public\":false}")));
  }

  @Test
  void platformCommentIsAnAdfDocumentEndingWithTheMarker(WireMockRuntimeInfo wm) throws Exception {
    stubFor(post(urlPathEqualTo(COMMENT)).willReturn(okJson("{\"id\":\"10010\"}")));

    Fixtures.connect(Fixtures.settings(wm.getHttpBaseUrl(), JiraSettings.CommentApi.PLATFORM))
        .postPublicComment(REF, "We sent a push.", MARKER);

    JsonNode body = sentBody(COMMENT).get("body");
    assertThat(body.get("type").asText()).isEqualTo("doc");
    assertThat(body.get("version").asInt()).isEqualTo(1);
    JsonNode last = body.get("content").get(body.get("content").size() - 1);
    assertThat(last.at("/content/0/text").asText()).isEqualTo("Ref: " + MARKER.token());
  }

  @Test
  void hostileTextStaysInPlainTextNodes(WireMockRuntimeInfo wm) throws Exception {
    stubFor(post(urlPathEqualTo(COMMENT)).willReturn(okJson("{\"id\":\"10010\"}")));
    String hostile = "<script>alert(1)</script> {code}x{code} \"quote\" \\ Ünïcödé 🔐";

    Fixtures.connect(Fixtures.settings(wm.getHttpBaseUrl(), JiraSettings.CommentApi.PLATFORM))
        .postPublicComment(REF, hostile, MARKER);

    JsonNode first = sentBody(COMMENT).at("/body/content/0/content/0");
    assertThat(first.get("type").asText()).isEqualTo("text");
    assertThat(first.get("text").asText()).isEqualTo(hostile);
    assertThat(first.has("marks")).isFalse();
  }

  @Test
  void hostileTextInARequestCommentIsEscapedForWikiMarkup(WireMockRuntimeInfo wm) throws Exception {
    stubFor(post(urlPathEqualTo(SD_COMMENT)).willReturn(okJson(CREATED)));

    Fixtures.connect(wm.getHttpBaseUrl())
        .postPublicComment(
            REF, "{html}<b>x</b>{html} [click|https://evil.example] !img.png!", MARKER);

    assertThat(sentBody(SD_COMMENT).get("body").asText())
        .isEqualTo(
            "\\{html\\}<b>x</b>\\{html\\} \\[click\\|https://evil.example\\]"
                + " \\!img.png\\!\n\nRef: "
                + MARKER.token());
  }

  private static void myselfIsTheConnector() {
    stubFor(get(urlPathEqualTo(MYSELF)).willReturn(okJson(Fixtures.connector().toString())));
  }

  @Test
  void hasCommentFindsTheConnectorsMarkerOnALaterPage(WireMockRuntimeInfo wm) {
    myselfIsTheConnector();
    stubFor(
        get(urlPathEqualTo(COMMENT))
            .withQueryParam("startAt", equalTo("0"))
            .willReturn(okJson(comments(0, 2, adf("Unrelated comment")))));
    stubFor(
        get(urlPathEqualTo(COMMENT))
            .withQueryParam("startAt", equalTo("1"))
            .willReturn(
                okJson(
                    commentsBy(
                        connector(), 1, 2, adf("We sent a push.", "Ref: " + MARKER.token())))));

    assertThat(Fixtures.connect(wm.getHttpBaseUrl()).hasComment(REF, MARKER)).isTrue();
  }

  @Test
  void hasCommentIsFalseWhenNoPageCarriesTheMarker(WireMockRuntimeInfo wm) {
    myselfIsTheConnector();
    stubFor(
        get(urlPathEqualTo(COMMENT))
            .withQueryParam("startAt", equalTo("0"))
            .willReturn(okJson(commentsBy(connector(), 0, 2, adf("Unrelated comment")))));
    stubFor(
        get(urlPathEqualTo(COMMENT))
            .withQueryParam("startAt", equalTo("1"))
            .willReturn(okJson(commentsBy(connector(), 1, 2, adf("Ref: hv:other-case:notice")))));

    assertThat(Fixtures.connect(wm.getHttpBaseUrl()).hasComment(REF, MARKER)).isFalse();
  }

  @Test
  void markerQuotedByTheRequesterDoesNotCount(WireMockRuntimeInfo wm) {
    myselfIsTheConnector();
    stubFor(
        get(urlPathEqualTo(COMMENT))
            .willReturn(
                okJson(
                    comments(0, 1, adf("I already got it, thanks.", "Ref: " + MARKER.token())))));

    assertThat(Fixtures.connect(wm.getHttpBaseUrl()).hasComment(REF, MARKER)).isFalse();
  }

  @Test
  void repeatedStepPostsItsCommentWhenOnlyTheRequesterQuotedTheMarker(WireMockRuntimeInfo wm) {
    myselfIsTheConnector();
    stubFor(
        get(urlPathEqualTo(COMMENT))
            .willReturn(okJson(comments(0, 1, adf("Ref: " + MARKER.token())))));
    stubFor(post(urlPathEqualTo(SD_COMMENT)).willReturn(okJson(CREATED)));
    JiraTicketSystem system = Fixtures.connect(wm.getHttpBaseUrl());

    // What the workflow does when it repeats a step: post unless its comment is there.
    if (!system.hasComment(REF, MARKER)) {
      system.postPublicComment(REF, "We sent a push.", MARKER);
    }

    verify(1, postRequestedFor(urlPathEqualTo(SD_COMMENT)));
  }

  @Test
  void commentWithoutAnAuthorDoesNotCount(WireMockRuntimeInfo wm) throws Exception {
    myselfIsTheConnector();
    ObjectNode page = (ObjectNode) Fixtures.JSON.readTree(comments(0, 1, adf(MARKER.token())));
    ((ObjectNode) page.get("comments").get(0)).remove("author");
    stubFor(get(urlPathEqualTo(COMMENT)).willReturn(okJson(page.toString())));

    assertThat(Fixtures.connect(wm.getHttpBaseUrl()).hasComment(REF, MARKER)).isFalse();
  }

  @Test
  void ownAccountIsLookedUpOnceForManyChecks(WireMockRuntimeInfo wm) {
    myselfIsTheConnector();
    stubFor(
        get(urlPathEqualTo(COMMENT))
            .willReturn(okJson(commentsBy(connector(), 0, 1, adf("Ref: " + MARKER.token())))));
    stubFor(
        get(urlPathEqualTo("/rest/api/3/issue/HD-2/comment")).willReturn(okJson(comments(0, 0))));
    JiraTicketSystem system = Fixtures.connect(wm.getHttpBaseUrl());

    assertThat(system.hasComment(REF, MARKER)).isTrue();
    assertThat(system.hasComment(REF, MARKER)).isTrue();
    assertThat(system.hasComment(new TicketRef(Fixtures.SYSTEM, "HD-2"), MARKER)).isFalse();

    verify(1, getRequestedFor(urlPathEqualTo(MYSELF)));
  }

  @Test
  void failedOwnAccountLookupIsRetriedByTheNextCheck(WireMockRuntimeInfo wm) {
    stubFor(
        get(urlPathEqualTo(MYSELF))
            .inScenario("myself")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(400))
            .willSetStateTo("up"));
    stubFor(
        get(urlPathEqualTo(MYSELF))
            .inScenario("myself")
            .whenScenarioStateIs("up")
            .willReturn(okJson(Fixtures.connector().toString())));
    stubFor(
        get(urlPathEqualTo(COMMENT))
            .willReturn(okJson(commentsBy(connector(), 0, 1, adf("Ref: " + MARKER.token())))));
    JiraTicketSystem system = Fixtures.connect(wm.getHttpBaseUrl());

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> system.hasComment(REF, MARKER))
        .isInstanceOf(com.helpdeskverify.core.spi.PermanentFailure.class)
        .hasMessageContaining("GET /rest/api/3/myself");
    assertThat(system.hasComment(REF, MARKER)).isTrue();
    verify(2, getRequestedFor(urlPathEqualTo(MYSELF)));
  }

  @Test
  void commentRejectedAsUnauthorizedNamesTheCallButNotTheToken(WireMockRuntimeInfo wm) {
    stubFor(
        post(urlPathEqualTo(SD_COMMENT))
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"errorMessages\":[\"You are not authenticated. Authentication"
                            + " required to perform this operation.\"]}")));

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> Fixtures.connect(wm.getHttpBaseUrl()).postPublicComment(REF, "x", MARKER))
        .isInstanceOf(com.helpdeskverify.core.spi.PermanentFailure.class)
        .hasMessageContaining("401")
        .hasMessageContaining("check the credentials")
        .hasMessageNotContaining(Fixtures.API_TOKEN);
  }

  private static JsonNode sentBody(String path) throws Exception {
    var requests = findAll(postRequestedFor(urlPathEqualTo(path)));
    assertThat(requests).hasSize(1);
    return Fixtures.JSON.readTree(requests.get(0).getBodyAsString());
  }
}
