package com.helpdeskverify.jira;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.verify;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.helpdeskverify.core.Requester;
import com.helpdeskverify.core.TicketRef;
import com.helpdeskverify.core.config.ConfigException;
import com.helpdeskverify.core.config.Secret;
import com.helpdeskverify.core.spi.IntegrationContext;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Jira Cloud hides most requesters' e-mail addresses; the organization's Admin API tells the
 * address of a managed account, cached, and the source is named.
 */
@WireMockTest
class HiddenEmailTest {
  private static final TicketRef REF = new TicketRef(Fixtures.SYSTEM, "HD-1");
  private static final String ORG_KEY = "ATCTT3xFfGN0-org-admin-key";
  private static final String PROFILE = "/admin/users/" + Fixtures.ALICE + "/manage/profile";
  private static final String UPDATED = "2026-11-02T09:01:00.000+0000";

  private static final java.time.Clock CLOCK =
      java.time.Clock.fixed(Instant.parse("2026-11-02T09:05:00Z"), ZoneOffset.UTC);

  private static JiraTicketSystem connect(String base) {
    AccountEmails emails =
        AccountEmails.connect(
            Fixtures.SYSTEM,
            URI.create(base + "/admin/"),
            new Secret(ORG_KEY),
            Fixtures.fastPolicy(),
            CLOCK,
            Duration.ofHours(1));
    return Fixtures.connect(base).withAccountEmails(Optional.of(emails));
  }

  /** Alice's ticket, her address hidden by her profile visibility. */
  private static void hiddenReporter() {
    ObjectNode issue = Fixtures.issue("HD-1", UPDATED);
    ObjectNode fields = (ObjectNode) issue.get("fields");
    fields.set("reporter", Fixtures.user(Fixtures.ALICE, null, "Alice Example"));
    fields.set("creator", Fixtures.user(Fixtures.ALICE, null, "Alice Example"));
    stubFor(get(urlPathEqualTo("/rest/api/3/issue/HD-1")).willReturn(okJson(issue.toString())));
  }

  private static void profile(String status, String email) {
    ObjectNode body = Fixtures.JSON.createObjectNode();
    ObjectNode account = body.putObject("account");
    account.put("account_id", Fixtures.ALICE);
    account.put("account_type", "atlassian");
    account.put("account_status", status);
    account.put("name", "Alice Example");
    account.put("email", email);
    stubFor(get(urlPathEqualTo(PROFILE)).willReturn(okJson(body.toString())));
  }

  @Test
  void hiddenAddressOfAManagedAccountComesFromTheAdminApiWithItsSourceNamed(
      WireMockRuntimeInfo wm) {
    hiddenReporter();
    profile("active", "alice@acme.example");

    Requester requester = connect(wm.getHttpBaseUrl()).fetch(REF).orElseThrow().requester();

    assertThat(requester.email()).contains("alice@acme.example");
    assertThat(requester.attribute(Requester.EMAIL_SOURCE)).contains(AccountEmails.SOURCE);
    verify(
        getRequestedFor(urlPathEqualTo(PROFILE))
            .withHeader("Authorization", equalTo("Bearer " + ORG_KEY)));
  }

  @Test
  void theAddressIsAskedOnceForManyTickets(WireMockRuntimeInfo wm) {
    hiddenReporter();
    profile("active", "alice@acme.example");
    JiraTicketSystem system = connect(wm.getHttpBaseUrl());

    system.fetch(REF);
    system.fetch(REF);
    system.fetch(REF);

    verify(1, getRequestedFor(urlPathEqualTo(PROFILE)));
  }

  @Test
  void accountTheOrganizationDoesNotManageStaysWithoutAddress(WireMockRuntimeInfo wm) {
    hiddenReporter();
    stubFor(
        get(urlPathEqualTo(PROFILE))
            .willReturn(
                aResponse()
                    .withStatus(403)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"code\":403,\"message\":\"You do not have permission\"}")));
    JiraTicketSystem system = connect(wm.getHttpBaseUrl());

