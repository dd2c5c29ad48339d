package com.helpdeskverify.jira;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.verify;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.helpdeskverify.core.Ticket;
import com.helpdeskverify.core.TicketRef;
import com.helpdeskverify.core.config.ConfigException;
import com.helpdeskverify.core.workflow.RequestReferences;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Mentions, link targets and configured custom fields define the request: read with the ticket,
 * part of its fingerprint.
 */
@WireMockTest
class RequestFieldsTest {
  private static final TicketRef REF = new TicketRef(Fixtures.SYSTEM, "HD-1");
  private static final String ISSUE = "/rest/api/3/issue/HD-1";
  private static final String UPDATED = "2026-11-02T09:01:00.000+0000";

  private static JiraTicketSystem connect(String baseUrl) {
    JiraSettings base = Fixtures.settings(baseUrl, JiraSettings.CommentApi.SERVICEDESK);
    return Fixtures.connect(
        base.toBuilder()
            .requestFields(List.of("customfield_10050", "customfield_10060", "customfield_10070"))
            .build());
  }

  /** "Please reset MFA for @Bob, see <link>", as the Jira editor stores it. */
  private static ObjectNode description(String mentioned, String href) {
    ObjectNode doc = Fixtures.JSON.createObjectNode().put("type", "doc").put("version", 1);
    ArrayNode inline =
        doc.putArray("content").addObject().put("type", "paragraph").putArray("content");
    inline.addObject().put("type", "text").put("text", "Please reset MFA for ");
    ObjectNode mention = inline.addObject().put("type", "mention");
    mention.putObject("attrs").put("id", mentioned).put("text", "@Bob").put("accessLevel", "");
    inline.addObject().put("type", "text").put("text", ", see ");
    ObjectNode link = inline.addObject().put("type", "text").put("text", "the runbook");
    link.putArray("marks").addObject().put("type", "link").putObject("attrs").put("href", href);
    return doc;
  }

  private static ObjectNode issue(String userToReset, String system) {
    ObjectNode issue = Fixtures.issue("HD-1", UPDATED);
    ObjectNode f = (ObjectNode) issue.get("fields");
    f.set("description", description(Fixtures.BOB, "https://wiki.acme.example/runbook"));
    f.set("customfield_10050", Fixtures.user(userToReset, null, "Bob Builder"));
    f.putObject("customfield_10060")
        .put("self", "https://acme.atlassian.net/option/1")
        .put("value", system)
        .put("id", "10001");
    f.set("customfield_10070", Fixtures.adf("Needed before Monday."));
    f.putNull("customfield_10080");
    return issue;
  }

  private static void issueIs(ObjectNode issue) {
    stubFor(get(urlPathEqualTo(ISSUE)).willReturn(okJson(issue.toString())));
  }

  @Test
  void fetchReadsMentionsLinkTargetsAndTheConfiguredCustomFields(WireMockRuntimeInfo wm) {
    issueIs(issue(Fixtures.BOB, "Workday"));

    Ticket t = connect(wm.getHttpBaseUrl()).fetch(REF).orElseThrow();

    assertThat(t.details().fields())
        .containsExactlyEntriesOf(
            sorted(
                Map.of(
                    "customfield_10050",
                    RequestReferences.userReference("Bob Builder", Fixtures.BOB),
                    "customfield_10060",
                    "Workday",
                    "customfield_10070",
                    "Needed before Monday.",
                    "link",
                    "https://wiki.acme.example/runbook",
                    "mention",
                    Fixtures.BOB)));
    verify(
        getRequestedFor(urlPathEqualTo(ISSUE))
            .withQueryParam(
                "fields",
                containing(
                    "creator,labels,customfield_10050,customfield_10060,customfield_10070")));
  }

