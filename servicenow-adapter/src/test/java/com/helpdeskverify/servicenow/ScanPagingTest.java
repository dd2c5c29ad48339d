package com.helpdeskverify.servicenow;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.verify;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static com.helpdeskverify.servicenow.Fixtures.RITM_1;
import static com.helpdeskverify.servicenow.Fixtures.incident;
import static com.helpdeskverify.servicenow.Fixtures.requestedItem;
import static com.helpdeskverify.servicenow.Fixtures.result;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.helpdeskverify.core.Ticket;
import com.helpdeskverify.core.Watermark;
import com.helpdeskverify.core.spi.ScanPage;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Paging while the intake scope changes between two page reads: our own moves take records out of
 * it, and edits move records to its end. The scope starts as A (at the watermark, covered), B, C,
 * D, E; after the first page is read, B leaves it (a worker executed it), so everything after B
 * slides back by one row.
 */
@WireMockTest
class ScanPagingTest {
  private static final String INCIDENTS = "/api/now/table/incident";
  private static final String SCENARIO = "B leaves the scope after the first page";
  private static final String LEFT = "B left";
  private static final String A = "0a1b2c3d4e5f60718293a4b5c6d7e8f1";
  private static final String B = "1a1b2c3d4e5f60718293a4b5c6d7e8f2";
  private static final String C = "2a1b2c3d4e5f60718293a4b5c6d7e8f3";
  private static final String D = "3a1b2c3d4e5f60718293a4b5c6d7e8f4";
  private static final String E = "4a1b2c3d4e5f60718293a4b5c6d7e8f5";
  private static final Watermark AT_A =
      new Watermark(Instant.parse("2026-11-02T09:00:00Z"), "incident:" + A);

  private final Clock clock = Clock.fixed(Instant.parse("2026-11-02T09:10:00Z"), ZoneOffset.UTC);
  private String base;

  @BeforeEach
  void setUp(WireMockRuntimeInfo wm) {
    base = wm.getHttpBaseUrl();
    // The overlap re-read and anything not scripted below: nothing.
    stubFor(get(urlPathMatching("/api/now/table/.*")).willReturn(okJson(result())).atPriority(10));
  }

  private ServiceNowTicketSystem incidentsOnly() {
    return Fixtures.connect(
        Fixtures.settings(
            base, Fixtures.basic(), List.of(TableSettings.defaults("incident", "Service Desk L2"))),
        clock);
  }

  private static Map<String, String> rec(String sysId, int minute) {
    return incident(sysId, "INC00100" + minute, "2026-11-02 09:0" + minute + ":00");
  }

  private static List<Map<String, String>> scope(String... sysIds) {
    List<Map<String, String>> records = new ArrayList<>();
    for (String id : sysIds) {
      records.add(
          rec(id, id.equals(A) ? 0 : id.equals(B) ? 1 : id.equals(C) ? 2 : id.equals(D) ? 3 : 4));
    }
    return records;
  }

  /**
   * The fresh read of the incident table in one scenario state: rows by offset and limit of the
   * scope as it is then, with a {@code rel="next"} link while rows remain, as the Table API pages.
   */
  private void incidentScope(String state, String next, List<Map<String, String>> rows) {
    for (int offset = 0; offset <= rows.size(); offset++) {
      for (int limit = 1; limit <= rows.size() + 1; limit++) {
        List<Map<String, String>> slice =
            rows.subList(offset, Math.min(rows.size(), offset + limit));
        @SuppressWarnings("unchecked")
        ResponseDefinitionBuilder answer =
            okJson(result(slice.toArray(Map[]::new)))
                .withHeader("X-Total-Count", String.valueOf(rows.size()));
        if (offset + limit < rows.size()) {
          answer =
              answer.withHeader(
                  "Link",
                  "<"
                      + base
                      + INCIDENTS
                      + "?sysparm_offset="
                      + (offset + limit)
                      + "&sysparm_limit="
                      + limit
                      + ">;rel=\"next\"");
        }
        var stub =
            get(urlPathEqualTo(INCIDENTS))
                .inScenario(SCENARIO)
                .whenScenarioStateIs(state)
                .withQueryParam("sysparm_query", notContaining("sys_updated_on<="))
                .withQueryParam("sysparm_offset", equalTo(String.valueOf(offset)))
                .withQueryParam("sysparm_limit", equalTo(String.valueOf(limit)))
                .willReturn(answer);
        stubFor(next == null ? stub : stub.willSetStateTo(next));
      }
    }
  }

