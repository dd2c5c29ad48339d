package com.helpdeskverify.jira;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.verify;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static com.helpdeskverify.jira.Fixtures.issue;
import static com.helpdeskverify.jira.Fixtures.page;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.helpdeskverify.core.Ticket;
import com.helpdeskverify.core.Watermark;
import com.helpdeskverify.core.spi.ScanPage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Paging while the scope changes between two page reads: our own workers move tickets out of it and
 * edits move tickets to its end. Each scenario starts with HD-1..HD-4 in the scope; after the first
 * page is read HD-1 leaves it, so everything after it slides back by one.
 */
@WireMockTest
class ScanPagingTest {
  private static final String CLOUD_SEARCH = "/rest/api/3/search/jql";
  private static final String DC_SEARCH = "/rest/api/2/search";
  private static final String SCENARIO = "HD-1 leaves the scope after the first page";
  private static final String LEFT = "HD-1 left";
  private static final Instant LATER = Instant.parse("2026-11-02T10:00:00Z");
  private static final Watermark SINCE = Watermark.at(Instant.parse("2026-11-02T09:00:30Z"));

  private static ObjectNode hd(int n) {
    return issue("HD-" + n, "2026-11-02T09:0" + n + ":00.000+0000");
  }

  /**
   * What {@code TicketScanner} does: pages from the watermark, handing back a page's continuation,
   * until a page says no more.
   */
  private static List<String> scanAll(JiraTicketSystem system, int limit) {
    List<String> keys = new ArrayList<>();
    Watermark since = SINCE;
    ScanPage page;
    Optional<Object> continuation = Optional.empty();
    int calls = 0;
    boolean moved;
    do {
      page =
          continuation.isPresent()
              ? system.findChanged(since, limit, continuation.get())
              : system.findChanged(since, limit);
      page.tickets().stream().map(Ticket::ref).forEach(r -> keys.add(r.key()));
      moved = !page.next().equals(since);
      since = page.next();
      continuation = page.continuation();
      assertThat(++calls).as("scan calls").isLessThan(20);
    } while (page.more() && (moved || continuation.isPresent()));
    return keys;
  }

  private static JiraTicketSystem dataCenter(WireMockRuntimeInfo wm) {
    return Fixtures.connectAt(
        Fixtures.settings(
            JiraSettings.Deployment.DATA_CENTER,
            wm.getHttpBaseUrl(),
            JiraSettings.CommentApi.PLATFORM),
        LATER);
  }

  /** A Data Center search that pages by two (the site's cap) over the scope of the moment. */
  private static void dataCenterScope(String state, String next, List<ObjectNode> cloudScope) {
    List<ObjectNode> scope = cloudScope.stream().map(Fixtures::asDataCenter).toList();
    for (int startAt = 0; startAt <= scope.size(); startAt++) {
      List<ObjectNode> slice = scope.subList(startAt, Math.min(scope.size(), startAt + 2));
      var stub =
          get(urlPathEqualTo(DC_SEARCH))
              .inScenario(SCENARIO)
              .whenScenarioStateIs(state)
              .withQueryParam("startAt", equalTo(String.valueOf(startAt)))
              .willReturn(
                  okJson(
                      Fixtures.offsetPage(
                          2, startAt, scope.size(), slice.toArray(ObjectNode[]::new))));
      stubFor(next == null ? stub : stub.willSetStateTo(next));
    }
  }

  @Test
  void dataCenterScanMissesNoTicketWhenOneLeavesTheScopeBetweenPages(WireMockRuntimeInfo wm) {
    dataCenterScope(STARTED, LEFT, List.of(hd(1), hd(2), hd(3), hd(4)));
    dataCenterScope(LEFT, null, List.of(hd(2), hd(3), hd(4)));

    assertThat(scanAll(dataCenter(wm), 10)).containsOnly("HD-1", "HD-2", "HD-3", "HD-4");
  }

  @Test
  void cloudScanMissesNoTicketWhenTheTokenIsAnOffsetAndOneLeavesTheScope(WireMockRuntimeInfo wm) {
    // The token behaves as an offset ("start at 2"): after HD-1 left, that is HD-4.
    stubFor(
        get(urlPathEqualTo(CLOUD_SEARCH))
            .inScenario(SCENARIO)
            .whenScenarioStateIs(STARTED)
            .withQueryParam("nextPageToken", absent())
            .willReturn(okJson(page("offset-2", hd(1), hd(2))))
            .willSetStateTo(LEFT));
    stubFor(
        get(urlPathEqualTo(CLOUD_SEARCH))
            .inScenario(SCENARIO)
            .whenScenarioStateIs(LEFT)
            .withQueryParam("nextPageToken", absent())
            .willReturn(okJson(page("offset-2", hd(2), hd(3)))));
    stubFor(
        get(urlPathEqualTo(CLOUD_SEARCH))
            .inScenario(SCENARIO)
            .whenScenarioStateIs(LEFT)
            .withQueryParam("nextPageToken", equalTo("offset-2"))
            .willReturn(okJson(page(null, hd(4)))));

    assertThat(scanAll(Fixtures.connect(wm.getHttpBaseUrl()), 10))
        .containsOnly("HD-1", "HD-2", "HD-3", "HD-4");
  }

