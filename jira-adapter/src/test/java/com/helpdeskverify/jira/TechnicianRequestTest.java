package com.helpdeskverify.jira;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.noContent;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.verify;
import static com.helpdeskverify.jira.Fixtures.issue;
import static com.helpdeskverify.jira.Fixtures.page;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.helpdeskverify.core.RequestDetails;
import com.helpdeskverify.core.Ticket;
import com.helpdeskverify.core.TicketRef;
import com.helpdeskverify.core.Watermark;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The verify label, labels and the request type as the adapter hands them to intake. */
@WireMockTest
class TechnicianRequestTest {
  private static final String SEARCH = "/rest/api/3/search/jql";
  private static final Watermark SINCE = Watermark.at(Instant.parse("2026-11-02T09:00:30Z"));

  private static JiraSettings with(JiraSettings s, String label, Optional<String> requestType) {
    return s.toBuilder().verifyLabel(label).requestTypeField(requestType).build();
  }

  private static JiraTicketSystem system(
      WireMockRuntimeInfo wm, String label, Optional<String> requestType) {
    return Fixtures.connect(
        with(
            Fixtures.settings(wm.getHttpBaseUrl(), JiraSettings.CommentApi.SERVICEDESK),
            label,
            requestType));
  }

  private static ObjectNode labelled(String... labels) {
    ObjectNode issue = issue("HD-1", "2026-11-02T09:01:00.000+0000");
    var array = ((ObjectNode) issue.get("fields")).putArray("labels");
    for (String l : labels) {
      array.add(l);
    }
    return issue;
  }

  @Test
  void ticketWithTheVerifyLabelIsMarkedAndKeepsItsLabels(WireMockRuntimeInfo wm) {
    stubFor(
        get(urlPathEqualTo(SEARCH))
            .willReturn(okJson(page(null, labelled("vip", "Verify-Identity")))));

    Ticket t =
        system(wm, "verify-identity", Optional.empty()).findChanged(SINCE, 10).tickets().get(0);

    assertThat(t.details().verificationRequested()).isTrue();
    assertThat(t.details().labels()).contains("vip", "Verify-Identity");
  }

  @Test
  void ticketWithoutTheVerifyLabelIsNotMarked(WireMockRuntimeInfo wm) {
    stubFor(get(urlPathEqualTo(SEARCH)).willReturn(okJson(page(null, labelled("vip")))));

    Ticket t =
        system(wm, "verify-identity", Optional.empty()).findChanged(SINCE, 10).tickets().get(0);

    assertThat(t.details().verificationRequested()).isFalse();
    assertThat(t.details().labels()).containsExactly("vip");
  }

  @Test
  void scanAsksForLabelsAndTheRequestTypeField(WireMockRuntimeInfo wm) {
    stubFor(get(urlPathEqualTo(SEARCH)).willReturn(okJson(page(null))));

    system(wm, "verify-identity", Optional.of("customfield_10010")).findChanged(SINCE, 10);

    verify(
        getRequestedFor(urlPathEqualTo(SEARCH))
            .withQueryParam(
                "fields",
                equalTo(
                    "summary,description,created,updated,status,reporter,creator,labels,"
                        + "customfield_10010")));
  }

  @Test
  void requestTypeNameFromTheConfiguredFieldReachesIntake(WireMockRuntimeInfo wm) {
    ObjectNode issue = labelled();
    ObjectNode rt = ((ObjectNode) issue.get("fields")).putObject("customfield_10010");
    rt.putObject("requestType").put("id", "14").put("name", "Reset password");
    rt.putObject("currentStatus").put("status", "Waiting for support");
    stubFor(get(urlPathEqualTo(SEARCH)).willReturn(okJson(page(null, issue))));

    Ticket t =
        system(wm, "verify-identity", Optional.of("customfield_10010"))
            .findChanged(SINCE, 10)
            .tickets()
            .get(0);

    assertThat(t.details().fields()).containsEntry(RequestDetails.REQUEST_TYPE, "Reset password");
  }

  @Test
  void withoutARequestTypeFieldNoRequestTypeIsReported(WireMockRuntimeInfo wm) {
    ObjectNode issue = labelled();
    ((ObjectNode) issue.get("fields"))
        .putObject("customfield_10010")
        .putObject("requestType")
        .put("name", "Reset password");
    stubFor(get(urlPathEqualTo(SEARCH)).willReturn(okJson(page(null, issue))));

    Ticket t =
        system(wm, "verify-identity", Optional.empty()).findChanged(SINCE, 10).tickets().get(0);

    assertThat(t.details().fields()).isEmpty();
  }

