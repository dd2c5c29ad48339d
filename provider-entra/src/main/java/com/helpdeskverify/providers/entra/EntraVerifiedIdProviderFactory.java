package com.helpdeskverify.providers.entra;

import com.helpdeskverify.core.config.ConfigDef;
import com.helpdeskverify.core.config.ConfigException;
import com.helpdeskverify.core.config.ConfigValues;
import com.helpdeskverify.core.config.Secret;
import com.helpdeskverify.core.spi.IntegrationContext;
import com.helpdeskverify.core.spi.PushProvider;
import com.helpdeskverify.core.spi.PushProviderFactory;
import com.helpdeskverify.http.Calls;
import com.helpdeskverify.http.HttpClients;
import com.helpdeskverify.http.HttpSettings;
import com.helpdeskverify.http.TokenCache;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import okhttp3.OkHttpClient;

/**
 * Creates {@link EntraVerifiedIdProvider}s from {@code type: entra-verified-id} sections: a
 * Verified ID presentation request with Face Check, Microsoft's documented help-desk verification.
 */
public final class EntraVerifiedIdProviderFactory implements PushProviderFactory {
  /** The Request Service API's application permission scope (Microsoft's documentation). */
  static final String REQUEST_SERVICE_SCOPE = "3db474b9-6a0c-4840-96ac-1fceb342124f/.default";

  @Override
  public String type() {
    return "entra-verified-id";
  }

  @Override
  public ConfigDef config() {
    return HttpSettings.declareWithCircuit(
        new ConfigDef()
            .string("tenant-id", "the directory (tenant) id")
            .string(
                "client-id",
                "application id of the app registration (Graph User.Read.All and the Verified ID"
                    + " Request Service permission)")
            .secret("client-secret", "its client secret")
            .string("verifier-authority", "the DID of your Verified ID verifier (authority)")
            .stringList(
                "accepted-issuers",
                "DIDs of the issuers whose credentials are accepted (your tenant's issuer DID)")
            .string("credential-type", "VerifiedEmployee", "the credential type requested")
            .string(
                "photo-claim", "photo", "the credential's claim holding the photo for Face Check")
            .integer(
                "match-confidence-threshold",
                70,
                50,
                100,
                "Face Check confidence needed (50-100; Microsoft's default 70)")
            .url(
                "callback-base-url",
                "the public https address of this service; callbacks go to"
                    + " <callback-base-url>/webhooks/entra-verified-id/<id>")
            .secret("callback-api-key", "sent as api-key with the request, checked on callbacks")
            .string("client-name", "IT help desk", "the verifier name Authenticator shows")
            .string(
                "purpose",
                "Confirm that you asked the help desk for this change",
                "why the credential is requested")
            .url("graph-url", "https://graph.microsoft.com/v1.0", "Microsoft Graph endpoint")
            .url(
                "request-service-url",
                "https://verifiedid.did.msidentity.com/v1.0",
                "the Verified ID Request Service API")
            .url(
                "authority-host",
                "https://login.microsoftonline.com",
                "where tokens are requested; change only for a sovereign cloud")
            .duration("deadline", Duration.ofMinutes(5), "how long the requester has to present")
            .string(
                "display-name",
                "Microsoft Authenticator",
                "the app's name in messages to employees"));
  }

  @Override
  public List<String> validate(ConfigValues config) {
    List<String> problems = new ArrayList<>();
    if (config.strings("accepted-issuers").isEmpty()) {
      problems.add(
          config.path()
              + ".accepted-issuers: at least one issuer DID is needed; without it a credential"
              + " of any issuer would be accepted");
    }
    String base = strip(config.url("callback-base-url").toString());
    if (!base.startsWith("https://")) {
      problems.add(
          config.path()
              + ".callback-base-url: expected an https:// address Microsoft can reach, got "
              + base);
    }
    return problems;
  }

  @Override
  public PushProvider create(String id, ConfigValues config, IntegrationContext context) {
    ConfigException.throwIfAny(validate(config));
    List<String> issuers = config.strings("accepted-issuers");
    String base = strip(config.url("callback-base-url").toString());
    OkHttpClient http =
        HttpClients.builder(id, HttpSettings.policy(config), context.clock()).build();
    VerifiedIdApi api =
        HttpClients.retrofit(config.url("authority-host").toString(), http)
            .create(VerifiedIdApi.class);
    String tokenEndpoint =
        strip(config.url("authority-host").toString())
            + "/"
            + config.string("tenant-id")
            + "/oauth2/v2.0/token";
    String clientId = config.string("client-id");
    Secret secret = config.secret("client-secret");
    String graphUrl = strip(config.url("graph-url").toString());
    java.net.URI graph = config.url("graph-url");
    String graphScope = graph.getScheme() + "://" + graph.getAuthority() + "/.default";
    TokenCache graphTokens = tokens(id, api, tokenEndpoint, clientId, secret, graphScope, context);
    TokenCache requestTokens =
        tokens(id, api, tokenEndpoint, clientId, secret, REQUEST_SERVICE_SCOPE, context);
    Secret callbackKey = config.secret("callback-api-key");
    EntraVerifiedIdProvider.Settings settings =
        new EntraVerifiedIdProvider.Settings(
            graphUrl,
            strip(config.url("request-service-url").toString()),
            config.string("verifier-authority"),
            config.string("credential-type"),
            List.copyOf(issuers),
            config.string("photo-claim"),
            config.integer("match-confidence-threshold"),
            config.string("client-name"),
            config.string("purpose"),
            base + "/webhooks/entra-verified-id/" + id,
            callbackKey,
            config.duration("deadline"),
            config.string("display-name"));
    return new EntraVerifiedIdProvider(
        id,
        api,
        graphTokens,
        requestTokens,
        settings,
        context.notes(),
        context.clock(),
        HttpSettings.circuit(id, config, context.clock()),
        new VerifiedIdCallbackReceiver(id, callbackKey, context.notes(), context.clock()));
  }

  private static TokenCache tokens(
      String id,
      VerifiedIdApi api,
      String endpoint,
      String clientId,
      Secret secret,
      String scope,
      IntegrationContext context) {
    return new TokenCache(
        context.clock(),
        () -> {
          VerifiedIdApi.Token token =
              Calls.execute(
                  api.token(endpoint, "client_credentials", clientId, secret.reveal(), scope),
                  id,
                  EntraVerifiedIdProvider.TOKEN);
          if (token == null || token.accessToken() == null || token.accessToken().isBlank()) {
            throw Calls.malformed(id, EntraVerifiedIdProvider.TOKEN, "no access_token", false);
          }
          long seconds = token.expiresIn() == null ? 300 : Math.max(1, token.expiresIn());
          return new TokenCache.Token(token.accessToken(), Duration.ofSeconds(seconds));
        });
  }

  private static String strip(String url) {
    return url.replaceAll("/+$", "");
  }
}
