package com.helpdeskverify.providers.entra;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.exception.ClientAuthenticationException;
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
import com.helpdeskverify.core.spi.ReplayGuard;
import com.helpdeskverify.core.spi.TransientFailure;
import com.helpdeskverify.core.spi.UserLookup;
import com.helpdeskverify.testkit.MutableClock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

@WireMockTest
class EntraPushProviderTest {
  static final String USER_ID = "87d349ed-44d7-43e1-9a83-5f2406dee5bd";
  static final String UPN = "AdeleV@contoso.com";
  static final CaseId CASE = new CaseId("35f86a4d-f345-4e55-a8a6-c5de8fac9216");
  static final Requester ADELE = Requester.of("jira-acc-1", "adele.vance@contoso.com", "Adele");
  static final String METHODS = "/v1.0/users/" + USER_ID + "/authentication/methods";
  // A user principal name in the path is percent-encoded, @ as %40 (as the Graph SDK sent it).
  static final String METHODS_BY_UPN = "/v1.0/users/AdeleV%40contoso.com/authentication/methods";

  // Shapes of GET /users?$filter=... and GET /users/{id}/authentication/methods (Graph v1.0 docs).
  static final String ONE_USER =
      """
      {"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users(id,userPrincipalName,accountEnabled)",
       "value": [{"id": "87d349ed-44d7-43e1-9a83-5f2406dee5bd",
                  "userPrincipalName": "AdeleV@contoso.com", "accountEnabled": true}]}
      """;
  static final String PASSWORD =
      """
      {"@odata.type": "#microsoft.graph.passwordAuthenticationMethod",
       "id": "28c10230-6103-485e-b985-444c60001490", "password": null,
       "createdDateTime": "2023-01-07T09:15:26Z"}
      """;
  static final String AUTHENTICATOR =
      """
      {"@odata.type": "#microsoft.graph.microsoftAuthenticatorAuthenticationMethod",
       "id": "6e3a3a5e-2a5a-4fb2-9d5c-2e2a3b3c4d5e", "displayName": "iPhone 14",
       "deviceTag": "SoftwareTokenActivated", "phoneAppVersion": "6.2401.0119",
       "createdDateTime": "2024-02-01T10:00:00Z"}
      """;
  static final String MOBILE =
      """
      {"@odata.type": "#microsoft.graph.phoneAuthenticationMethod",
       "id": "3179e48a-750b-4051-897c-87b9720928f7", "phoneNumber": "+1 2065555555",
       "phoneType": "mobile", "smsSignInState": "notAllowedByPolicy"}
      """;

  // The Entra providers take no webhook through the replay guard.
  private static final ReplayGuard NO_WEBHOOKS = (key, expiresAt) -> true;

  private final MutableClock clock = MutableClock.at("2026-11-22T10:00:00Z");
  private final List<String> scopes = new CopyOnWriteArrayList<>();
  private String base;

  @BeforeEach
  void setUp(WireMockRuntimeInfo wm) {
    base = wm.getHttpBaseUrl();
  }

  private TokenCredential credential(String token) {
    return request -> {
      scopes.addAll(request.getScopes());
      return Mono.just(new AccessToken(token, OffsetDateTime.now().plusHours(1)));
    };
  }

  private PushProvider provider(Map<String, Object> overrides) {
    Map<String, Object> raw = new HashMap<>();
    raw.put("tenant-id", "contoso.onmicrosoft.com");
    raw.put("client-id", "11111111-2222-3333-4444-555555555555");
    raw.put("client-secret", "graph-secret");
    raw.put("mfa-client-secret", "mfa-secret");
    raw.put("graph-url", base + "/v1.0");
    raw.put("mfa-url", base + "/mfa");
    raw.put("max-attempts", 1);
    raw.put("allow-unsupported-api", true);
    // The End-polling form; the held SyncCall=true form has its own tests below.
    raw.put("sync-call", false);
    raw.putAll(overrides);
    EntraPushProviderFactory factory = new EntraPushProviderFactory();
    return factory.create(
        "entra-main",
        factory.config().parse("push-providers.entra-main", raw),
        new IntegrationContext(clock, new SplittableRandom(1), NO_WEBHOOKS),
        credential("graph-token"),
        credential("mfa-token"));
  }

  private PushProvider provider() {
    return provider(Map.of());
  }

  private static void users(String body) {
    WireMock.stubFor(get(urlPathEqualTo("/v1.0/users")).willReturn(okJson(body)));
  }

  private static void methods(String path, String... methods) {
    WireMock.stubFor(
        get(urlPathEqualTo(path))
            .willReturn(okJson("{\"value\": [" + String.join(",", methods) + "]}")));
  }