  /**
   * What {@code TicketScanner} does: pages from the watermark, handing back a page's continuation,
   * until a page says no more.
   */
  private static List<String> scanAll(ServiceNowTicketSystem system, Watermark since, int limit) {
    List<String> keys = new ArrayList<>();
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

  @Test
  void scanMissesNoRecordWhenOneLeavesTheScopeBetweenPages() {
    incidentScope(STARTED, LEFT, scope(A, B, C, D, E));
    incidentScope(LEFT, null, scope(A, C, D, E));

    assertThat(scanAll(incidentsOnly(), AT_A, 3))
        .contains("incident:" + B, "incident:" + C, "incident:" + D, "incident:" + E);
  }

  @Test
  void aScanReadsTheFirstPageOnceAndGoesOnFromItsEnd() {
    incidentScope(STARTED, LEFT, scope(A, B, C, D, E));
    incidentScope(LEFT, null, scope(A, C, D, E));

    ScanPage page = incidentsOnly().findChanged(AT_A, 3);

    assertThat(page.tickets())
        .extracting(t -> t.ref().key())
        .containsExactly("incident:" + A, "incident:" + B, "incident:" + C);
    assertThat(page.next())
        .isEqualTo(new Watermark(Instant.parse("2026-11-02T09:02:00Z"), "incident:" + C));
    assertThat(page.more()).isTrue();
    assertThat(page.continuation()).isPresent();
    verify(1, getRequestedFor(urlPathEqualTo(INCIDENTS)));
  }

  /**
   * ACLs hid the rows of the first page, which is not the last: a read by offset could not show
   * that it reaches back to where this one ended, so the call reads the window whole (twice, the
   * reads agreeing) and hands out no continuation.
   */
  @Test
  void aPageAclsShortenedIsReadWholeAndEndsTheChain() {
    stubFor(
        get(urlPathEqualTo(INCIDENTS))
            .withQueryParam("sysparm_offset", equalTo("0"))
            .willReturn(okJson(result()).withHeader("Link", next(3))));
    stubFor(
        get(urlPathEqualTo(INCIDENTS))
            .withQueryParam("sysparm_offset", equalTo("3"))
            .willReturn(okJson(result(rec(D, 3), rec(E, 4)))));

    ScanPage page = incidentsOnly().findChanged(AT_A, 3);

    assertThat(page.tickets())
        .extracting(t -> t.ref().key())
        .containsExactly("incident:" + D, "incident:" + E);
    assertThat(page.next())
        .isEqualTo(new Watermark(Instant.parse("2026-11-02T09:04:00Z"), "incident:" + E));
    assertThat(page.more()).isFalse();
    assertThat(page.continuation()).isEmpty();
  }

  /**
   * The chain's next page came shorter than asked for and is not the last: its first visible row
   * (E) cannot show that the read reaches back to C. The call reads the window whole instead, and
   * the chain ends there.
   */
  @Test
  void aContinuedPageAclsShortenedEndsTheChainWithAWholeRead() {
    stubFor(
        get(urlPathEqualTo(INCIDENTS))
            .withQueryParam("sysparm_offset", equalTo("0"))
            .willReturn(
                okJson(result(rec(A, 0), rec(B, 1), rec(C, 2))).withHeader("Link", next(3))));
    stubFor(
        get(urlPathEqualTo(INCIDENTS))
            .withQueryParam("sysparm_offset", equalTo("2"))
            .willReturn(okJson(result(rec(E, 4))).withHeader("Link", next(5))));
    stubFor(
        get(urlPathEqualTo(INCIDENTS))
            .withQueryParam("sysparm_offset", equalTo("3"))
            .willReturn(okJson(result(rec(D, 3), rec(E, 4)))));
    ServiceNowTicketSystem system = incidentsOnly();
    ScanPage first = system.findChanged(AT_A, 3);

    ScanPage page = system.findChanged(first.next(), 3, first.continuation().orElseThrow());

    assertThat(page.tickets())
        .extracting(t -> t.ref().key())
        .contains("incident:" + D, "incident:" + E);
    assertThat(page.next())
        .isEqualTo(new Watermark(Instant.parse("2026-11-02T09:04:00Z"), "incident:" + E));
    assertThat(page.continuation()).isEmpty();
  }

  /** A {@code rel="next"} link to the page of three at {@code offset}. */
  private String next(int offset) {
    return "<" + base + INCIDENTS + "?sysparm_offset=" + offset + "&sysparm_limit=3>;rel=\"next\"";
  }

  /**
   * The scan goes on by offset from C, where the first page ended: B left, so the page at offset 2
   * (D, E) no longer reaches back to C; the read steps back to offset 0 and then goes on to E.
   */
  @Test
  void aContinuedScanStepsBackWhenItsPageNoLongerReachesWhereTheLastOneEnded() {
    incidentScope(STARTED, LEFT, scope(A, B, C, D, E));
    incidentScope(LEFT, null, scope(A, C, D, E));
    ServiceNowTicketSystem system = incidentsOnly();
    ScanPage page = system.findChanged(AT_A, 3);
    List<String> keys = new ArrayList<>();
    int calls = 0;

    while (page.more() && page.continuation().isPresent()) {
      page = system.findChanged(page.next(), 3, page.continuation().get());
      page.tickets().stream().map(Ticket::ref).forEach(r -> keys.add(r.key()));
      assertThat(++calls).as("continued calls").isLessThan(5);
    }

    assertThat(keys).contains("incident:" + D, "incident:" + E);
    assertThat(page.next())
        .isEqualTo(new Watermark(Instant.parse("2026-11-02T09:04:00Z"), "incident:" + E));
  }

  @Test
  void watermarkMovesOnlyAsFarAsEveryTableWasReadComplete() {
    incidentScope(STARTED, LEFT, scope(A, B, C, D, E));
    incidentScope(LEFT, null, scope(A, C, D, E));
    stubFor(
        get(urlPathEqualTo("/api/now/table/sc_req_item"))
            .willReturn(
                okJson(result(requestedItem(RITM_1, "RITM0010001", "2026-11-02 09:05:00")))));

    ScanPage page = Fixtures.connect(base, clock).findChanged(AT_A, 3);

    assertThat(page.tickets()).extracting(t -> t.ref().key()).contains("sc_req_item:" + RITM_1);
    assertThat(page.next())
        .isEqualTo(new Watermark(Instant.parse("2026-11-02T09:02:00Z"), "incident:" + C));
  }

  /**
   * A table whose window fits on its first page is read again at the place of its last record on
   * every later call of the chain (its new records are found before the watermark passes them), one
   * read a call: the place is where that record was, not the end of a full page, from where the
   * read would find nothing and step back.
   */
  @Test
  void aTableReadToItsEndCostsOneReadACallWhileAnotherGoesOn() {
    incidentScope(STARTED, null, scope(A, B, C, D, E));
    stubFor(
        get(urlPathEqualTo("/api/now/table/sc_req_item"))
            .withQueryParam("sysparm_offset", equalTo("0"))
            .willReturn(
                okJson(result(requestedItem(RITM_1, "RITM0010001", "2026-11-02 09:05:00")))));
    ServiceNowTicketSystem system = Fixtures.connect(base, clock);

    ScanPage page = system.findChanged(AT_A, 3);
    int calls = 1;
    while (page.more()) {
      page = system.findChanged(page.next(), 3, page.continuation().orElseThrow());
      calls++;
    }

    assertThat(calls).isGreaterThan(1);
    verify(calls, getRequestedFor(urlPathEqualTo("/api/now/table/sc_req_item")));
  }
}
