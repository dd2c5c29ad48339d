package com.helpdeskverify.scheduler.endtoend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.helpdeskverify.core.CaseId;
import com.helpdeskverify.core.CommentMarker;
import com.helpdeskverify.core.Ticket;
import com.helpdeskverify.core.TicketRef;
import com.helpdeskverify.core.Watermark;
import com.helpdeskverify.core.spi.IntegrationContext;
import com.helpdeskverify.core.spi.PermanentFailure;
import com.helpdeskverify.core.spi.ScanPage;
import com.helpdeskverify.core.spi.TicketSystem;
import com.helpdeskverify.jira.JiraDataCenterTicketSystemFactory;
import com.helpdeskverify.simulators.SimulatedJiraDataCenter;
import com.helpdeskverify.testkit.MutableClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Jira adapter against the stateful Jira Data Center simulator: offset pages re-evaluated per
 * read, PAT and basic sign-in, the XSRF rule, notes with {@code sd.public.comment}, users named by
 * key.
 */
class JiraDataCenterAdapterTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final String SCOPE = "project = HD AND status = \"Waiting for support\"";

  private final MutableClock clock = MutableClock.at("2026-11-02T09:00:00Z");
  private SimulatedJiraDataCenter jira;
  private SimulatedJiraDataCenter.User ann;

  @BeforeEach
  void start() throws Exception {
    jira = new SimulatedJiraDataCenter(clock, BERLIN);
    jira.keepBodies(true);
    ann = jira.user("ann", "Ann Example", "ann@example.com");
  }

  @AfterEach
  void stop() {
    jira.close();
  }

  private Map<String, Object> section(Map<String, Object> auth) {
    Map<String, Object> raw = new LinkedHashMap<>();
    raw.put("base-url", jira.baseUrl().toString());
    raw.putAll(auth);
    raw.put("jql-scope", SCOPE);
    raw.put("time-zone", BERLIN.getId());
    raw.put("comment-api", "platform");
    raw.put("execute-transition", "Execute");
    raw.put("reject-transition", "Reject");
    raw.put("escalate-transition", "Escalate");
    raw.put("max-attempts", 1);
    return raw;
  }

  private TicketSystem system(Map<String, Object> raw) {
    var factory = new JiraDataCenterTicketSystemFactory();
    return factory.create(
        "dc",
        factory.config().parse("ticket-systems.dc", raw),
        new IntegrationContext(clock, new SplittableRandom(1), (key, until) -> true));
  }

  private TicketSystem withPat() {
    return system(section(Map.of("personal-access-token", SimulatedJiraDataCenter.SERVICE_PAT)));
  }

  private static CommentMarker marker(CommentMarker.Step step) {
    return new CommentMarker(new CaseId("5f0c6a8e-6d2b-4d0e-9a51-3c2f8e1b7a90"), step);
  }

  private String file(String summary) {
    clock.advance(Duration.ofMinutes(1));
    return jira.file(ann, "HD", summary, "Please reset my *password*.");
  }

  // --- paging ------------------------------------------------------------------------------------

  @Test
  void anIssueLeavingTheScopeBetweenTwoPageReadsMakesTheScanLoseNoOtherIssue() {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      keys.add(file("Password reset " + i));
    }
    TicketSystem system = withPat();
    // The last scan ended at HD-2: the overlap re-reads HD-1 and HD-2 as the first page of two.
    Ticket second = system.fetch(new TicketRef("dc", keys.get(1))).orElseThrow();
    Watermark at = new Watermark(second.updated(), second.ref().key());
    // Between the first page and the next, HD-1 leaves the scope: every later offset slides back.
    jira.afterNextSearch(() -> jira.setStatus(keys.get(0), "In Progress"));

    // As TicketScanner calls it: each call hands back the continuation of the page before.
    List<String> delivered = new ArrayList<>();
    Watermark since = at;
    Optional<Object> continuation = Optional.empty();
    for (int call = 0; call < 10; call++) {
      ScanPage page =
          continuation.isPresent()
              ? system.findChanged(since, 2, continuation.get())
              : system.findChanged(since, 2);
      page.tickets().forEach(t -> delivered.add(t.ref().key()));
      since = page.next();
      continuation = page.continuation();
      if (!page.more()) {
        break;
      }
    }

    // The adapter hands over its whole window (the scanner decides what was delivered already by
    // the (key, updated) pairs it stored), so what counts is that no issue still in scope is lost.
    assertThat(delivered).containsAll(keys.subList(1, 6));
  }

  @Test
  void datesCarryTheServerOffsetAndJqlDatesAreReadInTheAccountsZone() {
    String key = file("Password reset");
    TicketSystem system = withPat();

    ScanPage page = system.findChanged(Watermark.at(Instant.parse("2026-11-02T09:00:00Z")), 10);

    assertThat(page.tickets()).extracting(t -> t.ref().key()).containsExactly(key);
    assertThat(page.tickets().get(0).updated()).isEqualTo(Instant.parse("2026-11-02T09:01:00Z"));
    assertThat(
            jira.exchanges().stream()
                .filter(e -> e.path().equals("/rest/api/2/search"))
                .findFirst()
                .orElseThrow()
                .query()
                .get("jql"))
        .contains("updated >= \"2026/11/02 09:58\"");
  }

  // --- sign-in -----------------------------------------------------------------------------------

  @Test
  void userNameAndPasswordSignIn() {
    file("Password reset");
    TicketSystem system =
        system(
            section(
                Map.of(
                    "auth", "basic",
                    "username", SimulatedJiraDataCenter.SERVICE_USER,
                    "password", SimulatedJiraDataCenter.SERVICE_PASSWORD)));

    system.checkConnection();

    assertThat(
            system.findChanged(Watermark.at(Instant.parse("2026-11-02T08:00:00Z")), 10).tickets())
        .hasSize(1);
  }

  @Test
  void aWrongPersonalAccessTokenIsRefused() {
    TicketSystem system = system(section(Map.of("personal-access-token", "not-the-token")));

    assertThatThrownBy(system::checkConnection)
        .isInstanceOf(PermanentFailure.class)
        .hasMessageContaining("401")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("not-the-token"));
  }

  @Test
  void formLikeStateChangesWithoutTheNoCheckTokenFailTheXsrfCheck() throws Exception {
    String key = file("Password reset");
    HttpClient http = HttpClient.newHttpClient();
    URI comment = jira.baseUrl().resolve("rest/api/2/issue/" + key + "/comment");

    HttpResponse<String> form =
        http.send(
            HttpRequest.newBuilder(comment)
                .header("Authorization", "Bearer " + SimulatedJiraDataCenter.SERVICE_PAT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("body=hello"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> json =
        http.send(
            HttpRequest.newBuilder(comment)
                .header("Authorization", "Bearer " + SimulatedJiraDataCenter.SERVICE_PAT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"body\":\"hello\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(form.statusCode()).isEqualTo(403);
    assertThat(form.body()).contains("XSRF check failed");
    assertThat(json.statusCode()).isEqualTo(201);
  }

  @Test
  void everyCallTheAdapterMakesPassesTheXsrfCheckWithoutAToken() {
    String key = file("Password reset");
    TicketSystem system = withPat();
    TicketRef ref = new TicketRef("dc", key);

    system.postPublicComment(ref, "We sent a push.", marker(CommentMarker.Step.NOTICE));
    system.postInternalNote(ref, "Escalated.", marker(CommentMarker.Step.ESCALATED_INTERNAL));
    system.escalate(ref, "why");

    assertThat(jira.exchanges()).allSatisfy(e -> assertThat(e.status()).isLessThan(400));
    assertThat(jira.status(key)).isEqualTo("Escalated");
  }

  // --- notes and comments ------------------------------------------------------------------------

  @Test
  void notesOnAServiceDeskProjectAreInternalAndPublicCommentsPublic() {
    String key = file("Password reset");
    TicketSystem system = withPat();
    TicketRef ref = new TicketRef("dc", key);

    system.postPublicComment(ref, "We sent a push.", marker(CommentMarker.Step.NOTICE));
    system.postInternalNote(ref, "Duo: no devices.", marker(CommentMarker.Step.ESCALATED_INTERNAL));

    List<SimulatedJiraDataCenter.Comment> comments = jira.comments(key);
    assertThat(comments)
        .extracting(SimulatedJiraDataCenter.Comment::internal)
        .containsExactly(false, true);
    assertThat(comments.get(1).properties())
        .containsEntry("sd.public.comment", Map.of("internal", true));
    assertThat(comments.get(0).properties()).isEmpty();
  }

  @Test
  void notesOnAProjectThatIsNoServiceDeskTakeTheConfiguredRole() {
    jira.project("IT", "IT Operations", false);
    clock.advance(Duration.ofMinutes(1));
    String key = jira.file(ann, "IT", "Password reset", "Please reset my password.");
    Map<String, Object> raw =
        section(Map.of("personal-access-token", SimulatedJiraDataCenter.SERVICE_PAT));
    raw.put("jql-scope", "project in (HD, IT) AND status = \"Waiting for support\"");
    raw.put("note-visibility", Map.of("type", "role", "value", "Service Desk Team"));
    TicketSystem system = system(raw);

    system.checkConnection();
    system.postInternalNote(
        new TicketRef("dc", key),
        "Duo: no devices.",
        marker(CommentMarker.Step.ESCALATED_INTERNAL));

    SimulatedJiraDataCenter.Comment note = jira.comments(key).get(0);
    assertThat(note.internal()).isTrue();
    assertThat(note.visibility())
        .containsEntry("type", "role")
        .containsEntry("value", "Service Desk Team");
  }

  @Test
  void checkConnectionRefusesPlatformNotesOnAProjectThatIsNoServiceDesk() {
    jira.project("IT", "IT Operations", false);
    Map<String, Object> raw =
        section(Map.of("personal-access-token", SimulatedJiraDataCenter.SERVICE_PAT));
    raw.put("jql-scope", "project in (HD, IT)");

    assertThatThrownBy(() -> system(raw).checkConnection())
        .isInstanceOf(PermanentFailure.class)
        .hasMessageContaining("IT is not a service desk");
  }

  @Test
  void theRequestersCopyOfTheMarkerDoesNotCountForTheirKeyIsNotTheConnectors() {
    String key = file("Password reset");
    TicketSystem system = withPat();
    TicketRef ref = new TicketRef("dc", key);
    CommentMarker notice = marker(CommentMarker.Step.NOTICE);
    jira.commentAsReporter(key, "Ref: " + notice.token());

    assertThat(system.hasComment(ref, notice)).isFalse();

    system.postPublicComment(ref, "We sent a push.", notice);

    assertThat(system.hasComment(ref, notice)).isTrue();
  }

  @Test
  void anEditOfTheDescriptionChangesTheTicketAndMovesItToTheEndOfTheScan() {
    String edited = file("Password reset");
    String other = file("Password reset");
    TicketSystem system = withPat();
    Ticket before = system.fetch(new TicketRef("dc", edited)).orElseThrow();
    clock.advance(Duration.ofMinutes(1));

    jira.editDescription(edited, "Please reset my password and my MFA.");

    Ticket after = system.fetch(new TicketRef("dc", edited)).orElseThrow();
    assertThat(after.description()).isEqualTo("Please reset my password and my MFA.");
    assertThat(after.updated()).isAfter(before.updated());
    assertThat(after.fingerprint()).isNotEqualTo(before.fingerprint());
    assertThat(
            system.findChanged(Watermark.at(Instant.parse("2026-11-02T09:00:00Z")), 10).tickets())
        .extracting(t -> t.ref().key())
        .containsExactly(other, edited);
  }

  @Test
  void theRequesterIsNamedByTheUserKey() {
    String key = file("Password reset");

    Ticket t = withPat().fetch(new TicketRef("dc", key)).orElseThrow();

    assertThat(t.requester().accountId()).isEqualTo(ann.key()).startsWith("JIRAUSER");
    assertThat(t.requester().email()).contains("ann@example.com");
    assertThat(t.description()).isEqualTo("Please reset my *password*.");
  }
}
