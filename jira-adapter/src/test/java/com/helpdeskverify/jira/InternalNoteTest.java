package com.helpdeskverify.jira;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.findAll;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.verify;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.helpdeskverify.core.CaseId;
import com.helpdeskverify.core.CommentMarker;
import com.helpdeskverify.core.TicketRef;
import com.helpdeskverify.core.spi.PermanentFailure;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Technician notes stay internal on every comment path, on Cloud (REST v3, ADF) and Data Center
 * (REST v2, wiki text), and public comments stay public: each test reads the request body Jira
 * received.
 */
@WireMockTest
class InternalNoteTest {
  private static final TicketRef HD_1 = new TicketRef(Fixtures.SYSTEM, "HD-1");
  private static final TicketRef IT_7 = new TicketRef(Fixtures.SYSTEM, "IT-7");
  private static final CommentMarker MARKER =
      new CommentMarker(
          new CaseId("5f0c6a8e-6d2b-4d0e-9a51-3c2f8e1b7a90"),
          CommentMarker.Step.ESCALATED_INTERNAL);
  private static final String SERVICE_DESKS = "/rest/servicedeskapi/servicedesk";
  private static final String SD_COMMENT = "/rest/servicedeskapi/request/HD-1/comment";
  private static final JiraSettings.Visibility TEAM =
      JiraSettings.Visibility.of(JiraSettings.Visibility.Kind.ROLE, "Service Desk Team");

  private static JiraTicketSystem system(
      WireMockRuntimeInfo wm,
      JiraSettings.Deployment deployment,
      JiraSettings.CommentApi mode,
      Optional<JiraSettings.Visibility> visibility) {
    stubFor(post(urlPathMatching("/rest/.*/comment")).willReturn(okJson("{\"id\":\"10010\"}")));
    return Fixtures.connect(
        Fixtures.settings(deployment, wm.getHttpBaseUrl(), mode).toBuilder()
            .noteVisibility(visibility)
            .build());
  }

  private static String comments(JiraSettings.Deployment deployment, String key) {
    return "/rest/api/" + deployment.restVersion() + "/issue/" + key + "/comment";
  }

  /** HD is a service desk, IT a plain Jira project; HD-1 is where it was filed. */
  private static void serviceDeskIsHd() {
    stubFor(
        get(urlPathEqualTo(SERVICE_DESKS))
            .willReturn(okJson(serviceDeskPage(0, true, desk("1", "10000", "HD", "Help Desk")))));
    stubFor(
        get(urlPathMatching("/rest/api/./issue/HD-1"))
            .willReturn(okJson("{\"id\":\"10001\",\"key\":\"HD-1\",\"fields\":{}}")));
  }

  /** HD-1 was moved to IT, a plain Jira project, where it is IT-8 now. */
  private static void hd1MovedToIt() {
    stubFor(
        get(urlPathMatching("/rest/api/./issue/HD-1"))
            .willReturn(okJson("{\"id\":\"10001\",\"key\":\"IT-8\",\"fields\":{}}")));
  }

  static ObjectNode desk(String id, String projectId, String key, String name) {
    ObjectNode d = Fixtures.JSON.createObjectNode();
    d.put("id", id);
    d.put("projectId", projectId);
    d.put("projectName", name);
    d.put("projectKey", key);
    d.putObject("_links")
        .put("self", "https://jira.acme.example/rest/servicedeskapi/servicedesk/" + id);
    return d;
  }

  static String serviceDeskPage(int start, boolean last, ObjectNode... desks) {
    ObjectNode p = Fixtures.JSON.createObjectNode();
    p.put("size", desks.length);
    p.put("start", start);
    p.put("limit", 50);
    p.put("isLastPage", last);
    ArrayNode values = p.putArray("values");
    for (ObjectNode d : desks) {
      values.add(d);
    }
    return p.toString();
  }

  private static JsonNode sent(String path) throws Exception {
    var requests = findAll(postRequestedFor(urlPathEqualTo(path)));
    assertThat(requests).hasSize(1);
    return Fixtures.JSON.readTree(requests.get(0).getBodyAsString());
  }

  private static String text(JiraSettings.Deployment deployment, JsonNode body) {
    return deployment == JiraSettings.Deployment.CLOUD
        ? Adf.toText(body.get("body"))
        : body.get("body").asText();
  }