  private static void mfa(String call, String xml) {
    WireMock.stubFor(
        post(urlPathEqualTo("/mfa/" + call))
            .willReturn(aResponse().withHeader("Content-Type", "application/xml").withBody(xml)));
  }

  private static PushRequest request() {
    return new PushRequest(
        CASE, new TicketRef("jira", "IT-9"), ADELE, UPN, SensitiveOperation.CREDENTIAL_RESET);
  }

  private String beginSuccess() {
    return """
        <BeginTwoWayAuthenticationResponse xmlns:i="http://www.w3.org/2001/XMLSchema-instance">
          <Version>1</Version>
          <Result><Value>Success</Value><Message i:nil="true"/><Retry>false</Retry>
            <Error i:nil="true"/><Exception i:nil="true"/><RenewCert>false</RenewCert></Result>
          <SessionId>270867b8-6bac-434b-9a2a-cb682f461cbe</SessionId>
          <AuthenticationResult i:nil="true"/>
          <UserPrincipalName>AdeleV@contoso.com</UserPrincipalName>
          <AffinityUrl>%s/mfa/EndTwoWayAuthentication?dc=KRS</AffinityUrl>
          <ValidEntropyNumber>0</ValidEntropyNumber>
        </BeginTwoWayAuthenticationResponse>
        """
        .formatted(base);
  }

  private static String beginResult(String value) {
    return """
        <BeginTwoWayAuthenticationResponse xmlns:i="http://www.w3.org/2001/XMLSchema-instance">
          <Version>1</Version>
          <Result><Value>%s</Value><Message i:nil="true"/><Retry>false</Retry></Result>
          <SessionId i:nil="true"/><AuthenticationResult i:nil="true"/>
        </BeginTwoWayAuthenticationResponse>
        """
        .formatted(value);
  }

  private static String endResult(String value, String authenticationResult) {
    return """
        <EndTwoWayAuthenticationResponse xmlns:i="http://www.w3.org/2001/XMLSchema-instance">
          <Version>1</Version>
          <Result><Value>%s</Value><Message i:nil="true"/><Retry>false</Retry>
            <Error i:nil="true"/><Exception i:nil="true"/><RenewCert>false</RenewCert></Result>
          %s
          <LocationData i:nil="true"/><CompletedInteractively>true</CompletedInteractively>
        </EndTwoWayAuthenticationResponse>
        """
        .formatted(value, authenticationResult);
  }

  private PushHandle started() {
    methods(METHODS_BY_UPN, PASSWORD, AUTHENTICATOR);
    mfa("BeginTwoWayAuthentication", beginSuccess());
    return ((PushStart.Started) provider().startPush(request())).push();
  }

  // --- lookup ------------------------------------------------------------------------------------

  @Test
  void requesterWithAuthenticatorIsEnrolledUnderTheirUserPrincipalName() {
    users(ONE_USER);
    methods(METHODS, PASSWORD, AUTHENTICATOR);

    assertThat(provider().lookup(ADELE)).isEqualTo(new UserLookup.Enrolled(UPN));
    WireMock.verify(
        getRequestedFor(urlPathEqualTo("/v1.0/users"))
            .withHeader("Authorization", equalTo("Bearer graph-token"))
            .withQueryParam(
                "$filter",
                equalTo(
                    "userPrincipalName eq 'adele.vance@contoso.com'"
                        + " or mail eq 'adele.vance@contoso.com'")));
    assertThat(scopes).contains(base + "/.default");
  }

  @Test
  void requesterWithHiddenAddressIsFoundByTheDirectoryExtensionHoldingTheirAccountId() {
    String attribute = "extension_b7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2_atlassianAccountId";
    String accountId = "557057:4f9acfd2-6155-419b-8de5-5b5cf27a59a0";
    users(ONE_USER);
    methods(METHODS, PASSWORD, AUTHENTICATOR);

    UserLookup lookup =
        provider(Map.of("account-id-attribute", attribute))
            .lookup(Requester.of(accountId, null, "Adele"));

    assertThat(lookup)
        .isEqualTo(
            new UserLookup.Enrolled(UPN, "by " + attribute + " = the requester's account id"));
    WireMock.verify(
        getRequestedFor(urlPathEqualTo("/v1.0/users"))
            .withQueryParam("$filter", equalTo(attribute + " eq '" + accountId + "'"))
            .withQueryParam("$top", equalTo("2")));
  }

