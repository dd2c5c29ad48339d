package com.helpdeskverify.servicenow;

import com.helpdeskverify.core.spi.IntegrationFailure;
import com.helpdeskverify.core.spi.PermanentFailure;
import com.helpdeskverify.http.Calls;
import com.helpdeskverify.http.TokenCache;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import okhttp3.Authenticator;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.Route;

/**
 * Holds the OAuth access token of one instance in a {@link TokenCache}: fetches it before the first
 * call, renews it shortly before it expires (with the refresh token when there is one, else with
 * the grant), and once more when the instance answers 401. The token never reaches a log line or an
 * exception message.
 *
 * <p>{@link #ensureToken()} runs before each Table API call, outside OkHttp, so that a refused
 * grant surfaces as the core's {@link PermanentFailure} instead of an I/O error; the interceptor
 * only attaches the token it holds.
 */
final class OAuthTokens implements Interceptor, Authenticator {
  private static final Logger LOG = System.getLogger(OAuthTokens.class.getName());
  private static final Duration EARLY = Duration.ofSeconds(60);
  private static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(30);
  static final String CALL = "POST /oauth_token.do";

  private final String system;
  private final TokenApi api;
  private final Auth.OAuth credentials;
  private final TokenCache cache;

  // Only touched by fetch(), which the cache runs for one caller at a time.
  private Optional<String> refreshToken = Optional.empty();

  OAuthTokens(String system, TokenApi api, Auth.OAuth credentials, Clock clock) {
    this.system = system;
    this.api = api;
    this.credentials = credentials;
    this.cache = new TokenCache(clock, EARLY, this::fetch);
  }

  /** A token valid for at least another minute, fetched if need be. */
  String ensureToken() {
    return cache.get();
  }

  /** Forgets the token if it is the one the instance refused. */
  void invalidate(String refused) {
    cache.invalidate(refused);
  }

  private TokenCache.Token fetch() {
    if (refreshToken.isPresent()) {
      try {
        return store(request(refreshForm(refreshToken.get())));
      } catch (PermanentFailure e) {
        // An expired or revoked refresh token: the grant itself still works.
        LOG.log(Level.INFO, "{0}: refresh token refused, requesting a new token", system);
        refreshToken = Optional.empty();
      }
    }
    return store(request(grantForm()));
  }

  private TokenApi.TokenResponse request(Map<String, String> form) {
    TokenApi.TokenResponse answer = Calls.execute(api.token(form), system, CALL);
    if (answer.accessToken() == null || answer.accessToken().isBlank()) {
      throw Calls.malformed(system, CALL, "no access_token", true);
    }
    return answer;
  }

  private TokenCache.Token store(TokenApi.TokenResponse answer) {
    Duration lifetime =
        answer.expiresIn() != null && answer.expiresIn() > 0
            ? Duration.ofSeconds(answer.expiresIn())
            : DEFAULT_LIFETIME;
    if (answer.refreshToken() != null && !answer.refreshToken().isBlank()) {
      refreshToken = Optional.of(answer.refreshToken());
    }
    return new TokenCache.Token(answer.accessToken(), lifetime);
  }

  private Map<String, String> grantForm() {
    Map<String, String> form = new LinkedHashMap<>();
    form.put(
        "grant_type",
        credentials.grant() == Auth.Grant.PASSWORD ? "password" : "client_credentials");
    form.put("client_id", credentials.clientId());
    form.put("client_secret", credentials.clientSecret().reveal());
    if (credentials.grant() == Auth.Grant.PASSWORD) {
      form.put("username", credentials.username().orElseThrow());
      form.put("password", credentials.password().orElseThrow().reveal());
    }
    return form;
  }

  private Map<String, String> refreshForm(String refresh) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "refresh_token");
    form.put("client_id", credentials.clientId());
    form.put("client_secret", credentials.clientSecret().reveal());
    form.put("refresh_token", refresh);
    return form;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Optional<String> token = cache.held();
    Request request = chain.request();
    if (token.isEmpty()) {
      return chain.proceed(request);
    }
    return chain.proceed(
        request.newBuilder().header("Authorization", "Bearer " + token.get()).build());
  }

  /** On a 401, renews the token and repeats the call once. */
  @Override
  public Request authenticate(Route route, Response response) {
    if (response.priorResponse() != null) {
      return null;
    }
    String sent = response.request().header("Authorization");
    if (sent != null && sent.startsWith("Bearer ")) {
      invalidate(sent.substring("Bearer ".length()));
    }
    try {
      String fresh = ensureToken();
      return response.request().newBuilder().header("Authorization", "Bearer " + fresh).build();
    } catch (IntegrationFailure e) {
      LOG.log(Level.WARNING, "{0}: cannot renew the OAuth token: {1}", system, e.getMessage());
      return null;
    }
  }
}
