package com.helpdeskverify.providers.duo;

import com.helpdeskverify.core.config.ConfigDef;
import com.helpdeskverify.core.config.ConfigValues;
import com.helpdeskverify.core.spi.IntegrationContext;
import com.helpdeskverify.core.spi.PushProvider;
import com.helpdeskverify.core.spi.PushProviderFactory;
import com.helpdeskverify.http.HttpClients;
import com.helpdeskverify.providers.support.AccountMapping;
import com.helpdeskverify.providers.support.HttpSettings;
import java.time.Duration;
import okhttp3.OkHttpClient;

/** Creates {@link DuoPushProvider}s from configuration sections of {@code type: duo}. */
public final class DuoPushProviderFactory implements PushProviderFactory {

  @Override
  public String type() {
    return "duo";
  }

  @Override
  public ConfigDef config() {
    return HttpSettings.declare(
        AccountMapping.declare(new ConfigDef())
            .url(
                "base-url",
                "https://<API hostname> of the Duo Auth API application, e.g."
                    + " https://api-XXXXXXXX.duosecurity.com")
            .string("integration-key", "integration key (ikey) of the Auth API application")
            .secret("secret-key", "secret key (skey) of the Auth API application")
            .enumOf(
                "signature",
                DuoSignature.Algorithm.class,
                DuoSignature.Algorithm.HMAC_SHA512,
                "HMAC of Duo's request signature")
            .duration(
                "push-timeout",
                Duration.ofSeconds(60),
                "how long a Duo Push stays answerable (Duo: 60 seconds)")
            .string(
                "push-type",
                "Helpdesk verification",
                "the title Duo Mobile shows for the push (Duo's 'type' parameter)")
            .bool(
                "verified-push",
                true,
                "send client_supports_verified_push=1 so that a 'Require Verified Duo Push' policy"
                    + " is honoured (its code is shown on the ticket); false bypasses that policy")
            .string("display-name", "Duo Mobile", "the app's name in messages to employees"));
  }

  @Override
  public PushProvider create(String id, ConfigValues config, IntegrationContext context) {
    DuoSignature signature =
        new DuoSignature(
            config.string("integration-key"),
            config.secret("secret-key").reveal(),
            config.enumValue("signature", DuoSignature.Algorithm.class));
    OkHttpClient client =
        HttpClients.builder(id, HttpSettings.policy(config), context.clock())
            .addInterceptor(new DuoSigningInterceptor(signature, context.clock()))
            .build();
    DuoAuthApi api =
        HttpClients.retrofit(config.url("base-url").toString(), client).create(DuoAuthApi.class);
    return new DuoPushProvider(
        id,
        config.string("display-name"),
        api,
        AccountMapping.from(config),
        config.duration("push-timeout"),
        config.string("push-type"),
        config.bool("verified-push"),
        HttpSettings.circuit(id, config, context.clock()));
  }
}
