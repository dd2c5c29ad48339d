package com.helpdeskverify.providers.okta;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.helpdeskverify.core.CaseState;
import com.helpdeskverify.core.CommentMarker;
import com.helpdeskverify.core.Reason;
import com.helpdeskverify.core.ReasonCode;
import com.helpdeskverify.core.Requester;
import com.helpdeskverify.core.VerificationCase;
import com.helpdeskverify.core.spi.IntegrationContext;
import com.helpdeskverify.testkit.SimulatedTicketSystem.Comment;
import com.helpdeskverify.testkit.SimulatedTicketSystem.Disposition;
import com.helpdeskverify.testkit.WorkflowHarness;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Okta Verify through the core's real workflow: what each Okta answer does to the ticket. */
class OktaWorkflowTest {
  private static final Requester ALICE =
      Requester.of("acc-alice", "alice@corp.example", "Alice Example");
  private static final String FACTOR_PATH =
      "/api/v1/users/00ub0oNGTSWTBKOLGLNR/factors/opfh52xcuft3J4uZc0g3";

  @RegisterExtension
  static WireMockExtension okta =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private final WorkflowHarness harness =
      WorkflowHarness.around(
          "2026-11-22T19:00:00Z",
          clock -> {
            OktaPushProviderFactory factory = new OktaPushProviderFactory();
            return factory.create(
                "okta",
                factory
                    .config()
                    .parse(
                        "providers.okta",
                        Map.of(
                            "base-url",
                            okta.baseUrl(),
                            "api-token",
                            "t",
                            "max-attempts",
                            1,
                            "fraud-from-system-log",
                            true)),
                new IntegrationContext(clock, new SplittableRandom(1), (k, e) -> true));
          });

  @AfterEach
  void closeHarness() {
    harness.close();
  }

  @Test
  void numberToPickInOktaVerifyIsPostedOnTheTicket() {
    enrolledWithPush();
    answersAfterOneWait("poll-success.json");

    VerificationCase c = harness.passwordResetRunToEnd(ALICE);

    assertThat(harness.tickets.comments(c.ticket()))
        .filteredOn(comment -> comment.marker().step() == CommentMarker.Step.MATCH_NUMBER)
        .singleElement()
        .satisfies(comment -> assertThat(comment.text()).contains("84"));
  }

  @Test
  void approvedOktaVerifyPushExecutesTheTicket() {
    enrolledWithPush();
    answersAfterOneWait("poll-success.json");

    VerificationCase c = harness.passwordResetRunToEnd(ALICE);

    assertThat(c.state()).isEqualTo(CaseState.EXECUTE_REQUESTED);
    assertThat(harness.tickets.disposition(c.ticket())).isEqualTo(Disposition.EXECUTE);
  }

