package com.helpdeskverify.jira;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.noContent;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.verify;
import static com.helpdeskverify.jira.Fixtures.issueOffering;
import static com.helpdeskverify.jira.Fixtures.withScreens;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.helpdeskverify.core.CaseId;
import com.helpdeskverify.core.CommentMarker;
import com.helpdeskverify.core.TicketRef;
import com.helpdeskverify.core.spi.PermanentFailure;
import com.helpdeskverify.core.spi.TicketSystem.PublicComment;
import com.helpdeskverify.core.spi.TransientFailure;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A move with the requester's comment about it: one call where the transition has a screen, the
 * move and then the comment where it has none or Jira refuses the comment.
 */
@WireMockTest
class MoveWithCommentTest {
  private static final TicketRef REF = new TicketRef(Fixtures.SYSTEM, "HD-1");
  private static final String ISSUE = "/rest/api/3/issue/HD-1";
  private static final String TRANSITIONS = ISSUE + "/transitions";
  private static final String REQUEST_COMMENT = "/rest/servicedeskapi/request/HD-1/comment";
  private static final CommentMarker MARKER =
      new CommentMarker(new CaseId("case-1"), CommentMarker.Step.REJECTED);

  private JiraTicketSystem system;
  private final AtomicInteger fences = new AtomicInteger();
  private PublicComment comment;

  @BeforeEach
  void setUp(WireMockRuntimeInfo wm) {
    system = Fixtures.connect(wm.getHttpBaseUrl());
    comment = new PublicComment("Your request was declined.", MARKER, fences::incrementAndGet);
    stubFor(post(urlPathEqualTo(TRANSITIONS)).willReturn(noContent()));
    stubFor(post(urlPathEqualTo(REQUEST_COMMENT)).willReturn(okJson("{\"id\":\"7\"}")));
  }

  private static void offers(String json) {
    stubFor(
        get(urlPathEqualTo(ISSUE))
            .withQueryParam("fields", equalTo("status"))
            .withQueryParam("expand", equalTo("transitions"))
            .willReturn(okJson(json)));
  }

  /** Jira's 400 for a field the transition does not take: its ErrorCollection names the field. */
  private static ResponseDefinitionBuilder refusal(String field, String message) {
    return aResponse()
        .withStatus(400)
        .withHeader("Content-Type", "application/json")
        .withBody(
            Fixtures.JSON
                .createObjectNode()
                .<ObjectNode>set("errorMessages", Fixtures.JSON.createArrayNode())
                .set("errors", Fixtures.JSON.createObjectNode().put(field, message))
                .toString());
  }

  private static String decline() {
    return issueOffering("HD-1", "Waiting for verification", "Decline", "31", "Declined");
  }

  @Test
  void aTransitionWithAScreenTakesTheCommentWithTheMoveInOneCall() {
    offers(withScreens(decline()));

    system.reject(REF, "denied", comment);

    verify(
        1,
        postRequestedFor(urlPathEqualTo(TRANSITIONS))
            .withRequestBody(matchingJsonPath("$.transition.id", equalTo("31")))
            .withRequestBody(matchingJsonPath("$.update.comment[0].add.body.type", equalTo("doc")))
            .withRequestBody(containing("Your request was declined."))
            .withRequestBody(containing("Ref: " + MARKER.token())));
    verify(0, postRequestedFor(urlPathEqualTo(REQUEST_COMMENT)));
    assertThat(fences).as("no comment posted on its own, so none fenced").hasValue(0);
  }

  @Test
  void aTransitionWithoutAScreenMovesAloneAndTheCommentFollowsFenced() {
    offers(decline());

    system.reject(REF, "denied", comment);

    verify(
        1,
        postRequestedFor(urlPathEqualTo(TRANSITIONS))
            .withRequestBody(equalToJson("{\"transition\":{\"id\":\"31\"}}")));
    verify(
        1,
        postRequestedFor(urlPathEqualTo(REQUEST_COMMENT))
            .withRequestBody(containing("Ref: " + MARKER.token())));
    assertThat(fences).hasValue(1);
  }

