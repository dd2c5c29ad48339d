package com.helpdeskverify.providers.duo;

import com.helpdeskverify.core.config.ConfigDef;
import com.helpdeskverify.core.config.ConfigException;
import com.helpdeskverify.core.config.ConfigValues;
import com.helpdeskverify.core.spi.IntegrationContext;
import com.helpdeskverify.core.spi.PushProvider;
import com.helpdeskverify.core.spi.PushProviderFactory;
import com.helpdeskverify.http.HttpClients;
import com.helpdeskverify.http.HttpSettings;
import com.helpdeskverify.providers.support.AccountMapping;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import okhttp3.OkHttpClient;

/**
 * Creates {@link DuoVerificationPushProvider}s from sections of {@code type:
 * duo-verification-push}: an Admin API application, signed like the Auth API ({@link
 * DuoSignature}).
 */
public final class DuoVerificationPushProviderFactory implements PushProviderFactory {

  @Override
  public String type() {
    return "duo-verification-push";
  }

  @Override
  public ConfigDef config() {
    return HttpSettings.declareWithCircuit(
        AccountMapping.declare(new ConfigDef())
            .url(
                "base-url",
                "https://<API hostname> of the Duo Admin API application, e.g."
                    + " https://api-XXXXXXXX.duosecurity.com")
            .string("integration-key", "integration key of the Admin API application")
            .secret(
                "secret-key",
                "secret key of the Admin API application (permissions: Grant read resource, Grant"
                    + " write resource)")
            .enumOf(
                "signature",
                DuoSignature.Algorithm.class,
                DuoSignature.Algorithm.HMAC_SHA512,
                "HMAC of Duo's request signature")
            .duration(
                "push-timeout",
                Duration.ofSeconds(110),
                "how long the answer is awaited; Duo keeps it 120 seconds after sending")
            .string("display-name", "Duo Mobile", "the app's name in messages to employees"));
  }

  @Override
  public List<String> validate(ConfigValues config) {
    List<String> problems = new ArrayList<>(AccountMapping.problems(config));
    if (config.duration("push-timeout").compareTo(DUO_KEEPS_ANSWER) >= 0) {
      problems.add(
          config.path()
              + ".push-timeout: must be shorter than 120s, the time Duo keeps the answer, got "
              + config.duration("push-timeout").toSeconds()
              + "s");
    }
    return problems;
  }

  /** Duo Admin API: a verification push's result is kept 120 seconds after sending. */
  private static final Duration DUO_KEEPS_ANSWER = Duration.ofSeconds(120);

  @Override
  public PushProvider create(String id, ConfigValues config, IntegrationContext context) {
    ConfigException.throwIfAny(validate(config));
    DuoSignature signature =
        new DuoSignature(
            config.string("integration-key"),
            config.secret("secret-key").reveal(),
            config.enumValue("signature", DuoSignature.Algorithm.class));
    OkHttpClient client =
        HttpClients.builder(id, HttpSettings.policy(config), context.clock())
            .addInterceptor(new DuoSigningInterceptor(signature, context.clock()))
            .build();
    DuoAdminApi api =
        HttpClients.retrofit(config.url("base-url").toString(), client).create(DuoAdminApi.class);
    return new DuoVerificationPushProvider(
        id,
        config.string("display-name"),
        api,
        AccountMapping.from(config),
        config.duration("push-timeout"),
        HttpSettings.circuit(id, config, context.clock()));
  }
}
