package com.helpdeskverify.jira;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.noContent;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.verify;
import static com.helpdeskverify.jira.Fixtures.issueOffering;
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

  /** The issue's status and transitions, answered to the move's one read. */
  private static void offers(String status, String... nameIdTo) {
    stubFor(
        get(urlPathEqualTo(ISSUE))
            .withQueryParam("fields", equalTo("status"))
            .withQueryParam("expand", equalTo("transitions"))
            .willReturn(okJson(issueOffering("HD-1", status, nameIdTo))));
  }

  @Test
  void rejectReadsStatusAndTransitionsInOneCallAndAppliesTheTransitionFoundByName() {
    offers(
        "Waiting for verification", "Verified", "21", "In Progress", "Decline", "31", "Declined");

    system.reject(REF, "denied");

    verify(1, getRequestedFor(urlPathEqualTo(ISSUE)));
    verify(0, getRequestedFor(urlPathEqualTo(TRANSITIONS)));
    verify(
        postRequestedFor(urlPathEqualTo(TRANSITIONS))
            .withRequestBody(equalToJson("{\"transition\":{\"id\":\"31\"}}")));
  }

  @Test
  void aServerThatLeavesTheExpansionOutIsAskedForTheTransitions() {
    stubFor(
        get(urlPathEqualTo(ISSUE))
            .withQueryParam("fields", equalTo("status"))
            .willReturn(okJson(issueStatus("HD-1", "Waiting for verification"))));
    stubFor(
        get(urlPathEqualTo(TRANSITIONS))
            .willReturn(okJson(transitions("Decline", "31", "Declined"))));

    system.reject(REF, "denied");

    verify(1, getRequestedFor(urlPathEqualTo(TRANSITIONS)));
    verify(
        postRequestedFor(urlPathEqualTo(TRANSITIONS))
            .withRequestBody(equalToJson("{\"transition\":{\"id\":\"31\"}}")));
  }

  @Test
  void missingTransitionNamesItAndListsTheAvailableOnes() {
    offers("Waiting for verification", "Verified", "21", "In Progress");

    assertThatThrownBy(() -> system.reject(REF, "denied"))
        .isInstanceOf(PermanentFailure.class)
        .hasMessageContaining("transition 'Decline' is not available")
        .hasMessageContaining("available: ['Verified']");
  }

  @Test
  void executeOfATicketAlreadyInTheTargetStatusChangesNothing() {
    offers("In Progress", "Verified", "21", "In Progress");

    system.execute(REF);

    verify(0, postRequestedFor(urlPathEqualTo(TRANSITIONS)));
  }

  @Test
  void moveWhoseTransitionLeadsToTheCurrentStatusChangesNothing() {
    offers("Declined", "Decline", "31", "Declined");

    system.reject(REF, "denied");

    verify(0, postRequestedFor(urlPathEqualTo(TRANSITIONS)));
  }

  @Test
  void escalationSetsTheConfiguredFieldsThenTransitions() {
    offers("Waiting for verification", "Escalate", "41", "Escalated");
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
