package com.helpdeskverify.providers.traceless;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against the assumed wire format of {@link TracelessApi} (Traceless documents none). */
@WireMockTest
class TracelessPushProviderTest {
  static final String ORG = "5b1f3c2e-8a4d-4e6f-9b0a-1c2d3e4f5a6b";
  static final String VERIFICATION = "vrf_01J9Z8Y7X6W5V4";
  static final CaseId CASE = new CaseId("0f9e8d7c-6b5a-4c3d-8e1f-2a3b4c5d6e7f");
  static final Requester CARLA = Requester.of("sn-42", "carla@example.com", "Carla");

  private final MutableClock clock = MutableClock.at("2026-11-22T10:00:00Z");
  private String base;

  @BeforeEach
  void setUp(WireMockRuntimeInfo wm) {
    base = wm.getHttpBaseUrl();
  }

  private PushProvider provider(Map<String, Object> overrides) {
    Map<String, Object> raw = new HashMap<>();
    raw.put("api-url", base);
    raw.put("organization-id", ORG);
    raw.put("signing-secret", "tl-signing-secret");
    raw.put("max-attempts", 1);
    raw.putAll(overrides);
    TracelessPushProviderFactory factory = new TracelessPushProviderFactory();
    return factory.create(
        "traceless-main",
        factory.config().parse("push-providers.traceless-main", raw),
        new IntegrationContext(clock, new SplittableRandom(1), new MemoryReplayGuard()));
  }

  private PushProvider provider() {
    return provider(Map.of());
  }

  private static PushRequest request() {
    return new PushRequest(
        CASE,
        new TicketRef("servicenow", "INC0010001"),
        CARLA,
        "carla@example.com",
        SensitiveOperation.ACCOUNT_UNLOCK);
  }

  private static void created() {
    WireMock.stubFor(
        post("/v1/verifications")
            .willReturn(
                okJson("{\"id\": \"" + VERIFICATION + "\", \"status\": \"pending\"}")
                    .withStatus(201)));
  }

  private static void verification(String status) {
    WireMock.stubFor(
        get("/v1/verifications/" + VERIFICATION)
            .willReturn(
                okJson("{\"id\": \"" + VERIFICATION + "\", \"status\": \"" + status + "\"}")));
  }

  private static void createFails(int status, String body) {
    WireMock.stubFor(
        post("/v1/verifications")
            .willReturn(
                aResponse()
                    .withStatus(status)
                    .withHeader("Content-Type", "application/json")
                    .withBody(body)));
  }

  @Test
  void lookupTakesTheAuthenticatedEmail() {
    assertThat(provider().lookup(CARLA)).isEqualTo(new UserLookup.Enrolled("carla@example.com"));
  }

  @Test
  void requesterWithoutEmailIsUnknownUser() {
    assertThat(provider().lookup(Requester.of("sn-43", null, "Dan")))
        .isInstanceOfSatisfying(
            NotVerifiable.class, nv -> assertThat(nv.reason()).isEqualTo(ReasonCode.UNKNOWN_USER));
  }

  @Test
  void pushAsksForTheConfiguredMethodWithTheCaseAsReference() {
    created();

    PushStart start = provider(Map.of("push-method", "duo-push")).startPush(request());

    assertThat(start)
        .isEqualTo(new PushStart.Started(new PushHandle(VERIFICATION), Optional.empty()));
    WireMock.verify(
        postRequestedFor(urlPathEqualTo("/v1/verifications"))
            .withHeader("X-Traceless-Organization", equalTo(ORG))
            .withRequestBody(
                equalToJson(
                    "{\"email\": \"carla@example.com\", \"push_method\": \"duo_push\","
                        + " \"reference\": \""
                        + CASE.value()
                        + "\"}")));
  }

