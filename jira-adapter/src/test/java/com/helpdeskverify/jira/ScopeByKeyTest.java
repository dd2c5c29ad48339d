package com.helpdeskverify.jira;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.findAll;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.havingExactly;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.verify;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.helpdeskverify.core.Ticket;
import com.helpdeskverify.core.TicketRef;
import com.helpdeskverify.core.Watermark;
import com.helpdeskverify.core.spi.TicketSystem.LastLook;
import com.helpdeskverify.core.spi.TicketSystem.Standing;
import com.helpdeskverify.testkit.Parked;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The scope asked of single issues (the re-read of a waiting ticket, Data Center's check before
 * execution): questions asked while a search is out go together in the next search.
 */
@WireMockTest
class ScopeByKeyTest {
  private static final String SEARCH = "/rest/api/2/search";
  private static final String SCOPE =
      "((project = HD AND status = \"Waiting for verification\") OR labels = \"verify-identity\")";
  private static final String UPDATED = "2026-11-02T09:01:00.000+0000";

  private static JiraTicketSystem dataCenter(WireMockRuntimeInfo wm) {
    return Fixtures.connectDataCenter(wm.getHttpBaseUrl());
  }

  private static ScopeByKey<String> scopeByKey(WireMockRuntimeInfo wm) {
    JiraApi api =
        com.helpdeskverify.http.HttpClients.retrofit(
                wm.getHttpBaseUrl() + "/",
                com.helpdeskverify.http.HttpClients.builder(
                        Fixtures.SYSTEM, Fixtures.fastPolicy(), java.time.Clock.systemUTC())
                    .build())
            .create(JiraApi.class);
    JiraSearch search = JiraSearch.of(Fixtures.SYSTEM, api, JiraSettings.Deployment.DATA_CENTER);
    return new ScopeByKey<>(
        Fixtures.SYSTEM,
        search,
        key -> key,
        (byKey, keys) -> search.first(SCOPE + " AND " + byKey, keys.size(), "updated"));
  }

  private static ObjectNode issue(String key) {
    return Fixtures.asDataCenter(Fixtures.issue(key, UPDATED));
  }

  private static List<String> jqls() {
    return findAll(getRequestedFor(urlPathEqualTo(SEARCH))).stream()
        .map(r -> r.queryParameter("jql").firstValue())
        .toList();
  }

  @Test
  void workersAskingWhileASearchIsOutShareTheNextSearch(WireMockRuntimeInfo wm)
      throws InterruptedException {
    stubFor(
        get(urlPathEqualTo(SEARCH))
            .withQueryParam("jql", equalTo(SCOPE + " AND key = HD-1"))
            .willReturn(okJson(Fixtures.offsetPage(1, 0, 1, issue("HD-1"))).withFixedDelay(1_500)));
    stubFor(
        get(urlPathEqualTo(SEARCH))
            .withQueryParam("jql", matching(Pattern.quote(SCOPE + " AND key in (") + ".*"))
            .willReturn(okJson(Fixtures.offsetPage(3, 0, 2, issue("HD-2"), issue("HD-3")))));
    JiraTicketSystem system = dataCenter(wm);
    Map<String, Optional<Ticket>> found = new ConcurrentHashMap<>();
    Thread first = fetch(system, "HD-1", found);
    untilAsked(1);
    List<Thread> behind =
        List.of(
            fetch(system, "HD-2", found),
            fetch(system, "HD-3", found),
            fetch(system, "HD-4", found));
    for (Thread t : behind) {
      Parked.until(t);
    }

    Parked.joined(first);
    Parked.joined(behind.toArray(Thread[]::new));

    assertThat(jqls()).hasSize(2);
    assertThat(jqls().get(0)).isEqualTo(SCOPE + " AND key = HD-1");
    assertThat(jqls().get(1)).startsWith(SCOPE + " AND key in (");
    assertThat(jqls().get(1)).contains("HD-2", "HD-3", "HD-4");
    List<LoggedRequest> shared =
        findAll(
            getRequestedFor(urlPathEqualTo(SEARCH))
                .withQueryParam("jql", matching(".* AND key in \\(.*")));
    assertThat(shared.get(0).queryParameter("maxResults").firstValue()).isEqualTo("3");
    assertThat(found.get("HD-1")).map(t -> t.ref().key()).contains("HD-1");
    assertThat(found.get("HD-2")).map(t -> t.ref().key()).contains("HD-2");
    assertThat(found.get("HD-3")).map(t -> t.ref().key()).contains("HD-3");
    assertThat(found.get("HD-4")).isEmpty();
  }