  @Test
  void mentionedAndPickedAccountsThatAreNotTheRequestersAreFound(WireMockRuntimeInfo wm) {
    issueIs(issue(Fixtures.BOB, "Workday"));

    Ticket t = connect(wm.getHttpBaseUrl()).fetch(REF).orElseThrow();

    assertThat(RequestReferences.find(t))
        .containsExactlyInAnyOrder(
            "mention of account " + Fixtures.BOB,
            "customfield_10050 names user Bob Builder (" + Fixtures.BOB + ")");
  }

  @Test
  void editingACustomFieldChangesTheFingerprint(WireMockRuntimeInfo wm) {
    JiraTicketSystem system = connect(wm.getHttpBaseUrl());
    issueIs(issue(Fixtures.BOB, "Workday"));
    String before = system.fetch(REF).orElseThrow().fingerprint();

    issueIs(issue(Fixtures.BOB, "Active Directory"));

    assertThat(system.fetch(REF).orElseThrow().fingerprint()).isNotEqualTo(before);
  }

  @Test
  void changingWhomAUserPickerNamesChangesTheFingerprint(WireMockRuntimeInfo wm) {
    JiraTicketSystem system = connect(wm.getHttpBaseUrl());
    issueIs(issue(Fixtures.BOB, "Workday"));
    String before = system.fetch(REF).orElseThrow().fingerprint();

    issueIs(issue(Fixtures.ALICE, "Workday"));

    assertThat(system.fetch(REF).orElseThrow().fingerprint()).isNotEqualTo(before);
  }

  @Test
  void changingOnlyALinkTargetChangesTheFingerprint(WireMockRuntimeInfo wm) {
    JiraTicketSystem system = connect(wm.getHttpBaseUrl());
    ObjectNode issue = issue(Fixtures.BOB, "Workday");
    issueIs(issue);
    String before = system.fetch(REF).orElseThrow().fingerprint();

    ((ObjectNode) issue.get("fields"))
        .set("description", description(Fixtures.BOB, "https://evil.example/runbook"));
    issueIs(issue);
    Ticket after = system.fetch(REF).orElseThrow();

    assertThat(after.description()).isEqualTo("Please reset MFA for @Bob, see the runbook");
    assertThat(after.fingerprint()).isNotEqualTo(before);
  }

  @Test
  void withoutRequestFieldsAPlainIssueKeepsTheFingerprintItHad(WireMockRuntimeInfo wm) {
    issueIs(Fixtures.issue("HD-1", UPDATED));

    Ticket t = Fixtures.connect(wm.getHttpBaseUrl()).fetch(REF).orElseThrow();

    assertThat(t.details().fields()).isEmpty();
    assertThat(t.fingerprint())
        .isEqualTo(
            new Ticket(
                    t.ref(),
                    t.requester(),
                    Optional.empty(),
                    t.summary(),
                    t.description(),
                    t.created(),
                    t.updated(),
                    t.status(),
                    t.open())
                .fingerprint());
  }

  @Test
  void requestFieldsMustBeCustomFieldIds() {
    Map<String, Object> raw = new LinkedHashMap<>();
    raw.put("base-url", "https://acme.atlassian.net");
    raw.put("email", "hv@acme.example");
    raw.put("api-token", Fixtures.API_TOKEN);
    raw.put("execute-transition", "Verified");
    raw.put("reject-transition", "Decline");
    raw.put("escalate-transition", "Escalate");
    raw.put("request-fields", List.of("customfield_10050", "Request Type"));
    JiraTicketSystemFactory factory = new JiraTicketSystemFactory();

    assertThatThrownBy(
            () ->
                JiraTicketSystemFactory.settings(
                    factory.config().parse("ticket-systems.jira", raw),
                    JiraSettings.Deployment.CLOUD))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "ticket-systems.jira.request-fields: expected custom field ids such as"
                + " customfield_10050, got 'Request Type'");
  }

  private static Map<String, String> sorted(Map<String, String> m) {
    return new java.util.TreeMap<>(m);
  }
}
