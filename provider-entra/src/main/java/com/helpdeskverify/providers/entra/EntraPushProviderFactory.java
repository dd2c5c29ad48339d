package com.helpdeskverify.providers.entra;

import com.azure.core.credential.TokenCredential;
import com.azure.identity.ClientCertificateCredentialBuilder;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.helpdeskverify.core.config.ConfigDef;
import com.helpdeskverify.core.config.ConfigException;
import com.helpdeskverify.core.config.ConfigValues;
import com.helpdeskverify.core.config.Secret;
import com.helpdeskverify.core.spi.IntegrationContext;
import com.helpdeskverify.core.spi.PushProvider;
import com.helpdeskverify.core.spi.PushProviderFactory;
import com.helpdeskverify.http.HttpClients;
import com.helpdeskverify.http.HttpPolicy;
import com.helpdeskverify.http.HttpSettings;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import okhttp3.OkHttpClient;

/** Creates {@link EntraPushProvider}s from {@code type: entra} sections. */
public final class EntraPushProviderFactory implements PushProviderFactory {
  /**
   * Requests per second when the section sets no {@code rate-limit}. A conservative default; Graph
   * answers throttling with 429 and Retry-After, provider-entra/README.md.
   */
  static final double DEFAULT_RATE_LIMIT = 10;

  /** The first-party Azure MFA client application the NPS extension and AD FS adapter use. */
  static final String MFA_CLIENT_ID = "981f26a1-7f43-403b-a875-f8b09b8cd720";

  @Override
  public String type() {
    return "entra";
  }

  @Override
  public ConfigDef config() {
    return HttpSettings.declareWithCircuit(
        new ConfigDef()
            .string("tenant-id", "the directory (tenant) id")
            .string("client-id", "application id of the app registration that reads Graph")
            .optionalSecret("client-secret", "its client secret (or give certificate-path)")
            .optionalString("certificate-path", "PEM file with its certificate and private key")
            .optionalString(
                "mfa-certificate-path",
                "PEM file with the certificate and private key added to the Azure MFA client"
                    + " service principal (see providers/README.md)")
            .optionalSecret(
                "mfa-client-secret", "a client secret of that service principal, instead")
            .string(
                "mfa-client-id",
                MFA_CLIENT_ID,
                "the Azure MFA client application; change only for a sovereign cloud")
            .url("graph-url", "https://graph.microsoft.com/v1.0", "Microsoft Graph endpoint")
            .url(
                "mfa-url",
                "https://strongauthenticationservice.auth.microsoft.com/StrongAuthenticationService.svc/Connector",
                "StrongAuthenticationService connector endpoint")
            .string(
                "mfa-resource",
                "https://adnotifications.windowsazure.com/StrongAuthenticationService.svc/Connector",
                "the resource the MFA client application's token is requested for")
            .url(
                "authority-host",
                "https://login.microsoftonline.com",
                "where tokens are requested; change only for a sovereign cloud")
            .string("lcid", "en-us", "language of the phone call or notification")
            .bool(
                "allow-unsupported-api",
                false,
                "must be true: this provider uses StrongAuthenticationService, which Microsoft"
                    + " neither documents nor supports for this use (prefer entra-verified-id)")
            .bool(
                "sync-call",
                true,
                "send Begin with SyncCall=true as public callers do (held off the workers);"
                    + " false: SyncCall=false and End polled, as in the AD FS adapter traces")
            .duration(
                "deadline",
                Duration.ofMinutes(3),
                "how long a push stays answerable (Microsoft's own is about 3 minutes)")
            .optionalString(
                "account-id-attribute",
                "user property holding the ticket system's account id (a directory extension"
                    + " extension_<appId>_atlassianAccountId, or employeeId), searched when"
                    + " Jira Cloud hides the requester's e-mail"),
        DEFAULT_RATE_LIMIT);
  }

  @Override
  public List<String> validate(ConfigValues config) {
    List<String> problems = new ArrayList<>();
    if (!config.bool("allow-unsupported-api")) {
      problems.add(
          config.path()
              + ".allow-unsupported-api: type entra sends pushes through StrongAuthenticationService,"
              + " which Microsoft does not document or support for this; set it to true to accept"
              + " that, or use type entra-verified-id (Verified ID with Face Check)");
    }
    credentialProblems(
        config,
        config.optionalSecret("client-secret"),
        config.optionalString("certificate-path"),
        "client-secret",
        "certificate-path",
        problems);
    credentialProblems(
        config,
        config.optionalSecret("mfa-client-secret"),
        config.optionalString("mfa-certificate-path"),
        "mfa-client-secret",
        "mfa-certificate-path",
        problems);
    Optional<String> attribute = config.optionalString("account-id-attribute");
    if (attribute.isPresent() && !attribute.get().matches("[A-Za-z][A-Za-z0-9_]{0,119}")) {
      problems.add(
          config.path()
              + ".account-id-attribute: expected a user property name such as"
              + " extension_<appId>_atlassianAccountId or employeeId, got '"
              + attribute.get()
              + "'");
    }
    return problems;
  }