  @ParameterizedTest
  @EnumSource(JiraSettings.Deployment.class)
  void platformNoteOnAServiceDeskProjectCarriesTheInternalCommentProperty(
      JiraSettings.Deployment deployment, WireMockRuntimeInfo wm) throws Exception {
    serviceDeskIsHd();

    system(wm, deployment, JiraSettings.CommentApi.PLATFORM, Optional.empty())
        .postInternalNote(HD_1, "Could not verify the requester.", MARKER);

    JsonNode body = sent(comments(deployment, "HD-1"));
    assertThat(body.get("properties"))
        .isEqualTo(
            Fixtures.JSON.readTree(
                "[{\"key\":\"sd.public.comment\",\"value\":{\"internal\":true}}]"));
    assertThat(body.has("visibility")).isFalse();
    assertThat(text(deployment, body)).contains("Could not verify the requester.");
  }

  @ParameterizedTest
  @EnumSource(JiraSettings.Deployment.class)
  void platformNoteOnAProjectThatIsNoServiceDeskIsRestrictedToTheConfiguredRole(
      JiraSettings.Deployment deployment, WireMockRuntimeInfo wm) throws Exception {
    serviceDeskIsHd();

    system(wm, deployment, JiraSettings.CommentApi.PLATFORM, Optional.of(TEAM))
        .postInternalNote(IT_7, "Could not verify the requester.", MARKER);

    JsonNode body = sent(comments(deployment, "IT-7"));
    assertThat(body.get("visibility"))
        .isEqualTo(Fixtures.JSON.readTree("{\"type\":\"role\",\"value\":\"Service Desk Team\"}"));
    assertThat(body.has("properties")).isFalse();
  }

