package com.helpdeskverify.providers.duo;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.helpdeskverify.core.CaseState;
import com.helpdeskverify.core.Reason;
import com.helpdeskverify.core.ReasonCode;
import com.helpdeskverify.core.Requester;
import com.helpdeskverify.core.VerificationCase;
import com.helpdeskverify.core.spi.IntegrationContext;
import com.helpdeskverify.testkit.SimulatedTicketSystem.Disposition;
import com.helpdeskverify.testkit.WorkflowHarness;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Duo through the core's real workflow: what each Duo answer does to the ticket. */
class DuoWorkflowTest {
  private static final Requester ANA = Requester.of("acc-ana", "ana@corp.example", "Ana");

  @RegisterExtension
  static WireMockExtension duo =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private final WorkflowHarness harness =
      WorkflowHarness.around(
          "2026-11-22T19:00:00Z",
          clock -> {
            DuoPushProviderFactory factory = new DuoPushProviderFactory();
            return factory.create(
                "duo",
                factory
                    .config()
                    .parse(
                        "providers.duo",
                        Map.of(
                            "base-url",
                            duo.baseUrl(),
                            "integration-key",
                            "DIWJ8X6AEYOR5OMC6TQ1",
                            "secret-key",
                            "Zh5eGmUq9zpfQnyUIu5OL9iWoMMv5ZNmk3zLJ4Ep",
                            "max-attempts",
                            1)),
                new IntegrationContext(clock, new SplittableRandom(1), (k, e) -> true));
          });

  @AfterEach
  void closeHarness() {
    harness.close();
  }

  @Test
  void approvedDuoPushExecutesTheTicket() {
    enrolledWithPush();
    answersAfterOneWait("status-allow.json");

    VerificationCase c = harness.passwordResetRunToEnd(ANA);

    assertThat(c.state()).isEqualTo(CaseState.EXECUTE_REQUESTED);
    assertThat(harness.tickets.disposition(c.ticket())).isEqualTo(Disposition.EXECUTE);
  }

  @Test
  void deniedDuoPushRejectsTheTicketAndNeverExecutes() {
    enrolledWithPush();
    answersAfterOneWait("status-deny.json");

    VerificationCase c = harness.passwordResetRunToEnd(ANA);

    assertThat(c.state()).isEqualTo(CaseState.REJECTED);
    assertThat(c.reason().map(Reason::code)).contains(ReasonCode.DENIED);
    assertThat(harness.tickets.disposition(c.ticket())).isEqualTo(Disposition.REJECTED);
  }

  @Test
  void pushReportedAsFraudRejectsTheTicketAsFraud() {
    enrolledWithPush();
    answersAfterOneWait("status-fraud.json");

    VerificationCase c = harness.passwordResetRunToEnd(ANA);

    assertThat(c.reason().map(Reason::code)).contains(ReasonCode.FRAUD_REPORTED);
    assertThat(harness.tickets.disposition(c.ticket())).isEqualTo(Disposition.REJECTED);
  }

  @Test
  void pushDuoTimedOutRejectsTheTicketAsTimedOut() {
    enrolledWithPush();
    answersAfterOneWait("status-timeout.json");

    VerificationCase c = harness.passwordResetRunToEnd(ANA);

    assertThat(c.reason().map(Reason::code)).contains(ReasonCode.TIMED_OUT);
    assertThat(harness.tickets.disposition(c.ticket())).isEqualTo(Disposition.REJECTED);
  }

  @Test
  void duoLettingTheUserInWithoutAPushEscalatesAndNeverExecutes() {
    enrolledWithPush();
    duo.stubFor(post("/auth/v2/auth").willReturn(json("auth-bypass.json")));

    VerificationCase c = harness.passwordResetRunToEnd(ANA);

    assertThat(c.state()).isEqualTo(CaseState.ESCALATED);
    assertThat(harness.tickets.disposition(c.ticket())).isEqualTo(Disposition.ESCALATED);
  }

  @Test
  void bypassStatusOnAPolledPushEscalatesAndNeverExecutes() {
    enrolledWithPush();
    answersAfterOneWait("status-bypass.json");

    VerificationCase c = harness.passwordResetRunToEnd(ANA);

    assertThat(c.state()).isEqualTo(CaseState.ESCALATED);
    assertThat(harness.tickets.disposition(c.ticket())).isNotEqualTo(Disposition.EXECUTE);
  }

  @Test
  void userNotEnrolledInDuoEscalatesWithoutAPush() {
    duo.stubFor(post("/auth/v2/preauth").willReturn(json("preauth-enroll.json")));

    VerificationCase c = harness.passwordResetRunToEnd(ANA);

    assertThat(c.reason().map(Reason::code)).contains(ReasonCode.NO_ENROLLED_DEVICE);
    assertThat(
            duo.findAll(
                com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                    urlPathEqualTo("/auth/v2/auth"))))
        .isEmpty();
  }

  @Test
  void duoDownEscalatesAsProviderUnavailable() {
    duo.stubFor(post("/auth/v2/preauth").willReturn(aResponse().withStatus(503)));

    VerificationCase c = harness.passwordResetRunToEnd(ANA);

    assertThat(c.state()).isEqualTo(CaseState.ESCALATED);
    assertThat(c.reason().map(Reason::code)).contains(ReasonCode.PROVIDER_UNAVAILABLE);
  }

  private static void enrolledWithPush() {
    duo.stubFor(post("/auth/v2/preauth").willReturn(json("preauth-auth.json")));
    duo.stubFor(post("/auth/v2/auth").willReturn(json("auth-async.json")));
  }

  private static void answersAfterOneWait(String fixture) {
    duo.stubFor(
        get(urlPathEqualTo("/auth/v2/auth_status"))
            .inScenario("answer")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(json("status-waiting.json"))
            .willSetStateTo("answered"));
    duo.stubFor(
        get(urlPathEqualTo("/auth/v2/auth_status"))
            .inScenario("answer")
            .whenScenarioStateIs("answered")
            .willReturn(json(fixture)));
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(
      String fixture) {
    return aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withBody(DuoPushProviderTest.fixture(fixture));
  }
}
