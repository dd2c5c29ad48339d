package com.helpdeskverify.servicenow;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.findAll;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.verify;
import static com.helpdeskverify.servicenow.Fixtures.GROUP_L2;
import static com.helpdeskverify.servicenow.Fixtures.INC_1;
import static com.helpdeskverify.servicenow.Fixtures.INC_2;
import static com.helpdeskverify.servicenow.Fixtures.INC_3;
import static com.helpdeskverify.servicenow.Fixtures.SYSTEM;
import static com.helpdeskverify.servicenow.Fixtures.json;
import static com.helpdeskverify.servicenow.Fixtures.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.helpdeskverify.core.CaseId;
import com.helpdeskverify.core.CommentMarker;
import com.helpdeskverify.core.Ticket;
import com.helpdeskverify.core.TicketRef;
import com.helpdeskverify.core.spi.PermanentFailure;
import com.helpdeskverify.core.spi.TicketSystem;
import com.helpdeskverify.testkit.Parked;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** fetch, journal entries with markers, and the three moves. */
@WireMockTest
class TicketUpdateTest {
  private static final String RECORD = "/api/now/table/incident/" + INC_1;
  private static final String JOURNAL = "/api/now/table/sys_journal_field";
  private static final String GROUPS = "/api/now/table/sys_user_group";
  private static final String VARIABLES = "/api/now/table/sc_item_option_mtom";
  private static final TicketRef REF = new TicketRef(SYSTEM, "incident:" + INC_1);
  private static final CommentMarker NOTICE =
      new CommentMarker(
          new CaseId("5f0c6a8e-6d2b-4d0e-9a51-3c2f8e1b7a90"), CommentMarker.Step.NOTICE);
  private static final CommentMarker REJECTED =
      new CommentMarker(NOTICE.caseId(), CommentMarker.Step.REJECTED);

  private final Clock clock = Clock.fixed(Instant.parse("2026-11-02T09:05:00Z"), ZoneOffset.UTC);
  private ServiceNowTicketSystem system;

  @BeforeEach
  void setUp(WireMockRuntimeInfo wm) {
    system = Fixtures.connect(wm.getHttpBaseUrl(), clock);
    stubFor(
        patch(urlPathEqualTo(RECORD))
            .willReturn(okJson(json(Map.of("result", Map.of("sys_id", INC_1))))));
    stubFor(
        get(urlPathEqualTo(GROUPS))
            .withQueryParam("sysparm_query", equalTo("name=Service Desk L2"))
            .willReturn(
                okJson(
                    json(
                        Map.of(
                            "result",
                            List.of(Map.of("sys_id", GROUP_L2, "name", "Service Desk L2")))))));
  }

  private static Map<String, String> current(String... fieldValues) {
    Map<String, String> r = new LinkedHashMap<>();
    r.put("sys_id", INC_1);
    for (int i = 0; i < fieldValues.length; i += 2) {
      r.put(fieldValues[i], fieldValues[i + 1]);
    }
    return r;
  }

  private static void recordIs(Map<String, String> fields) {
    stubFor(get(urlPathEqualTo(RECORD)).willReturn(okJson(Fixtures.single(fields))));
  }

  // --- fetch
  // ---------------------------------------------------------------------------------------

  @Test
  void fetchReadsTheRecordBySysId() {
    recordIs(Fixtures.incident(INC_1, "INC0010001", "2026-11-02 09:01:00"));

    Ticket t = system.fetch(REF).orElseThrow();

    assertThat(t.ref()).isEqualTo(REF);
    assertThat(t.summary()).isEqualTo("Reset my MFA, I have a new phone");
    assertThat(t.open()).isTrue();
  }

  @Test
  void fetchOfADeletedRecordIsEmpty() {
    stubFor(
        get(urlPathEqualTo(RECORD))
            .willReturn(
                aResponse()
                    .withStatus(404)
                    .withHeader("Content-Type", "application/json")
                    .withBody(Fixtures.resource("error-not-found.json"))));

    assertThat(system.fetch(REF)).isEmpty();
  }