  /** Exactly one of a secret and a certificate signs the app in; a certificate must be readable. */
  private static void credentialProblems(
      ConfigValues config,
      Optional<Secret> secret,
      Optional<String> certificate,
      String secretName,
      String certificateName,
      List<String> problems) {
    if (secret.isPresent() == certificate.isPresent()) {
      problems.add(
          config.path()
              + "."
              + certificateName
              + ": give exactly one of "
              + certificateName
              + " and "
              + secretName
              + (secret.isPresent() ? ", not both" : "; neither is set"));
    } else if (certificate.isPresent()
        && !java.nio.file.Files.isReadable(java.nio.file.Path.of(certificate.get()))) {
      problems.add(
          config.path()
              + "."
              + certificateName
              + ": expected a readable PEM file, got '"
              + certificate.get()
              + "'");
    }
  }

  @Override
  public PushProvider create(String id, ConfigValues config, IntegrationContext context) {
    ConfigException.throwIfAny(validate(config));
    return create(id, config, context, graphCredential(config), mfaCredential(config));
  }

  /** With the two credentials given, for tests that cannot reach Entra. */
  PushProvider create(
      String id,
      ConfigValues config,
      IntegrationContext context,
      TokenCredential graphCredential,
      TokenCredential mfaCredential) {
    HttpPolicy policy = HttpSettings.policy(config);
    OkHttpClient http = HttpClients.builder(id, policy, context.clock()).build();

    URI graphUrl = config.url("graph-url");
    GraphApi graph = HttpClients.retrofit(graphUrl.toString(), http).create(GraphApi.class);
    EntraTokens graphTokens =
        new EntraTokens(
            graphCredential,
            graphUrl.getScheme() + "://" + graphUrl.getAuthority() + "/.default",
            id,
            "Entra refused the Graph application's credential: check tenant-id, client-id and"
                + " its secret or certificate");

    URI mfaUrl = config.url("mfa-url");
    StrongAuthenticationApi mfaApi =
        HttpClients.retrofit(mfaUrl.toString(), http).create(StrongAuthenticationApi.class);
    Optional<StrongAuthenticationChannel.SyncCalls> sync = Optional.empty();
    if (config.bool("sync-call")) {
      // The held Begin answers when the user does: its read timeout outlasts the push.
      OkHttpClient held =
          http.newBuilder()
              .readTimeout(config.duration("deadline").plusSeconds(30))
              .callTimeout(config.duration("deadline").plusSeconds(60))
              .build();
      sync =
          Optional.of(
              new StrongAuthenticationChannel.SyncCalls(
                  HttpClients.retrofit(mfaUrl.toString(), held)
                      .create(StrongAuthenticationApi.class),
                  context.notes(),
                  context.clock()));
    }
    EntraPushChannel channel =
        new StrongAuthenticationChannel(
            id,
            mfaApi,
            mfaUrl,
            mfaCredential,
            config.string("mfa-resource"),
            config.string("lcid"),
            sync);

    return new EntraPushProvider(
        id,
        new EntraDirectory(id, graph, graphTokens),
        channel,
        config.duration("deadline"),
        HttpSettings.circuit(id, config, context.clock()),
        HttpSettings.circuit(id, config, context.clock()),
        config.optionalString("account-id-attribute"));
  }

  private static TokenCredential graphCredential(ConfigValues config) {
    return credential(
        config,
        config.string("client-id"),
        config.optionalSecret("client-secret"),
        config.optionalString("certificate-path"));
  }

  private static TokenCredential mfaCredential(ConfigValues config) {
    return credential(
        config,
        config.string("mfa-client-id"),
        config.optionalSecret("mfa-client-secret"),
        config.optionalString("mfa-certificate-path"));
  }

  private static TokenCredential credential(
      ConfigValues config, String clientId, Optional<Secret> secret, Optional<String> certificate) {
    String tenant = config.string("tenant-id");
    String authority = config.url("authority-host").toString();
    if (certificate.isPresent()) {
      return new ClientCertificateCredentialBuilder()
          .tenantId(tenant)
          .clientId(clientId)
          .authorityHost(authority)
          .pemCertificate(certificate.get())
          .build();
    }
    return new ClientSecretCredentialBuilder()
        .tenantId(tenant)
        .clientId(clientId)
        .authorityHost(authority)
        .clientSecret(secret.get().reveal())
        .build();
  }
}
