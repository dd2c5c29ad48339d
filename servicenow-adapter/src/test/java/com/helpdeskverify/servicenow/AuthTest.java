package com.helpdeskverify.servicenow;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.verify;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.helpdeskverify.core.Watermark;
import com.helpdeskverify.core.config.Secret;
import com.helpdeskverify.core.spi.PermanentFailure;
import com.helpdeskverify.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@WireMockTest
class AuthTest {
  private static final String INCIDENTS = "/api/now/table/incident";
  private static final String TOKEN = "/oauth_token.do";
  private static final Watermark SINCE = Watermark.at(Instant.parse("2026-11-02T09:00:00Z"));
  private static final Auth.OAuth CLIENT_CREDENTIALS =
      new Auth.OAuth(
          Auth.Grant.CLIENT_CREDENTIALS,
          "3e57bb02663102004d010ee8f561307a",
          new Secret("client-s3cret"),
          Optional.empty(),
          Optional.empty());
  private static final Auth.OAuth PASSWORD =
      new Auth.OAuth(
          Auth.Grant.PASSWORD,
          "3e57bb02663102004d010ee8f561307a",
          new Secret("client-s3cret"),
          Optional.of("hv.integration"),
          Optional.of(new Secret("user-Passw0rd")));

  private final MutableClock clock = MutableClock.at("2026-11-02T09:05:00Z");
  private String base;

  @BeforeEach
  void setUp(WireMockRuntimeInfo wm) {
    base = wm.getHttpBaseUrl();
    stubFor(get(urlPathEqualTo(INCIDENTS)).willReturn(okJson(Fixtures.result())));
    stubFor(post(urlPathEqualTo(TOKEN)).willReturn(okJson(Fixtures.resource("oauth-token.json"))));
  }

  private ServiceNowTicketSystem system(Auth auth) {
    return Fixtures.connect(
        Fixtures.settings(
            base, auth, List.of(TableSettings.defaults("incident", "Service Desk L2"))),
        clock);
  }

  @Test
  void basicAuthSendsTheIntegrationUsersCredentials() {
    system(Fixtures.basic()).findChanged(SINCE, 1);

    verify(
        getRequestedFor(urlPathEqualTo(INCIDENTS))
            .withHeader(
                "Authorization", equalTo("Basic aHYuaW50ZWdyYXRpb246czNjcmV0LVBhc3N3MHJk")));
  }

  @Test
  void clientCredentialsTokenIsFetchedFormEncodedAndSentAsBearer() {
    ServiceNowTicketSystem system = system(CLIENT_CREDENTIALS);

    system.findChanged(SINCE, 1);
    system.findChanged(SINCE, 1);

    verify(
        1,
        postRequestedFor(urlPathEqualTo(TOKEN))
            .withHeader("Content-Type", containing("application/x-www-form-urlencoded"))
            .withRequestBody(containing("grant_type=client_credentials"))
            .withRequestBody(containing("client_id=3e57bb02663102004d010ee8f561307a"))
            .withRequestBody(containing("client_secret=client-s3cret")));
    verify(
        getRequestedFor(urlPathEqualTo(INCIDENTS))
            .withHeader("Authorization", equalTo("Bearer AT-1-zQ8uVqLFw3Yk2pP0cS7mB9")));
  }

  @Test
  void passwordGrantSendsTheIntegrationUsersCredentials() {
    system(PASSWORD).findChanged(SINCE, 1);

    verify(
        postRequestedFor(urlPathEqualTo(TOKEN))
            .withRequestBody(containing("grant_type=password"))
            .withRequestBody(containing("username=hv.integration"))
            .withRequestBody(containing("password=user-Passw0rd")));
  }