  @Test
  void dataCenterReadsTheFirstPageOnceAndGoesOnFromItsEnd(WireMockRuntimeInfo wm) {
    dataCenterScope(STARTED, LEFT, List.of(hd(1), hd(2), hd(3), hd(4)));
    dataCenterScope(LEFT, null, List.of(hd(2), hd(3), hd(4)));
    JiraTicketSystem system = dataCenter(wm);

    ScanPage page = system.findChanged(SINCE, 10);

    assertThat(page.tickets()).extracting(t -> t.ref().key()).containsExactly("HD-1", "HD-2");
    assertThat(page.next()).isEqualTo(new Watermark(Instant.parse("2026-11-02T09:02:00Z"), "HD-2"));
    assertThat(page.more()).isTrue();
    assertThat(page.continuation()).isPresent();
    verify(1, getRequestedFor(urlPathEqualTo(DC_SEARCH)));
  }

  /**
   * The scan goes on by offset from where the first page ended: HD-1 left, so the page at offset 1
   * (HD-3, HD-4) no longer reaches back to HD-2, the end so far; the read steps back to offset 0
   * (HD-2, HD-3) and then on from HD-3.
   */
  @Test
  void dataCenterGoesOnFromTheEndOfTheFirstPageAndStepsBackWhenThePageNoLongerReachesIt(
      WireMockRuntimeInfo wm) {
    dataCenterScope(STARTED, LEFT, List.of(hd(1), hd(2), hd(3), hd(4)));
    dataCenterScope(LEFT, null, List.of(hd(2), hd(3), hd(4)));
    JiraTicketSystem system = dataCenter(wm);
    ScanPage first = system.findChanged(SINCE, 10);

    ScanPage second = system.findChanged(first.next(), 10, first.continuation().orElseThrow());

    assertThat(second.tickets()).extracting(t -> t.ref().key()).contains("HD-2", "HD-3");
    assertThat(second.next())
        .isEqualTo(new Watermark(Instant.parse("2026-11-02T09:03:00Z"), "HD-3"));
    assertThat(second.more()).isTrue();
    ScanPage third = system.findChanged(second.next(), 10, second.continuation().orElseThrow());
    assertThat(third.tickets()).extracting(t -> t.ref().key()).containsExactly("HD-3", "HD-4");
    assertThat(third.next())
        .isEqualTo(new Watermark(Instant.parse("2026-11-02T09:04:00Z"), "HD-4"));
    assertThat(third.more()).isFalse();
  }

  /**
   * A window of several pages that does not change is read once, page by page from where the last
   * ended (each page repeats the issue it goes on from), and the watermark reaches its end.
   */
  @Test
  void dataCenterReadsAWindowOfSeveralPagesOnceAndMovesToItsEnd(WireMockRuntimeInfo wm) {
    dataCenterScope(STARTED, null, List.of(hd(1), hd(2), hd(3), hd(4)));
    JiraTicketSystem system = dataCenter(wm);
    List<String> keys = new ArrayList<>();

    ScanPage page = system.findChanged(SINCE, 10);
    page.tickets().forEach(t -> keys.add(t.ref().key()));
    while (page.more()) {
      page = system.findChanged(page.next(), 10, page.continuation().orElseThrow());
      page.tickets().forEach(t -> keys.add(t.ref().key()));
    }

    assertThat(keys).containsOnly("HD-1", "HD-2", "HD-3", "HD-4");
    assertThat(page.next()).isEqualTo(new Watermark(Instant.parse("2026-11-02T09:04:00Z"), "HD-4"));
    for (int startAt = 0; startAt < 3; startAt++) {
      verify(
          1,
          getRequestedFor(urlPathEqualTo(DC_SEARCH))
              .withQueryParam("startAt", equalTo(String.valueOf(startAt))));
    }
    verify(3, getRequestedFor(urlPathEqualTo(DC_SEARCH)));
  }

  @Test
  void cloudWindowOnOnePageCostsOneSearch(WireMockRuntimeInfo wm) {
    stubFor(get(urlPathEqualTo(CLOUD_SEARCH)).willReturn(okJson(page(null, hd(1), hd(2)))));

    ScanPage page = Fixtures.connect(wm.getHttpBaseUrl()).findChanged(SINCE, 10);

    assertThat(page.tickets()).extracting(t -> t.ref().key()).containsExactly("HD-1", "HD-2");
    assertThat(page.next()).isEqualTo(new Watermark(Instant.parse("2026-11-02T09:02:00Z"), "HD-2"));
    assertThat(page.more()).isFalse();
    verify(1, getRequestedFor(urlPathEqualTo(CLOUD_SEARCH)));
  }

  @Test
  void cloudFollowsTheTokenThroughTheWindowTwiceAndMovesToItsEndWhenBothReadsAgree(
      WireMockRuntimeInfo wm) {
    stubFor(
        get(urlPathEqualTo(CLOUD_SEARCH))
            .withQueryParam("nextPageToken", absent())
            .willReturn(okJson(page("tok-2", hd(1), hd(2)))));
    stubFor(
        get(urlPathEqualTo(CLOUD_SEARCH))
            .withQueryParam("nextPageToken", equalTo("tok-2"))
            .willReturn(okJson(page(null, hd(3)))));
    Watermark coversTwo = new Watermark(Instant.parse("2026-11-02T09:02:00Z"), "HD-2");

    ScanPage page =
        Fixtures.connectAt(
                Fixtures.settings(wm.getHttpBaseUrl(), JiraSettings.CommentApi.SERVICEDESK), LATER)
            .findChanged(coversTwo, 10);

    assertThat(page.tickets())
        .extracting(t -> t.ref().key())
        .containsExactly("HD-1", "HD-2", "HD-3");
    assertThat(page.next()).isEqualTo(new Watermark(Instant.parse("2026-11-02T09:03:00Z"), "HD-3"));
    assertThat(page.more()).isFalse();
    verify(4, getRequestedFor(urlPathEqualTo(CLOUD_SEARCH)));
  }
}
