package com.helpdeskverify.jira;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.noContent;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.verify;
import static com.helpdeskverify.jira.Fixtures.issueStatus;
import static com.helpdeskverify.jira.Fixtures.transitions;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.helpdeskverify.core.TicketRef;
import com.helpdeskverify.core.spi.PermanentFailure;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@WireMockTest
class MoveTest {
  private static final TicketRef REF = new TicketRef(Fixtures.SYSTEM, "HD-1");
  private static final String ISSUE = "/rest/api/3/issue/HD-1";
  private static final String TRANSITIONS = ISSUE + "/transitions";

  private JiraTicketSystem system;

  @BeforeEach
  void setUp(WireMockRuntimeInfo wm) {
    system = Fixtures.connect(wm.getHttpBaseUrl());
    stubFor(post(urlPathEqualTo(TRANSITIONS)).willReturn(noContent()));
  }

  private static void status(String name) {
    stubFor(
        get(urlPathEqualTo(ISSUE))
            .withQueryParam("fields", equalTo("status"))
            .willReturn(okJson(issueStatus("HD-1", name))));
  }

  @Test
  void rejectAppliesTheTransitionFoundByName() {
    status("Waiting for verification");
    stubFor(
        get(urlPathEqualTo(TRANSITIONS))
            .willReturn(
                okJson(transitions("Verified", "21", "In Progress", "Decline", "31", "Declined"))));

    system.reject(REF, "denied");

    verify(
        postRequestedFor(urlPathEqualTo(TRANSITIONS))
            .withRequestBody(equalToJson("{\"transition\":{\"id\":\"31\"}}")));
  }

  @Test
  void missingTransitionNamesItAndListsTheAvailableOnes() {
    status("Waiting for verification");
    stubFor(
        get(urlPathEqualTo(TRANSITIONS))
            .willReturn(okJson(transitions("Verified", "21", "In Progress"))));

    assertThatThrownBy(() -> system.reject(REF, "denied"))
        .isInstanceOf(PermanentFailure.class)
        .hasMessageContaining("transition 'Decline' is not available")
        .hasMessageContaining("available: ['Verified']");
  }

  @Test
  void executeOfATicketAlreadyInTheTargetStatusChangesNothing() {
    status("In Progress");

    system.execute(REF);

    verify(0, postRequestedFor(urlPathEqualTo(TRANSITIONS)));
  }

  @Test
  void moveWhoseTransitionLeadsToTheCurrentStatusChangesNothing() {
    status("Declined");
    stubFor(
        get(urlPathEqualTo(TRANSITIONS))
            .willReturn(okJson(transitions("Decline", "31", "Declined"))));

    system.reject(REF, "denied");

    verify(0, postRequestedFor(urlPathEqualTo(TRANSITIONS)));
  }

  @Test
  void escalationSetsTheConfiguredFieldsThenTransitions() {
    status("Waiting for verification");
    stubFor(
        get(urlPathEqualTo(TRANSITIONS))
            .willReturn(okJson(transitions("Escalate", "41", "Escalated"))));
    stubFor(put(urlPathEqualTo(ISSUE)).willReturn(noContent()));

    system.escalate(REF, "no device");

    verify(
        putRequestedFor(urlPathEqualTo(ISSUE))
            .withRequestBody(
                equalToJson(
                    "{\"fields\":{\"assignee\":{\"accountId\":\""
                        + Fixtures.BOB
                        + "\"},\"priority\":{\"name\":\"High\"}},"
                        + "\"update\":{\"labels\":[{\"add\":\"hv-escalated\"}]}}")));
    verify(
        postRequestedFor(urlPathEqualTo(TRANSITIONS))
            .withRequestBody(equalToJson("{\"transition\":{\"id\":\"41\"}}")));
  }
}