  @Test
  void expiringTokenIsRenewedWithTheRefreshToken() {
    ServiceNowTicketSystem system = system(PASSWORD);
    system.findChanged(SINCE, 1);
    stubFor(
        post(urlPathEqualTo(TOKEN))
            .withRequestBody(containing("grant_type=refresh_token"))
            .willReturn(
                okJson(
                    "{\"access_token\":\"AT-2\",\"token_type\":\"Bearer\",\"expires_in\":1799}")));

    clock.advance(Duration.ofMinutes(29));
    system.findChanged(SINCE, 1);

    verify(
        postRequestedFor(urlPathEqualTo(TOKEN))
            .withRequestBody(containing("refresh_token=RT-1-hJ4nXs6Kd2Wq8zLc5Vb1")));
    verify(
        getRequestedFor(urlPathEqualTo(INCIDENTS))
            .withHeader("Authorization", equalTo("Bearer AT-2")));
  }

  @Test
  void clientCredentialsTokenWithoutRefreshTokenIsRequestedAgainBeforeItExpires() {
    stubFor(
        post(urlPathEqualTo(TOKEN))
            .willReturn(
                okJson(
                    "{\"access_token\":\"AT-CC\",\"token_type\":\"Bearer\",\"expires_in\":1799}")));
    ServiceNowTicketSystem system = system(CLIENT_CREDENTIALS);
    system.findChanged(SINCE, 1);

    clock.advance(Duration.ofMinutes(29));
    system.findChanged(SINCE, 1);

    verify(
        2,
        postRequestedFor(urlPathEqualTo(TOKEN))
            .withRequestBody(containing("grant_type=client_credentials")));
  }

  @Test
  void validTokenIsNotRequestedAgain() {
    ServiceNowTicketSystem system = system(CLIENT_CREDENTIALS);
    system.findChanged(SINCE, 1);

    clock.advance(Duration.ofMinutes(20));
    system.findChanged(SINCE, 1);

    verify(1, postRequestedFor(urlPathEqualTo(TOKEN)));
  }

  @Test
  void refusedRefreshTokenFallsBackToTheGrant() {
    ServiceNowTicketSystem system = system(PASSWORD);
    system.findChanged(SINCE, 1);
    stubFor(
        post(urlPathEqualTo(TOKEN))
            .withRequestBody(containing("grant_type=refresh_token"))
            .willReturn(
                aResponse().withStatus(401).withBody(Fixtures.resource("oauth-denied.json"))));

    clock.advance(Duration.ofMinutes(31));
    system.findChanged(SINCE, 1);

    verify(
        2,
        postRequestedFor(urlPathEqualTo(TOKEN)).withRequestBody(containing("grant_type=password")));
  }

  @Test
  void tokenRefusedByTheInstanceIsRenewedAndTheCallRepeatedOnce() {
    stubFor(
        get(urlPathEqualTo(INCIDENTS))
            .inScenario("revoked")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(
                aResponse().withStatus(401).withBody(Fixtures.resource("error-unauthorized.json")))
            .willSetStateTo("renewed"));
    stubFor(
        get(urlPathEqualTo(INCIDENTS))
            .inScenario("revoked")
            .whenScenarioStateIs("renewed")
            .willReturn(okJson(Fixtures.result())));

    assertThat(system(CLIENT_CREDENTIALS).findChanged(SINCE, 1).tickets()).isEmpty();
    verify(2, postRequestedFor(urlPathEqualTo(TOKEN)));
  }

  @Test
  void refusedGrantIsAPermanentFailureWithoutTheSecret() {
    stubFor(
        post(urlPathEqualTo(TOKEN))
            .willReturn(
                aResponse().withStatus(401).withBody(Fixtures.resource("oauth-denied.json"))));

    assertThatThrownBy(() -> system(CLIENT_CREDENTIALS).findChanged(SINCE, 1))
        .isInstanceOf(PermanentFailure.class)
        .hasMessageContaining("POST /oauth_token.do")
        .hasMessageContaining("HTTP 401")
        .hasMessageNotContaining("client-s3cret");
    verify(0, getRequestedFor(urlPathEqualTo(INCIDENTS)));
  }

  @Test
  void tokenResponseNeverPrintsTheToken() {
    TokenApi.TokenResponse answer = new TokenApi.TokenResponse("AT-9", "RT-9", 1799L, "Bearer");

    assertThat(answer.toString()).doesNotContain("AT-9").doesNotContain("RT-9");
    assertThat(Map.of("a", answer).toString()).doesNotContain("AT-9");
  }
}