  @Test
  void fetchOfARecordWithoutCallerFailsPermanently() {
    Map<String, String> r = Fixtures.incident(INC_1, "INC0010001", "2026-11-02 09:01:00");
    r.put("caller_id", "");
    recordIs(r);

    assertThatThrownBy(() -> system.fetch(REF))
        .isInstanceOf(PermanentFailure.class)
        .hasMessageContaining("names no caller_id");
  }

  @Test
  void refOfAnUnconfiguredTableFailsPermanently() {
    assertThatThrownBy(() -> system.fetch(new TicketRef(SYSTEM, "change_request:" + INC_1)))
        .isInstanceOf(PermanentFailure.class)
        .hasMessageContaining("change_request");
  }

  @Test
  void nudgedRecordOutsideTheIntakeScopeIsNotFound() {
    stubFor(
        get(urlPathEqualTo("/api/now/table/incident"))
            .withQueryParam("sysparm_query", equalTo("active=true^state=1^sys_id=" + INC_1))
            .willReturn(okJson(result())));

    assertThat(system.fetchInScope(REF)).isEmpty();
  }

  @Test
  void nudgedRecordInTheIntakeScopeIsFound() {
    stubFor(
        get(urlPathEqualTo("/api/now/table/incident"))
            .withQueryParam("sysparm_query", equalTo("active=true^state=1^sys_id=" + INC_1))
            .willReturn(
                okJson(result(Fixtures.incident(INC_1, "INC0010001", "2026-11-02 09:01:00")))));

    assertThat(system.fetchInScope(REF)).map(Ticket::ref).contains(REF);
  }

  @Test
  void recordsAskedForWhileOneReadIsOutShareTheNextRead() throws InterruptedException {
    String table = "/api/now/table/incident";
    stubFor(
        get(urlPathEqualTo(table))
            .withQueryParam("sysparm_query", equalTo("active=true^state=1^sys_id=" + INC_1))
            .willReturn(
                okJson(result(Fixtures.incident(INC_1, "INC0010001", "2026-11-02 09:01:00")))
                    .withFixedDelay(1_500)));
    stubFor(
        get(urlPathEqualTo(table))
            .withQueryParam("sysparm_query", matching("active=true\\^state=1\\^sys_idIN.*"))
            .willReturn(
                okJson(result(Fixtures.incident(INC_2, "INC0010002", "2026-11-02 09:02:00")))));
    Map<String, Optional<Ticket>> found = new ConcurrentHashMap<>();
    Thread first = fetchInScope(INC_1, found);
    Parked.until(
        () -> findAll(getRequestedFor(urlPathEqualTo(table))).size() == 1, "the first read out");
    Thread second = fetchInScope(INC_2, found);
    Thread third = fetchInScope(INC_3, found);
    Parked.until(second);
    Parked.until(third);

    Parked.joined(first, second, third);

    List<LoggedRequest> reads = findAll(getRequestedFor(urlPathEqualTo(table)));
    assertThat(reads).hasSize(2);
    String shared = reads.get(1).queryParameter("sysparm_query").firstValue();
    assertThat(shared).startsWith("active=true^state=1^sys_idIN").contains(INC_2, INC_3);
    assertThat(reads.get(1).queryParameter("sysparm_limit").firstValue()).isEqualTo("2");
    assertThat(found.get(INC_1)).map(t -> t.ref().key()).contains("incident:" + INC_1);
    assertThat(found.get(INC_2)).map(t -> t.ref().key()).contains("incident:" + INC_2);
    assertThat(found.get(INC_3)).isEmpty();
  }

  private Thread fetchInScope(String sysId, Map<String, Optional<Ticket>> found) {
    Thread t =
        new Thread(
            () -> found.put(sysId, system.fetchInScope(new TicketRef(SYSTEM, "incident:" + sysId))),
            sysId);
    t.start();
    return t;
  }

  // --- journal
  // -------------------------------------------------------------------------------------

