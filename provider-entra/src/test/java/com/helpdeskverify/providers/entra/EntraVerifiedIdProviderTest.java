package com.helpdeskverify.providers.entra;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.helpdeskverify.core.CaseId;
import com.helpdeskverify.core.PushHandle;
import com.helpdeskverify.core.ReasonCode;
import com.helpdeskverify.core.Requester;
import com.helpdeskverify.core.SensitiveOperation;
import com.helpdeskverify.core.TicketRef;
import com.helpdeskverify.core.config.ConfigException;
import com.helpdeskverify.core.spi.InboundWebhook;
import com.helpdeskverify.core.spi.IntegrationContext;
import com.helpdeskverify.core.spi.NotVerifiable;
import com.helpdeskverify.core.spi.ProviderNotes;
import com.helpdeskverify.core.spi.PushProvider;
import com.helpdeskverify.core.spi.PushRequest;
import com.helpdeskverify.core.spi.PushStart;
import com.helpdeskverify.core.spi.PushStatus;
import com.helpdeskverify.core.spi.UserLookup;
import com.helpdeskverify.core.spi.WebhookHead;
import com.helpdeskverify.core.spi.WebhookOutcome;
import com.helpdeskverify.core.spi.WebhookReceiver;
import com.helpdeskverify.testkit.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EntraVerifiedIdProviderTest {
  static final String TENANT = "contoso.onmicrosoft.com";
  static final String OBJECT_ID = "6d5e4f3a-2b1c-4d0e-9f8a-7b6c5d4e3f2a";
  static final String UPN = "alice@contoso.com";
  static final String REQUEST_ID = "e4ef27ca-eb8c-4b63-823b-3b95140eac11";
  static final String ISSUER = "did:web:verifiedid.contoso.com";
  static final String CALLBACK_KEY = "cb-key-9f2e";
  static final String SECRET = "client-secret-never-logged";
  static final CaseId CASE = new CaseId("8d4c2f3e-1b5a-4c7d-9e8f-0a1b2c3d4e5f");
  static final Requester ALICE = Requester.of("acc-1", "Alice@Contoso.com", "Alice");

  @RegisterExtension
  static WireMockExtension ms =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T19:00:00Z"));
  private final ProviderNotes notes = ProviderNotes.inMemory(clock);

  @BeforeEach
  void tokensAndGraph() {
    ms.stubFor(
        post(urlPathEqualTo("/" + TENANT + "/oauth2/v2.0/token"))
            .atPriority(2)
            .willReturn(okJson("{\"access_token\":\"graph-token\",\"expires_in\":3599}")));
    ms.stubFor(
        post(urlPathEqualTo("/" + TENANT + "/oauth2/v2.0/token"))
            .withRequestBody(containing("scope=3db474b9-6a0c-4840-96ac-1fceb342124f%2F.default"))
            .atPriority(1)
            .willReturn(okJson("{\"access_token\":\"vid-token\",\"expires_in\":3599}")));
    stubUser(UPN, true);
  }

  // --- lookup ------------------------------------------------------------------------------------

  @Test
  void requesterIsFoundInEntraAndEnrolledUnderTheirObjectId() {
    ms.stubFor(
        get(urlPathEqualTo("/graph/users"))
            .willReturn(
                okJson(
                    "{\"value\":[{\"id\":\""
                        + OBJECT_ID
                        + "\",\"userPrincipalName\":\""
                        + UPN
                        + "\",\"accountEnabled\":true}]}")));

    assertThat(provider().lookup(ALICE)).isEqualTo(new UserLookup.Enrolled(OBJECT_ID));
    ms.verify(
        getRequestedFor(urlPathEqualTo("/graph/users"))
            .withHeader("Authorization", equalTo("Bearer graph-token"))
            .withQueryParam(
                "$filter",
                equalTo(
                    "userPrincipalName eq 'Alice@Contoso.com' or mail eq 'Alice@Contoso.com'")));
  }

  @Test
  void noOrSeveralEntraUsersAreAnUnknownUser() {
    ms.stubFor(get(urlPathEqualTo("/graph/users")).willReturn(okJson("{\"value\":[]}")));

    assertThat(((NotVerifiable) provider().lookup(ALICE)).reason())
        .isEqualTo(ReasonCode.UNKNOWN_USER);
  }

  // --- presentation request ----------------------------------------------------------------------

  @Test
  void presentationRequestAsksForTheRequestersOwnCredentialWithFaceCheckAndOurCallback() {
    stubCreate();

    PushStart start = provider().startPush(request());

    assertThat(start)
        .isEqualTo(
            new PushStart.Started(
                new PushHandle(REQUEST_ID),
                Optional.empty(),
                Optional.of("openid-vc://?request_uri=https://verifiedid.example/" + REQUEST_ID)));
    ms.verify(
        postRequestedFor(urlPathEqualTo("/vid/verifiableCredentials/createPresentationRequest"))
            .withHeader("Authorization", equalTo("Bearer vid-token"))
            .withRequestBody(
                equalToJson(
                    """
                    {"authority": "did:web:verifier.contoso.com",
                     "includeQRCode": false,
                     "includeReceipt": false,
                     "registration": {"clientName": "IT help desk",
                                      "purpose": "Confirm that you asked the help desk for this change"},
                     "callback": {"url": "https://hv.contoso.com/webhooks/entra-verified-id/vid-main",
                                  "state": "8d4c2f3e-1b5a-4c7d-9e8f-0a1b2c3d4e5f",
                                  "headers": {"api-key": "cb-key-9f2e"}},
                     "requestedCredentials": [{
                       "type": "VerifiedEmployee",
                       "purpose": "Confirm that you asked the help desk for this change",
                       "acceptedIssuers": ["did:web:verifiedid.contoso.com"],
                       "configuration": {"validation": {
                         "allowRevoked": false,
                         "validateLinkedDomain": true,
                         "faceCheck": {"sourcePhotoClaimName": "photo",
                                       "matchConfidenceThreshold": 80}}},
                       "constraints": [{"claimName": "revocationId",
                                        "values": ["alice@contoso.com"]}]
                     }]}
                    """)));
  }

  @Test
  void disabledAccountGetsNoPresentationRequest() {
    stubUser(UPN, false);

    assertThat(provider().startPush(request())).isInstanceOf(NotVerifiable.class);
    ms.verify(
        0,
        postRequestedFor(urlPathEqualTo("/vid/verifiableCredentials/createPresentationRequest")));
  }

  // --- callback and result -----------------------------------------------------------------------

  @Test
  void noCallbackYetIsPending() {
    PushProvider provider = started();

    assertThat(provider.status(new PushHandle(REQUEST_ID))).isEqualTo(new PushStatus.Pending());
  }

  @Test
  void verifiedPresentationOfTheRequestersCredentialAboveTheThresholdIsApproved() {
    PushProvider provider = started();

    WebhookOutcome outcome = callback(provider, verified(UPN, ISSUER, 86.31));

    assertThat(outcome)
        .isEqualTo(new WebhookOutcome.Accepted(List.of(new PushHandle(REQUEST_ID)), List.of()));
    assertThat(provider.status(new PushHandle(REQUEST_ID))).isEqualTo(new PushStatus.Approved());
  }

  @Test
  void resultReceivedOnOneNodeIsReadOnAnother() {
    PushProvider receivingNode = started();
    PushProvider otherNode = provider();

    callback(receivingNode, verified(UPN, ISSUER, 91.0));

    assertThat(otherNode.status(new PushHandle(REQUEST_ID))).isEqualTo(new PushStatus.Approved());
  }

  @Test
  void credentialOfAnotherAccountEscalatesAndNeverApproves() {
    PushProvider provider = started();
    callback(provider, verified("mallory@contoso.com", ISSUER, 99.0));

    assertThat(provider.status(new PushHandle(REQUEST_ID)))
        .isInstanceOfSatisfying(
            PushStatus.Unconfirmed.class,
            u -> assertThat(u.detail()).contains("mallory@contoso.com").contains(OBJECT_ID));
  }

  @Test
  void accountRenamedSinceTheRequestIsNoLongerTheCredentialsOwner() {
    PushProvider provider = started();
    callback(provider, verified(UPN, ISSUER, 95.0));
    stubUser("alice.old@contoso.com", true);

    assertThat(provider.status(new PushHandle(REQUEST_ID)))
        .isInstanceOf(PushStatus.Unconfirmed.class);
  }

  @Test
  void credentialOfAnIssuerNotAcceptedEscalates() {
    PushProvider provider = started();
    callback(provider, verified(UPN, "did:web:evil.example", 95.0));

    assertThat(provider.status(new PushHandle(REQUEST_ID)))
        .isInstanceOfSatisfying(
            PushStatus.Unconfirmed.class, u -> assertThat(u.detail()).contains("issuer"));
  }

  @Test
  void scoreBelowTheConfiguredThresholdIsDenied() {
    PushProvider provider = started();
    callback(provider, verified(UPN, ISSUER, 72.5));

    assertThat(provider.status(new PushHandle(REQUEST_ID)))
        .isEqualTo(
            new PushStatus.Denied(false, "Face Check confidence 72.5 is below the threshold 80"));
  }

  @Test
  void verifiedPresentationWithoutAFaceCheckScoreEscalates() {
    PushProvider provider = started();
    callback(provider, verified(UPN, ISSUER, null));

    assertThat(provider.status(new PushHandle(REQUEST_ID)))
        .isInstanceOfSatisfying(
            PushStatus.Unconfirmed.class, u -> assertThat(u.detail()).contains("Face Check"));
  }

  @Test
  void failedPresentationIsDeniedWithMicrosoftsReason() {
    PushProvider provider = started();
    callback(
        provider,
        """
        {"requestId": "%s", "requestStatus": "presentation_error", "state": "%s",
         "error": {"code": "claimValidationError",
                   "message": "Match confidence score failing to meet the threshold."}}
        """
            .formatted(REQUEST_ID, CASE.value()));

    assertThat(provider.status(new PushHandle(REQUEST_ID)))
        .isEqualTo(
            new PushStatus.Denied(
                false,
                "Verified ID presentation failed: claimValidationError: Match confidence score"
                    + " failing to meet the threshold."));
  }

  @Test
  void lateRetrievedEventNeverOverwritesTheOutcome() {
    PushProvider provider = started();
    callback(provider, verified(UPN, ISSUER, 90.0));

    WebhookOutcome late =
        callback(
            provider,
            "{\"requestId\":\"%s\",\"requestStatus\":\"request_retrieved\",\"state\":\"%s\"}"
                .formatted(REQUEST_ID, CASE.value()));

    assertThat(late).isEqualTo(new WebhookOutcome.Accepted(List.of(), List.of()));
    assertThat(provider.status(new PushHandle(REQUEST_ID))).isEqualTo(new PushStatus.Approved());
  }

  @Test
  void callbackWithoutOurApiKeyIsRefusedAndChangesNothing() {
    PushProvider provider = started();
    WebhookReceiver receiver = provider.webhookReceiver().orElseThrow();

    WebhookOutcome outcome =
        receiver.receive(
            delivery(Map.of("api-key", List.of("guess")), verified(UPN, ISSUER, 99.0)));

    assertThat(outcome).isInstanceOf(WebhookOutcome.Rejected.class);
    assertThat(((WebhookOutcome.Rejected) outcome).status()).isEqualTo(401);
    assertThat(provider.status(new PushHandle(REQUEST_ID))).isEqualTo(new PushStatus.Pending());
  }

  @Test
  void callbackApiKeyIsCheckedBeforeTheBodyIsRead() {
    WebhookReceiver receiver = started().webhookReceiver().orElseThrow();

    assertThat(receiver.precheck(WebhookHead.of(delivery(Map.of("api-key", List.of("guess")), ""))))
        .contains(new WebhookOutcome.Rejected(401, "missing or wrong api-key"));
    assertThat(receiver.precheck(WebhookHead.of(delivery(Map.of(), ""))))
        .contains(new WebhookOutcome.Rejected(401, "missing or wrong api-key"));
    assertThat(
            receiver.precheck(
                WebhookHead.of(delivery(Map.of("api-key", List.of(CALLBACK_KEY)), ""))))
        .isEmpty();
  }

  @Test
  void callbackForARequestWeDidNotMakeOrWithAnotherStateIsRefused() {
    PushProvider provider = started();

    WebhookOutcome otherState =
        callback(provider, verified(UPN, ISSUER, 99.0).replace(CASE.value(), "forged-state"));

    assertThat(otherState).isInstanceOf(WebhookOutcome.Rejected.class);
    assertThat(provider.status(new PushHandle(REQUEST_ID))).isEqualTo(new PushStatus.Pending());
  }

  // --- configuration -----------------------------------------------------------------------------

  @Test
  void withoutAcceptedIssuersTheProviderDoesNotStart() {
    assertThatThrownBy(() -> provider(Map.of("accepted-issuers", List.of())))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("accepted-issuers");
  }

  @Test
  void callbackAddressMustBeHttps() {
    assertThatThrownBy(() -> provider(Map.of("callback-base-url", "http://hv.contoso.com")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("callback-base-url");
  }

  @Test
  void connectionCheckGetsBothTokensAndNeverShowsTheSecret() {
    provider().checkConnection();

    ms.verify(2, postRequestedFor(urlPathEqualTo("/" + TENANT + "/oauth2/v2.0/token")));
    ms.verify(
        postRequestedFor(urlPathEqualTo("/" + TENANT + "/oauth2/v2.0/token"))
            .withRequestBody(containing("grant_type=client_credentials"))
            .withRequestBody(containing("client_id=11111111-2222-3333-4444-555555555555"))
            .withRequestBody(containing("scope=3db474b9-6a0c-4840-96ac-1fceb342124f%2F.default")));
    ms.verify(
        postRequestedFor(urlPathEqualTo("/" + TENANT + "/oauth2/v2.0/token"))
            .withRequestBody(containing("%2F.default"))
            .withRequestBody(
                com.github.tomakehurst.wiremock.client.WireMock.notContaining("3db474b9")));
  }

  // --- helpers -----------------------------------------------------------------------------------

  private PushProvider started() {
    stubCreate();
    PushProvider provider = provider();
    provider.startPush(request());
    return provider;
  }

  private static WebhookOutcome callback(PushProvider provider, String body) {
    return provider
        .webhookReceiver()
        .orElseThrow()
        .receive(delivery(Map.of("api-key", List.of(CALLBACK_KEY)), body));
  }

  private static InboundWebhook delivery(Map<String, List<String>> headers, String body) {
    return new InboundWebhook(
        "POST",
        "/webhooks/entra-verified-id/vid-main",
        "",
        headers,
        body.getBytes(StandardCharsets.UTF_8),
        Instant.parse("2026-11-22T19:01:00Z"));
  }

  private static String verified(String revocationId, String issuer, Double score) {
    return """
        {"requestId": "%s", "requestStatus": "presentation_verified", "state": "%s",
         "subject": "did:ion:EiAlice",
         "verifiedCredentialsData": [{
           "issuer": "%s",
           "type": ["VerifiableCredential", "VerifiedEmployee"],
           "claims": {"displayName": "Alice", "revocationId": "%s"},
           "credentialState": {"revocationStatus": "VALID"},
           "domainValidation": {"url": "https://contoso.com/"}%s
         }]}
        """
        .formatted(
            REQUEST_ID,
            CASE.value(),
            issuer,
            revocationId,
            score == null
                ? ""
                : ", \"faceCheck\": {\"matchConfidenceScore\": "
                    + score
                    + ", \"sourcePhotoQuality\": \"HIGH\"}");
  }

  private static void stubCreate() {
    ms.stubFor(
        post(urlPathEqualTo("/vid/verifiableCredentials/createPresentationRequest"))
            .willReturn(
                okJson(
                        "{\"requestId\":\""
                            + REQUEST_ID
                            + "\",\"url\":\"openid-vc://?request_uri=https://verifiedid.example/"
                            + REQUEST_ID
                            + "\",\"expiry\":1795460700}")
                    .withStatus(201)));
  }

  private static void stubUser(String upn, boolean enabled) {
    ms.stubFor(
        get(urlPathEqualTo("/graph/users/" + OBJECT_ID))
            .willReturn(
                okJson(
                    "{\"id\":\""
                        + OBJECT_ID
                        + "\",\"userPrincipalName\":\""
                        + upn
                        + "\",\"accountEnabled\":"
                        + enabled
                        + "}")));
  }

  private static PushRequest request() {
    return new PushRequest(
        CASE, new TicketRef("jira", "IT-7"), ALICE, OBJECT_ID, SensitiveOperation.MFA_RESET);
  }

  private PushProvider provider() {
    return provider(Map.of());
  }

  private PushProvider provider(Map<String, Object> overrides) {
    Map<String, Object> raw = new HashMap<>();
    raw.put("tenant-id", TENANT);
    raw.put("client-id", "11111111-2222-3333-4444-555555555555");
    raw.put("client-secret", SECRET);
    raw.put("verifier-authority", "did:web:verifier.contoso.com");
    raw.put("accepted-issuers", List.of(ISSUER));
    raw.put("match-confidence-threshold", 80);
    raw.put("callback-base-url", "https://hv.contoso.com/");
    raw.put("callback-api-key", CALLBACK_KEY);
    raw.put("authority-host", ms.baseUrl());
    raw.put("graph-url", ms.baseUrl() + "/graph");
    raw.put("request-service-url", ms.baseUrl() + "/vid");
    raw.put("max-attempts", 1);
    raw.putAll(overrides);
    EntraVerifiedIdProviderFactory factory = new EntraVerifiedIdProviderFactory();
    return factory.create(
        "vid-main",
        factory.config().parse("providers.vid-main", raw),
        new IntegrationContext(clock, new SplittableRandom(5), (k, e) -> true, notes));
  }

  private static ResponseDefinitionBuilder okJson(String body) {
    return aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withBody(body);
  }
}