    Requester requester = system.fetch(REF).orElseThrow().requester();
    system.fetch(REF);

    assertThat(requester.email()).isEmpty();
    assertThat(requester.attribute(Requester.EMAIL_SOURCE)).isEmpty();
    verify(1, getRequestedFor(urlPathEqualTo(PROFILE)));
  }

  @Test
  void deactivatedAccountGetsNoAddress(WireMockRuntimeInfo wm) {
    hiddenReporter();
    profile("inactive", "alice@acme.example");

    assertThat(connect(wm.getHttpBaseUrl()).fetch(REF).orElseThrow().requester().email()).isEmpty();
  }

  @Test
  void visibleAddressIsTakenFromJiraWithoutAskingTheAdminApi(WireMockRuntimeInfo wm) {
    stubFor(
        get(urlPathEqualTo("/rest/api/3/issue/HD-1"))
            .willReturn(okJson(Fixtures.issue("HD-1", UPDATED).toString())));

    Requester requester = connect(wm.getHttpBaseUrl()).fetch(REF).orElseThrow().requester();

    assertThat(requester.email()).contains("alice@acme.example");
    assertThat(requester.attributes()).isEmpty();
    verify(0, getRequestedFor(urlPathMatching("/admin/.*")));
  }

  @Test
  void checkConfigWarnsWhenRequestersHideTheirAddressAndNoSourceIsConfigured(
      WireMockRuntimeInfo wm) {
    ObjectNode hidden = Fixtures.issue("HD-2", UPDATED);
    ((ObjectNode) hidden.get("fields"))
        .set("reporter", Fixtures.user(Fixtures.BOB, null, "Bob Hidden"));
    stubFor(
        get(urlPathEqualTo("/rest/api/3/search/jql"))
            .withQueryParam("fields", equalTo("reporter"))
            .willReturn(okJson(Fixtures.page(null, Fixtures.issue("HD-1", UPDATED), hidden))));

    assertThat(Fixtures.connect(wm.getHttpBaseUrl()).warnings())
        .singleElement()
        .asString()
        .startsWith("1 of the 2 latest requesters in jql-scope have an e-mail address Jira hides");
    verify(
        getRequestedFor(urlPathEqualTo("/rest/api/3/search/jql"))
            .withQueryParam(
                "jql",
                equalTo(
                    "(project = HD AND status = \"Waiting for verification\") ORDER BY created"
                        + " DESC")));
  }

  @Test
  void noWarningWhenTheAdminApiIsTheSource(WireMockRuntimeInfo wm) {
    assertThat(connect(wm.getHttpBaseUrl()).warnings()).isEmpty();
    verify(0, anyRequestedFor(urlPathMatching(".*")));
  }

  @Test
  void adminSourceNeedsAnOrganizationKeyAndJiraCloud() {
    Map<String, Object> raw = new LinkedHashMap<>();
    raw.put("base-url", "https://acme.atlassian.net");
    raw.put("bearer-token", "pat");
    raw.put("execute-transition", "Verified");
    raw.put("reject-transition", "Decline");
    raw.put("escalate-transition", "Escalate");
    raw.put("email-source", "atlassian-admin");
    JiraTicketSystemFactory dc = new JiraTicketSystemFactory(JiraSettings.Deployment.DATA_CENTER);
    IntegrationContext context =
        new IntegrationContext(CLOCK, new SplittableRandom(1), (k, e) -> true);

    assertThatThrownBy(
            () ->
                JiraTicketSystemFactory.accountEmails(
                    "jira",
                    dc.config().parse("ticket-systems.jira", raw),
                    JiraSettings.Deployment.DATA_CENTER,
                    Fixtures.fastPolicy(),
                    context))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("ticket-systems.jira.email-source: atlassian-admin is for Jira Cloud")
        .hasMessageContaining("ticket-systems.jira.admin-api-key: required");
  }
}