  @Test
  void publicCommentGoesToCommentsWithTheMarkerOnItsLastLine() {
    system.postPublicComment(REF, "Please approve the push on your phone.", NOTICE);

    verify(
        patchRequestedFor(urlPathEqualTo(RECORD))
            .withRequestBody(
                equalToJson(
                    json(
                        Map.of(
                            "comments",
                            "Please approve the push on your phone.\n\n["
                                + NOTICE.token()
                                + "]")))));
  }

  @Test
  void internalNoteGoesToWorkNotes() {
    system.postInternalNote(REF, "Verification escalated.", NOTICE);

    verify(
        patchRequestedFor(urlPathEqualTo(RECORD))
            .withRequestBody(
                equalToJson(
                    json(
                        Map.of(
                            "work_notes",
                            "Verification escalated.\n\n[" + NOTICE.token() + "]")))));
  }

  @Test
  void hasCommentFindsTheMarkerInTheRecordsJournal() {
    stubFor(
        get(urlPathEqualTo(JOURNAL))
            .withQueryParam(
                "sysparm_query",
                equalTo(
                    "element_id="
                        + INC_1
                        + "^name=incident^elementINcomments,work_notes^ORDERBYDESCsys_created_on"))
            .willReturn(
                okJson(
                    json(
                        Map.of(
                            "result",
                            List.of(
                                entry("1", "abel.tuter", "Thanks, done."),
                                entry(
                                    "2",
                                    "hv.integration",
                                    "Please approve.\n\n[" + NOTICE.token() + "]")))))));

    assertThat(system.hasComment(REF, NOTICE)).isTrue();
    verify(
        getRequestedFor(urlPathEqualTo(JOURNAL))
            .withQueryParam("sysparm_fields", equalTo("sys_id,value,sys_created_by")));
  }

  /** A {@code sys_journal_field} row as the Table API returns it with raw values. */
  private static Map<String, String> entry(String sysId, String createdBy, String value) {
    Map<String, String> e = new LinkedHashMap<>();
    e.put("sys_id", sysId);
    e.put("value", value);
    e.put("sys_created_by", createdBy);
    return e;
  }

  private static void journalIs(List<Map<String, String>> entries) {
    stubFor(get(urlPathEqualTo(JOURNAL)).willReturn(okJson(json(Map.of("result", entries)))));
  }

  @Test
  void markerInTheRequestersCommentDoesNotCount() {
    journalIs(List.of(entry("1", "abel.tuter", "Done already [" + NOTICE.token() + "]")));

    assertThat(system.hasComment(REF, NOTICE)).isFalse();
  }

  @Test
  void repeatedStepPostsItsCommentWhenOnlyTheRequesterQuotedTheMarker() {
    journalIs(List.of(entry("1", "abel.tuter", "[" + NOTICE.token() + "]")));

    // What the workflow does when it repeats a step: post unless its comment is there.
    if (!system.hasComment(REF, NOTICE)) {
      system.postPublicComment(REF, "Please approve the push on your phone.", NOTICE);
    }

    verify(1, patchRequestedFor(urlPathEqualTo(RECORD)));
  }

  @Test
  void integrationUserIsMatchedWhateverTheLetterCase() {
    journalIs(List.of(entry("1", "HV.Integration", "x\n\n[" + NOTICE.token() + "]")));

    assertThat(system.hasComment(REF, NOTICE)).isTrue();
  }

  @Test
  void entryWithoutACreatorDoesNotCount() {
    Map<String, String> e = entry("1", "", "x\n\n[" + NOTICE.token() + "]");
    e.remove("sys_created_by");
    journalIs(List.of(e));

    assertThat(system.hasComment(REF, NOTICE)).isFalse();
  }

