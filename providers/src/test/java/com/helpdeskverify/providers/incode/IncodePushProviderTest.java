package com.helpdeskverify.providers.incode;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.helpdeskverify.core.CaseId;
import com.helpdeskverify.core.PushHandle;
import com.helpdeskverify.core.ReasonCode;
import com.helpdeskverify.core.Requester;
import com.helpdeskverify.core.SensitiveOperation;
import com.helpdeskverify.core.TicketRef;
import com.helpdeskverify.core.spi.IntegrationContext;
import com.helpdeskverify.core.spi.NotVerifiable;
import com.helpdeskverify.core.spi.PermanentFailure;
import com.helpdeskverify.core.spi.PushProvider;
import com.helpdeskverify.core.spi.PushRequest;
import com.helpdeskverify.core.spi.PushStart;
import com.helpdeskverify.core.spi.PushStatus;
import com.helpdeskverify.core.spi.TransientFailure;
import com.helpdeskverify.core.spi.UserLookup;
import com.helpdeskverify.testkit.MemoryReplayGuard;
import com.helpdeskverify.testkit.MutableClock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@WireMockTest
class IncodePushProviderTest {
  static final String TOKEN =
      """
      {"access_token": "eyJhbGciOiJSUzI1NiJ9.b2b.sig", "token_type": "Bearer",
       "expires_in": 3600, "scope": "openid"}
      """;
  static final String SESSION =
      """
      {"interviewId": "6543f1e2a7b9c10d2e3f4a5b", "url": "https://icd.sh/03ymltf"}
      """;
  static final String EXECUTIVE = "eyJhbGciOiJIUzI1NiJ9.executive.sig";
  static final String REQUEST_NEW = "/omni/b2b/onboarding/request-new";
  static final String INTERVIEW = "6543f1e2a7b9c10d2e3f4a5b";
  static final CaseId CASE = new CaseId("8d4c2f3e-1b5a-4c7d-9e8f-0a1b2c3d4e5f");
  static final Requester ALICE = Requester.of("acc-1", "Alice@Example.com", "Alice");

  private final MutableClock clock = MutableClock.at("2026-11-22T10:00:00Z");
  private final MemoryReplayGuard replayGuard = new MemoryReplayGuard();
  private String base;

  @BeforeEach
  void setUp(WireMockRuntimeInfo wm) {
    base = wm.getHttpBaseUrl();
    WireMock.stubFor(post("/auth/oauth2/token").willReturn(okJson(TOKEN)));
    WireMock.stubFor(
        post("/executive/log-in").willReturn(okJson("{\"token\": \"" + EXECUTIVE + "\"}")));
  }

  private PushProvider provider(Map<String, Object> overrides) {
    Map<String, Object> raw = new HashMap<>();
    raw.put("api-url", base);
    raw.put("auth-url", base + "/auth");
    raw.put("client-id", "b2b-client");
    raw.put("client-secret", "s3cr3t-client");
    raw.put("api-key", "omni-api-key");
    raw.put("executive-email", "helpdesk-verify@corp.example");
    raw.put("executive-password", "exec-pa55");
    raw.put("integration-reference", "hd-ref-7f3a9c");
    raw.put("max-attempts", 1);
    raw.put("webhook-secret", "hook-secret");
    raw.putAll(overrides);
    IncodePushProviderFactory factory = new IncodePushProviderFactory();
    return factory.create(
        "incode-main",
        factory.config().parse("push-providers.incode-main", raw),
        new IntegrationContext(clock, new SplittableRandom(1), replayGuard));
  }

  private PushProvider provider() {
    return provider(Map.of());
  }

  private static PushRequest request() {
    return new PushRequest(
        CASE,
        new TicketRef("jira", "IT-7"),
        ALICE,
        "alice@example.com",
        SensitiveOperation.MFA_RESET);
  }

  private static void status(String status) {
    WireMock.stubFor(
        get(urlPathEqualTo("/omni/get/onboarding/status"))
            .withQueryParam("id", equalTo(INTERVIEW))
            .withHeader("x-api-key", equalTo("omni-api-key"))
            .withHeader("api-version", equalTo("1.0"))
            .withHeader("X-Incode-Hardware-Id", equalTo(EXECUTIVE))
            .willReturn(okJson("{\"onboardingStatus\": \"" + status + "\"}")));
  }

  private static void score(String overall) {
    WireMock.stubFor(
        get(urlPathEqualTo("/omni/get/score"))
            .withQueryParam("id", equalTo(INTERVIEW))
            .withHeader("x-api-key", equalTo("omni-api-key"))
            .withHeader("api-version", equalTo("1.0"))
            .withHeader("X-Incode-Hardware-Id", equalTo(EXECUTIVE))
            .willReturn(
                okJson(
                    """
                    {"idValidation": {"overall": {"value": "95.0", "status": "OK"}},
                     "liveness": {"overall": {"value": "99.1", "status": "OK"}},
                     "overall": {"value": "%s", "status": "%s"}}
                    """
                        .formatted(overall.equals("OK") ? "100.0" : "0.0", overall))));
  }