  @Test
  void rejectedOktaVerifyPushRejectsTheTicketAndNeverExecutes() {
    enrolledWithPush();
    answersAfterOneWait("poll-rejected.json");
    okta.stubFor(
        get(urlPathEqualTo("/api/v1/logs"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody("[]")));

    VerificationCase c = harness.passwordResetRunToEnd(ALICE);

    assertThat(c.reason().map(Reason::code)).contains(ReasonCode.DENIED);
    assertThat(harness.tickets.disposition(c.ticket())).isEqualTo(Disposition.REJECTED);
  }

  @Test
  void rejectionReportedAsSuspiciousActivityRejectsTheTicketAsFraud() {
    enrolledWithPush();
    answersAfterOneWait("poll-rejected.json");
    okta.stubFor(
        get(urlPathEqualTo("/api/v1/logs")).willReturn(json("logs-suspicious-activity.json")));

    VerificationCase c = harness.passwordResetRunToEnd(ALICE);

    assertThat(c.reason().map(Reason::code)).contains(ReasonCode.FRAUD_REPORTED);
    assertThat(harness.tickets.disposition(c.ticket())).isEqualTo(Disposition.REJECTED);
    // The technicians read what was found, not a claim that the requester flagged this push.
    assertThat(harness.tickets.comments(c.ticket()))
        .filteredOn(Comment::internal)
        .singleElement()
        .extracting(Comment::text, STRING)
        .contains("reported suspicious activity")
        .contains("does not say that the report concerns this push");
  }

  @Test
  void rejectionWhoseSystemLogLookUpFailsIsStillRejectedAsDenied() {
    enrolledWithPush();
    answersAfterOneWait("poll-rejected.json");
    okta.stubFor(get(urlPathEqualTo("/api/v1/logs")).willReturn(aResponse().withStatus(500)));

    VerificationCase c = harness.passwordResetRunToEnd(ALICE);

    assertThat(c.reason().map(Reason::code)).contains(ReasonCode.DENIED);
    assertThat(harness.tickets.disposition(c.ticket())).isEqualTo(Disposition.REJECTED);
  }

  @Test
  void oktaTimeoutRejectsTheTicketAsTimedOut() {
    enrolledWithPush();
    answersAfterOneWait("poll-timeout.json");

    VerificationCase c = harness.passwordResetRunToEnd(ALICE);

    assertThat(c.reason().map(Reason::code)).contains(ReasonCode.TIMED_OUT);
  }

  @Test
  void pushThatStaysWaitingTimesOutAtTheDeadline() {
    enrolledWithPush();
    okta.stubFor(
        get(urlPathEqualTo(FACTOR_PATH + "/transactions/mst1eiHghhPxf0yhp0g"))
            .willReturn(json("verify-waiting.json")));

    VerificationCase c = harness.passwordResetRunToEnd(ALICE);

    assertThat(c.state()).isEqualTo(CaseState.REJECTED);
    assertThat(c.reason().map(Reason::code)).contains(ReasonCode.TIMED_OUT);
  }

  @Test
  void userWithoutPushFactorEscalatesAsNoEnrolledDevice() {
    okta.stubFor(
        get(urlPathEqualTo("/api/v1/users/alice@corp.example"))
            .willReturn(json("user-active.json")));
    okta.stubFor(
        get(urlPathEqualTo("/api/v1/users/00ub0oNGTSWTBKOLGLNR/factors"))
            .willReturn(json("factors-no-push.json")));

    VerificationCase c = harness.passwordResetRunToEnd(ALICE);

    assertThat(c.state()).isEqualTo(CaseState.ESCALATED);
    assertThat(c.reason().map(Reason::code)).contains(ReasonCode.NO_ENROLLED_DEVICE);
  }

  private static void enrolledWithPush() {
    okta.stubFor(
        get(urlPathEqualTo("/api/v1/users/alice@corp.example"))
            .willReturn(json("user-active.json")));
    okta.stubFor(
        get(urlPathEqualTo("/api/v1/users/00ub0oNGTSWTBKOLGLNR/factors"))
            .willReturn(json("factors-push.json")));
    okta.stubFor(
        post(urlPathEqualTo(FACTOR_PATH + "/verify"))
            .willReturn(json("verify-waiting-number.json").withStatus(201)));
  }

  private static void answersAfterOneWait(String fixture) {
    String tx = FACTOR_PATH + "/transactions/mst1eiHghhPxf0yhp0g";
    okta.stubFor(
        get(urlPathEqualTo(tx))
            .inScenario("answer")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(json("verify-waiting.json"))
            .willSetStateTo("answered"));
    okta.stubFor(
        get(urlPathEqualTo(tx))
            .inScenario("answer")
            .whenScenarioStateIs("answered")
            .willReturn(json(fixture)));
  }

  private static ResponseDefinitionBuilder json(String fixture) {
    try (InputStream in = OktaWorkflowTest.class.getResourceAsStream("/okta/" + fixture)) {
      return aResponse()
          .withStatus(200)
          .withHeader("Content-Type", "application/json")
          .withBody(
              new String(in.readAllBytes(), StandardCharsets.UTF_8)
                  .replace("BASE", okta.baseUrl()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