  @ParameterizedTest
  @EnumSource(JiraSettings.Deployment.class)
  void platformNoteThatWouldBePublicIsRefusedAndNeverPosted(
      JiraSettings.Deployment deployment, WireMockRuntimeInfo wm) {
    serviceDeskIsHd();
    JiraTicketSystem system =
        system(wm, deployment, JiraSettings.CommentApi.PLATFORM, Optional.empty());

    assertThatThrownBy(() -> system.postInternalNote(IT_7, "Duo denied: no devices.", MARKER))
        .isInstanceOf(PermanentFailure.class)
        .hasMessageContaining("IT is not a service desk")
        .hasMessageContaining("note-visibility");
    assertThat(findAll(postRequestedFor(urlPathMatching("/rest/.*/comment")))).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(JiraSettings.Deployment.class)
  void platformNoteOnAnIssueMovedOutOfTheServiceDeskIsRestrictedToTheRoleNotMarkedInternal(
      JiraSettings.Deployment deployment, WireMockRuntimeInfo wm) throws Exception {
    serviceDeskIsHd();
    hd1MovedToIt();

    system(wm, deployment, JiraSettings.CommentApi.PLATFORM, Optional.of(TEAM))
        .postInternalNote(HD_1, "Could not verify the requester.", MARKER);

    JsonNode body = sent(comments(deployment, "HD-1"));
    assertThat(body.get("visibility"))
        .isEqualTo(Fixtures.JSON.readTree("{\"type\":\"role\",\"value\":\"Service Desk Team\"}"));
    assertThat(body.has("properties")).isFalse();
  }

  @ParameterizedTest
  @EnumSource(JiraSettings.Deployment.class)
  void platformNoteOnAnIssueMovedOutOfTheServiceDeskIsRefusedWithoutAVisibility(
      JiraSettings.Deployment deployment, WireMockRuntimeInfo wm) {
    serviceDeskIsHd();
    hd1MovedToIt();
    JiraTicketSystem system =
        system(wm, deployment, JiraSettings.CommentApi.PLATFORM, Optional.empty());

    assertThatThrownBy(() -> system.postInternalNote(HD_1, "Duo denied: no devices.", MARKER))
        .isInstanceOf(PermanentFailure.class)
        .hasMessageContaining("IT is not a service desk");
    assertThat(findAll(postRequestedFor(urlPathMatching("/rest/.*/comment")))).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(JiraSettings.Deployment.class)
  void platformPublicCommentCarriesNeitherTheInternalPropertyNorAVisibility(
      JiraSettings.Deployment deployment, WireMockRuntimeInfo wm) throws Exception {
    serviceDeskIsHd();

    system(wm, deployment, JiraSettings.CommentApi.PLATFORM, Optional.of(TEAM))
        .postPublicComment(HD_1, "We sent a push to your phone.", MARKER);

    JsonNode body = sent(comments(deployment, "HD-1"));
    assertThat(body.has("properties")).isFalse();
    assertThat(body.has("visibility")).isFalse();
    verify(0, getRequestedFor(urlPathEqualTo(SERVICE_DESKS)));
  }

  @ParameterizedTest
  @EnumSource(JiraSettings.Deployment.class)
  void serviceDeskNoteIsARequestCommentThatIsNotPublic(
      JiraSettings.Deployment deployment, WireMockRuntimeInfo wm) throws Exception {
    system(wm, deployment, JiraSettings.CommentApi.SERVICEDESK, Optional.empty())
        .postInternalNote(HD_1, "Could not verify the requester.", MARKER);

    JsonNode body = sent(SD_COMMENT);
    assertThat(body.get("public").asBoolean(true)).isFalse();
  }

  @ParameterizedTest
  @EnumSource(JiraSettings.Deployment.class)
  void serviceDeskPublicCommentIsARequestCommentThatIsPublic(
      JiraSettings.Deployment deployment, WireMockRuntimeInfo wm) throws Exception {
    system(wm, deployment, JiraSettings.CommentApi.SERVICEDESK, Optional.empty())
        .postPublicComment(HD_1, "We sent a push to your phone.", MARKER);

    JsonNode body = sent(SD_COMMENT);
    assertThat(body.get("public").asBoolean(false)).isTrue();
  }

  @ParameterizedTest
  @EnumSource(JiraSettings.Deployment.class)
  void serviceDeskListIsReadAcrossItsPagesOnce(
      JiraSettings.Deployment deployment, WireMockRuntimeInfo wm) throws Exception {
    stubFor(
        get(urlPathEqualTo(SERVICE_DESKS))
            .withQueryParam("start", equalTo("0"))
            .willReturn(okJson(serviceDeskPage(0, false, desk("1", "10000", "AB", "Alpha")))));
    stubFor(
        get(urlPathEqualTo(SERVICE_DESKS))
            .withQueryParam("start", equalTo("1"))
            .willReturn(okJson(serviceDeskPage(1, true, desk("2", "10001", "HD", "Help Desk")))));
    stubFor(
        get(urlPathMatching("/rest/api/./issue/HD-1"))
            .willReturn(okJson("{\"id\":\"10001\",\"key\":\"HD-1\",\"fields\":{}}")));
    JiraTicketSystem system =
        system(wm, deployment, JiraSettings.CommentApi.PLATFORM, Optional.empty());

    system.postInternalNote(HD_1, "first", MARKER);
    system.postInternalNote(HD_1, "second", MARKER);

    verify(2, getRequestedFor(urlPathEqualTo(SERVICE_DESKS)));
    for (var request : findAll(postRequestedFor(urlPathEqualTo(comments(deployment, "HD-1"))))) {
      assertThat(
              Fixtures.JSON
                  .readTree(request.getBodyAsString())
                  .at("/properties/0/value/internal")
                  .asBoolean())
          .isTrue();
    }
  }

  @ParameterizedTest
  @EnumSource(JiraSettings.Deployment.class)
  void withoutServiceManagementEveryNoteTakesTheVisibility(
      JiraSettings.Deployment deployment, WireMockRuntimeInfo wm) throws Exception {
    stubFor(get(urlPathEqualTo(SERVICE_DESKS)).willReturn(aResponse().withStatus(404)));

    system(
            wm,
            deployment,
            JiraSettings.CommentApi.PLATFORM,
            Optional.of(
                new JiraSettings.Visibility(
                    JiraSettings.Visibility.Kind.GROUP,
                    Optional.of("jira-helpdesk"),
                    Optional.empty())))
        .postInternalNote(HD_1, "note", MARKER);

    assertThat(sent(comments(deployment, "HD-1")).get("visibility"))
        .isEqualTo(Fixtures.JSON.readTree("{\"type\":\"group\",\"value\":\"jira-helpdesk\"}"));
  }

  @org.junit.jupiter.api.Test
  void scopeProjectsAreToldOnlyWhenTheJqlConfinesThem() {
    assertThat(ServiceDesks.scopeProjects("project = HD AND status = \"Waiting\""))
        .contains(List.of("HD"));
    assertThat(ServiceDesks.scopeProjects("project in (HD, \"IT Help\") AND type = Task"))
        .contains(List.of("HD", "IT Help"));
    assertThat(ServiceDesks.scopeProjects("project = HD OR labels = vip")).isEmpty();
    assertThat(ServiceDesks.scopeProjects("project != HD")).isEmpty();
    assertThat(ServiceDesks.scopeProjects("status = \"Waiting\"")).isEmpty();
  }
}