  @Test
  void aCombinedSearchJiraRefusesIsAskedKeyByKey(WireMockRuntimeInfo wm) {
    stubFor(
        get(urlPathEqualTo(SEARCH))
            .withQueryParam("jql", matching(".* AND key in \\(.*"))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"errorMessages\":[\"An issue with key 'HD-9' does not exist.\"],"
                            + "\"errors\":{}}")));
    stubFor(
        get(urlPathEqualTo(SEARCH))
            .withQueryParam("jql", equalTo(SCOPE + " AND key = HD-2"))
            .willReturn(okJson(Fixtures.offsetPage(1, 0, 1, issue("HD-2")))));
    stubFor(
        get(urlPathEqualTo(SEARCH))
            .withQueryParam("jql", equalTo(SCOPE + " AND key = HD-9"))
            .willReturn(okJson(Fixtures.offsetPage(1, 0, 0))));

    Map<String, JiraDtos.Issue> found = scopeByKey(wm).read(List.of("HD-2", "HD-9"));

    assertThat(found).containsOnlyKeys("HD-2");
    assertThat(jqls())
        .containsExactly(
            SCOPE + " AND key in (HD-2, HD-9)",
            SCOPE + " AND key = HD-2",
            SCOPE + " AND key = HD-9");
  }

  @Test
  void aKeyLeftOutOfAPageThatIsNotTheWholeAnswerIsAskedAlone(WireMockRuntimeInfo wm) {
    // Three match, but the page holds two: the third is not thereby out of the scope.
    stubFor(
        get(urlPathEqualTo(SEARCH))
            .withQueryParam("jql", equalTo(SCOPE + " AND key in (HD-1, HD-2, HD-3)"))
            .willReturn(okJson(Fixtures.offsetPage(2, 0, 3, issue("HD-1"), issue("HD-2")))));
    stubFor(
        get(urlPathEqualTo(SEARCH))
            .withQueryParam("jql", equalTo(SCOPE + " AND key = HD-3"))
            .willReturn(okJson(Fixtures.offsetPage(1, 0, 1, issue("HD-3")))));

    Map<String, JiraDtos.Issue> found = scopeByKey(wm).read(List.of("HD-1", "HD-2", "HD-3"));

    assertThat(found).containsOnlyKeys("HD-1", "HD-2", "HD-3");
    verify(2, getRequestedFor(urlPathEqualTo(SEARCH)));
  }

  @Test
  void aKeyTheWholeAnswerLeavesOutIsOutOfTheScopeWithoutAnotherCall(WireMockRuntimeInfo wm) {
    stubFor(
        get(urlPathEqualTo(SEARCH))
            .withQueryParam("jql", equalTo(SCOPE + " AND key in (HD-1, HD-2)"))
            .willReturn(okJson(Fixtures.offsetPage(2, 0, 1, issue("HD-1")))));

    Map<String, JiraDtos.Issue> found = scopeByKey(wm).read(List.of("HD-1", "HD-2"));

    assertThat(found).containsOnlyKeys("HD-1");
    verify(1, getRequestedFor(urlPathEqualTo(SEARCH)));
  }

  @Test
  void cloudLastLooksAskedWhileOneIsOutShareOneReconciledSearch(WireMockRuntimeInfo wm)
      throws Exception {
    String cloudSearch = "/rest/api/3/search/jql";
    ObjectNode[] issues = {
      Fixtures.issue("HD-1", UPDATED),
      Fixtures.issue("HD-2", UPDATED),
      Fixtures.issue("HD-3", UPDATED)
    };
    stubFor(
        get(urlPathEqualTo(cloudSearch))
            .withQueryParam("reconcileIssues", absent())
            .willReturn(okJson(Fixtures.page(null, issues))));
    stubFor(
        get(urlPathEqualTo(cloudSearch))
            .withQueryParam("jql", equalTo(SCOPE + " AND key = HD-1"))
            .withQueryParam("reconcileIssues", equalTo(issues[0].get("id").asText()))
            .willReturn(okJson(Fixtures.page(null, issues[0])).withFixedDelay(1_500)));
    stubFor(
        get(urlPathEqualTo(cloudSearch))
            .withQueryParam("jql", matching(Pattern.quote(SCOPE + " AND key in (") + ".*"))
            .withQueryParam(
                "reconcileIssues",
                havingExactly(issues[1].get("id").asText(), issues[2].get("id").asText()))
            .withQueryParam("expand", equalTo("transitions"))
            .willReturn(okJson(Fixtures.page(null, issues[1], issues[2]))));
    JiraTicketSystem jira = Fixtures.connect(wm.getHttpBaseUrl());
    List<Ticket> scanned =
        jira.findChanged(Watermark.at(Instant.parse("2026-11-02T09:00:00Z")), 100).tickets();
    Map<String, Optional<LastLook>> looks = new ConcurrentHashMap<>();
    Thread first = look(jira, scanned.get(0), looks);
    untilAsked(cloudSearch, 2);
    Thread second = look(jira, scanned.get(1), looks);
    Thread third = look(jira, scanned.get(2), looks);
    Parked.until(second);
    Parked.until(third);

    Parked.joined(first, second, third);

    List<LoggedRequest> searches = findAll(getRequestedFor(urlPathEqualTo(cloudSearch)));
    assertThat(searches).hasSize(3);
    assertThat(searches.get(2).queryParameter("jql").firstValue())
        .startsWith(SCOPE + " AND key in (")
        .contains("HD-2", "HD-3");
    assertThat(searches.get(2).queryParameter("maxResults").firstValue()).isEqualTo("2");
    for (Ticket t : scanned) {
      assertThat(looks.get(t.ref().key()).orElseThrow().standing())
          .as(t.ref().key())
          .contains(Standing.IN_SCOPE);
    }
    verify(0, getRequestedFor(urlPathMatching("/rest/api/3/issue/.*")));
  }

  private static Thread look(
      JiraTicketSystem jira, Ticket ticket, Map<String, Optional<LastLook>> looks) {
    Thread t =
        new Thread(
            () -> looks.put(ticket.ref().key(), jira.lastLook(ticket.ref(), ticket.fingerprint())),
            ticket.ref().key());
    t.start();
    return t;
  }

  private static Thread fetch(
      JiraTicketSystem system, String key, Map<String, Optional<Ticket>> found) {
    Thread t =
        new Thread(
            () -> found.put(key, system.fetchInScope(new TicketRef(Fixtures.SYSTEM, key))), key);
    t.start();
    return t;
  }

  private static void untilAsked(int searches) {
    untilAsked(SEARCH, searches);
  }

  private static void untilAsked(String path, int searches) {
    Parked.until(
        () -> findAll(getRequestedFor(urlPathEqualTo(path))).size() >= searches,
        searches + " searches out");
  }
}