  @Test
  void ownMarkerIsFoundOnTheNextPageBehindAForgedOne(WireMockRuntimeInfo wm) {
    String base = wm.getHttpBaseUrl() + JOURNAL;
    stubFor(
        get(urlPathEqualTo(JOURNAL))
            .withQueryParam("sysparm_offset", equalTo("0"))
            .willReturn(
                okJson(
                        json(
                            Map.of(
                                "result",
                                List.of(entry("9", "abel.tuter", "[" + NOTICE.token() + "]")))))
                    .withHeader(
                        "Link",
                        "<"
                            + base
                            + "?sysparm_offset=0&sysparm_limit=100>;rel=\"first\",<"
                            + base
                            + "?sysparm_offset=100&sysparm_limit=100>;rel=\"next\",<"
                            + base
                            + "?sysparm_offset=100&sysparm_limit=100>;rel=\"last\"")));
    stubFor(
        get(urlPathEqualTo(JOURNAL))
            .withQueryParam("sysparm_offset", equalTo("100"))
            .willReturn(
                okJson(
                        json(
                            Map.of(
                                "result",
                                List.of(
                                    entry(
                                        "2",
                                        "hv.integration",
                                        "Please approve.\n\n[" + NOTICE.token() + "]")))))
                    .withHeader(
                        "Link",
                        "<"
                            + base
                            + "?sysparm_offset=0&sysparm_limit=100>;rel=\"first\",<"
                            + base
                            + "?sysparm_offset=0&sysparm_limit=100>;rel=\"prev\",<"
                            + base
                            + "?sysparm_offset=100&sysparm_limit=100>;rel=\"last\"")));

    assertThat(system.hasComment(REF, NOTICE)).isTrue();
  }

  @Test
  void clientCredentialsCountTheConfiguredIntegrationUsersEntries(WireMockRuntimeInfo wm) {
    stubFor(
        com.github.tomakehurst.wiremock.client.WireMock.post(urlPathEqualTo("/oauth_token.do"))
            .willReturn(
                okJson(
                    "{\"access_token\":\"tok\",\"scope\":\"useraccount\","
                        + "\"token_type\":\"Bearer\",\"expires_in\":1799}")));
    Auth oauth =
        new Auth.OAuth(
            Auth.Grant.CLIENT_CREDENTIALS,
            "3e57bb02663102004d010ee8f561307a",
            new com.helpdeskverify.core.config.Secret("client-secret"),
            java.util.Optional.empty(),
            java.util.Optional.empty());
    ServiceNowSettings base =
        Fixtures.settings(wm.getHttpBaseUrl(), Fixtures.basic(), Fixtures.defaultTables());
    ServiceNowTicketSystem viaOAuth =
        Fixtures.connect(
            new ServiceNowSettings(
                base.instanceUrl(),
                oauth,
                base.tables(),
                base.overlap(),
                base.requesterEmailField(),
                base.pushIntake(),
                "hv.oauth.app"),
            clock);
    journalIs(
        List.of(
            entry("1", "hv.integration", "[" + NOTICE.token() + "]"),
            entry("2", "hv.oauth.app", "[" + NOTICE.token() + "]")));

    assertThat(viaOAuth.hasComment(REF, NOTICE)).isTrue();
    journalIs(List.of(entry("1", "hv.integration", "[" + NOTICE.token() + "]")));
    assertThat(viaOAuth.hasComment(REF, NOTICE)).isFalse();
  }

  @Test
  void commentPostedByTheAdapterIsFoundByItAfterwards() {
    system.postPublicComment(REF, "Please approve the push on your phone.", NOTICE);
    String posted =
        com.github.tomakehurst.wiremock.client.WireMock.findAll(
                patchRequestedFor(urlPathEqualTo(RECORD)))
            .get(0)
            .getBodyAsString();
    String stored =
        Fixtures.json(
            Map.of(
                "result",
                List.of(
                    entry(
                        "2", "hv.integration", (String) Fixtures.parse(posted).get("comments")))));
    stubFor(get(urlPathEqualTo(JOURNAL)).willReturn(okJson(stored)));

    assertThat(system.hasComment(REF, NOTICE)).isTrue();
  }

  @Test
  void hasCommentIgnoresAnotherStepsMarker() {
    CommentMarker other = new CommentMarker(NOTICE.caseId(), CommentMarker.Step.EXECUTED);
    stubFor(
        get(urlPathEqualTo(JOURNAL))
            .willReturn(
                okJson(
                    json(
                        Map.of(
                            "result",
                            List.of(
                                entry("2", "hv.integration", "x\n\n[" + other.token() + "]")))))));

    assertThat(system.hasComment(REF, NOTICE)).isFalse();
  }

