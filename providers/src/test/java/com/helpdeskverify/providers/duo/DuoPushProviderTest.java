package com.helpdeskverify.providers.duo;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.helpdeskverify.core.CaseId;
import com.helpdeskverify.core.PushHandle;
import com.helpdeskverify.core.ReasonCode;
import com.helpdeskverify.core.Requester;
import com.helpdeskverify.core.SensitiveOperation;
import com.helpdeskverify.core.TicketRef;
import com.helpdeskverify.core.config.ConfigException;
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
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DuoPushProviderTest {
  private static final String IKEY = "DIWJ8X6AEYOR5OMC6TQ1";
  private static final String SKEY = "Zh5eGmUq9zpfQnyUIu5OL9iWoMMv5ZNmk3zLJ4Ep";
  private static final String TXID = "45f7c92b-f45f-4862-8545-e0f58e78075a";
  private static final Requester ALICE =
      Requester.of("acc-alice", "alice@corp.example", "Alice Example");

  @RegisterExtension
  static WireMockExtension duo =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T19:00:00Z"));

  // --- lookup ------------------------------------------------------------------------------------

  @Test
  void userWithPushDeviceIsEnrolledUnderTheirEmailAddress() {
    stubPreauth("preauth-auth.json");

    UserLookup lookup = provider().lookup(ALICE);

    assertThat(lookup).isEqualTo(new UserLookup.Enrolled("alice@corp.example"));
    duo.verify(
        postRequestedFor(urlPathEqualTo("/auth/v2/preauth"))
            .withRequestBody(
                equalTo("username=alice%40corp.example&client_supports_verified_push=1")));
  }

  @Test
  void requestsCarryTheSignatureDuoComputesFromTheDateAndParameters() {
    stubPreauth("preauth-auth.json");

    provider().lookup(ALICE);

    LoggedRequest sent = duo.getAllServeEvents().get(0).getRequest();
    String date = sent.getHeader("Date");
    assertThat(date).isEqualTo("Sun, 22 Nov 2026 19:00:00 -0000");
    URI uri = URI.create(duo.baseUrl());
    String canonical =
        DuoSignature.canonical(
            date,
            "POST",
            uri.getHost() + ":" + uri.getPort(),
            "/auth/v2/preauth",
            List.of(
                Map.entry("username", "alice@corp.example"),
                Map.entry("client_supports_verified_push", "1")));
    assertThat(sent.getHeader("Authorization"))
        .isEqualTo(
            new DuoSignature(IKEY, SKEY, DuoSignature.Algorithm.HMAC_SHA512)
                .authorization(canonical));
  }

  @Test
  void localPartMappingSendsTheUserNameBeforeTheAt() {
    stubPreauth("preauth-auth.json");

    UserLookup lookup =
        provider(
                Map.of(
                    "username-from", "email-local-part", "email-domains", List.of("corp.example")))
            .lookup(ALICE);

    assertThat(lookup).isEqualTo(new UserLookup.Enrolled("alice"));
  }

  @Test
  void addressOutsideTheOrganisationsDomainsIsNotTheAccountOwnerAndDuoIsNotAsked() {
    Requester outsider = Requester.of("acc-x", "alice@example.net", "Alice Outside");

    UserLookup lookup =
        provider(
                Map.of(
                    "username-from", "email-local-part", "email-domains", List.of("corp.example")))
            .lookup(outsider);

    assertThat(lookup).isInstanceOf(NotVerifiable.class);
    assertThat(((NotVerifiable) lookup).reason()).isEqualTo(ReasonCode.NOT_ACCOUNT_OWNER);
    assertThat(duo.getAllServeEvents()).isEmpty();
  }

  @Test
  void requesterWithoutEmailIsAnUnknownUser() {
    UserLookup lookup = provider().lookup(Requester.of("acc-bob", null, "Bob"));

    assertThat(((NotVerifiable) lookup).reason()).isEqualTo(ReasonCode.UNKNOWN_USER);
    assertThat(duo.getAllServeEvents()).isEmpty();
  }

  /** Duo answers "enroll" for user names it does not know (default new-user policy) too. */
  @Test
  void unknownOrUnenrolledUserGetsEnrollAndHasNoEnrolledDevice() {
    stubPreauth("preauth-enroll.json");

    assertThat(reason(provider().lookup(ALICE))).isEqualTo(ReasonCode.NO_ENROLLED_DEVICE);
  }

  @Test
  void denyResultEscalatesWithDuosMessage() {
    stubPreauth("preauth-deny.json");

    NotVerifiable nv = (NotVerifiable) provider().lookup(ALICE);

    assertThat(nv.reason()).isEqualTo(ReasonCode.PROVIDER_REFUSED);
    assertThat(nv.detail()).contains("Your account is disabled.");
  }

  @Test
  void allowResultWithoutPushIsNotVerifiable() {
    stubPreauth("preauth-allow.json");

    assertThat(reason(provider().lookup(ALICE))).isEqualTo(ReasonCode.PROVIDER_REFUSED);
  }

  @Test
  void userWhoseDevicesCannotTakePushHasNoEnrolledDevice() {
    stubPreauth("preauth-auth-sms-only.json");

    assertThat(reason(provider().lookup(ALICE))).isEqualTo(ReasonCode.NO_ENROLLED_DEVICE);
  }

  // --- push --------------------------------------------------------------------------------------

  @BeforeEach
  void preauthWithoutVerifiedPushRequirementByDefault() {
    // A push without a look-up just before it starts with a fresh preauth; a test that needs
    // another answer stubs its own.
    stubPreauth("preauth-auth.json");
  }

  @Test
  void verifiedDuoPushPassesPreauthsTxidToAuthAndShowsTheCodeDuoSends() {
    stubPreauth("preauth-auth-verified.json");
    duo.stubFor(post("/auth/v2/auth").willReturn(json(200, "auth-async.json")));
    stubStatus("status-waiting-verified.json");

    PushStart start = provider().startPush(request("alice@corp.example"));

    assertThat(start)
        .isEqualTo(new PushStart.Started(new PushHandle(TXID), java.util.Optional.of("376")));
    duo.verify(
        postRequestedFor(urlPathEqualTo("/auth/v2/preauth"))
            .withRequestBody(containing("client_supports_verified_push=1")));
    duo.verify(
        postRequestedFor(urlPathEqualTo("/auth/v2/auth"))
            .withRequestBody(containing("txid=2f1b7c0e-6a4d-4b8e-9c3a-7d5e0f1a2b3c")));
    duo.verify(
        1,
        getRequestedFor(urlPathEqualTo("/auth/v2/auth_status"))
            .withQueryParam("txid", equalTo(TXID)));
  }

  @Test
  void aPushRightAfterItsLookUpIsTiedToTheLookUpsTxidWithoutASecondPreauth() {
    stubPreauth("preauth-auth-verified.json");
    duo.stubFor(post("/auth/v2/auth").willReturn(json(200, "auth-async.json")));
    stubStatus("status-waiting-verified.json");
    PushProvider provider = provider();

    provider.lookup(ALICE);
    clock.advance(Duration.ofSeconds(9));
    PushStart start = provider.startPush(request("alice@corp.example"));

    assertThat(start)
        .isEqualTo(new PushStart.Started(new PushHandle(TXID), java.util.Optional.of("376")));
    duo.verify(1, postRequestedFor(urlPathEqualTo("/auth/v2/preauth")));
    duo.verify(
        postRequestedFor(urlPathEqualTo("/auth/v2/auth"))
            .withRequestBody(containing("txid=2f1b7c0e-6a4d-4b8e-9c3a-7d5e0f1a2b3c")));
  }

  @Test
  void aPushLongerAfterItsLookUpOrASecondPushPreauthsAfresh() {
    stubPreauth("preauth-auth-verified.json");
    duo.stubFor(post("/auth/v2/auth").willReturn(json(200, "auth-async.json")));
    stubStatus("status-waiting-verified.json");
    PushProvider provider = provider();

    provider.lookup(ALICE);
    clock.advance(Duration.ofSeconds(10));
    provider.startPush(request("alice@corp.example"));
    duo.verify(2, postRequestedFor(urlPathEqualTo("/auth/v2/preauth")));

    provider.lookup(ALICE);
    provider.startPush(request("alice@corp.example"));
    provider.startPush(request("alice@corp.example"));
    duo.verify(4, postRequestedFor(urlPathEqualTo("/auth/v2/preauth")));
    duo.verify(3, postRequestedFor(urlPathEqualTo("/auth/v2/auth")));
  }

  @Test
  void withLookupServesPushOffEveryPushPreauthsAfresh() {
    stubPreauth("preauth-auth-verified.json");
    duo.stubFor(post("/auth/v2/auth").willReturn(json(200, "auth-async.json")));
    stubStatus("status-waiting-verified.json");
    PushProvider provider = provider(Map.of("lookup-serves-push", false));

    provider.lookup(ALICE);
    provider.startPush(request("alice@corp.example"));

    duo.verify(2, postRequestedFor(urlPathEqualTo("/auth/v2/preauth")));
  }

  @Test
  void aLookUpThatNowRefusesForgetsTheOneBefore() {
    stubPreauth("preauth-auth-verified.json");
    PushProvider provider = provider();
    provider.lookup(ALICE);
    stubPreauth("preauth-deny.json");

    assertThat(reason(provider.lookup(ALICE))).isEqualTo(ReasonCode.PROVIDER_REFUSED);
    assertThat(reason(provider.startPush(request("alice@corp.example"))))
        .isEqualTo(ReasonCode.PROVIDER_REFUSED);
    duo.verify(0, postRequestedFor(urlPathEqualTo("/auth/v2/auth")));
  }

  @Test
  void verifiedDuoPushWithoutACodeEscalatesAndIsNotSentAgain() {
    stubPreauth("preauth-auth-verified.json");
    duo.stubFor(post("/auth/v2/auth").willReturn(json(200, "auth-async.json")));
    stubStatus("status-waiting.json");

    PushStart start = provider().startPush(request("alice@corp.example"));

    assertThat(reason(start)).isEqualTo(ReasonCode.PROVIDER_REFUSED);
    assertThat(((NotVerifiable) start).detail()).contains(TXID).contains("no verification code");
    duo.verify(1, postRequestedFor(urlPathEqualTo("/auth/v2/auth")));
  }

  @Test
  void aVerifiedDuoPushDeniedOrReportedBeforeItsCodeIsReadIsRecordedByTheUsualPolling() {
    stubPreauth("preauth-auth-verified.json");
    duo.stubFor(post("/auth/v2/auth").willReturn(json(200, "auth-async.json")));
    stubStatus("status-fraud.json");

    PushProvider provider = provider();
    PushStart start = provider.startPush(request("alice@corp.example"));

    // Not an escalation: the denial (here a fraud report) keeps its meaning.
    assertThat(start)
        .isEqualTo(new PushStart.Started(new PushHandle(TXID), java.util.Optional.empty()));
    PushStatus status = provider.status(new PushHandle(TXID));
    assertThat(status).isInstanceOf(PushStatus.Denied.class);
    assertThat(((PushStatus.Denied) status).fraudReported()).isTrue();
    duo.verify(1, postRequestedFor(urlPathEqualTo("/auth/v2/auth")));
  }

  @Test
  void verifiedDuoPushWhoseCodeCannotBeReadEscalatesAndIsNotSentAgain() {
    stubPreauth("preauth-auth-verified.json");
    duo.stubFor(post("/auth/v2/auth").willReturn(json(200, "auth-async.json")));
    duo.stubFor(
        get(urlPathEqualTo("/auth/v2/auth_status")).willReturn(aResponse().withStatus(503)));

    PushStart start = provider().startPush(request("alice@corp.example"));

    assertThat(start).isInstanceOf(NotVerifiable.class);
    duo.verify(1, postRequestedFor(urlPathEqualTo("/auth/v2/auth")));
  }

  @Test
  void withoutAVerifiedPushRequirementThePushCarriesNoTxidAndNoCode() {
    duo.stubFor(post("/auth/v2/auth").willReturn(json(200, "auth-async.json")));

    PushStart start = provider().startPush(request("alice@corp.example"));

    assertThat(start)
        .isEqualTo(new PushStart.Started(new PushHandle(TXID), java.util.Optional.empty()));
    duo.verify(
        postRequestedFor(urlPathEqualTo("/auth/v2/auth")).withRequestBody(notContaining("txid")));
    duo.verify(0, getRequestedFor(urlPathEqualTo("/auth/v2/auth_status")));
  }

  @Test
  void verifiedPushOffNeitherAnnouncesSupportNorPreauthsAgain() {
    duo.stubFor(post("/auth/v2/auth").willReturn(json(200, "auth-async.json")));
    PushProvider provider = provider(Map.of("verified-push", false));

    provider.lookup(ALICE);
    provider.startPush(request("alice@corp.example"));

    duo.verify(
        1,
        postRequestedFor(urlPathEqualTo("/auth/v2/preauth"))
            .withRequestBody(equalTo("username=alice%40corp.example")));
  }

  @Test
  void preauthThatNowDeniesStopsThePushBeforeItIsSent() {
    stubPreauth("preauth-deny.json");

    assertThat(reason(provider().startPush(request("alice@corp.example"))))
        .isEqualTo(ReasonCode.PROVIDER_REFUSED);
    duo.verify(0, postRequestedFor(urlPathEqualTo("/auth/v2/auth")));
  }

  @Test
  void pushIsSentAsynchronouslyToTheAutoDeviceNamingTheTicket() {
    duo.stubFor(post("/auth/v2/auth").willReturn(json(200, "auth-async.json")));

    PushStart start = provider().startPush(request("alice@corp.example"));

    assertThat(start)
        .isEqualTo(new PushStart.Started(new PushHandle(TXID), java.util.Optional.empty()));
    Map<String, String> form =
        form(
            duo.getAllServeEvents().stream()
                .map(e -> e.getRequest())
                .filter(r -> r.getUrl().equals("/auth/v2/auth"))
                .findFirst()
                .orElseThrow());
    assertThat(form)
        .containsEntry("username", "alice@corp.example")
        .containsEntry("factor", "push")
        .containsEntry("device", "auto")
        .containsEntry("async", "1")
        .containsEntry("pushinfo", "ticket=HD-42&request=a%20password%20or%20credential%20reset");
  }

  @Test
  void pushForAPhoneInOrATechniciansRequestSaysItComesFromTheServiceDesk() {
    duo.stubFor(post("/auth/v2/auth").willReturn(json(200, "auth-async.json")));
    PushRequest own = request("alice@corp.example");
    PushRequest desk =
        new PushRequest(
            own.caseId(),
            own.ticket(),
            own.requester(),
            own.providerUserId(),
            own.operation(),
            true);

    provider().startPush(desk);

    assertThat(form(duo.getAllServeEvents().get(0).getRequest()))
        .containsEntry(
            "pushinfo",
            "ticket=HD-42&request=a%20password%20or%20credential%20reset&from=IT%20service%20desk");
  }

  @Test
  void synchronousAllowWithoutPushIsNeverAnApproval() {
    duo.stubFor(post("/auth/v2/auth").willReturn(json(200, "auth-bypass.json")));

    PushStart start = provider().startPush(request("alice@corp.example"));

    assertThat(start).isInstanceOf(NotVerifiable.class);
    assertThat(((NotVerifiable) start).reason()).isEqualTo(ReasonCode.PROVIDER_REFUSED);
    assertThat(((NotVerifiable) start).detail()).contains("bypass");
  }

  @Test
  void synchronousDenyEscalatesInsteadOfSendingAgain() {
    duo.stubFor(post("/auth/v2/auth").willReturn(json(200, "auth-locked-out.json")));

    assertThat(provider().startPush(request("alice@corp.example")))
        .isInstanceOf(NotVerifiable.class);
  }

  @Test
  void caseUserNameThatIsNotTheRequestersOwnIsRefusedWithoutAPush() {
    PushStart start = provider().startPush(request("mallory@corp.example"));

    assertThat(reason(start)).isEqualTo(ReasonCode.NOT_ACCOUNT_OWNER);
    assertThat(duo.getAllServeEvents()).isEmpty();
  }

  @Test
  void serverErrorAfterPushMayHaveSentItAndIsNotRetried() {
    duo.stubFor(post("/auth/v2/auth").willReturn(aResponse().withStatus(500)));

    TransientFailure f =
        catchThrowableOfType(
            TransientFailure.class, () -> provider().startPush(request("alice@corp.example")));

    assertThat(f.mayHaveTakenEffect()).isTrue();
    duo.verify(1, postRequestedFor(urlPathEqualTo("/auth/v2/auth")));
  }

  // --- status ------------------------------------------------------------------------------------

  @Test
  void waitingTransactionIsPending() {
    stubStatus("status-waiting.json");

    assertThat(provider().status(new PushHandle(TXID))).isInstanceOf(PushStatus.Pending.class);
    duo.verify(
        getRequestedFor(urlPathEqualTo("/auth/v2/auth_status"))
            .withQueryParam("txid", equalTo(TXID)));
  }

  @Test
  void approvedPushIsApproved() {
    stubStatus("status-allow.json");

    assertThat(provider().status(new PushHandle(TXID))).isInstanceOf(PushStatus.Approved.class);
  }

  @Test
  void deniedPushIsDeniedWithoutFraud() {
    stubStatus("status-deny.json");

    PushStatus status = provider().status(new PushHandle(TXID));

    assertThat(status).isInstanceOf(PushStatus.Denied.class);
    assertThat(((PushStatus.Denied) status).fraudReported()).isFalse();
  }

  @Test
  void pushReportedAsFraudIsDeniedWithFraud() {
    stubStatus("status-fraud.json");

    PushStatus status = provider().status(new PushHandle(TXID));

    assertThat(((PushStatus.Denied) status).fraudReported()).isTrue();
  }

  @Test
  void unansweredPushThatDuoTimedOutIsExpired() {
    stubStatus("status-timeout.json");

    assertThat(provider().status(new PushHandle(TXID))).isInstanceOf(PushStatus.Expired.class);
  }

  @Test
  void allowWithBypassStatusIsRefusedRatherThanApproved() {
    stubStatus("status-bypass.json");

    assertThatThrownBy(() -> provider().status(new PushHandle(TXID)))
        .isInstanceOf(PermanentFailure.class)
        .hasMessageContaining("not counted as an approval");
  }

  // --- failures ----------------------------------------------------------------------------------

  @Test
  void badCredentialsArePermanentAndNameTheCallWithoutTheSecret() {
    duo.stubFor(post("/auth/v2/preauth").willReturn(json(401, "error-401.json")));

    assertThatThrownBy(() -> provider().lookup(ALICE))
        .isInstanceOf(PermanentFailure.class)
        .hasMessageContaining("POST /auth/v2/preauth")
        .hasMessageContaining("401")
        .hasMessageContaining("check the credentials")
        .hasMessageNotContaining(SKEY);
  }

  @Test
  void rateLimitIsTransientAndCertainlyHadNoEffect() {
    duo.stubFor(post("/auth/v2/auth").willReturn(json(429, "error-429.json")));

    TransientFailure f =
        catchThrowableOfType(
            TransientFailure.class, () -> provider().startPush(request("alice@corp.example")));

    assertThat(f.mayHaveTakenEffect()).isFalse();
  }

  @Test
  void throttledPreauthBeforeThePushStaysDeferredSoTheCaseWaitsWithoutAFailure() {
    // startPush wraps a failed preauth to say no push went out; a 429 that names its wait must
    // still reach the workflow as flow control, not as a failure that counts towards escalation.
    duo.stubFor(
        post("/auth/v2/preauth")
            .willReturn(json(429, "error-429.json").withHeader("Retry-After", "30")));

    TransientFailure f =
        catchThrowableOfType(
            TransientFailure.class, () -> provider().startPush(request("alice@corp.example")));

    assertThat(f.deferred()).isTrue();
    assertThat(f.mayHaveTakenEffect()).isFalse();
    assertThat(f.retryAfter()).contains(java.time.Duration.ofSeconds(30));
    duo.verify(0, postRequestedFor(urlPathEqualTo("/auth/v2/auth")));
  }

  @Test
  void unavailableServiceIsRetriedWithinTheCall() {
    duo.stubFor(
        post("/auth/v2/preauth")
            .inScenario("flaky")
            .whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
            .willReturn(aResponse().withStatus(503))
            .willSetStateTo("up"));
    duo.stubFor(
        post("/auth/v2/preauth")
            .inScenario("flaky")
            .whenScenarioStateIs("up")
            .willReturn(json(200, "preauth-auth.json")));

    assertThat(provider(Map.of("max-attempts", 2)).lookup(ALICE))
        .isInstanceOf(UserLookup.Enrolled.class);
  }

  @Test
  void serverErrorOnStatusIsTransient() {
    duo.stubFor(
        get(urlPathEqualTo("/auth/v2/auth_status")).willReturn(aResponse().withStatus(502)));

    assertThatThrownBy(() -> provider().status(new PushHandle(TXID)))
        .isInstanceOf(TransientFailure.class)
        .hasMessageContaining("502");
  }

  @Test
  void malformedBodyIsTransient() {
    duo.stubFor(
        get(urlPathEqualTo("/auth/v2/auth_status"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"stat\": \"OK\", \"response\": [")));

    assertThatThrownBy(() -> provider().status(new PushHandle(TXID)))
        .isInstanceOf(TransientFailure.class)
        .hasMessageContaining("malformed response");
  }

  @Test
  void failStatInsideSuccessIsTransient() {
    duo.stubFor(post("/auth/v2/preauth").willReturn(json(200, "error-fail-in-200.json")));

    assertThatThrownBy(() -> provider().lookup(ALICE))
        .isInstanceOf(TransientFailure.class)
        .hasMessageContaining("40002");
  }

  @Test
  void unknownResultIsTransientNotGuessed() {
    duo.stubFor(
        get(urlPathEqualTo("/auth/v2/auth_status"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"stat\":\"OK\",\"response\":{\"result\":\"maybe\"}}")));

    assertThatThrownBy(() -> provider().status(new PushHandle(TXID)))
        .isInstanceOf(TransientFailure.class);
  }

  @Test
  void droppedConnectionIsTransient() {
    duo.stubFor(
        get(urlPathEqualTo("/auth/v2/auth_status"))
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

    assertThatThrownBy(() -> provider(Map.of("max-attempts", 1)).status(new PushHandle(TXID)))
        .isInstanceOf(TransientFailure.class);
  }

  @Test
  void statusLongPollHeldBeyondItsReadTimeoutIsStillPendingNotAFailure() {
    duo.stubFor(
        get(urlPathEqualTo("/auth/v2/auth_status"))
            .willReturn(json(200, "status-waiting.json").withFixedDelay(1_500)));

    assertThat(provider(Map.of("status-read-timeout", "200ms")).status(new PushHandle(TXID)))
        .isInstanceOf(PushStatus.Pending.class);
  }

  @Test
  void otherCallsSlowerThanTheReadTimeoutAreTransient() {
    duo.stubFor(
        post("/auth/v2/preauth").willReturn(json(200, "preauth-auth.json").withFixedDelay(1_500)));

    assertThatThrownBy(() -> provider(Map.of("read-timeout", "200ms")).lookup(ALICE))
        .isInstanceOf(TransientFailure.class);
  }

  // --- circuit -----------------------------------------------------------------------------------

  @Test
  void providerThatKeepsFailingIsNotCalledWhileTheCircuitIsOpen() {
    duo.stubFor(
        get(urlPathEqualTo("/auth/v2/auth_status")).willReturn(aResponse().withStatus(500)));
    PushProvider provider = provider(Map.of("circuit-failures", 2, "circuit-open-for", "30s"));
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> provider.status(new PushHandle(TXID)))
          .isInstanceOf(TransientFailure.class);
    }
    int callsWhenOpened = duo.getAllServeEvents().size();

    TransientFailure refused =
        catchThrowableOfType(TransientFailure.class, () -> provider.status(new PushHandle(TXID)));

    assertThat(duo.getAllServeEvents()).hasSize(callsWhenOpened);
    assertThat(refused.mayHaveTakenEffect()).isFalse();
    assertThat(refused.retryAfter()).contains(Duration.ofSeconds(30));
  }

  @Test
  void circuitLetsOneCallThroughAfterItsOpenTimeAndClosesOnSuccess() {
    duo.stubFor(
        get(urlPathEqualTo("/auth/v2/auth_status")).willReturn(aResponse().withStatus(500)));
    PushProvider provider = provider(Map.of("circuit-failures", 1, "circuit-open-for", "30s"));
    assertThatThrownBy(() -> provider.status(new PushHandle(TXID)))
        .isInstanceOf(TransientFailure.class);
    stubStatus("status-waiting.json");
    clock.advance(Duration.ofSeconds(31));

    assertThat(provider.status(new PushHandle(TXID))).isInstanceOf(PushStatus.Pending.class);
  }

  // --- factory -----------------------------------------------------------------------------------

  @Test
  void factoryIsFoundByTypeDuo() {
    assertThat(
            ServiceLoader.load(PushProviderFactory.class).stream()
                .map(p -> p.get().type())
                .toList())
        .contains("duo");
  }

  @Test
  void localPartMappingWithoutDomainsIsAConfigurationError() {
    assertThatThrownBy(() -> provider(Map.of("username-from", "email-local-part")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("providers.duo-main.email-domains");
  }

  @Test
  void pushTimeoutIsDuosSixtySecondsByDefault() {
    assertThat(provider().pushTimeout()).isEqualTo(Duration.ofSeconds(60));
  }

  // --- helpers -----------------------------------------------------------------------------------

  private PushProvider provider() {
    return provider(Map.of());
  }

  private PushProvider provider(Map<String, Object> overrides) {
    Map<String, Object> raw = new HashMap<>();
    raw.put("base-url", duo.baseUrl());
    raw.put("integration-key", IKEY);
    raw.put("secret-key", SKEY);
    raw.put("max-attempts", 1);
    raw.putAll(overrides);
    DuoPushProviderFactory factory = new DuoPushProviderFactory();
    return factory.create(
        "duo-main",
        factory.config().parse("providers.duo-main", raw),
        new IntegrationContext(clock, new SplittableRandom(7), (key, expiresAt) -> true));
  }

  private static PushRequest request(String providerUserId) {
    return new PushRequest(
        new CaseId("3f1c3a56-0000-4000-8000-000000000042"),
        new TicketRef("jira-main", "HD-42"),
        ALICE,
        providerUserId,
        SensitiveOperation.CREDENTIAL_RESET);
  }

  private static void stubPreauth(String fixture) {
    duo.stubFor(post("/auth/v2/preauth").willReturn(json(200, fixture)));
  }

  private static void stubStatus(String fixture) {
    duo.stubFor(get(urlPathEqualTo("/auth/v2/auth_status")).willReturn(json(200, fixture)));
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(
      int status, String fixture) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withBody(fixture(fixture));
  }

  static String fixture(String name) {
    try (InputStream in = DuoPushProviderTest.class.getResourceAsStream("/duo/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ReasonCode reason(Object answer) {
    return ((NotVerifiable) answer).reason();
  }

  private static Map<String, String> form(LoggedRequest request) {
    Map<String, String> form = new HashMap<>();
    List<Map.Entry<String, String>> pairs = new ArrayList<>();
    for (String pair : request.getBodyAsString().split("&")) {
      String[] kv = pair.split("=", 2);
      pairs.add(
          new AbstractMap.SimpleEntry<>(
              java.net.URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
              java.net.URLDecoder.decode(kv[1], StandardCharsets.UTF_8)));
    }
    pairs.forEach(p -> form.put(p.getKey(), p.getValue()));
    return form;
  }

  @Test
  void connectionCheckCallsDuosCheckEndpointSigned() {
    duo.stubFor(
        com.github.tomakehurst.wiremock.client.WireMock.get("/auth/v2/check")
            .willReturn(
                com.github.tomakehurst.wiremock.client.WireMock.okJson(
                    "{\"stat\":\"OK\",\"response\":{\"time\":1357020061}}")));

    provider().checkConnection();

    duo.verify(
        com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
                urlPathEqualTo("/auth/v2/check"))
            .withHeader(
                "Authorization",
                com.github.tomakehurst.wiremock.client.WireMock.matching("Basic .+")));
  }

  @Test
  void connectionCheckWithBadKeysIsAPermanentFailure() {
    duo.stubFor(
        com.github.tomakehurst.wiremock.client.WireMock.get("/auth/v2/check")
            .willReturn(
                com.github.tomakehurst.wiremock.client.WireMock.aResponse()
                    .withStatus(401)
                    .withBody(
                        "{\"stat\":\"FAIL\",\"code\":40101,\"message\":\"Missing request credentials\"}")));

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> provider().checkConnection())
        .isInstanceOf(com.helpdeskverify.core.spi.PermanentFailure.class)
        .hasMessageContaining("401");
  }
}