  @Test
  void emptyVerifyLabelLeavesTheScopeAsConfigured(WireMockRuntimeInfo wm) {
    assertThat(system(wm, "", Optional.empty()).jql(SINCE))
        .startsWith("(project = HD AND status = \"Waiting for verification\") AND updated");
    assertThat(system(wm, "", Optional.empty()).howToRequestVerification()).isEmpty();
  }

  @Test
  void techniciansAreToldToAddTheLabel(WireMockRuntimeInfo wm) {
    assertThat(system(wm, "verify-identity", Optional.empty()).howToRequestVerification())
        .contains("add the label verify-identity to the ticket");
  }

  @Test
  void answeredRequestRemovesTheLabelAsTheTicketSpellsIt(WireMockRuntimeInfo wm) {
    stubFor(
        get(urlPathEqualTo("/rest/api/3/issue/HD-1"))
            .willReturn(okJson(labelled("vip", "Verify-Identity").toString())));
    stubFor(put(urlPathEqualTo("/rest/api/3/issue/HD-1")).willReturn(noContent()));

    system(wm, "verify-identity", Optional.empty())
        .clearVerificationRequest(new TicketRef(Fixtures.SYSTEM, "HD-1"));

    verify(
        putRequestedFor(urlPathEqualTo("/rest/api/3/issue/HD-1"))
            .withRequestBody(
                equalToJson("{\"update\":{\"labels\":[{\"remove\":\"Verify-Identity\"}]}}")));
  }

  @Test
  void ticketWithoutTheLabelIsNotEdited(WireMockRuntimeInfo wm) {
    stubFor(
        get(urlPathEqualTo("/rest/api/3/issue/HD-1"))
            .willReturn(okJson(labelled("vip").toString())));

    system(wm, "verify-identity", Optional.empty())
        .clearVerificationRequest(new TicketRef(Fixtures.SYSTEM, "HD-1"));

    verify(0, putRequestedFor(anyUrl()));
    verify(
        getRequestedFor(urlPathEqualTo("/rest/api/3/issue/HD-1"))
            .withQueryParam("fields", equalTo("labels")));
  }

  @Test
  void dataCenterMarksTheLabelledTicketToo(WireMockRuntimeInfo wm) {
    JiraSettings dc =
        Fixtures.settings(
            JiraSettings.Deployment.DATA_CENTER,
            wm.getHttpBaseUrl(),
            JiraSettings.CommentApi.SERVICEDESK);
    ObjectNode issue = Fixtures.asDataCenter(labelled("verify-identity"));
    ObjectNode result = Fixtures.JSON.createObjectNode();
    result.put("startAt", 0).put("maxResults", 50).put("total", 1);
    result.putArray("issues").add(issue);
    stubFor(get(urlPathEqualTo("/rest/api/2/search")).willReturn(okJson(result.toString())));

    Ticket t = Fixtures.connect(dc).findChanged(SINCE, 10).tickets().get(0);

    assertThat(t.details().verificationRequested()).isTrue();
    verify(
        getRequestedFor(urlPathEqualTo("/rest/api/2/search"))
            .withQueryParam(
                "jql",
                com.github.tomakehurst.wiremock.client.WireMock.containing(
                    "OR labels = \"verify-identity\""))
            .withQueryParam("nextPageToken", absent()));
  }

  @Test
  void dataCenterRemovesTheLabelOverRestV2(WireMockRuntimeInfo wm) {
    JiraSettings dc =
        Fixtures.settings(
            JiraSettings.Deployment.DATA_CENTER,
            wm.getHttpBaseUrl(),
            JiraSettings.CommentApi.SERVICEDESK);
    stubFor(
        get(urlPathEqualTo("/rest/api/2/issue/HD-1"))
            .willReturn(okJson(Fixtures.asDataCenter(labelled("verify-identity")).toString())));
    stubFor(put(urlPathEqualTo("/rest/api/2/issue/HD-1")).willReturn(noContent()));

    Fixtures.connect(dc).clearVerificationRequest(new TicketRef(Fixtures.SYSTEM, "HD-1"));

    verify(
        putRequestedFor(urlPathEqualTo("/rest/api/2/issue/HD-1"))
            .withRequestBody(
                equalToJson("{\"update\":{\"labels\":[{\"remove\":\"verify-identity\"}]}}")));
  }
}