  // --- moves
  // ---------------------------------------------------------------------------------------

  @Test
  void executeSetsInProgress() {
    recordIs(current("state", "1"));

    system.execute(REF);

    verify(
        patchRequestedFor(urlPathEqualTo(RECORD))
            .withRequestBody(equalToJson("{\"state\":\"2\"}")));
  }

  @Test
  void rejectResolvesWithCloseCodeAndTheReasonAsCloseNotes() {
    recordIs(current("state", "1", "close_code", ""));

    system.reject(REF, "The push was denied.");

    verify(
        patchRequestedFor(urlPathEqualTo(RECORD))
            .withRequestBody(
                equalToJson(
                    "{\"state\":\"6\",\"close_code\":\"No resolution provided\","
                        + "\"close_notes\":\"The push was denied.\"}")));
  }

  @Test
  void codeTagsInTheReasonAreWrittenAsTextNotAsHtml() {
    recordIs(current("state", "1", "close_code", ""));

    system.reject(REF, "found [code]<a href=\"https://evil.example\">jsmith</a>[/CODE ]");

    verify(
        patchRequestedFor(urlPathEqualTo(RECORD))
            .withRequestBody(
                equalToJson(
                    json(
                        Map.of(
                            "state",
                            "6",
                            "close_code",
                            "No resolution provided",
                            "close_notes",
                            "found (code)<a href=\"https://evil.example\">jsmith</a>(/CODE )")))));
  }

  /** Rejects with the comment "Declined.", counting the fences the adapter runs. */
  private void rejectWithComment(AtomicInteger fences) {
    system.reject(
        REF,
        "The push was denied.",
        new TicketSystem.PublicComment("Declined.", REJECTED, fences::incrementAndGet));
  }

  @Test
  void theCommentOfAMoveIsWrittenInTheMovesOwnUpdate() {
    recordIs(current("state", "1", "close_code", ""));
    AtomicInteger fences = new AtomicInteger();

    rejectWithComment(fences);

    verify(1, patchRequestedFor(urlPathEqualTo(RECORD)));
    verify(
        patchRequestedFor(urlPathEqualTo(RECORD))
            .withRequestBody(
                equalToJson(
                    json(
                        Map.of(
                            "state",
                            "6",
                            "close_code",
                            "No resolution provided",
                            "close_notes",
                            "The push was denied.",
                            "comments",
                            Journal.withMarker("Declined.", REJECTED))))));
    assertThat(fences).hasValue(0);
  }

  @Test
  void aRecordThatNeedsNoMoveGetsTheCommentOnItsOwnFenced() {
    recordIs(current("state", "6", "close_code", "No resolution provided"));
    AtomicInteger fences = new AtomicInteger();

    rejectWithComment(fences);

    verify(
        1,
        patchRequestedFor(urlPathEqualTo(RECORD))
            .withRequestBody(
                equalToJson(json(Map.of("comments", Journal.withMarker("Declined.", REJECTED))))));
    verify(1, patchRequestedFor(urlPathEqualTo(RECORD)));
    assertThat(fences).hasValue(1);
  }

  @Test
  void rejectOfAnAlreadyRejectedRecordDoesNotUpdateItAgain() {
    recordIs(current("state", "6", "close_code", "No resolution provided"));

    system.reject(REF, "The push was denied.");

    verify(0, patchRequestedFor(urlPathEqualTo(RECORD)));
  }

  @Test
  void moveReadsOnlyTheFieldsItComparesAndWhetherTheRecordIsClosed() {
    recordIs(current("state", "6", "close_code", "No resolution provided"));

    system.reject(REF, "x");

    verify(
        getRequestedFor(urlPathEqualTo(RECORD))
            .withQueryParam("sysparm_fields", equalTo("sys_id,state,active,close_code"))
            .withQueryParam("sysparm_display_value", equalTo("false")));
  }

