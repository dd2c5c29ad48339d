package com.helpdeskverify.providers.duo;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DuoVerificationPushProviderTest {
  private static final String IKEY = "DIADMIN0000000000001";
  private static final String SKEY = "admin-secret-key-not-for-logs";
  private static final String USER_ID = "DUBJ8F6IBGEK3SVP4PMP";
  private static final String PHONE_ID = "DPJWEEIN1QO2BGF9M3FO";
  private static final String PUSH_ID = "60e4f3a6-3f3e-4e0d-a1f2-b7c8d9e0f1a2";
  private static final PushHandle HANDLE = new PushHandle(USER_ID + ":" + PUSH_ID);
  private static final String RESPONSE_PATH =
      "/admin/v1/users/" + USER_ID + "/verification_push_response";
  private static final Requester ALICE =
      Requester.of("acc-alice", "alice@corp.example", "Alice Example");

  @RegisterExtension
  static WireMockExtension duo =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T19:00:00Z"));

  // --- lookup ------------------------------------------------------------------------------------

  @Test
  void activeUserWithAPushPhoneIsEnrolledUnderTheirDuoUserId() {
    stubUsers("users-alice.json");

    assertThat(provider().lookup(ALICE)).isEqualTo(new UserLookup.Enrolled(USER_ID));
    duo.verify(
        getRequestedFor(urlPathEqualTo("/admin/v1/users"))
            .withQueryParam("username", equalTo("alice@corp.example")));
  }

  @Test
  void adminCallsAreSignedLikeTheAuthApiWithTheAdminApplicationsKeys() {
    stubUsers("users-alice.json");

    provider().lookup(ALICE);

    LoggedRequest sent = duo.getAllServeEvents().get(0).getRequest();
    URI uri = URI.create(duo.baseUrl());
    String canonical =
        DuoSignature.canonical(
            sent.getHeader("Date"),
            "GET",
            uri.getHost() + ":" + uri.getPort(),
            "/admin/v1/users",
            List.of(Map.entry("username", "alice@corp.example")));
    assertThat(sent.getHeader("Date")).isEqualTo("Sun, 22 Nov 2026 19:00:00 -0000");
    assertThat(sent.getHeader("Authorization"))
        .isEqualTo(
            new DuoSignature(IKEY, SKEY, DuoSignature.Algorithm.HMAC_SHA512)
                .authorization(canonical));
  }

  @Test
  void userDuoDoesNotKnowIsAnUnknownUser() {
    stubUsers("users-none.json");

    assertThat(reason(provider().lookup(ALICE))).isEqualTo(ReasonCode.UNKNOWN_USER);
  }

  @Test
  void userWithoutAPhoneActivatedForPushHasNoEnrolledDevice() {
    stubUsers("users-sms-only.json");

    assertThat(reason(provider().lookup(ALICE))).isEqualTo(ReasonCode.NO_ENROLLED_DEVICE);
  }

  @Test
  void bypassUserIsRefusedBecauseNoPushCouldVerifyThem() {
    stubUsers("users-bypass.json");

    assertThat(reason(provider().lookup(ALICE))).isEqualTo(ReasonCode.PROVIDER_REFUSED);
  }

  // --- push --------------------------------------------------------------------------------------

  @Test
  void pushGoesToThePushPhoneAndItsConfirmationCodeIsTheMatchNumber() {
    stubUser("user-alice.json");
    stubSend("send.json");

    PushStart start = provider().startPush(request(USER_ID));

    assertThat(start).isEqualTo(new PushStart.Started(HANDLE, Optional.of("004200")));
    duo.verify(
        postRequestedFor(urlPathEqualTo("/admin/v1/users/" + USER_ID + "/send_verification_push"))
            .withHeader("Content-Type", matching("application/x-www-form-urlencoded.*"))
            .withRequestBody(equalTo("phone_id=" + PHONE_ID)));
  }

  @Test
  void pushWithoutAConfirmationCodeEscalates() {
    stubUser("user-alice.json");
    stubSend("send-no-code.json");

    assertThat(reason(provider().startPush(request(USER_ID))))
        .isEqualTo(ReasonCode.PROVIDER_REFUSED);
  }

  @Test
  void userRenamedSinceTheLookUpIsNotPushed() {
    stubUser("user-alice.json");

    PushStart start =
        provider()
            .startPush(
                new PushRequest(
                    new CaseId("3f1c3a56-0000-4000-8000-000000000042"),
                    new TicketRef("jira-main", "HD-42"),
                    Requester.of("acc-bob", "bob@corp.example", "Bob"),
                    USER_ID,
                    SensitiveOperation.MFA_RESET));

    assertThat(reason(start)).isEqualTo(ReasonCode.NOT_ACCOUNT_OWNER);
    duo.verify(
        0,
        postRequestedFor(urlPathEqualTo("/admin/v1/users/" + USER_ID + "/send_verification_push")));
  }

  @Test
  void serverErrorAfterSendingMayHaveSentIt() {
    stubUser("user-alice.json");
    duo.stubFor(
        post(urlPathEqualTo("/admin/v1/users/" + USER_ID + "/send_verification_push"))
            .willReturn(aResponse().withStatus(500)));

    assertThatThrownBy(() -> provider().startPush(request(USER_ID)))
        .isInstanceOfSatisfying(
            TransientFailure.class, f -> assertThat(f.mayHaveTakenEffect()).isTrue());
  }

  // --- status ------------------------------------------------------------------------------------

  @Test
  void answersMapToTheirOutcomes() {
    assertThat(statusFor("response-waiting.json")).isEqualTo(new PushStatus.Pending());
    assertThat(statusFor("response-approve.json")).isEqualTo(new PushStatus.Approved());
    assertThat(statusFor("response-deny.json"))
        .isEqualTo(new PushStatus.Denied(false, "denied in Duo Mobile"));
    assertThat(statusFor("response-fraud.json"))
        .isEqualTo(new PushStatus.Denied(true, "reported as fraud in Duo Mobile"));
    duo.verify(
        getRequestedFor(urlPathEqualTo(RESPONSE_PATH)).withQueryParam("push_id", equalTo(PUSH_ID)));
  }

  @Test
  void answerGoneAfterDuosHundredAndTwentySecondsIsATimeout() {
    duo.stubFor(get(urlPathEqualTo(RESPONSE_PATH)).willReturn(json(404, "error-404.json")));

    assertThat(provider().status(HANDLE)).isEqualTo(new PushStatus.Expired());
  }

  @Test
  void unknownResultIsNeverAnApproval() {
    duo.stubFor(
        get(urlPathEqualTo(RESPONSE_PATH))
            .willReturn(
                okJson(
                    "{\"stat\":\"OK\",\"response\":{\"push_id\":\""
                        + PUSH_ID
                        + "\",\"result\":\"allow\"}}")));

    assertThatThrownBy(() -> provider().status(HANDLE)).isInstanceOf(TransientFailure.class);
  }

  @Test
  void handleNotMadeHereIsRefusedWithoutACall() {
    assertThatThrownBy(() -> provider().status(new PushHandle("../../admin/v1/x")))
        .isInstanceOf(PermanentFailure.class);
    assertThat(duo.getAllServeEvents()).isEmpty();
  }

  @Test
  void invalidKeysArePermanentAndNeverShowTheSecret() {
    duo.stubFor(
        get(urlPathEqualTo("/admin/v1/users"))
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"stat\":\"FAIL\",\"code\":40103,\"message\":\"Invalid signature in request credentials\"}")));

    assertThatThrownBy(() -> provider().checkConnection())
        .isInstanceOf(PermanentFailure.class)
        .hasMessageContaining("401")
        .hasMessageNotContaining(SKEY);
  }

  @Test
  void connectionCheckReadsOneUserAndPromptsNobody() {
    stubUsers("users-alice.json");

    provider().checkConnection();

    duo.verify(
        getRequestedFor(urlPathEqualTo("/admin/v1/users"))
            .withQueryParam("limit", equalTo("1"))
            .withQueryParam("offset", equalTo("0")));
    duo.verify(
        0,
        postRequestedFor(urlPathEqualTo("/admin/v1/users/" + USER_ID + "/send_verification_push")));
  }

  // --- configuration -----------------------------------------------------------------------------

  @Test
  void factoryIsFoundByItsOwnType() {
    assertThat(
            ServiceLoader.load(PushProviderFactory.class).stream()
                .map(p -> p.get().type())
                .toList())
        .contains("duo", "duo-verification-push");
  }

  @Test
  void pushTimeoutMustEndBeforeDuoForgetsTheAnswer() {
    assertThatThrownBy(() -> provider(Map.of("push-timeout", "120s")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("push-timeout");
    assertThat(provider().pushTimeout()).isEqualTo(Duration.ofSeconds(110));
  }

  // --- helpers -----------------------------------------------------------------------------------

  private PushStatus statusFor(String fixture) {
    duo.stubFor(get(urlPathEqualTo(RESPONSE_PATH)).willReturn(json(200, fixture)));
    return provider().status(HANDLE);
  }

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
    DuoVerificationPushProviderFactory factory = new DuoVerificationPushProviderFactory();
    return factory.create(
        "duo-helpdesk",
        factory.config().parse("providers.duo-helpdesk", raw),
        new IntegrationContext(clock, new SplittableRandom(3), (key, expiresAt) -> true));
  }

  private static PushRequest request(String providerUserId) {
    return new PushRequest(
        new CaseId("3f1c3a56-0000-4000-8000-000000000042"),
        new TicketRef("jira-main", "HD-42"),
        ALICE,
        providerUserId,
        SensitiveOperation.MFA_RESET);
  }

  private static ReasonCode reason(Object answer) {
    return ((NotVerifiable) answer).reason();
  }

  private static void stubUsers(String fixture) {
    duo.stubFor(get(urlPathEqualTo("/admin/v1/users")).willReturn(json(200, fixture)));
  }

  private static void stubUser(String fixture) {
    duo.stubFor(get(urlPathEqualTo("/admin/v1/users/" + USER_ID)).willReturn(json(200, fixture)));
  }

  private static void stubSend(String fixture) {
    duo.stubFor(
        post(urlPathEqualTo("/admin/v1/users/" + USER_ID + "/send_verification_push"))
            .willReturn(json(200, fixture)));
  }

  private static ResponseDefinitionBuilder okJson(String body) {
    return aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withBody(body);
  }

  private static ResponseDefinitionBuilder json(int status, String fixture) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withBody(fixture(fixture));
  }

  private static String fixture(String name) {
    try (InputStream in =
        DuoVerificationPushProviderTest.class.getResourceAsStream("/duo/admin/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
