package com.helpdeskverify.jira;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.verify;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.helpdeskverify.core.Requester;
import com.helpdeskverify.core.Ticket;
import com.helpdeskverify.core.TicketRef;
import com.helpdeskverify.core.spi.TicketSystem.Standing;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The last look before execution: is the ticket still in the JQL scope, or already executed? */
@WireMockTest
class StandingTest {
  private static final TicketRef REF = new TicketRef(Fixtures.SYSTEM, "HD-1");
  private static final String SCOPE_BY_KEY =
      "((project = HD AND status = \"Waiting for verification\") OR labels = \"verify-identity\")"
          + " AND key = HD-1";
  private static final String UPDATED = "2026-11-02T09:01:00.000+0000";
  private static final Instant UPDATED_AT = Instant.parse("2026-11-02T09:01:00Z");

  private static Ticket ticket(String status, boolean open, Instant updated) {
    return new Ticket(
        REF,
        Requester.of(Fixtures.ALICE, "alice@acme.example", "Alice Example"),
        Optional.empty(),
        "Please reset my MFA",
        "I lost my phone.",
        Instant.parse("2026-11-02T08:55:00Z"),
        updated,
        status,
        open);
  }

  @Test
  void ticketTheScopeQueryStillFindsIsInScope(WireMockRuntimeInfo wm) {
    stubFor(
        get(urlPathEqualTo("/rest/api/3/search/jql"))
            .withQueryParam("jql", equalTo(SCOPE_BY_KEY))
            .willReturn(okJson(Fixtures.page(null, Fixtures.issue("HD-1", UPDATED)))));

    Standing standing =
        Fixtures.connect(wm.getHttpBaseUrl())
            .standing(ticket("Waiting for verification", true, UPDATED_AT));

    assertThat(standing).isEqualTo(Standing.IN_SCOPE);
    verify(
        getRequestedFor(urlPathEqualTo("/rest/api/3/search/jql"))
            .withQueryParam("maxResults", equalTo("1"))
            .withQueryParam("reconcileIssues", absent()));
  }

  @Test
  void openTicketPutOnHoldIsElsewhere(WireMockRuntimeInfo wm) {
    stubFor(
        get(urlPathEqualTo("/rest/api/3/search/jql"))
            .withQueryParam("jql", equalTo(SCOPE_BY_KEY))
            .willReturn(okJson(Fixtures.page(null))));

    Standing standing =
        Fixtures.connect(wm.getHttpBaseUrl()).standing(ticket("On Hold", true, UPDATED_AT));

    assertThat(standing).isEqualTo(Standing.ELSEWHERE);
  }

  @Test
  void ticketInTheConfiguredExecuteStatusIsExecutedWithoutAnyCall(WireMockRuntimeInfo wm) {
    Standing standing =
        Fixtures.connect(wm.getHttpBaseUrl()).standing(ticket("In Progress", true, UPDATED_AT));

    assertThat(standing).isEqualTo(Standing.EXECUTED);
    verify(0, anyRequestedFor(anyUrl()));
  }

  @Test
  void closedTicketIsElsewhereWithoutAnyCall(WireMockRuntimeInfo wm) {
    Standing standing =
        Fixtures.connect(wm.getHttpBaseUrl()).standing(ticket("Done", false, UPDATED_AT));

    assertThat(standing).isEqualTo(Standing.ELSEWHERE);
    verify(0, anyRequestedFor(anyUrl()));
  }

  @Test
  void searchAnswerOlderThanTheTicketIsAskedAgainWithReconcileIssues(WireMockRuntimeInfo wm) {
    // The index still has the issue as it was before a technician put it on hold.
    stubFor(
        get(urlPathEqualTo("/rest/api/3/search/jql"))
            .withQueryParam("reconcileIssues", absent())
            .willReturn(okJson(Fixtures.page(null, Fixtures.issue("HD-1", UPDATED)))));
    String id = Fixtures.issue("HD-1", UPDATED).get("id").asText();
    stubFor(
        get(urlPathEqualTo("/rest/api/3/search/jql"))
            .withQueryParam("reconcileIssues", equalTo(id))
            .withQueryParam("jql", equalTo(SCOPE_BY_KEY))
            .willReturn(okJson(Fixtures.page(null))));

    Standing standing =
        Fixtures.connect(wm.getHttpBaseUrl())
            .standing(ticket("On Hold", true, UPDATED_AT.plusSeconds(60)));

    assertThat(standing).isEqualTo(Standing.ELSEWHERE);
  }

  @Test
  void dataCenterAsksItsOwnSearch(WireMockRuntimeInfo wm) {
    stubFor(
        get(urlPathEqualTo("/rest/api/2/search"))
            .withQueryParam("jql", equalTo(SCOPE_BY_KEY))
            .willReturn(
                okJson(
                    Fixtures.offsetPage(
                        1, 0, 1, Fixtures.asDataCenter(Fixtures.issue("HD-1", UPDATED))))));
    JiraTicketSystem dc = Fixtures.connectDataCenter(wm.getHttpBaseUrl());

    assertThat(dc.standing(ticket("Waiting for verification", true, UPDATED_AT)))
        .isEqualTo(Standing.IN_SCOPE);
  }
}
