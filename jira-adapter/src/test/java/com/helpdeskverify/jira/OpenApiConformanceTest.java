package com.helpdeskverify.jira;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.noContent;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.helpdeskverify.core.CaseId;
import com.helpdeskverify.core.CommentMarker;
import com.helpdeskverify.core.Ticket;
import com.helpdeskverify.core.TicketRef;
import com.helpdeskverify.core.Watermark;
import com.helpdeskverify.core.spi.TicketSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every platform REST v3 request the adapter sends exists in Atlassian's published OpenAPI
 * document, with query parameters and JSON body properties it declares.
 */
@WireMockTest
class OpenApiConformanceTest {
  private static final TicketRef REF = new TicketRef(Fixtures.SYSTEM, "HD-1");
  private static final CommentMarker MARKER =
      new CommentMarker(
          new CaseId("5f0c6a8e-6d2b-4d0e-9a51-3c2f8e1b7a90"), CommentMarker.Step.NOTICE);

  private static OpenApiSpec spec;

  @BeforeAll
  static void loadSpec() throws Exception {
    Path file =
        Path.of(System.getProperty("hv.shared.dir", "../../shared"))
            .resolve("specs/jira-cloud-platform-v3.openapi.json");
    if (!Files.isRegularFile(file)) {
      if ("true".equals(System.getenv("CI"))) {
        fail("OpenAPI document missing in CI: " + file.toAbsolutePath());
      }
      assumeTrue(false, "OpenAPI document not found at " + file.toAbsolutePath());
    }
    spec = OpenApiSpec.load(file);
  }

  private static void stubEverything() {
    stubFor(
        get(urlPathEqualTo("/rest/api/3/search/jql"))
            .willReturn(
                okJson(
                    Fixtures.page(null, Fixtures.issue("HD-1", "2026-11-02T09:01:00.000+0000")))));
    stubFor(
        get(urlPathEqualTo("/rest/api/3/issue/HD-1"))
            .willReturn(okJson(Fixtures.issue("HD-1", "2026-11-02T09:01:00.000+0000").toString())));
    stubFor(
        get(urlPathEqualTo("/rest/api/3/issue/HD-1/comment"))
            .willReturn(okJson(Fixtures.comments(0, 0))));
    stubFor(post(urlPathEqualTo("/rest/api/3/issue/HD-1/comment")).willReturn(okJson("{}")));
    stubFor(
        get(urlPathEqualTo("/rest/api/3/issue/HD-1/transitions"))
            .willReturn(
                okJson(
                    Fixtures.withScreens(
                        Fixtures.transitions(
                            "Verified",
                            "21",
                            "Done",
                            "Decline",
                            "31",
                            "Declined",
                            "Escalate",
                            "41",
                            "Escalated")))));
    stubFor(post(urlPathEqualTo("/rest/api/3/issue/HD-1/transitions")).willReturn(noContent()));
    stubFor(put(urlPathEqualTo("/rest/api/3/issue/HD-1")).willReturn(noContent()));
    stubFor(
        get(urlPathEqualTo("/rest/servicedeskapi/servicedesk"))
            .willReturn(
                okJson(
                    InternalNoteTest.serviceDeskPage(
                        0, true, InternalNoteTest.desk("1", "10000", "HD", "Help Desk")))));
    stubFor(post(urlPathEqualTo("/rest/api/3/issue/IT-7/comment")).willReturn(okJson("{}")));
    stubFor(
        get(urlPathEqualTo("/rest/api/2/serverInfo"))
            .willReturn(okJson("{\"baseUrl\":\"x\",\"deploymentType\":\"Cloud\"}")));
    stubFor(
        get(urlPathEqualTo("/rest/api/3/myself"))
            .willReturn(okJson(Fixtures.user(Fixtures.BOB, null, "hv").toString())));
  }

