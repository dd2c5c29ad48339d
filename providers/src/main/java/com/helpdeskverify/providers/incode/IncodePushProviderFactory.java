package com.helpdeskverify.providers.incode;

import com.helpdeskverify.core.config.ConfigDef;
import com.helpdeskverify.core.config.ConfigException;
import com.helpdeskverify.core.config.ConfigValues;
import com.helpdeskverify.core.config.Secret;
import com.helpdeskverify.core.spi.IntegrationContext;
import com.helpdeskverify.core.spi.PushProvider;
import com.helpdeskverify.core.spi.PushProviderFactory;
import com.helpdeskverify.core.spi.WebhookReceiver;
import com.helpdeskverify.http.Calls;
import com.helpdeskverify.http.HttpClients;
import com.helpdeskverify.http.HttpPolicy;
import com.helpdeskverify.http.HttpSettings;
import com.helpdeskverify.http.TokenCache;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import okhttp3.OkHttpClient;

/** Creates {@link IncodePushProvider}s from {@code type: incode} sections. */
public final class IncodePushProviderFactory implements PushProviderFactory {
  static final String CALL_TOKEN = "POST /oauth2/token";
  static final String CALL_EXECUTIVE = "POST /executive/log-in";

  /** Incode: executive tokens live 24 hours by default. */
  static final Duration EXECUTIVE_TOKEN_LIFETIME = Duration.ofHours(24);

  @Override
  public String type() {
    return "incode";
  }

  @Override
  public ConfigDef config() {
    return HttpSettings.declareWithCircuit(
        new ConfigDef()
            .url(
                "api-url",
                "the Incode API of your environment, such as https://demo-api.incodesmile.com")
            .url(
                "auth-url",
                "https://auth.incode.com",
                "Incode's authorization server (demo: https://auth.demo.incode.com)")
            .string(
                "client-id",
                "client ID of the client credentials integration (Dashboard > Integrations >"
                    + " Custom > Default client credentials integration)")
            .secret("client-secret", "its client secret")
            .secret("api-key", "the Omni API key, sent as x-api-key to read session results")
            .string(
                "executive-email",
                "login of the Incode Dashboard user whose executive token reads session results")
            .secret("executive-password", "that user's password")
            .string(
                "integration-reference",
                "the Helpdesk integration's reference (Dashboard > Integrations > Helpdesk, shown"
                    + " after Save); it names the integration, not a case")
            .enumOf(
                "delivery",
                IncodePushProvider.Delivery.class,
                IncodePushProvider.Delivery.EMAIL,
                "how Incode sends the link to the requester")
            .duration("deadline", Duration.ofMinutes(30), "how long the requester has to verify")
            .optionalSecret(
                "webhook-secret",
                "value of the custom header set on the Incode webhooks; without it the result is"
                    + " polled only")
            .string(
                "webhook-secret-header",
                "x-webhook-secret",
                "name of the custom header that carries webhook-secret"));
  }

  /** RFC 9110 token characters: what an HTTP header name may consist of. */
  private static final java.util.regex.Pattern HEADER_NAME =
      java.util.regex.Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

  /**
   * The webhook header is only read when a webhook secret is set, and must be a name a request can
   * carry; otherwise no delivery would ever be accepted and every result would wait for the poll.
   */
  @Override
  public List<String> validate(ConfigValues config) {
    String header = config.string("webhook-secret-header");
    if (config.optionalSecret("webhook-secret").isPresent()
        && !HEADER_NAME.matcher(header).matches()) {
      return List.of(
          config.path()
              + ".webhook-secret-header: expected an HTTP header name such as x-webhook-secret"
              + " (letters, digits and dashes, no spaces or colons), got '"
              + header
              + "'");
    }
    return List.of();
  }

  @Override
  public PushProvider create(String id, ConfigValues config, IntegrationContext context) {
    ConfigException.throwIfAny(validate(config));
    HttpPolicy policy = HttpSettings.policy(config);
    OkHttpClient base = HttpClients.builder(id, policy, context.clock()).build();

    IncodeAuthApi auth =
        HttpClients.retrofit(config.url("auth-url").toString(), base).create(IncodeAuthApi.class);
    String clientId = config.string("client-id");
    Secret clientSecret = config.secret("client-secret");
    TokenCache b2bTokens =
        new TokenCache(
            context.clock(),
            () -> {
              IncodeAuthApi.TokenResponse token =
                  Calls.execute(
                      auth.token("client_credentials", clientId, clientSecret.reveal(), "openid"),
                      id,
                      CALL_TOKEN);
              if (token == null || token.accessToken() == null || token.accessToken().isBlank()) {
                throw Calls.malformed(id, CALL_TOKEN, "no access_token", false);
              }
              long seconds = token.expiresIn() == null ? 300 : Math.max(1, token.expiresIn());
              return new TokenCache.Token(token.accessToken(), Duration.ofSeconds(seconds));
            });

    Secret apiKey = config.secret("api-key");
    IncodeApi login =
        HttpClients.retrofit(config.url("api-url").toString(), base).create(IncodeApi.class);
    IncodeApi.ExecutiveCredentials credentials =
        new IncodeApi.ExecutiveCredentials(
            config.string("executive-email"), config.secret("executive-password").reveal());
    TokenCache executiveTokens =
        new TokenCache(
            context.clock(),
            () -> {
              IncodeApi.ExecutiveToken token =
                  Calls.execute(
                      login.executiveLogin(apiKey.reveal(), IncodeApi.API_VERSION, credentials),
                      id,
                      CALL_EXECUTIVE);
              if (token == null || token.token() == null || token.token().isBlank()) {
                throw Calls.malformed(id, CALL_EXECUTIVE, "no token", false);
              }
              return new TokenCache.Token(token.token(), EXECUTIVE_TOKEN_LIFETIME);
            });

    OkHttpClient apiClient =
        base.newBuilder()
            .addInterceptor(new IncodeAuthInterceptor(List.of(b2bTokens, executiveTokens)))
            .build();
    IncodeApi api =
        HttpClients.retrofit(config.url("api-url").toString(), apiClient).create(IncodeApi.class);

    Optional<WebhookReceiver> webhooks =
        config
            .optionalSecret("webhook-secret")
            .map(
                secret ->
                    new IncodeWebhookReceiver(
                        id, config.string("webhook-secret-header"), secret, context.replayGuard()));

    return new IncodePushProvider(
        id,
        api,
        b2bTokens,
        executiveTokens,
        new IncodeSettings(
            config.string("integration-reference"),
            apiKey,
            config.enumValue("delivery", IncodePushProvider.Delivery.class),
            config.duration("deadline")),
        HttpSettings.circuit(id, config, context.clock()),
        webhooks);
  }
}