  @Test
  void requestsAreSignedWithTheSigningSecretOverTimestampMethodPathAndBody() throws Exception {
    created();

    provider().startPush(request());

    LoggedRequest sent =
        WireMock.findAll(postRequestedFor(urlPathEqualTo("/v1/verifications"))).get(0);
    String timestamp = sent.getHeader("X-Traceless-Timestamp");
    assertThat(timestamp).isEqualTo("1795341600");
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec("tl-signing-secret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String expected =
        HexFormat.of()
            .formatHex(
                mac.doFinal(
                    (timestamp + "\nPOST\n/v1/verifications\n" + sent.getBodyAsString())
                        .getBytes(StandardCharsets.UTF_8)));
    assertThat(sent.getHeader("X-Traceless-Signature")).isEqualTo(expected);
  }

  @Test
  void displayNameIsTheAppThePushGoesTo() {
    assertThat(provider(Map.of("push-method", "duo-push")).displayName()).isEqualTo("Duo Mobile");
  }

  @Test
  void deadlineIsFiveMinutesAndPollingEveryThreeSeconds() {
    TracelessPushProvider provider = (TracelessPushProvider) provider();

    assertThat(List.of(provider.pushTimeout(), provider.pollInterval().orElseThrow()))
        .containsExactly(Duration.ofMinutes(5), Duration.ofSeconds(3));
  }

  @Test
  void approvedVerificationIsApproved() {
    verification("approved");

    assertThat(provider().status(new PushHandle(VERIFICATION)))
        .isEqualTo(new PushStatus.Approved());
  }

  @Test
  void deniedVerificationIsDenied() {
    verification("denied");

    assertThat(provider().status(new PushHandle(VERIFICATION)))
        .isEqualTo(new PushStatus.Denied(false, "denied in Microsoft Authenticator"));
  }

  @Test
  void fraudReportIsADenialWithFraud() {
    verification("fraud_reported");

    assertThat(provider().status(new PushHandle(VERIFICATION)))
        .isInstanceOfSatisfying(
            PushStatus.Denied.class, d -> assertThat(d.fraudReported()).isTrue());
  }

  @Test
  void unansweredVerificationIsPending() {
    verification("pending");

    assertThat(provider().status(new PushHandle(VERIFICATION))).isEqualTo(new PushStatus.Pending());
  }

  @Test
  void verificationTracelessTimedOutIsExpired() {
    verification("expired");

    assertThat(provider().status(new PushHandle(VERIFICATION))).isEqualTo(new PushStatus.Expired());
  }

  @Test
  void unknownStatusIsNeverAnApproval() {
    verification("approved_pending_review");

    assertThatThrownBy(() -> provider().status(new PushHandle(VERIFICATION)))
        .isInstanceOf(TransientFailure.class);
  }

  @Test
  void userTracelessDoesNotKnowIsUnknownUser() {
    createFails(404, "{\"error\": \"user_not_found\", \"message\": \"no such user\"}");

    assertThat(provider().startPush(request()))
        .isInstanceOfSatisfying(
            NotVerifiable.class, nv -> assertThat(nv.reason()).isEqualTo(ReasonCode.UNKNOWN_USER));
  }

  @Test
  void userWithoutDeviceHasNoEnrolledDevice() {
    createFails(422, "{\"error\": \"no_enrolled_device\", \"message\": \"no device\"}");

    assertThat(provider().startPush(request()))
        .isInstanceOfSatisfying(
            NotVerifiable.class,
            nv -> assertThat(nv.reason()).isEqualTo(ReasonCode.NO_ENROLLED_DEVICE));
  }

  @Test
  void rejectedSignatureIsPermanentAndNamesNoSecret() {
    createFails(401, "{\"error\": \"invalid_signature\"}");

    assertThatThrownBy(() -> provider().startPush(request()))
        .isInstanceOfSatisfying(
            PermanentFailure.class,
            f -> {
              assertThat(f.getMessage()).contains("401");
              assertThat(f.getMessage()).doesNotContain("tl-signing-secret");
            });
  }

  @Test
  void rateLimitedPushIsTransientAndCertainlyNotSent() {
    WireMock.stubFor(
        post("/v1/verifications")
            .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "60")));

    assertThatThrownBy(() -> provider().startPush(request()))
        .isInstanceOfSatisfying(
            TransientFailure.class,
            f -> {
              assertThat(f.mayHaveTakenEffect()).isFalse();
              assertThat(f.retryAfter()).contains(Duration.ofSeconds(60));
            });
  }

  @Test
  void serverErrorOnStatusIsTransient() {
    WireMock.stubFor(
        get("/v1/verifications/" + VERIFICATION).willReturn(aResponse().withStatus(500)));

    assertThatThrownBy(() -> provider().status(new PushHandle(VERIFICATION)))
        .isInstanceOf(TransientFailure.class);
  }

  @Test
  void malformedStatusBodyIsTransient() {
    WireMock.stubFor(get("/v1/verifications/" + VERIFICATION).willReturn(okJson("[\"approved\"")));

    assertThatThrownBy(() -> provider().status(new PushHandle(VERIFICATION)))
        .isInstanceOfSatisfying(
            TransientFailure.class, f -> assertThat(f.getMessage()).contains("malformed"));
  }

  @Test
  void createAnswerWithoutIdIsTransientAndMayHaveSent() {
    WireMock.stubFor(post("/v1/verifications").willReturn(okJson("{\"status\": \"pending\"}")));

    assertThatThrownBy(() -> provider().startPush(request()))
        .isInstanceOfSatisfying(
            TransientFailure.class, f -> assertThat(f.mayHaveTakenEffect()).isTrue());
  }

  @Test
  void tracelessDownOpensTheCircuit() {
    WireMock.stubFor(
        get("/v1/verifications/" + VERIFICATION).willReturn(aResponse().withStatus(503)));
    PushProvider provider = provider(Map.of("circuit-failures", 2));
    for (int i = 0; i < 2; i++) {
      assertThat(provider.paused()).isFalse();
      assertThatThrownBy(() -> provider.status(new PushHandle(VERIFICATION)));
    }
    // Readiness reads this.
    assertThat(provider.paused()).isTrue();

    assertThatThrownBy(() -> provider.status(new PushHandle(VERIFICATION)))
        .isInstanceOfSatisfying(
            TransientFailure.class, f -> assertThat(f.getMessage()).contains("circuit open"));
  }
}
