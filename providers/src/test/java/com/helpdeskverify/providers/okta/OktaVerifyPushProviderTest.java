package com.helpdeskverify.providers.okta;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
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
import com.helpdeskverify.core.spi.PushProviderFactory;
import com.helpdeskverify.core.spi.PushRequest;
import com.helpdeskverify.core.spi.PushStart;
import com.helpdeskverify.core.spi.PushStatus;
import com.helpdeskverify.core.spi.TransientFailure;
import com.helpdeskverify.core.spi.UserLookup;
import com.helpdeskverify.testkit.MutableClock;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OktaVerifyPushProviderTest {
  private static final String TOKEN = "00QCjAl4MlV-WPXM-secret-token";
  private static final String USER_ID = "00ub0oNGTSWTBKOLGLNR";
  private static final String FACTOR_ID = "opfh52xcuft3J4uZc0g3";
  private static final String TX_PATH =
      "/api/v1/users/" + USER_ID + "/factors/" + FACTOR_ID + "/transactions/mst1eiHghhPxf0yhp0g";
  private static final Requester ALICE =
      Requester.of("acc-alice", "alice@corp.example", "Alice Example");

  @RegisterExtension
  static WireMockExtension okta =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T19:00:00Z"));

  // --- lookup ------------------------------------------------------------------------------------

  @Test
  void userWithActivePushFactorIsEnrolledUnderTheirOktaId() {
    stubUser("user-active.json");
    stubFactors("factors-push.json");

    assertThat(provider().lookup(ALICE)).isEqualTo(new UserLookup.Enrolled(USER_ID));
    okta.verify(
        getRequestedFor(urlPathEqualTo("/api/v1/users/alice@corp.example"))
            .withHeader("Authorization", equalTo("SSWS " + TOKEN)));
  }

  @Test
  void userWithoutActivePushFactorHasNoEnrolledDevice() {
    stubUser("user-active.json");
    stubFactors("factors-no-push.json");

    assertThat(reason(provider().lookup(ALICE))).isEqualTo(ReasonCode.NO_ENROLLED_DEVICE);
  }

  @Test
  void loginOktaDoesNotKnowIsAnUnknownUser() {
    okta.stubFor(
        get(urlPathEqualTo("/api/v1/users/alice@corp.example"))
            .willReturn(json(404, "error-404.json")));

    assertThat(reason(provider().lookup(ALICE))).isEqualTo(ReasonCode.UNKNOWN_USER);
  }

  @Test
  void suspendedUserIsNotVerifiable() {
    stubUser("user-suspended.json");

    NotVerifiable nv = (NotVerifiable) provider().lookup(ALICE);

    assertThat(nv.reason()).isEqualTo(ReasonCode.UNKNOWN_USER);
    assertThat(nv.detail()).contains("SUSPENDED");
  }

  @Test
  void userFoundUnderAnotherLoginIsNotTheAccountOwner() {
    stubUser("user-other-login.json");

    assertThat(reason(provider().lookup(ALICE))).isEqualTo(ReasonCode.NOT_ACCOUNT_OWNER);
  }

  @Test
  void requesterWithoutEmailIsUnknownAndOktaIsNotAsked() {
    assertThat(reason(provider().lookup(Requester.of("acc-bob", null, "Bob"))))
        .isEqualTo(ReasonCode.UNKNOWN_USER);
    assertThat(okta.getAllServeEvents()).isEmpty();
  }

  // --- push --------------------------------------------------------------------------------------

  @Test
  void pushChallengeAsksForNumberMatchingAndReturnsTheNumberAndPollLink() {
    stubFactors("factors-push.json");
    stubVerify(201, "verify-waiting-number.json");

    PushStart start = provider().startPush(request());

    assertThat(start)
        .isEqualTo(
            new PushStart.Started(new PushHandle(okta.baseUrl() + TX_PATH), Optional.of("84")));
    okta.verify(
        postRequestedFor(
                urlPathEqualTo("/api/v1/users/" + USER_ID + "/factors/" + FACTOR_ID + "/verify"))
            .withRequestBody(equalToJson("{\"useNumberMatchingChallenge\": true}"))
            .withHeader(
                "User-Agent",
                equalTo("helpdesk-verify (helpdesk identity verification, ticket HD-42)")));
  }

  @Test
  void pushForAPhoneInShowsTheServiceDeskAndTheTicketAsItsContext() {
    stubFactors("factors-push.json");
    stubVerify(201, "verify-waiting-number.json");
    PushRequest own = request();

    provider()
        .startPush(
            new PushRequest(
                own.caseId(),
                own.ticket(),
                own.requester(),
                own.providerUserId(),
                own.operation(),
                true));

    okta.verify(
        postRequestedFor(
                urlPathEqualTo("/api/v1/users/" + USER_ID + "/factors/" + FACTOR_ID + "/verify"))
            .withHeader(
                "User-Agent",
                equalTo("helpdesk-verify (IT service desk identity check, ticket HD-42)")));
  }

  @Test
  void callsOtherThanThePushCarryTheConnectorsOwnUserAgent() {
    stubFactors("factors-push.json");
    stubVerify(201, "verify-waiting.json");

    provider().startPush(request());

    okta.verify(
        getRequestedFor(urlPathEqualTo("/api/v1/users/" + USER_ID + "/factors"))
            .withHeader("User-Agent", equalTo(OktaAuthInterceptor.USER_AGENT)));
  }

  @Test
  void pushWithoutNumberChallengeHasNoMatchNumber() {
    stubFactors("factors-push.json");
    stubVerify(201, "verify-waiting.json");

    PushStart.Started start =
        (PushStart.Started) provider(Map.of("number-matching", false)).startPush(request());

    assertThat(start.matchNumber()).isEmpty();
    var verify =
        okta.getAllServeEvents().stream()
            .map(e -> e.getRequest())
            .filter(r -> r.getUrl().endsWith("/verify"))
            .findFirst()
            .orElseThrow();
    assertThat(verify.getBody()).isEmpty();
    assertThat(verify.containsHeader("Content-Type")).isFalse();
  }

  @Test
  void requestedNumberMissingFromOktasAnswerEscalatesAndWithdrawsThePush() {
    stubFactors("factors-push.json");
    stubVerify(201, "verify-waiting.json");
    okta.stubFor(delete(urlPathEqualTo(TX_PATH)).willReturn(aResponse().withStatus(204)));

    PushStart start = provider().startPush(request());

    assertThat(start).isInstanceOf(NotVerifiable.class);
    assertThat(reason(start)).isEqualTo(ReasonCode.PROVIDER_REFUSED);
    assertThat(((NotVerifiable) start).detail()).contains("correctAnswer");
    okta.verify(deleteRequestedFor(urlPathEqualTo(TX_PATH)));
  }

  @Test
  void requestedNumberMissingEscalatesEvenWhenTheWithdrawalFails() {
    stubFactors("factors-push.json");
    stubVerify(201, "verify-waiting.json");
    okta.stubFor(delete(urlPathEqualTo(TX_PATH)).willReturn(json(500, "error-401.json")));

    assertThat(reason(provider().startPush(request()))).isEqualTo(ReasonCode.PROVIDER_REFUSED);
  }

  @Test
  void factorRemovedSinceLookupMeansNoEnrolledDeviceAndNoPush() {
    stubFactors("factors-no-push.json");

    assertThat(reason(provider().startPush(request()))).isEqualTo(ReasonCode.NO_ENROLLED_DEVICE);
    okta.verify(
        0,
        postRequestedFor(
            urlPathEqualTo("/api/v1/users/" + USER_ID + "/factors/" + FACTOR_ID + "/verify")));
  }

  @Test
  void pollLinkOutsideTheOrgIsRefused() {
    stubFactors("factors-push.json");
    okta.stubFor(
        post(urlPathEqualTo("/api/v1/users/" + USER_ID + "/factors/" + FACTOR_ID + "/verify"))
            .willReturn(json(201, "verify-foreign-poll.json")));

    assertThatThrownBy(() -> provider().startPush(request()))
        .isInstanceOf(TransientFailure.class)
        .hasMessageContaining("outside the configured Okta org");
  }

  @Test
  void rateLimitedPushCertainlyDidNothingAndCarriesOktasResetAsRetryAfter() {
    stubFactors("factors-push.json");
    okta.stubFor(
        post(urlPathEqualTo("/api/v1/users/" + USER_ID + "/factors/" + FACTOR_ID + "/verify"))
            .willReturn(
                json(429, "error-429.json")
                    .withHeader(
                        "X-Rate-Limit-Reset",
                        Long.toString(clock.instant().plusSeconds(40).getEpochSecond()))));

    TransientFailure f =
        catchThrowableOfType(TransientFailure.class, () -> provider().startPush(request()));

    assertThat(f.mayHaveTakenEffect()).isFalse();
    assertThat(f.retryAfter()).contains(Duration.ofSeconds(40));
  }

  // --- status ------------------------------------------------------------------------------------

  @Test
  void waitingTransactionIsPending() {
    stubPoll(200, "verify-waiting.json");

    assertThat(provider().status(handle())).isInstanceOf(PushStatus.Pending.class);
  }

  @Test
  void successIsApproved() {
    stubPoll(200, "poll-success.json");

    assertThat(provider().status(handle())).isInstanceOf(PushStatus.Approved.class);
  }

  @Test
  void rejectedIsDeniedWithoutFraud() {
    stubPoll(200, "poll-rejected.json");

    PushStatus status = provider().status(handle());

    assertThat(status).isEqualTo(new PushStatus.Denied(false, "rejected in Okta Verify"));
  }

  @Test
  void timeoutIsExpired() {
    stubPoll(200, "poll-timeout.json");

    assertThat(provider().status(handle())).isInstanceOf(PushStatus.Expired.class);
  }

  @Test
  void handleOutsideTheOrgIsNeverFollowed() {
    assertThatThrownBy(() -> provider().status(new PushHandle("https://evil.example" + TX_PATH)))
        .isInstanceOf(PermanentFailure.class);
    assertThat(okta.getAllServeEvents()).isEmpty();
  }

  @Test
  void cancelDeletesATransactionStillWaiting() {
    stubPoll(200, "verify-waiting.json");
    okta.stubFor(delete(urlPathEqualTo(TX_PATH)).willReturn(aResponse().withStatus(204)));

    provider().cancel(handle());

    okta.verify(deleteRequestedFor(urlPathEqualTo(TX_PATH)));
  }

  @Test
  void cancelLeavesAFinishedTransactionAlone() {
    for (String finished :
        new String[] {"poll-success.json", "poll-rejected.json", "poll-timeout.json"}) {
      okta.resetAll();
      stubPoll(200, finished);

      provider().cancel(handle());

      okta.verify(0, deleteRequestedFor(urlPathEqualTo(TX_PATH)));
    }
  }

  // --- failures ----------------------------------------------------------------------------------

  @Test
  void invalidTokenIsPermanentAndNeverShowsTheToken() {
    okta.stubFor(
        get(urlPathEqualTo("/api/v1/users/alice@corp.example"))
            .willReturn(json(401, "error-401.json")));

    assertThatThrownBy(() -> provider().lookup(ALICE))
        .isInstanceOf(PermanentFailure.class)
        .hasMessageContaining("401")
        .hasMessageContaining("check the credentials")
        .hasMessageNotContaining(TOKEN);
  }

  @Test
  void serverErrorOnPollIsTransient() {
    okta.stubFor(get(urlPathEqualTo(TX_PATH)).willReturn(aResponse().withStatus(500)));

    assertThatThrownBy(() -> provider().status(handle())).isInstanceOf(TransientFailure.class);
  }

  @Test
  void malformedPollAnswerIsTransient() {
    okta.stubFor(
        get(urlPathEqualTo(TX_PATH))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"factorResult\": ")));

    assertThatThrownBy(() -> provider().status(handle()))
        .isInstanceOf(TransientFailure.class)
        .hasMessageContaining("malformed response");
  }

  @Test
  void unknownFactorResultIsTransientNotGuessed() {
    okta.stubFor(
        get(urlPathEqualTo(TX_PATH))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"factorResult\": \"MAYBE\"}")));

    assertThatThrownBy(() -> provider().status(handle())).isInstanceOf(TransientFailure.class);
  }

  @Test
  void failingOrgOpensTheCircuitAndIsNotCalledAgain() {
    okta.stubFor(get(urlPathEqualTo(TX_PATH)).willReturn(aResponse().withStatus(503)));
    PushProvider provider = provider(Map.of("circuit-failures", 1));
    assertThatThrownBy(() -> provider.status(handle())).isInstanceOf(TransientFailure.class);
    int calls = okta.getAllServeEvents().size();

    assertThatThrownBy(() -> provider.status(handle())).isInstanceOf(TransientFailure.class);

    assertThat(okta.getAllServeEvents()).hasSize(calls);
  }

  // --- fraud from the System Log -----------------------------------------------------------------

  @Test
  void rejectionTheUserAlsoReportedAsSuspiciousActivityIsDeniedWithFraud() {
    stubPoll(200, "poll-rejected.json");
    stubLogs(200, "logs-suspicious-activity.json");

    PushStatus status = fraudChecking().status(handle());

    assertThat(status).isInstanceOf(PushStatus.Denied.class);
    PushStatus.Denied denied = (PushStatus.Denied) status;
    assertThat(denied.fraudReported()).isTrue();
    assertThat(denied.detail()).contains("4fa2f7e4-8696-11ed-8688-39c4b4d86042");
  }

  @Test
  void fraudLookUpIsABoundedQueryOverThePushLifetimeForThisUsersReports() {
    stubPoll(200, "poll-rejected.json");
    stubLogs(200, "logs-suspicious-activity.json");

    fraudChecking().status(handle());

    okta.verify(
        getRequestedFor(urlPathEqualTo("/api/v1/logs"))
            .withQueryParam("since", equalTo("2026-11-22T18:55:00Z"))
            .withQueryParam("until", equalTo("2026-11-22T19:00:00Z"))
            .withQueryParam(
                "filter",
                equalTo(
                    "eventType eq \"user.account.report_suspicious_activity_by_enduser\""
                        + " and (actor.id eq \"00ub0oNGTSWTBKOLGLNR\""
                        + " or target.id eq \"00ub0oNGTSWTBKOLGLNR\")"))
            .withHeader("Authorization", equalTo("SSWS " + TOKEN)));
  }

  @Test
  void rejectionWithoutAReportIsAPlainDenial() {
    stubPoll(200, "poll-rejected.json");
    okta.stubFor(get(urlPathEqualTo("/api/v1/logs")).willReturn(okJsonArray()));

    assertThat(fraudChecking().status(handle()))
        .isEqualTo(new PushStatus.Denied(false, "rejected in Okta Verify"));
  }

  @Test
  void reportByAnotherUserIsNotThisUsersFraud() {
    stubPoll(200, "poll-rejected.json");
    stubLogs(200, "logs-other-user.json");

    assertThat(fraudChecking().status(handle()))
        .isEqualTo(new PushStatus.Denied(false, "rejected in Okta Verify"));
  }

  @Test
  void systemLogTheTokenMayNotReadLeavesTheRejectionAPlainDenial() {
    stubPoll(200, "poll-rejected.json");
    stubLogs(403, "error-403.json");

    assertThat(fraudChecking().status(handle()))
        .isEqualTo(new PushStatus.Denied(false, "rejected in Okta Verify"));
  }

  @Test
  void systemLogServerErrorLeavesTheRejectionAPlainDenial() {
    stubPoll(200, "poll-rejected.json");
    okta.stubFor(get(urlPathEqualTo("/api/v1/logs")).willReturn(aResponse().withStatus(500)));

    assertThat(fraudChecking().status(handle()))
        .isEqualTo(new PushStatus.Denied(false, "rejected in Okta Verify"));
  }

  @Test
  void rateLimitedSystemLogLeavesTheRejectionAPlainDenial() {
    stubPoll(200, "poll-rejected.json");
    stubLogs(429, "error-429.json");

    assertThat(fraudChecking().status(handle()))
        .isEqualTo(new PushStatus.Denied(false, "rejected in Okta Verify"));
  }

  @Test
  void refusedSystemLogFilterLeavesTheRejectionAPlainDenial() {
    stubPoll(200, "poll-rejected.json");
    stubLogs(400, "error-400-filter.json");

    assertThat(fraudChecking().status(handle()))
        .isEqualTo(new PushStatus.Denied(false, "rejected in Okta Verify"));
  }

  @Test
  void malformedSystemLogAnswerLeavesTheRejectionAPlainDenial() {
    stubPoll(200, "poll-rejected.json");
    okta.stubFor(
        get(urlPathEqualTo("/api/v1/logs"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody("[{\"eventType\": ")));

    assertThat(fraudChecking().status(handle()))
        .isEqualTo(new PushStatus.Denied(false, "rejected in Okta Verify"));
  }

  @Test
  void systemLogAnswerWithEmptyEntriesLeavesTheRejectionAPlainDenial() {
    stubPoll(200, "poll-rejected.json");
    okta.stubFor(
        get(urlPathEqualTo("/api/v1/logs"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "[null, {}, {\"eventType\": \""
                            + OktaVerifyPushProvider.SUSPICIOUS_ACTIVITY
                            + "\"}]")));

    assertThat(fraudChecking().status(handle()))
        .isEqualTo(new PushStatus.Denied(false, "rejected in Okta Verify"));
  }

  @Test
  void withoutFraudLookUpTheSystemLogIsNeverRead() {
    stubPoll(200, "poll-rejected.json");

    provider().status(handle());

    okta.verify(0, getRequestedFor(urlPathEqualTo("/api/v1/logs")));
  }

  @Test
  void approvalIsNeverLookedUpInTheSystemLog() {
    stubPoll(200, "poll-success.json");
    stubLogs(200, "logs-suspicious-activity.json");

    assertThat(fraudChecking().status(handle())).isInstanceOf(PushStatus.Approved.class);
    okta.verify(0, getRequestedFor(urlPathEqualTo("/api/v1/logs")));
  }

  // --- connection check --------------------------------------------------------------------------

  @Test
  void connectionCheckReadsTheTokensOwnUserAndPromptsNobody() {
    okta.stubFor(get(urlPathEqualTo("/api/v1/users/me")).willReturn(json(200, "user-me.json")));

    provider().checkConnection();

    okta.verify(
        getRequestedFor(urlPathEqualTo("/api/v1/users/me"))
            .withHeader("Authorization", equalTo("SSWS " + TOKEN)));
    assertThat(okta.getAllServeEvents()).hasSize(1);
  }

  @Test
  void connectionCheckWithAnInvalidTokenIsPermanentAndNeverShowsTheToken() {
    okta.stubFor(get(urlPathEqualTo("/api/v1/users/me")).willReturn(json(401, "error-401.json")));

    assertThatThrownBy(() -> provider().checkConnection())
        .isInstanceOf(PermanentFailure.class)
        .hasMessageContaining("GET /api/v1/users/me")
        .hasMessageContaining("401")
        .hasMessageContaining("check the credentials")
        .hasMessageNotContaining(TOKEN);
  }

  @Test
  void connectionCheckWithAForbiddenTokenIsPermanentAndNeverShowsTheToken() {
    okta.stubFor(get(urlPathEqualTo("/api/v1/users/me")).willReturn(json(403, "error-403.json")));

    assertThatThrownBy(() -> provider().checkConnection())
        .isInstanceOf(PermanentFailure.class)
        .hasMessageContaining("403")
        .hasMessageContaining("check the permissions")
        .hasMessageNotContaining(TOKEN);
  }

  @Test
  void connectionCheckAnsweredWithoutAUserIsMalformed() {
    okta.stubFor(
        get(urlPathEqualTo("/api/v1/users/me"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{}")));

    assertThatThrownBy(() -> provider().checkConnection())
        .isInstanceOf(TransientFailure.class)
        .hasMessageContaining("malformed response");
  }

  @Test
  void connectionCheckOfAnUnavailableOrgIsTransient() {
    okta.stubFor(get(urlPathEqualTo("/api/v1/users/me")).willReturn(aResponse().withStatus(503)));

    assertThatThrownBy(() -> provider().checkConnection()).isInstanceOf(TransientFailure.class);
  }

  @Test
  void connectionCheckWithFraudLookUpAlsoProvesTheSystemLogIsReadable() {
    okta.stubFor(get(urlPathEqualTo("/api/v1/users/me")).willReturn(json(200, "user-me.json")));
    okta.stubFor(get(urlPathEqualTo("/api/v1/logs")).willReturn(okJsonArray()));

    fraudChecking().checkConnection();

    okta.verify(
        getRequestedFor(urlPathEqualTo("/api/v1/logs"))
            .withQueryParam("since", equalTo("2026-11-22T18:59:00Z"))
            .withQueryParam("until", equalTo("2026-11-22T19:00:00Z"))
            .withQueryParam("filter", matching("eventType eq .*"))
            .withQueryParam("limit", equalTo("1")));
  }

  @Test
  void connectionCheckWithFraudLookUpButNoSystemLogPermissionIsPermanentAndSaysWhy() {
    okta.stubFor(get(urlPathEqualTo("/api/v1/users/me")).willReturn(json(200, "user-me.json")));
    stubLogs(403, "error-403.json");

    assertThatThrownBy(() -> fraudChecking().checkConnection())
        .isInstanceOf(PermanentFailure.class)
        .hasMessageContaining("System Log")
        .hasMessageContaining("Okta answered HTTP 403")
        .hasMessageNotContaining(TOKEN);
  }

  @Test
  void connectionCheckNeverPushes() {
    okta.stubFor(get(urlPathEqualTo("/api/v1/users/me")).willReturn(json(200, "user-me.json")));
    okta.stubFor(get(urlPathEqualTo("/api/v1/logs")).willReturn(okJsonArray()));

    fraudChecking().checkConnection();

    okta.verify(0, postRequestedFor(anyUrl()));
    okta.verify(2, anyRequestedFor(anyUrl()));
  }

  // --- factory -----------------------------------------------------------------------------------

  @Test
  void factoryIsFoundByTypeOktaVerify() {
    assertThat(
            ServiceLoader.load(PushProviderFactory.class).stream()
                .map(p -> p.get().type())
                .toList())
        .contains("okta-verify");
  }

  @Test
  void pushTimeoutIsFiveMinutesByDefault() {
    assertThat(provider().pushTimeout()).isEqualTo(Duration.ofMinutes(5));
  }

  // --- helpers -----------------------------------------------------------------------------------

  private PushProvider provider() {
    return provider(Map.of());
  }

  private PushProvider provider(Map<String, Object> overrides) {
    Map<String, Object> raw = new HashMap<>();
    raw.put("base-url", okta.baseUrl());
    raw.put("api-token", TOKEN);
    raw.put("max-attempts", 1);
    raw.putAll(overrides);
    OktaPushProviderFactory factory = new OktaPushProviderFactory();
    return factory.create(
        "okta-main",
        factory.config().parse("providers.okta-main", raw),
        new IntegrationContext(clock, new SplittableRandom(7), (key, expiresAt) -> true));
  }

  private PushProvider fraudChecking() {
    return provider(Map.of("fraud-from-system-log", true));
  }

  private static void stubLogs(int status, String fixture) {
    okta.stubFor(get(urlPathEqualTo("/api/v1/logs")).willReturn(json(status, fixture)));
  }

  private static ResponseDefinitionBuilder okJsonArray() {
    return aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withBody("[]");
  }

  private static PushHandle handle() {
    return new PushHandle(okta.baseUrl() + TX_PATH);
  }

  private static PushRequest request() {
    return new PushRequest(
        new CaseId("3f1c3a56-0000-4000-8000-000000000042"),
        new TicketRef("jira-main", "HD-42"),
        ALICE,
        USER_ID,
        SensitiveOperation.MFA_RESET);
  }

  private static void stubUser(String fixture) {
    okta.stubFor(
        get(urlPathEqualTo("/api/v1/users/alice@corp.example")).willReturn(json(200, fixture)));
  }

  private static void stubFactors(String fixture) {
    okta.stubFor(
        get(urlPathEqualTo("/api/v1/users/" + USER_ID + "/factors"))
            .willReturn(json(200, fixture)));
  }

  private static void stubVerify(int status, String fixture) {
    okta.stubFor(
        post(urlPathEqualTo("/api/v1/users/" + USER_ID + "/factors/" + FACTOR_ID + "/verify"))
            .willReturn(json(status, fixture)));
  }

  private static void stubPoll(int status, String fixture) {
    okta.stubFor(get(urlPathEqualTo(TX_PATH)).willReturn(json(status, fixture)));
  }

  private static ResponseDefinitionBuilder json(int status, String fixture) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withBody(fixture(fixture).replace("BASE", okta.baseUrl()));
  }

  private static String fixture(String name) {
    try (InputStream in = OktaVerifyPushProviderTest.class.getResourceAsStream("/okta/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ReasonCode reason(Object answer) {
    return ((NotVerifiable) answer).reason();
  }
}
