package com.helpdeskverify.providers.okta;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.helpdeskverify.core.ReasonCode;
import com.helpdeskverify.core.Requester;
import com.helpdeskverify.core.config.ConfigException;
import com.helpdeskverify.core.spi.IntegrationContext;
import com.helpdeskverify.core.spi.NotVerifiable;
import com.helpdeskverify.core.spi.PushProvider;
import com.helpdeskverify.core.spi.UserLookup;
import com.helpdeskverify.testkit.MutableClock;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Jira Cloud hides most requesters' addresses; Okta finds the person by a profile attribute that
 * holds their Atlassian account id, and the audit history says so.
 */
class OktaAccountIdLookupTest {
  private static final String USER_ID = "00ub0oNGTSWTBKOLGLNR";
  private static final String OTHER_ID = "00ub0oNGTSWTBKOLGLOT";
  private static final String ATLASSIAN_ID = "557057:4f9acfd2-6155-419b-8de5-5b5cf27a59a0";
  private static final Requester HIDDEN = Requester.of(ATLASSIAN_ID, null, "Alice Example");
  private static final String SEARCH = "profile.atlassianAccountId eq \"" + ATLASSIAN_ID + "\"";

  @RegisterExtension
  static WireMockExtension okta =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T19:00:00Z"));

  private PushProvider provider(Map<String, Object> overrides) {
    Map<String, Object> raw = new HashMap<>();
    raw.put("base-url", okta.baseUrl());
    raw.put("api-token", "00QCjAl4MlV-WPXM-secret-token");
    raw.put("max-attempts", 1);
    raw.put("account-id-attribute", "atlassianAccountId");
    raw.putAll(overrides);
    OktaPushProviderFactory factory = new OktaPushProviderFactory();
    return factory.create(
        "okta-main",
        factory.config().parse("providers.okta-main", raw),
        new IntegrationContext(clock, new SplittableRandom(7), (key, expiresAt) -> true));
  }

  private static void searchFinds(String... fixtures) {
    StringBuilder body = new StringBuilder("[");
    for (int i = 0; i < fixtures.length; i++) {
      body.append(i == 0 ? "" : ",").append(fixture(fixtures[i]));
    }
    okta.stubFor(
        get(urlPathEqualTo("/api/v1/users"))
            .withQueryParam("search", equalTo(SEARCH))
            .willReturn(ok(body.append("]").toString())));
  }

  private static void factorsWithPush() {
    okta.stubFor(
        get(urlPathEqualTo("/api/v1/users/" + USER_ID + "/factors"))
            .willReturn(ok(fixture("factors-push.json"))));
  }

  @Test
  void requesterWithHiddenAddressIsFoundByTheAttributeHoldingTheirAccountId() {
    searchFinds("user-active.json");
    factorsWithPush();

    UserLookup lookup = provider(Map.of()).lookup(HIDDEN);

    assertThat(lookup)
        .isEqualTo(
            new UserLookup.Enrolled(
                USER_ID, "by profile.atlassianAccountId = the requester's account id"));
    okta.verify(
        getRequestedFor(urlPathEqualTo("/api/v1/users"))
            .withQueryParam("search", equalTo(SEARCH))
            .withQueryParam("limit", equalTo("2")));
  }

  @Test
  void theMatchIsRememberedButTheUserIsReadAgain() {
    searchFinds("user-active-account-id.json");
    factorsWithPush();
    okta.stubFor(
        get(urlPathEqualTo("/api/v1/users/" + USER_ID))
            .willReturn(ok(fixture("user-active-account-id.json"))));
    PushProvider provider = provider(Map.of());

    provider.lookup(HIDDEN);
    UserLookup again = provider.lookup(HIDDEN);

    assertThat(again).isInstanceOf(UserLookup.Enrolled.class);
    okta.verify(1, getRequestedFor(urlPathEqualTo("/api/v1/users")));
    okta.verify(1, getRequestedFor(urlPathEqualTo("/api/v1/users/" + USER_ID)));
  }

  @Test
  void aRememberedUserWhoNoLongerHoldsTheAccountIdIsNotPushedAndTheDirectoryIsSearchedAgain() {
    searchFinds("user-active-account-id.json");
    factorsWithPush();
    PushProvider provider = provider(Map.of());
    provider.lookup(HIDDEN);
    // Since then the id was moved to another person's profile.
    okta.stubFor(
        get(urlPathEqualTo("/api/v1/users/" + USER_ID))
            .willReturn(ok(fixture("user-active-account-id-moved.json"))));
    searchFinds("user-other-login-account-id.json");
    okta.stubFor(
        get(urlPathEqualTo("/api/v1/users/" + OTHER_ID + "/factors"))
            .willReturn(ok(fixture("factors-push.json"))));

    UserLookup again = provider.lookup(HIDDEN);

    assertThat(again)
        .isEqualTo(
            new UserLookup.Enrolled(
                OTHER_ID, "by profile.atlassianAccountId = the requester's account id"));
    okta.verify(2, getRequestedFor(urlPathEqualTo("/api/v1/users")));
  }

  @Test
  void noUserWithTheAccountIdIsAnUnknownUser() {
    searchFinds();

    NotVerifiable nv = (NotVerifiable) provider(Map.of()).lookup(HIDDEN);

    assertThat(nv.reason()).isEqualTo(ReasonCode.UNKNOWN_USER);
    assertThat(nv.detail()).contains("profile.atlassianAccountId").contains(ATLASSIAN_ID);
  }

  @Test
  void twoUsersWithTheAccountIdAreNeitherPushed() {
    searchFinds("user-active.json", "user-other-login.json");

    NotVerifiable nv = (NotVerifiable) provider(Map.of()).lookup(HIDDEN);

    assertThat(nv.reason()).isEqualTo(ReasonCode.NOT_ACCOUNT_OWNER);
  }

  @Test
  void suspendedUserFoundByAccountIdIsNotPushed() {
    searchFinds("user-suspended.json");

    NotVerifiable nv = (NotVerifiable) provider(Map.of()).lookup(HIDDEN);

    assertThat(nv.detail()).contains("SUSPENDED");
  }

  @Test
  void anAccountIdThatCouldChangeTheSearchExpressionIsNotSearched() {
    NotVerifiable nv =
        (NotVerifiable)
            provider(Map.of()).lookup(Requester.of("x\" or profile.login sw \"", null, "X"));

    assertThat(nv.reason()).isEqualTo(ReasonCode.UNKNOWN_USER);
    assertThat(okta.getAllServeEvents()).isEmpty();
  }

  @Test
  void requesterWithAnAddressIsLookedUpByLoginAsBefore() {
    okta.stubFor(
        get(urlPathEqualTo("/api/v1/users/alice@corp.example"))
            .willReturn(ok(fixture("user-active.json"))));
    factorsWithPush();

    UserLookup lookup =
        provider(Map.of()).lookup(Requester.of(ATLASSIAN_ID, "alice@corp.example", "Alice"));

    assertThat(lookup).isEqualTo(new UserLookup.Enrolled(USER_ID));
    okta.verify(0, getRequestedFor(urlPathEqualTo("/api/v1/users")));
  }

  @Test
  void attributeNameMustBeAnOktaVariableName() {
    assertThatThrownBy(() -> provider(Map.of("account-id-attribute", "profile.x eq \"1\"")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("providers.okta-main.account-id-attribute: expected an Okta profile");
  }

  private static ResponseDefinitionBuilder ok(String body) {
    return aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withBody(body);
  }

  private static String fixture(String name) {
    try (InputStream in = OktaAccountIdLookupTest.class.getResourceAsStream("/okta/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("BASE", okta.baseUrl());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
