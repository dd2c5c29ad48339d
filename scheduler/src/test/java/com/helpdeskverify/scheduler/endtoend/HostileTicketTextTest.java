package com.helpdeskverify.scheduler.endtoend;

import static com.helpdeskverify.scheduler.endtoend.HostileHarness.JIRA;
import static com.helpdeskverify.scheduler.endtoend.HostileHarness.SNOW;
import static com.helpdeskverify.scheduler.endtoend.HostileHarness.sysId;
import static org.assertj.core.api.Assertions.assertThat;

import com.helpdeskverify.core.CaseId;
import com.helpdeskverify.core.CaseState;
import com.helpdeskverify.core.CommentMarker;
import com.helpdeskverify.core.ReasonCode;
import com.helpdeskverify.core.SensitiveOperation;
import com.helpdeskverify.core.TicketRef;
import com.helpdeskverify.core.VerificationCase;
import com.helpdeskverify.core.spi.TicketSystem;
import com.helpdeskverify.simulators.SimulatedDuo.Answer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile and unusual ticket text (1 MB bodies, control characters, markup, every kind of Unicode,
 * requests to push someone else) through the real service, its Jira and ServiceNow adapters and
 * Duo, each simulated over HTTP. Assertions are on what the simulated APIs received.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileTicketTextTest {
  private static final String MEGABYTE = "lorem ipsum ".repeat((1 << 20) / 12 + 1);
  private static final String UNICODE_NAME = "Zoë 王小明 שלום 👩‍💻 e\u0301 𝔘𝔫𝔦";

  private HostileHarness h;
  private final AtomicInteger people = new AtomicInteger();

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    h = new HostileHarness(dir, Duration.ofMillis(200));
    h.awaitFirstScans();
  }

  @AfterAll
  void stop() {
    if (h != null) {
      h.close();
    }
  }

  private String person(Answer answer) {
    String name = "user" + people.incrementAndGet();
    h.duo.user(name + "@example.com", answer, 0);
    return name;
  }

  private String jiraIssue(String person, String displayName, String summary, String description) {
    return h.jira.file("acc-" + person, displayName, person + "@example.com", summary, description);
  }

  private String incident(String person, String displayName, String summary, String description) {
    return HostileHarness.incident(
        h.snow, displayName, person + "@example.com", summary, description);
  }

  private List<String> jiraTexts(String key, String visibility) {
    return h.jira.comments(key).stream()
        .filter(c -> c[0].equals(visibility))
        .map(c -> c[1])
        .toList();
  }

  private List<String> snowTexts(String key, String element) {
    return h.snow.journal(sysId(key)).stream()
        .filter(j -> j.get("element").equals(element))
        .map(j -> j.get("value"))
        .toList();
  }

  private VerificationCase ended(String system, String key) throws InterruptedException {
    h.awaitTerminal(system, key);
    return h.latest(system, key).orElseThrow();
  }

  // --- size ----------------------------------------------------------------------------------

  @Test
  void jiraIssueWithAOneMegabyteDescriptionIsClassifiedAndVerified() throws Exception {
    String p = person(Answer.APPROVE);
    String key = jiraIssue(p, "Big", "Password reset", "Please reset my password.\n" + MEGABYTE);

    VerificationCase c = ended(JIRA, key);

    assertThat(c.state()).isEqualTo(CaseState.EXECUTE_REQUESTED);
    assertThat(c.classification().operation()).isEqualTo(SensitiveOperation.CREDENTIAL_RESET);
    assertThat(h.jira.status(key)).isEqualTo("In Progress");
  }

  @Test
  void snowIncidentWithAOneMegabyteDescriptionIsClassifiedAndVerified() throws Exception {
    String p = person(Answer.APPROVE);
    String key = incident(p, "Big", "Account locked", MEGABYTE + "\nPlease unlock my account.");

    VerificationCase c = ended(SNOW, key);

    assertThat(c.state()).isEqualTo(CaseState.EXECUTE_REQUESTED);
    assertThat(c.classification().operation()).isEqualTo(SensitiveOperation.ACCOUNT_UNLOCK);
  }

  @Test
  void requesterWithAOneMegabyteDisplayNameIsStillEscalated() throws Exception {
    String p = person(Answer.NO_DEVICE);
    String key = jiraIssue(p, MEGABYTE, "MFA reset", "New phone, please reset my MFA.");

    VerificationCase c = ended(JIRA, key);

    assertThat(c.state()).isEqualTo(CaseState.ESCALATED);
    assertThat(jiraTexts(key, "internal")).singleElement().asString().contains("Requester: lorem");
  }

  // --- control characters and markup ---------------------------------------------------------

  @Test
  void controlAndBidiCharactersInEveryJiraFieldNeitherStopVerificationNorReachTheNote()
      throws Exception {
    String p = person(Answer.NO_DEVICE);
    String name = "Ann\u0000\u001b[31m\u202Etxt.exe\u200B";
    String key =
        jiraIssue(
            p,
            name,
            "Password\u0000 reset\u001b[0m",
            "Please\u202E reset\u200B my\u0000 password \u0007\u001b]0;x\u0007");

    VerificationCase c = ended(JIRA, key);

    assertThat(c.state()).isEqualTo(CaseState.ESCALATED);
    assertThat(c.classification().operation()).isEqualTo(SensitiveOperation.CREDENTIAL_RESET);
    assertThat(jiraTexts(key, "internal"))
        .singleElement()
        .asString()
        .contains("Requester: Ann\uFFFD\uFFFD\\[31m\uFFFDtxt.exe\u200B.\n")
        .doesNotContain("\u0000")
        .doesNotContain("\u001b")
        .doesNotContain("\u202E");
  }

  @Test
  void wikiMarkupHtmlAndLinksInTheJiraRequesterNameArePostedInert() throws Exception {
    String p = person(Answer.NO_DEVICE);
    String name =
        "[link|http://evil.example]{html}<script>alert(1)</script>{html}"
            + "!http://evil.example/x.png! {noformat}*bold* [~accountid:42] <img src=x onerror=alert(1)>";
    String key = jiraIssue(p, name, "Password reset", "Please reset my password.");

    ended(JIRA, key);

    assertThat(jiraTexts(key, "internal"))
        .singleElement()
        .asString()
        .contains(
            "Requester: \\[link\\|http\u200B://evil.example\\]\\{html\\}<script>alert(1)</script>"
                + "\\{html\\}\\!http\u200B://evil.example/x.png\\! \\{noformat\\}\\*bold\\*"
                + " \\[\\~accountid:42\\] <img src=x onerror=alert(1)>.\n");
  }

  @Test
  void wikiMarkupInTheJiraRequestTextIsPostedEscapedAsEvidence() throws Exception {
    String p = person(Answer.NO_DEVICE);
    String key =
        jiraIssue(
            p,
            "Eve",
            "Password reset",
            "Please reset {color:red}!http://evil.example/a.png!{color} my password");

    VerificationCase c = ended(JIRA, key);

    String note = jiraTexts(key, "internal").get(0);
    String evidence = String.join("; ", c.classification().evidence());
    assertThat(note).contains("evidence: " + wikiEscaped(evidence) + ")");
    assertThat(note.replace("\\{", "").replace("\\!", "")).doesNotContain("{").doesNotContain("!");
  }

  private static String wikiEscaped(String text) {
    StringBuilder out = new StringBuilder();
    for (char ch : text.toCharArray()) {
      if ("\\{}[]|*_+^~!#-?".indexOf(ch) >= 0) {
        out.append('\\');
      }
      out.append(ch);
    }
    return out.toString();
  }

  @Test
  void codeTagsAndHtmlInTheServiceNowCallerNameArePostedAsText() throws Exception {
    String p = person(Answer.NO_DEVICE);
    String name = "[code]<img src=x onerror=alert(1)>[/code] [CODE]<script>x()</script>[ /Code ]";
    String key = incident(p, name, "MFA reset", "New phone, please reset my MFA.");

    ended(SNOW, key);

    assertThat(snowTexts(key, "work_notes"))
        .singleElement()
        .asString()
        .contains(
            "Requester: (code)<img src=x onerror=alert(1)>(/code) (CODE)<script>x()</script>( /Code )."
                + "\n");
  }

  @Test
  void noJournalEntryTheServicePostsCarriesACodeTag() throws Exception {
    String p = person(Answer.NO_DEVICE);
    String key =
        incident(
            p,
            "Mallory [code]<b>x</b>[/code]",
            "Password reset [code]<iframe src=//evil>[/code]",
            "Please reset [code]&lt;img src=x onerror=alert(1)&gt;[/code] my password");

    ended(SNOW, key);

    assertThat(h.snow.journal(sysId(key)))
        .isNotEmpty()
        .allSatisfy(
            j -> assertThat(j.get("value").toLowerCase(Locale.ROOT)).doesNotContain("[code]"));
  }

  // --- Unicode -------------------------------------------------------------------------------

  @Test
  void unicodeInEveryJiraFieldSurvivesAndEachCommentIsPostedOnce() throws Exception {
    String p = person(Answer.APPROVE);
    String key =
        jiraIssue(
            p,
            UNICODE_NAME,
            "Passwort zurücksetzen 🔐 王",
            "Bitte mein Passwort zurücksetzen 🙏 — مرحبا שלום 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 e\u0301 👩‍💻");

    VerificationCase c = ended(JIRA, key);
    awaitTwoMoreScans(JIRA);

    assertThat(c.state()).isEqualTo(CaseState.EXECUTE_REQUESTED);
    assertThat(c.requester().displayName()).isEqualTo(UNICODE_NAME);
    assertThat(h.cases(JIRA, key)).hasSize(1);
    assertThat(jiraTexts(key, "public")).hasSize(2);
  }

  @Test
  void unicodeInEveryServiceNowFieldSurvivesAndEachEntryIsPostedOnce() throws Exception {
    String p = person(Answer.APPROVE);
    String key =
        incident(
            p,
            UNICODE_NAME,
            "Account locked 🔒 王",
            "My account is locked, please unlock it 🙏 مرحبا 𝔘𝔫𝔦 e\u0301");

    VerificationCase c = ended(SNOW, key);
    awaitTwoMoreScans(SNOW);

    assertThat(c.state()).isEqualTo(CaseState.EXECUTE_REQUESTED);
    assertThat(c.requester().displayName()).isEqualTo(UNICODE_NAME);
    assertThat(h.cases(SNOW, key)).hasSize(1);
    assertThat(snowTexts(key, "comments")).hasSize(2);
  }

  private void awaitTwoMoreScans(String system) throws InterruptedException {
    for (int i = 0; i < 2; i++) {
      Instant after = h.clock.instant();
      HostileHarness.await(
          "a scan of " + system,
          () ->
              h.service
                  .metrics()
                  .scan(system)
                  .flatMap(s -> s.lastSuccess())
                  .map(at -> at.isAfter(after))
                  .orElse(false));
    }
  }

  @Test
  void commentMarkersAreFoundAmongUnicodeTextInJira() throws Exception {
    String key = jiraIssue(person(Answer.IGNORE), UNICODE_NAME, "Printer", "The printer jams 🖨");
    assertMarkerFound(JIRA, key);
  }

  @Test
  void commentMarkersAreFoundAmongUnicodeTextInServiceNow() throws Exception {
    String key = incident(person(Answer.IGNORE), UNICODE_NAME, "Printer", "The printer jams 🖨");
    assertMarkerFound(SNOW, key);
  }

  private void assertMarkerFound(String system, String key) {
    TicketSystem tickets = h.service.ticketSystems().get(system);
    TicketRef ref = new TicketRef(system, key);
    SplittableRandom random = new SplittableRandom(key.hashCode());
    CommentMarker posted = new CommentMarker(CaseId.random(random), CommentMarker.Step.NOTICE);
    CommentMarker other = new CommentMarker(CaseId.random(random), CommentMarker.Step.NOTICE);

    tickets.postPublicComment(
        ref, UNICODE_NAME + "\n\u202E🔐 [hv:" + other.caseId().value(), posted);

    assertThat(tickets.hasComment(ref, posted)).isTrue();
    assertThat(tickets.hasComment(ref, other)).isFalse();
  }

  @Test
  void ticketsFiledAfterAUnicodeTicketAreStillScanned() throws Exception {
    String first =
        jiraIssue(person(Answer.IGNORE), UNICODE_NAME, "Passwort 🔐", "Passwort zurücksetzen 🙏");
    h.awaitState(JIRA, first, CaseState.CHALLENGED);

    String next = jiraIssue(person(Answer.IGNORE), "Plain", "Password reset", "Please reset it.");

    h.awaitState(JIRA, next, CaseState.CHALLENGED);
  }

  // --- push target ---------------------------------------------------------------------------

  private static final String REDIRECTS =
      "Please reset my password. Send the push to %s instead, my new number is +1 555 0100."
          + " I'm writing for my manager %s, use her phone.";

  /**
   * The text asks for someone else's account, so the requester's own approval would verify nothing:
   * the case escalates, and nobody, least of all the people named, is pushed.
   */
  @Test
  void jiraTextNamingAnotherPersonEscalatesAndPushesNobody() throws Exception {
    String requester = person(Answer.APPROVE);
    String bob = person(Answer.APPROVE);
    String carol = person(Answer.APPROVE);
    String key =
        jiraIssue(
            requester,
            "Req " + bob + "@example.com",
            "Password reset for " + carol + "@example.com",
            REDIRECTS.formatted(bob + "@example.com", carol + "@example.com"));

    VerificationCase c = ended(JIRA, key);

    assertThat(c.reason().orElseThrow().code()).isEqualTo(ReasonCode.THIRD_PARTY_TARGET);
    assertThat(pushesTo(requester, bob, carol))
        .isEqualTo(Map.of(requester, 0L, bob, 0L, carol, 0L));
  }

  @Test
  void serviceNowTextNamingAnotherPersonEscalatesAndPushesNobody() throws Exception {
    String requester = person(Answer.APPROVE);
    String bob = person(Answer.APPROVE);
    String carol = person(Answer.APPROVE);
    String key =
        incident(
            requester,
            "Req " + bob + "@example.com",
            "Password reset for " + carol + "@example.com",
            REDIRECTS.formatted(bob + "@example.com", carol + "@example.com"));

    VerificationCase c = ended(SNOW, key);

    assertThat(c.reason().orElseThrow().code()).isEqualTo(ReasonCode.THIRD_PARTY_TARGET);
    assertThat(pushesTo(requester, bob, carol))
        .isEqualTo(Map.of(requester, 0L, bob, 0L, carol, 0L));
  }

  private Map<String, Long> pushesTo(String... names) {
    List<String> pushed = h.duo.pushedUsernames();
    Map<String, Long> counts = new java.util.HashMap<>();
    for (String n : names) {
      counts.put(n, pushed.stream().filter(u -> u.equals(n + "@example.com")).count());
    }
    return counts;
  }

  // On-behalf tickets are verified by default now (issue 12): the push goes to the requester the
  // ticket names and never to the agent who opened it; `on-behalf: escalate` keeps the old
  // escalation (VerificationWorkflowTest).

  @Test
  void jiraRequestRaisedOnSomeonesBehalfPushesOnlyTheRequesterAndNotesTheAgent() throws Exception {
    String requester = person(Answer.APPROVE);
    String agent = person(Answer.APPROVE);
    String key =
        h.jira.fileOnBehalf(
            Map.of(
                "accountId", "acc-" + agent,
                "displayName", "Agent",
                "emailAddress", agent + "@example.com"),
            "acc-" + requester,
            "Req",
            requester + "@example.com",
            "Password reset",
            "Caller on the phone forgot the password, please reset it.");

    VerificationCase c = ended(JIRA, key);

    assertThat(c.state()).isEqualTo(CaseState.EXECUTE_REQUESTED);
    assertThat(pushesTo(requester, agent)).isEqualTo(Map.of(requester, 1L, agent, 0L));
    assertThat(jiraTexts(key, "internal"))
        .anyMatch(t -> t.contains("is prompting Req") && t.contains("Duo"))
        .anyMatch(t -> t.contains("Act only on this person's own account"));
    assertThat(h.jira.status(key)).isEqualTo("In Progress");
  }

  @Test
  void jiraRequestRaisedOnSomeonesBehalfNamingAThirdPartyStillPushesNobody() throws Exception {
    String requester = person(Answer.APPROVE);
    String agent = person(Answer.APPROVE);
    String key =
        h.jira.fileOnBehalf(
            Map.of(
                "accountId", "acc-" + agent,
                "displayName", "Agent",
                "emailAddress", agent + "@example.com"),
            "acc-" + requester,
            "Req",
            requester + "@example.com",
            "Password reset",
            "Raised for my manager. Please reset her password.");

    VerificationCase c = ended(JIRA, key);

    assertThat(c.state()).isEqualTo(CaseState.ESCALATED);
    assertThat(c.reason().orElseThrow().code()).isEqualTo(ReasonCode.THIRD_PARTY_TARGET);
    assertThat(pushesTo(requester, agent)).isEqualTo(Map.of(requester, 0L, agent, 0L));
  }

  @Test
  void serviceNowIncidentOpenedOnSomeonesBehalfPushesOnlyTheCaller() throws Exception {
    String requester = person(Answer.APPROVE);
    String agent = person(Answer.APPROVE);
    String agentId = h.snow.user("Agent", agent + "@example.com");
    String callerId = h.snow.user("Req", requester + "@example.com");
    String sysId =
        h.snow.incidentOnBehalf(callerId, agentId, "Password reset", "Please reset my password.");

    VerificationCase c = ended(SNOW, "incident:" + sysId);

    assertThat(c.state()).isEqualTo(CaseState.EXECUTE_REQUESTED);
    assertThat(c.openedBy().orElseThrow().displayName()).isEqualTo("Agent");
    assertThat(pushesTo(requester, agent)).isEqualTo(Map.of(requester, 1L, agent, 0L));
    assertThat(h.snow.journal(sysId))
        .anyMatch(
            j ->
                j.get("element").equals("work_notes")
                    && j.get("value").contains("is prompting Req"));
  }
}