  @Test
  void aCommentTheTransitionRefusesIsPostedOnItsOwnAndNeverSentWithThatTransitionAgain() {
    offers(withScreens(decline()));
    stubFor(
        post(urlPathEqualTo(TRANSITIONS))
            .withRequestBody(matchingJsonPath("$.update"))
            .willReturn(
                refusal(
                    "comment",
                    "Field 'comment' cannot be set. It is not on the appropriate screen, or"
                        + " unknown.")));

    system.reject(REF, "denied", comment);
    system.reject(REF, "denied", comment);

    verify(
        1,
        postRequestedFor(urlPathEqualTo(TRANSITIONS))
            .withRequestBody(matchingJsonPath("$.update")));
    verify(
        2,
        postRequestedFor(urlPathEqualTo(TRANSITIONS))
            .withRequestBody(equalToJson("{\"transition\":{\"id\":\"31\"}}")));
    verify(2, postRequestedFor(urlPathEqualTo(REQUEST_COMMENT)));
    assertThat(fences).hasValue(2);
  }

  @Test
  void anotherRefusalOfTheMoveFailsWithJirasWordsAndPostsNothing() {
    offers(withScreens(decline()));
    stubFor(
        post(urlPathEqualTo(TRANSITIONS))
            .willReturn(refusal("resolution", "Resolution is required.")));

    assertThatThrownBy(() -> system.reject(REF, "denied", comment))
        .isInstanceOf(PermanentFailure.class)
        .hasMessageContaining("HTTP 400")
        .hasMessageContaining("Resolution is required.");
    verify(1, postRequestedFor(urlPathEqualTo(TRANSITIONS)));
    verify(0, postRequestedFor(urlPathEqualTo(REQUEST_COMMENT)));
    assertThat(fences).hasValue(0);
  }

  @Test
  void aCutOffAnswerToTheMoveWithItsCommentIsAFailureThatPostsNothing() {
    offers(withScreens(decline()));
    stubFor(
        post(urlPathEqualTo(TRANSITIONS))
            .willReturn(okJson("{\"errorMessages\": [").withStatus(200)));

    assertThatThrownBy(() -> system.reject(REF, "denied", comment))
        .isInstanceOf(TransientFailure.class)
        .hasMessageContaining("malformed");
    verify(0, postRequestedFor(urlPathEqualTo(REQUEST_COMMENT)));
    assertThat(fences).hasValue(0);
  }

  @Test
  void aTicketAlreadyMovedGetsTheCommentOnItsOwn() {
    offers(withScreens(issueOffering("HD-1", "Declined", "Decline", "31", "Declined")));

    system.reject(REF, "denied", comment);

    verify(0, postRequestedFor(urlPathEqualTo(TRANSITIONS)));
    verify(1, postRequestedFor(urlPathEqualTo(REQUEST_COMMENT)));
    assertThat(fences).hasValue(1);
  }

  @Test
  void onDataCenterTheCommentIsWikiMarkupOnRestV2(WireMockRuntimeInfo wm) {
    JiraTicketSystem dc = Fixtures.connectDataCenter(wm.getHttpBaseUrl());
    String issue = "/rest/api/2/issue/HD-1";
    stubFor(
        get(urlPathEqualTo(issue))
            .withQueryParam("expand", equalTo("transitions"))
            .willReturn(okJson(withScreens(decline()))));
    stubFor(post(urlPathEqualTo(issue + "/transitions")).willReturn(noContent()));

    dc.reject(REF, "denied", comment);

    verify(
        1,
        postRequestedFor(urlPathEqualTo(issue + "/transitions"))
            .withRequestBody(
                matchingJsonPath(
                    "$.update.comment[0].add.body",
                    equalTo("Your request was declined.\n\nRef: " + MARKER.token()))));
    assertThat(WireMock.findAll(postRequestedFor(urlPathEqualTo(issue + "/comment")))).isEmpty();
  }
}