  @Test
  void everyPlatformRequestFitsThePublishedSpec(WireMockRuntimeInfo wm) throws Exception {
    stubEverything();
    JiraTicketSystem system =
        Fixtures.connect(
            Fixtures.settings(wm.getHttpBaseUrl(), JiraSettings.CommentApi.PLATFORM).toBuilder()
                .noteVisibility(
                    Optional.of(
                        new JiraSettings.Visibility(
                            JiraSettings.Visibility.Kind.GROUP,
                            Optional.of("jira-helpdesk"),
                            Optional.of("276f955c-63d7-42c8-9520-92d01dca0625"))))
                .build());

    system.findChanged(Watermark.at(Instant.parse("2026-11-02T09:00:00Z")), 10);
    Ticket fetched = system.fetch(REF).orElseThrow();
    // Newer than the search index's copy: the scope check asks again with reconcileIssues.
    system.standing(
        new Ticket(
            fetched.ref(),
            fetched.requester(),
            fetched.openedBy(),
            fetched.summary(),
            fetched.description(),
            fetched.created(),
            fetched.updated().plusSeconds(60),
            fetched.status(),
            fetched.open(),
            fetched.details()));
    // The last look: the reconciled, expanded search (id known from the scan), and the expanded
    // issue read of a system that has not read the issue before.
    system.lastLook(REF, fetched.fingerprint());
    Fixtures.connect(Fixtures.settings(wm.getHttpBaseUrl(), JiraSettings.CommentApi.PLATFORM))
        .lastLook(REF, fetched.fingerprint());
    system.hasComment(REF, MARKER);
    system.postPublicComment(REF, "hello", MARKER);
    // A note on a service desk project (sd.public.comment) and on another one (visibility).
    system.postInternalNote(REF, "note", MARKER);
    system.postInternalNote(new TicketRef(Fixtures.SYSTEM, "IT-7"), "note", MARKER);
    system.execute(REF);
    // A move with its comment (update.comment, an ADF body), the transition having a screen.
    system.reject(REF, "why", new TicketSystem.PublicComment("declined", MARKER, () -> {}));
    system.escalate(REF, "why");
    system.checkConnection();
    system.warnings();

    List<String> problems = new ArrayList<>();
    int checked = problems(WireMock.getAllServeEvents(), problems);
    assertThat(checked).isGreaterThanOrEqualTo(16);
    assertThat(problems).isEmpty();
  }

  /**
   * Last looks asked together on Cloud: one search names several issues in {@code jql} and each id
   * in a {@code reconcileIssues} of its own, which the spec must declare as an array.
   */
  @Test
  void lastLooksAskedTogetherFitThePublishedSpec(WireMockRuntimeInfo wm) throws Exception {
    new ScopeByKeyTest().cloudLastLooksAskedWhileOneIsOutShareOneReconciledSearch(wm);

    List<String> problems = new ArrayList<>();
    int checked = problems(WireMock.getAllServeEvents(), problems);

    assertThat(checked).isEqualTo(3);
    assertThat(problems).isEmpty();
  }

  /** Checks each platform request of {@code events}; answers how many it checked. */
  private static int problems(List<ServeEvent> events, List<String> problems) throws Exception {
    int checked = 0;
    for (ServeEvent e : events) {
      var request = e.getRequest();
      String path = request.getUrl().split("\\?", 2)[0];
      if (!path.startsWith("/rest/api/3/")) {
        continue;
      }
      checked++;
      String method = request.getMethod().getName();
      var operation = spec.operation(method, path);
      if (operation.isEmpty()) {
        problems.add(method + " " + path + ": not in the spec");
        continue;
      }
      List<String> declared = spec.queryParameters(operation.get());
      for (var param : request.getQueryParams().entrySet()) {
        if (!declared.contains(param.getKey())) {
          problems.add(
              method + " " + path + ": query parameter " + param.getKey() + " not declared");
        } else if (param.getValue().values().size() > 1
            && !spec.arrayQueryParameter(operation.get(), param.getKey())) {
          problems.add(method + " " + path + ": query parameter " + param.getKey() + " repeated");
        }
      }
      String body = request.getBodyAsString();
      if (body != null && !body.isBlank()) {
        JsonNode json = Fixtures.JSON.readTree(body);
        for (String p : spec.undeclaredProperties(operation.get(), json)) {
          problems.add(method + " " + path + ": body property " + p + " not in the schema");
        }
      }
    }
    return checked;
  }

  @Test
  void specCheckCatchesARepeatedParameterThatIsNoArray() {
    var operation = spec.operation("GET", "/rest/api/3/search/jql").orElseThrow();

    assertThat(spec.arrayQueryParameter(operation, "reconcileIssues")).isTrue();
    assertThat(spec.arrayQueryParameter(operation, "jql")).isFalse();
  }

  @Test
  void specCheckCatchesAnUndeclaredBodyProperty() throws Exception {
    var operation = spec.operation("POST", "/rest/api/3/issue/HD-1/transitions").orElseThrow();

    assertThat(
            spec.undeclaredProperties(
                operation, Fixtures.JSON.readTree("{\"transition\":{\"id\":\"1\",\"nope\":1}}")))
        .containsExactly("transition.nope");
  }

  @Test
  void specCheckCatchesAnUnknownPath() {
    assertThat(spec.operation("GET", "/rest/api/3/search/everything")).isEmpty();
  }
}