  @Test
  void twoUsersWithTheRequestersAccountIdAreNeitherPushed() {
    users(
        """
        {"value": [
          {"id": "87d349ed-44d7-43e1-9a83-5f2406dee5bd", "userPrincipalName": "AdeleV@contoso.com",
           "accountEnabled": true},
          {"id": "5bde3e51-d13b-4db1-9948-fe4b109d11a7", "userPrincipalName": "Adele2@contoso.com",
           "accountEnabled": true}]}
        """);

    UserLookup lookup =
        provider(Map.of("account-id-attribute", "employeeId"))
            .lookup(Requester.of("557057:abc", null, "Adele"));

    assertThat(lookup)
        .isInstanceOfSatisfying(
            NotVerifiable.class,
            nv -> assertThat(nv.reason()).isEqualTo(ReasonCode.NOT_ACCOUNT_OWNER));
  }

  @Test
  void accountIdAttributeMustBeAPropertyName() {
    Map<String, Object> raw = new HashMap<>();
    raw.put("tenant-id", "t");
    raw.put("client-id", "c");
    raw.put("client-secret", "s");
    raw.put("mfa-client-secret", "m");
    raw.put("allow-unsupported-api", true);
    raw.put("account-id-attribute", "mail eq 'x' or id");
    EntraPushProviderFactory factory = new EntraPushProviderFactory();

    assertThatThrownBy(
            () ->
                factory.create(
                    "entra-main",
                    factory.config().parse("push-providers.entra-main", raw),
                    new IntegrationContext(clock, new SplittableRandom(1), NO_WEBHOOKS)))
        .isInstanceOf(com.helpdeskverify.core.config.ConfigException.class)
        .hasMessageContaining("account-id-attribute: expected a user property name");
  }

  @Test
  void requesterWithOnlyAMobilePhoneIsEnrolled() {
    users(ONE_USER);
    methods(METHODS, PASSWORD, MOBILE);

    assertThat(provider().lookup(ADELE)).isEqualTo(new UserLookup.Enrolled(UPN));
  }

  @Test
  void requesterWithOnlyAnOfficePhoneHasNoEnrolledDevice() {
    users(ONE_USER);
    methods(METHODS, PASSWORD, MOBILE.replace("\"mobile\"", "\"office\""));

    assertThat(provider().lookup(ADELE))
        .isInstanceOfSatisfying(
            NotVerifiable.class,
            nv -> assertThat(nv.reason()).isEqualTo(ReasonCode.NO_ENROLLED_DEVICE));
  }

  @Test
  void lookUpAsksGraphForTheAccountFieldsOnly() {
    users(ONE_USER);
    methods(METHODS, AUTHENTICATOR);

    provider().lookup(ADELE);

    WireMock.verify(
        getRequestedFor(urlPathEqualTo("/v1.0/users"))
            .withQueryParam("$select", equalTo("id,userPrincipalName,accountEnabled")));
  }

  @Test
  void userListGraphDoesNotKnowNamesTheGraphUrl() {
    WireMock.stubFor(get(urlPathEqualTo("/v1.0/users")).willReturn(aResponse().withStatus(404)));

    assertThatThrownBy(() -> provider().lookup(ADELE))
        .isInstanceOfSatisfying(
            PermanentFailure.class,
            f -> assertThat(f.getMessage()).contains("404").contains("graph-url"));
  }

  @Test
  void requesterWithOnlyAPasswordHasNoEnrolledDevice() {
    users(ONE_USER);
    methods(METHODS, PASSWORD);

    assertThat(provider().lookup(ADELE))
        .isInstanceOfSatisfying(
            NotVerifiable.class,
            nv -> assertThat(nv.reason()).isEqualTo(ReasonCode.NO_ENROLLED_DEVICE));
  }

  @Test
  void emailNoEntraUserHasIsUnknownUser() {
    users("{\"value\": []}");

    assertThat(provider().lookup(ADELE))
        .isInstanceOfSatisfying(
            NotVerifiable.class, nv -> assertThat(nv.reason()).isEqualTo(ReasonCode.UNKNOWN_USER));
  }

  @Test
  void emailTwoEntraUsersShareIsNotPushedTo() {
    users(
        """
        {"value": [{"id": "a1", "userPrincipalName": "adele@contoso.com", "accountEnabled": true},
                   {"id": "b2", "userPrincipalName": "adele2@contoso.com", "accountEnabled": true}]}
        """);

    assertThat(provider().lookup(ADELE))
        .isInstanceOfSatisfying(
            NotVerifiable.class, nv -> assertThat(nv.reason()).isEqualTo(ReasonCode.UNKNOWN_USER));
  }