  @Test
  void repeatedExecuteDoesNotReopenARecordATechnicianResolved() {
    recordIs(current("state", "6", "active", "true"));

    system.execute(REF);

    verify(0, patchRequestedFor(urlPathEqualTo(RECORD)));
  }

  @Test
  void rejectOfARecordTheRequesterClosedLeavesItAlone() {
    recordIs(current("state", "7", "active", "false", "close_code", "Resolved by caller"));

    system.reject(REF, "The push was denied.");

    verify(0, patchRequestedFor(urlPathEqualTo(RECORD)));
  }

  @Test
  void escalateAssignsTheGroupBySysIdAndClearsTheAssignee() {
    recordIs(current("state", "1", "assignment_group", Fixtures.SERVICE_DESK, "assigned_to", "x"));

    system.escalate(REF, "no enrolled device");

    verify(
        patchRequestedFor(urlPathEqualTo(RECORD))
            .withRequestBody(
                equalToJson(
                    "{\"state\":\"2\",\"assignment_group\":\""
                        + GROUP_L2
                        + "\",\"assigned_to\":\"\"}")));
  }

  @Test
  void escalateOfAnAlreadyEscalatedRecordDoesNotUpdateItAgain() {
    recordIs(current("state", "2", "assignment_group", GROUP_L2, "assigned_to", ""));

    system.escalate(REF, "no enrolled device");

    verify(0, patchRequestedFor(urlPathEqualTo(RECORD)));
  }

  @Test
  void escalationToAGroupThatDoesNotExistFailsPermanentlyNamingIt() {
    stubFor(
        get(urlPathEqualTo(GROUPS))
            .withQueryParam("sysparm_query", equalTo("name=Service Desk L2"))
            .willReturn(okJson(result())));

    assertThatThrownBy(() -> system.escalate(REF, "x"))
        .isInstanceOf(PermanentFailure.class)
        .hasMessageContaining("assignment group 'Service Desk L2'")
        .hasMessageContaining("incident.escalate");
  }

  @Test
  void moveOfADeletedRecordFailsPermanently() {
    stubFor(
        get(urlPathEqualTo(RECORD))
            .willReturn(
                aResponse().withStatus(404).withBody(Fixtures.resource("error-not-found.json"))));

    assertThatThrownBy(() -> system.execute(REF)).isInstanceOf(PermanentFailure.class);
    verify(0, patchRequestedFor(urlPathEqualTo(RECORD)));
  }

  @Test
  void checkConnectionFailsWhenTheEscalationGroupDoesNotExist() {
    stubFor(get(urlPathEqualTo("/api/now/table/incident")).willReturn(okJson(result())));
    stubFor(get(urlPathEqualTo("/api/now/table/sc_req_item")).willReturn(okJson(result())));
    stubFor(get(urlPathEqualTo(JOURNAL)).willReturn(okJson(result())));
    stubFor(get(urlPathEqualTo(GROUPS)).willReturn(okJson(result())));

    assertThatThrownBy(() -> system.checkConnection())
        .isInstanceOf(PermanentFailure.class)
        .hasMessageContaining("Service Desk L2");
  }

  @Test
  void checkConnectionPassesWhenTablesJournalAndGroupAreReadable() {
    stubFor(get(urlPathEqualTo("/api/now/table/incident")).willReturn(okJson(result())));
    stubFor(get(urlPathEqualTo("/api/now/table/sc_req_item")).willReturn(okJson(result())));
    stubFor(get(urlPathEqualTo(JOURNAL)).willReturn(okJson(result())));
    stubFor(get(urlPathEqualTo(VARIABLES)).willReturn(okJson(result())));

    system.checkConnection();

    verify(
        getRequestedFor(urlPathEqualTo(VARIABLES)).withQueryParam("sysparm_limit", equalTo("1")));

    verify(getRequestedFor(urlPathEqualTo(JOURNAL)).withQueryParam("sysparm_limit", equalTo("1")));
    verify(getRequestedFor(urlPathEqualTo(GROUPS)).withQueryParam("sysparm_offset", equalTo("0")));
  }
}