  @Test
  void lookupTakesTheRequestersAuthenticatedEmailAsLoginHint() {
    assertThat(provider().lookup(ALICE)).isEqualTo(new UserLookup.Enrolled("alice@example.com"));
  }

  @Test
  void requesterWithoutEmailIsUnknownUser() {
    UserLookup lookup = provider().lookup(Requester.of("acc-2", null, "Bob"));

    assertThat(lookup).isInstanceOf(NotVerifiable.class);
    assertThat(((NotVerifiable) lookup).reason()).isEqualTo(ReasonCode.UNKNOWN_USER);
  }

  @Test
  void
      startRequestsNewOnboardingUnderTheHelpdeskIntegrationWithEmailAsLoginHintAndNestedDelivery() {
    WireMock.stubFor(post(REQUEST_NEW).willReturn(okJson(SESSION)));

    PushStart start = provider(Map.of("delivery", "sms")).startPush(request());

    assertThat(start)
        .isEqualTo(new PushStart.Started(new PushHandle(INTERVIEW), java.util.Optional.empty()));
    WireMock.verify(
        postRequestedFor(urlPathEqualTo(REQUEST_NEW))
            .withHeader("Authorization", equalTo("Bearer eyJhbGciOiJSUzI1NiJ9.b2b.sig"))
            .withRequestBody(
                equalToJson(
                    """
                    {"integrationReference": "hd-ref-7f3a9c",
                     "loginHint": "alice@example.com",
                     "notification": {"type": "SMS"}}
                    """)));
  }

  @Test
  void integrationReferenceNamesTheIntegrationNotTheCase() {
    WireMock.stubFor(post(REQUEST_NEW).willReturn(okJson(SESSION)));

    provider().startPush(request());

    WireMock.verify(
        postRequestedFor(urlPathEqualTo(REQUEST_NEW))
            .withRequestBody(
                WireMock.matchingJsonPath("$.integrationReference", equalTo("hd-ref-7f3a9c")))
            .withRequestBody(WireMock.notContaining(CASE.value()))
            .withRequestBody(WireMock.matchingJsonPath("$.notification.type", equalTo("EMAIL"))));
  }

  @Test
  void resultCallsCarryTheApiKeyAndTheExecutiveTokenNotTheB2bBearer() {
    status("ONBOARDING_FINISHED");
    score("FAIL");

    provider().status(new PushHandle(INTERVIEW));

    WireMock.verify(
        getRequestedFor(urlPathEqualTo("/omni/get/onboarding/status"))
            .withHeader("X-Incode-Hardware-Id", equalTo(EXECUTIVE))
            .withoutHeader("Authorization"));
    WireMock.verify(
        getRequestedFor(urlPathEqualTo("/omni/get/score"))
            .withHeader("X-Incode-Hardware-Id", equalTo(EXECUTIVE))
            .withoutHeader("Authorization"));
    WireMock.verify(
        1,
        postRequestedFor(urlPathEqualTo("/executive/log-in"))
            .withHeader("x-api-key", equalTo("omni-api-key"))
            .withHeader("api-version", equalTo("1.0"))
            .withRequestBody(
                equalToJson(
                    "{\"email\": \"helpdesk-verify@corp.example\", \"password\": \"exec-pa55\"}")));
    WireMock.verify(0, postRequestedFor(urlPathEqualTo("/auth/oauth2/token")));
  }

  @Test
  void executiveTokenIsReusedForADayThenRequestedAgain() {
    status("UNKNOWN");
    PushProvider provider = provider();
    provider.status(new PushHandle(INTERVIEW));
    provider.status(new PushHandle(INTERVIEW));
    WireMock.verify(1, postRequestedFor(urlPathEqualTo("/executive/log-in")));

    clock.advance(Duration.ofHours(24));
    provider.status(new PushHandle(INTERVIEW));

    WireMock.verify(2, postRequestedFor(urlPathEqualTo("/executive/log-in")));
  }

  @Test
  void tokenIsRequestedWithClientCredentialsOnceAndReused() {
    WireMock.stubFor(post(REQUEST_NEW).willReturn(okJson(SESSION)));
    PushProvider provider = provider();

    provider.startPush(request());
    provider.startPush(request());

    WireMock.verify(
        1,
        postRequestedFor(urlPathEqualTo("/auth/oauth2/token"))
            .withRequestBody(WireMock.containing("grant_type=client_credentials"))
            .withRequestBody(WireMock.containing("client_id=b2b-client"))
            .withRequestBody(WireMock.containing("scope=openid")));
  }