  @Test
  void disabledAccountIsNotPushedTo() {
    users(ONE_USER.replace("\"accountEnabled\": true", "\"accountEnabled\": false"));

    assertThat(provider().lookup(ADELE)).isInstanceOf(NotVerifiable.class);
    WireMock.verify(0, getRequestedFor(urlPathEqualTo(METHODS)));
  }

  @Test
  void emailWithAQuoteCannotWidenTheFilter() {
    users("{\"value\": []}");

    provider().lookup(Requester.of("acc", "x' or userType eq 'Member@contoso.com", "X"));

    WireMock.verify(
        getRequestedFor(urlPathEqualTo("/v1.0/users"))
            .withQueryParam(
                "$filter",
                equalTo(
                    "userPrincipalName eq 'x'' or usertype eq ''member@contoso.com'"
                        + " or mail eq 'x'' or usertype eq ''member@contoso.com'")));
  }

  @Test
  void rejectedGraphCredentialIsPermanent() {
    WireMock.stubFor(
        get(urlPathEqualTo("/v1.0/users"))
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"error\": {\"code\": \"InvalidAuthenticationToken\","
                            + " \"message\": \"Access token is empty.\"}}")));

    assertThatThrownBy(() -> provider().lookup(ADELE))
        .isInstanceOfSatisfying(
            PermanentFailure.class, f -> assertThat(f.getMessage()).contains("401"));
  }

  @Test
  void graphCredentialEntraRefusesIsPermanent() {
    EntraPushProviderFactory factory = new EntraPushProviderFactory();
    Map<String, Object> raw = new HashMap<>();
    raw.put("tenant-id", "contoso.onmicrosoft.com");
    raw.put("client-id", "c");
    raw.put("client-secret", "s");
    raw.put("mfa-client-secret", "m");
    raw.put("graph-url", base + "/v1.0");
    raw.put("max-attempts", 1);
    TokenCredential refused =
        request ->
            Mono.error(
                new ClientAuthenticationException("AADSTS7000215: Invalid client secret", null));
    PushProvider provider =
        factory.create(
            "entra-main",
            factory.config().parse("push-providers.entra-main", raw),
            new IntegrationContext(clock, new SplittableRandom(1), NO_WEBHOOKS),
            refused,
            credential("mfa-token"));

    assertThatThrownBy(() -> provider.lookup(ADELE))
        .isInstanceOfSatisfying(
            PermanentFailure.class, f -> assertThat(f.getMessage()).contains("credential"));
  }

  @Test
  void certificateFileThatCannotBeReadIsAConfigurationError() {
    Map<String, Object> raw = new HashMap<>();
    raw.put("tenant-id", "t");
    raw.put("client-id", "c");
    raw.put("certificate-path", "/nonexistent/graph.pem");
    raw.put("mfa-client-secret", "m");
    raw.put("allow-unsupported-api", true);
    EntraPushProviderFactory factory = new EntraPushProviderFactory();

    assertThatThrownBy(
            () ->
                factory.create(
                    "entra-main",
                    factory.config().parse("push-providers.entra-main", raw),
                    new IntegrationContext(clock, new SplittableRandom(1), NO_WEBHOOKS)))
        .hasMessageContaining("push-providers.entra-main.certificate-path");
  }

  @Test
  void slowBeginMayHaveSentThePush() {
    methods(METHODS_BY_UPN, AUTHENTICATOR);
    WireMock.stubFor(
        post(urlPathEqualTo("/mfa/BeginTwoWayAuthentication"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/xml")
                    .withBody(beginSuccess())
                    .withFixedDelay(1500)));

    assertThatThrownBy(() -> provider(Map.of("read-timeout", "300ms")).startPush(request()))
        .isInstanceOfSatisfying(
            TransientFailure.class, f -> assertThat(f.mayHaveTakenEffect()).isTrue());
  }

  @Test
  void missingGraphPermissionIsPermanentAndNamesThePermission() {
    WireMock.stubFor(
        get(urlPathEqualTo(METHODS))
            .willReturn(
                aResponse()
                    .withStatus(403)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"error\": {\"code\": \"accessDenied\","
                            + " \"message\": \"Request Authorization failed\"}}")));
    users(ONE_USER);

    assertThatThrownBy(() -> provider().lookup(ADELE))
        .isInstanceOfSatisfying(
            PermanentFailure.class,
            f -> assertThat(f.getMessage()).contains("UserAuthenticationMethod.Read.All"));
  }

  @Test
  void throttledGraphIsDeferredForItsRetryAfter() {
    WireMock.stubFor(
        get(urlPathEqualTo("/v1.0/users"))
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("Retry-After", "30")
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"error\": {\"code\": \"TooManyRequests\", \"message\": \"slow down\"}}")));

    assertThatThrownBy(() -> provider().lookup(ADELE))
        .isInstanceOfSatisfying(
            TransientFailure.class,
            f -> {
              assertThat(f.retryAfter()).contains(Duration.ofSeconds(30));
              assertThat(f.deferred()).isTrue();
            });
  }

  @Test
  void graphServerErrorIsTransient() {
    WireMock.stubFor(get(urlPathEqualTo("/v1.0/users")).willReturn(aResponse().withStatus(503)));

    assertThatThrownBy(() -> provider().lookup(ADELE)).isInstanceOf(TransientFailure.class);
  }

  @Test
  void gatewayErrorPageInFrontOfGraphIsTransientWithItsStatus() {
    WireMock.stubFor(
        get(urlPathEqualTo("/v1.0/users"))
            .willReturn(
                aResponse()
                    .withStatus(502)
                    .withHeader("Content-Type", "text/html")
                    .withBody("<html><body>Bad Gateway</body></html>")));

    assertThatThrownBy(() -> provider().lookup(ADELE))
        .isInstanceOfSatisfying(
            TransientFailure.class, f -> assertThat(f.getMessage()).contains("HTTP 502"));
  }

  @Test
  void malformedGraphAnswerIsTransient() {
    users("{\"value\": [{\"id\": ");

    assertThatThrownBy(() -> provider().lookup(ADELE)).isInstanceOf(TransientFailure.class);
  }

  // --- push --------------------------------------------------------------------------------------

  @Test
  void pushBeginsAnAuthenticatorNotificationForTheUpnWithTheCaseAsContext() {
    PushHandle handle = started();

    assertThat(handle.id()).startsWith("sas1|");
    WireMock.verify(
        postRequestedFor(urlPathEqualTo("/mfa/BeginTwoWayAuthentication"))
            .withHeader("Authorization", equalTo("Bearer mfa-token"))
            .withHeader("Content-Type", containing("application/xml"))
            .withRequestBody(
                containing("<UserPrincipalName>AdeleV@contoso.com</UserPrincipalName>"))
            .withRequestBody(
                containing("<AuthenticationMethodId>PhoneAppNotification</AuthenticationMethodId>"))
            .withRequestBody(containing("<ContextId>" + CASE.value() + "</ContextId>"))
            .withRequestBody(containing("<SyncCall>false</SyncCall>")));
    assertThat(scopes)
        .contains(
            "https://adnotifications.windowsazure.com/StrongAuthenticationService.svc/Connector/.default");
  }

  // --- SyncCall=true, as the public callers send Begin -----------------------------------------

  private PushProvider heldProvider() {
    return provider(Map.of("sync-call", true));
  }

  private static String heldResult(String value, String authenticationResult) {
    return """
        <BeginTwoWayAuthenticationResponse xmlns:i="http://www.w3.org/2001/XMLSchema-instance">
          <Version>1</Version>
          <Result><Value>%s</Value><Message i:nil="true"/><Retry>false</Retry></Result>
          <SessionId>270867b8-6bac-434b-9a2a-cb682f461cbe</SessionId>
          <AuthenticationResult>%s</AuthenticationResult>
          <UserPrincipalName>AdeleV@contoso.com</UserPrincipalName>
        </BeginTwoWayAuthenticationResponse>
        """
        .formatted(value, authenticationResult);
  }

  private PushStatus heldAnswer(String value, String authenticationResult) throws Exception {
    methods(METHODS_BY_UPN, AUTHENTICATOR);
    mfa("BeginTwoWayAuthentication", heldResult(value, authenticationResult));
    PushProvider provider = heldProvider();
    PushHandle handle = ((PushStart.Started) provider.startPush(request())).push();
    for (int i = 0; i < 200; i++) {
      PushStatus status;
      try {
        status = provider.status(handle);
      } catch (RuntimeException e) {
        throw e;
      }
      if (!(status instanceof PushStatus.Pending)) {
        return status;
      }
      Thread.sleep(25);
    }
    throw new AssertionError("the held Begin never answered");
  }

  @Test
  void heldBeginIsSentAsThePublicCallersSendItWithSyncCallTrueAndCallerNameRadius()
      throws Exception {
    heldAnswer("Success", "true");

    WireMock.verify(
        postRequestedFor(urlPathEqualTo("/mfa/BeginTwoWayAuthentication"))
            .withHeader("Authorization", equalTo("Bearer mfa-token"))
            .withRequestBody(containing("<SyncCall>true</SyncCall>"))
            .withRequestBody(containing("<RequireUserMatch>true</RequireUserMatch>"))
            .withRequestBody(containing("<CallerName>radius</CallerName>"))
            .withRequestBody(containing("<CallerIP>UNKNOWN:</CallerIP>"))
            .withRequestBody(containing("<ContextId>" + CASE.value() + "</ContextId>")));
    WireMock.verify(0, postRequestedFor(urlPathEqualTo("/mfa/EndTwoWayAuthentication")));
  }

  @Test
  void heldBeginAnsweredWithAuthenticationResultTrueIsApproved() throws Exception {
    assertThat(heldAnswer("Success", "true")).isEqualTo(new PushStatus.Approved());
  }

  @Test
  void heldBeginAnsweredDeniedOrFraudIsDenied() throws Exception {
    assertThat(heldAnswer("PhoneAppDenied", "false"))
        .isEqualTo(new PushStatus.Denied(false, "Entra MFA answered PhoneAppDenied"));
    WireMock.reset();
    assertThat(heldAnswer("PhoneAppFraudReported", "false"))
        .isEqualTo(new PushStatus.Denied(true, "Entra MFA answered PhoneAppFraudReported"));
  }

  @Test
  void heldBeginWhileUnansweredIsPendingAndHoldsNoCaller() {
    methods(METHODS_BY_UPN, AUTHENTICATOR);
    WireMock.stubFor(
        post(urlPathEqualTo("/mfa/BeginTwoWayAuthentication"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/xml")
                    .withBody(heldResult("Success", "true"))
                    .withFixedDelay(3_000)));
    PushProvider provider = heldProvider();

    long started = System.nanoTime();
    PushHandle handle = ((PushStart.Started) provider.startPush(request())).push();
    PushStatus status = provider.status(handle);

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
    assertThat(status).isEqualTo(new PushStatus.Pending());
  }

  @Test
  void successWithoutAuthenticationResultTrueIsNeverAnApproval() throws Exception {
    assertThatThrownBy(() -> heldAnswer("Success", "false")).isInstanceOf(TransientFailure.class);
  }

  @Test
  void withoutTheOptInTheUnsupportedChannelDoesNotStart() {
    Map<String, Object> raw = new HashMap<>();
    raw.put("tenant-id", "t");
    raw.put("client-id", "c");
    raw.put("client-secret", "s");
    raw.put("mfa-client-secret", "m");
    EntraPushProviderFactory factory = new EntraPushProviderFactory();

    assertThatThrownBy(
            () ->
                factory.create(
                    "entra-main",
                    factory.config().parse("push-providers.entra-main", raw),
                    new IntegrationContext(clock, new SplittableRandom(1), NO_WEBHOOKS)))
        .isInstanceOf(com.helpdeskverify.core.config.ConfigException.class)
        .hasMessageContaining("push-providers.entra-main.allow-unsupported-api")
        .hasMessageContaining("entra-verified-id");
  }

  @Test
  void pushOffersNoNumberToMatch() {
    methods(METHODS_BY_UPN, AUTHENTICATOR);
    mfa("BeginTwoWayAuthentication", beginSuccess());

    PushStart start = provider().startPush(request());

    assertThat(((PushStart.Started) start).matchNumber()).isEmpty();
  }

  @Test
  void userWithOnlyAMobilePhoneIsCalled() {
    methods(METHODS_BY_UPN, MOBILE);
    mfa("BeginTwoWayAuthentication", beginSuccess());

    provider().startPush(request());

    WireMock.verify(
        postRequestedFor(urlPathEqualTo("/mfa/BeginTwoWayAuthentication"))
            .withRequestBody(
                containing("<AuthenticationMethodId>TwoWayVoiceMobile</AuthenticationMethodId>")));
  }

  @Test
  void deviceRemovedSinceTheLookupIsNotPushedTo() {
    methods(METHODS_BY_UPN, PASSWORD);

    PushStart start = provider().startPush(request());

    assertThat(start)
        .isInstanceOfSatisfying(
            NotVerifiable.class,
            nv -> assertThat(nv.reason()).isEqualTo(ReasonCode.NO_ENROLLED_DEVICE));
    WireMock.verify(0, postRequestedFor(urlPathEqualTo("/mfa/BeginTwoWayAuthentication")));
  }

  @Test
  void userTheMfaServiceDoesNotKnowIsUnknownUser() {
    methods(METHODS_BY_UPN, AUTHENTICATOR);
    mfa("BeginTwoWayAuthentication", beginResult("UserNotFound"));

    assertThat(provider().startPush(request()))
        .isInstanceOfSatisfying(
            NotVerifiable.class, nv -> assertThat(nv.reason()).isEqualTo(ReasonCode.UNKNOWN_USER));
  }

  @Test
  void userWithoutMfaProofsHasNoEnrolledDevice() {
    methods(METHODS_BY_UPN, AUTHENTICATOR);
    mfa("BeginTwoWayAuthentication", beginResult("ProofDataNotFound"));

    assertThat(provider().startPush(request()))
        .isInstanceOfSatisfying(
            NotVerifiable.class,
            nv -> assertThat(nv.reason()).isEqualTo(ReasonCode.NO_ENROLLED_DEVICE));
  }

  @Test
  void rejectedMfaCredentialIsPermanent() {
    methods(METHODS_BY_UPN, AUTHENTICATOR);
    WireMock.stubFor(
        post(urlPathEqualTo("/mfa/BeginTwoWayAuthentication"))
            .willReturn(aResponse().withStatus(401)));

    assertThatThrownBy(() -> provider().startPush(request())).isInstanceOf(PermanentFailure.class);
  }

  @Test
  void mfaServerErrorOnBeginMayHaveSentThePush() {
    methods(METHODS_BY_UPN, AUTHENTICATOR);
    WireMock.stubFor(
        post(urlPathEqualTo("/mfa/BeginTwoWayAuthentication"))
            .willReturn(aResponse().withStatus(500)));

    assertThatThrownBy(() -> provider().startPush(request()))
        .isInstanceOfSatisfying(
            TransientFailure.class, f -> assertThat(f.mayHaveTakenEffect()).isTrue());
  }

  @Test
  void throttledMfaServiceOnBeginIsTransientAndCertainlyDidNotPush() {
    methods(METHODS_BY_UPN, AUTHENTICATOR);
    WireMock.stubFor(
        post(urlPathEqualTo("/mfa/BeginTwoWayAuthentication"))
            .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "20")));

    assertThatThrownBy(() -> provider().startPush(request()))
        .isInstanceOfSatisfying(
            TransientFailure.class,
            f -> {
              assertThat(f.mayHaveTakenEffect()).isFalse();
              assertThat(f.retryAfter()).contains(Duration.ofSeconds(20));
            });
  }

  @Test
  void unexpectedBeginResultIsPermanentAndNamesIt() {
    methods(METHODS_BY_UPN, AUTHENTICATOR);
    mfa("BeginTwoWayAuthentication", beginResult("UserIsBlocked"));

    assertThatThrownBy(() -> provider().startPush(request()))
        .isInstanceOfSatisfying(
            PermanentFailure.class, f -> assertThat(f.getMessage()).contains("UserIsBlocked"));
  }

  @Test
  void deadlineIsThreeMinutes() {
    assertThat(provider().pushTimeout()).isEqualTo(Duration.ofMinutes(3));
  }

  // --- status ------------------------------------------------------------------------------------

  @Test
  void unansweredPushIsPendingAndPolledAtTheAffinityUrl() {
    PushHandle handle = started();
    WireMock.stubFor(
        post(urlPathEqualTo("/mfa/EndTwoWayAuthentication"))
            .withQueryParam("dc", equalTo("KRS"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/xml")
                    .withBody(
                        endResult(
                            "AuthenticationPending", "<AuthenticationResult i:nil=\"true\"/>"))));

    assertThat(provider().status(handle)).isEqualTo(new PushStatus.Pending());
    WireMock.verify(
        postRequestedFor(urlPathEqualTo("/mfa/EndTwoWayAuthentication"))
            .withRequestBody(
                containing("<SessionId>270867b8-6bac-434b-9a2a-cb682f461cbe</SessionId>"))
            .withRequestBody(containing("<ContextId>" + CASE.value() + "</ContextId>")));
  }

  @Test
  void approvedPushIsApproved() {
    PushHandle handle = started();
    mfa(
        "EndTwoWayAuthentication",
        endResult("Success", "<AuthenticationResult>true</AuthenticationResult>"));

    assertThat(provider().status(handle)).isEqualTo(new PushStatus.Approved());
  }

  @Test
  void successThatDoesNotSayTheUserAuthenticatedIsNeverAnApproval() {
    PushHandle handle = started();
    mfa("EndTwoWayAuthentication", endResult("Success", "<AuthenticationResult i:nil=\"true\"/>"));

    assertThatThrownBy(() -> provider().status(handle)).isInstanceOf(TransientFailure.class);
  }

  @Test
  void deniedPushIsDenied() {
    PushHandle handle = started();
    mfa("EndTwoWayAuthentication", endResult("PhoneAppDenied", ""));

    assertThat(provider().status(handle))
        .isEqualTo(new PushStatus.Denied(false, "Entra MFA answered PhoneAppDenied"));
  }

  @Test
  void fraudReportIsADenialWithFraud() {
    PushHandle handle = started();
    mfa("EndTwoWayAuthentication", endResult("PhoneAppFraudReported", ""));

    assertThat(provider().status(handle))
        .isInstanceOfSatisfying(
            PushStatus.Denied.class, d -> assertThat(d.fraudReported()).isTrue());
  }

  @Test
  void pushNobodyAnsweredIsExpired() {
    PushHandle handle = started();
    mfa("EndTwoWayAuthentication", endResult("PhoneAppNoResponse", ""));

    assertThat(provider().status(handle)).isEqualTo(new PushStatus.Expired());
  }

  @Test
  void unknownEndResultIsPermanentNotAnApproval() {
    PushHandle handle = started();
    mfa("EndTwoWayAuthentication", endResult("PhoneAppNotificationFailed", ""));

    assertThatThrownBy(() -> provider().status(handle)).isInstanceOf(PermanentFailure.class);
  }

  @Test
  void malformedEndAnswerIsTransient() {
    PushHandle handle = started();
    mfa("EndTwoWayAuthentication", "<html>gateway</html>");

    assertThatThrownBy(() -> provider().status(handle))
        .isInstanceOfSatisfying(
            TransientFailure.class, f -> assertThat(f.getMessage()).contains("malformed"));
  }

  @Test
  void answerWithADoctypeIsRefusedUnread() {
    PushHandle handle = started();
    mfa(
        "EndTwoWayAuthentication",
        "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
            + "<EndTwoWayAuthenticationResponse><Result><Value>&x;</Value></Result>"
            + "</EndTwoWayAuthenticationResponse>");

    assertThatThrownBy(() -> provider().status(handle)).isInstanceOf(TransientFailure.class);
  }

  @Test
  void affinityUrlOnAForeignHostNeverReceivesTheToken() {
    methods(METHODS_BY_UPN, AUTHENTICATOR);
    mfa(
        "BeginTwoWayAuthentication",
        beginSuccess()
            .replace(base + "/mfa/EndTwoWayAuthentication?dc=KRS", "https://evil.example/steal"));
    PushHandle handle = ((PushStart.Started) provider().startPush(request())).push();
    mfa("EndTwoWayAuthentication", endResult("AuthenticationPending", ""));

    assertThat(provider().status(handle)).isEqualTo(new PushStatus.Pending());
    assertThat(handle.id()).doesNotContain("evil");
  }

  @Test
  void mfaServiceDownOpensTheCircuit() {
    PushHandle handle = started();
    WireMock.stubFor(
        post(urlPathEqualTo("/mfa/EndTwoWayAuthentication"))
            .willReturn(aResponse().withStatus(503)));
    PushProvider provider = provider(Map.of("circuit-failures", 1));
    assertThatThrownBy(() -> provider.status(handle)).isInstanceOf(TransientFailure.class);

    assertThatThrownBy(() -> provider.status(handle))
        .isInstanceOfSatisfying(
            TransientFailure.class, f -> assertThat(f.getMessage()).contains("circuit open"));
    WireMock.verify(1, postRequestedFor(urlPathEqualTo("/mfa/EndTwoWayAuthentication")));
  }

  @Test
  void connectionCheckReadsOneUserAndGetsTheMfaTokenWithoutPushing() {
    users(ONE_USER);

    provider().checkConnection();

    WireMock.verify(
        getRequestedFor(urlPathEqualTo("/v1.0/users")).withQueryParam("$top", equalTo("1")));
    assertThat(scopes)
        .contains(
            "https://adnotifications.windowsazure.com/StrongAuthenticationService.svc/Connector/.default");
    WireMock.verify(0, postRequestedFor(urlPathEqualTo("/mfa/BeginTwoWayAuthentication")));
  }

  @Test
  void handleOfAnotherProviderIsRefused() {
    assertThatThrownBy(() -> provider().status(new PushHandle("duo-txid-1")))
        .isInstanceOf(PermanentFailure.class);
  }

  @Test
  void configWithNeitherMfaCertificateNorSecretIsRefused() {
    Map<String, Object> raw = new HashMap<>();
    raw.put("tenant-id", "t");
    raw.put("client-id", "c");
    raw.put("client-secret", "s");
    raw.put("allow-unsupported-api", true);
    EntraPushProviderFactory factory = new EntraPushProviderFactory();

    assertThatThrownBy(
            () ->
                factory.create(
                    "entra-main",
                    factory.config().parse("push-providers.entra-main", raw),
                    new IntegrationContext(clock, new SplittableRandom(1), NO_WEBHOOKS)))
        .hasMessageContaining("push-providers.entra-main.mfa-certificate-path");
  }
}