  @Test
  void expiredTokenIsRequestedAgain() {
    WireMock.stubFor(post(REQUEST_NEW).willReturn(okJson(SESSION)));
    PushProvider provider = provider();
    provider.startPush(request());

    clock.advance(Duration.ofHours(1));
    provider.startPush(request());

    WireMock.verify(2, postRequestedFor(urlPathEqualTo("/auth/oauth2/token")));
  }

  @Test
  void connectionCheckRequestsBothTokensAndPromptsNobody() {
    provider().checkConnection();

    WireMock.verify(1, postRequestedFor(urlPathEqualTo("/auth/oauth2/token")));
    WireMock.verify(1, postRequestedFor(urlPathEqualTo("/executive/log-in")));
    WireMock.verify(0, postRequestedFor(urlPathEqualTo(REQUEST_NEW)));
  }

  @Test
  void webhooksAreReceivedOnlyWhenASecretIsConfigured() {
    Map<String, Object> withoutSecret = new HashMap<>();
    withoutSecret.put("webhook-secret", null);

    assertThat(provider().webhookReceiver().map(r -> r.route())).contains("incode/incode-main");
    assertThat(provider(withoutSecret).webhookReceiver()).isEmpty();
  }

  @Test
  void sessionNotStartedYetIsPending() {
    status("UNKNOWN");

    assertThat(provider().status(new PushHandle(INTERVIEW))).isEqualTo(new PushStatus.Pending());
  }

  @Test
  void passingScoreAloneIsNoApprovalAndEscalatesForAMatchWithTheEnrolledEmployee() {
    status("ONBOARDING_FINISHED");
    score("OK");

    assertThat(provider().status(new PushHandle(INTERVIEW)))
        .isInstanceOfSatisfying(
            PushStatus.Unconfirmed.class,
            u ->
                assertThat(u.detail())
                    .contains("no match with the enrolled employee")
                    .contains(INTERVIEW));
  }

  @Test
  void finishedSessionWithOverallFailIsDenied() {
    status("ONBOARDING_FINISHED");
    score("FAIL");

    assertThat(provider().status(new PushHandle(INTERVIEW)))
        .isEqualTo(new PushStatus.Denied(false, "Incode identity verification failed"));
  }

  @Test
  void finishedSessionWithOverallWarnWaitsForManualReview() {
    status("ONBOARDING_FINISHED");
    score("WARN");

    assertThat(provider().status(new PushHandle(INTERVIEW))).isEqualTo(new PushStatus.Pending());
  }

  @Test
  void manualReviewRejectionIsDenied() {
    status("MANUAL_REVIEW_REJECTED");

    assertThat(provider().status(new PushHandle(INTERVIEW))).isInstanceOf(PushStatus.Denied.class);
  }

  @Test
  void manualReviewApprovalIsNoMatchWithTheEnrolledEmployeeEither() {
    status("MANUAL_REVIEW_APPROVED");

    assertThat(provider().status(new PushHandle(INTERVIEW)))
        .isInstanceOf(PushStatus.Unconfirmed.class);
  }

  @Test
  void noIncodeAnswerIsEverAnApproval() {
    for (String st :
        new String[] {
          "UNKNOWN",
          "ID_VALIDATION_FINISHED",
          "FACE_VALIDATION_FINISHED",
          "ONBOARDING_FINISHED",
          "MANUAL_REVIEW_APPROVED",
          "MANUAL_REVIEW_REJECTED",
          "SOMETHING_NEW"
        }) {
      for (String overall : new String[] {"OK", "WARN", "FAIL", "UNKNOWN"}) {
        WireMock.reset();
        setUpStubs();
        status(st);
        score(overall);
        PushStatus result = provider().status(new PushHandle(INTERVIEW));
        assertThat(result).as(st + "/" + overall).isNotInstanceOf(PushStatus.Approved.class);
      }
    }
  }

  private void setUpStubs() {
    WireMock.stubFor(post("/auth/oauth2/token").willReturn(okJson(TOKEN)));
    WireMock.stubFor(
        post("/executive/log-in").willReturn(okJson("{\"token\": \"" + EXECUTIVE + "\"}")));
  }

  @Test
  void deadlineIsTheConfiguredOne() {
    assertThat(provider(Map.of("deadline", "20m")).pushTimeout()).isEqualTo(Duration.ofMinutes(20));
  }

  @Test
  void rejectedClientCredentialsArePermanentAndNameNoSecret() {
    WireMock.stubFor(
        post("/auth/oauth2/token")
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"error\": \"invalid_client\"}")));

    assertThatThrownBy(() -> provider().startPush(request()))
        .isInstanceOfSatisfying(
            PermanentFailure.class,
            f -> {
              assertThat(f.getMessage()).contains("401").contains("credentials");
              assertThat(f.getMessage()).doesNotContain("s3cr3t-client");
            });
    WireMock.verify(0, postRequestedFor(urlPathEqualTo(REQUEST_NEW)));
  }

  @Test
  void rateLimitedStartIsTransientAndCertainlyNotSent() {
    WireMock.stubFor(
        post(REQUEST_NEW).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "120")));

    assertThatThrownBy(() -> provider().startPush(request()))
        .isInstanceOfSatisfying(
            TransientFailure.class,
            f -> {
              assertThat(f.mayHaveTakenEffect()).isFalse();
              assertThat(f.retryAfter()).contains(Duration.ofSeconds(120));
            });
  }

  @Test
  void serverErrorOnStartMayHaveSentTheLink() {
    WireMock.stubFor(post(REQUEST_NEW).willReturn(aResponse().withStatus(500)));

    assertThatThrownBy(() -> provider().startPush(request()))
        .isInstanceOfSatisfying(
            TransientFailure.class, f -> assertThat(f.mayHaveTakenEffect()).isTrue());
  }

  @Test
  void serverErrorsOnStatusAreRetriedWithinTheCall() {
    WireMock.stubFor(
        get(urlPathEqualTo("/omni/get/onboarding/status"))
            .inScenario("flaky")
            .willReturn(aResponse().withStatus(502))
            .willSetStateTo("recovered"));
    WireMock.stubFor(
        get(urlPathEqualTo("/omni/get/onboarding/status"))
            .inScenario("flaky")
            .whenScenarioStateIs("recovered")
            .willReturn(okJson("{\"onboardingStatus\": \"UNKNOWN\"}")));

    assertThat(provider(Map.of("max-attempts", 2)).status(new PushHandle(INTERVIEW)))
        .isEqualTo(new PushStatus.Pending());
    WireMock.verify(2, getRequestedFor(urlPathEqualTo("/omni/get/onboarding/status")));
  }

  @Test
  void malformedStatusBodyIsTransient() {
    WireMock.stubFor(
        get(urlPathEqualTo("/omni/get/onboarding/status"))
            .willReturn(okJson("{\"onboardingStatus\": ")));

    assertThatThrownBy(() -> provider().status(new PushHandle(INTERVIEW)))
        .isInstanceOfSatisfying(
            TransientFailure.class, f -> assertThat(f.getMessage()).contains("malformed"));
  }

  @Test
  void statusWithoutOnboardingStatusIsTransient() {
    WireMock.stubFor(get(urlPathEqualTo("/omni/get/onboarding/status")).willReturn(okJson("{}")));

    assertThatThrownBy(() -> provider().status(new PushHandle(INTERVIEW)))
        .isInstanceOf(TransientFailure.class);
  }

  @Test
  void startAnswerWithoutSessionIdIsTransientAndMayHaveSent() {
    WireMock.stubFor(post(REQUEST_NEW).willReturn(okJson("{\"url\": \"https://icd.sh/x\"}")));

    assertThatThrownBy(() -> provider().startPush(request()))
        .isInstanceOfSatisfying(
            TransientFailure.class, f -> assertThat(f.mayHaveTakenEffect()).isTrue());
  }

  @Test
  void unknownLoginHintRefusedByIncodeIsPermanent() {
    WireMock.stubFor(
        post(REQUEST_NEW)
            .willReturn(
                aResponse()
                    .withStatus(404)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"message\": \"user not found\"}")));

    assertThatThrownBy(() -> provider().startPush(request()))
        .isInstanceOfSatisfying(
            PermanentFailure.class, f -> assertThat(f.getMessage()).contains("404"));
  }

  @Test
  void slowAnswerIsTransient() {
    WireMock.stubFor(
        get(urlPathEqualTo("/omni/get/onboarding/status"))
            .willReturn(okJson("{\"onboardingStatus\": \"UNKNOWN\"}").withFixedDelay(1500)));

    assertThatThrownBy(
            () -> provider(Map.of("read-timeout", "300ms")).status(new PushHandle(INTERVIEW)))
        .isInstanceOf(TransientFailure.class);
  }

  @Test
  void incodeDownOpensTheCircuitAndLaterCallsDoNotReachIt() {
    WireMock.stubFor(
        get(urlPathEqualTo("/omni/get/onboarding/status")).willReturn(aResponse().withStatus(503)));
    PushProvider provider = provider(Map.of("circuit-failures", 2));
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> provider.status(new PushHandle(INTERVIEW)))
          .isInstanceOf(TransientFailure.class);
    }

    assertThatThrownBy(() -> provider.status(new PushHandle(INTERVIEW)))
        .isInstanceOfSatisfying(
            TransientFailure.class, f -> assertThat(f.getMessage()).contains("circuit open"));
    WireMock.verify(2, getRequestedFor(urlPathEqualTo("/omni/get/onboarding/status")));
  }
}
