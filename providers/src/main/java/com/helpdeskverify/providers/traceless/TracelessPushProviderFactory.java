package com.helpdeskverify.providers.traceless;

import com.helpdeskverify.core.config.ConfigDef;
import com.helpdeskverify.core.config.ConfigException;
import com.helpdeskverify.core.config.ConfigValues;
import com.helpdeskverify.core.spi.IntegrationContext;
import com.helpdeskverify.core.spi.PushProvider;
import com.helpdeskverify.core.spi.PushProviderFactory;
import com.helpdeskverify.http.HttpClients;
import com.helpdeskverify.http.HttpSettings;
import java.time.Duration;
import java.util.List;
import okhttp3.OkHttpClient;

/** Creates {@link TracelessPushProvider}s from {@code type: traceless} sections. */
public final class TracelessPushProviderFactory implements PushProviderFactory {
  @Override
  public String type() {
    return "traceless";
  }

  @Override
  public ConfigDef config() {
    return HttpSettings.declareWithCircuit(
        new ConfigDef()
            .url("api-url", "the Traceless API base URL given with your API credentials")
            .string("organization-id", "your Organization UUID (Traceless admin settings)")
            .secret("signing-secret", "the API signing secret (Traceless admin settings)")
            .enumOf(
                "push-method",
                TracelessPushProvider.PushMethod.class,
                TracelessPushProvider.PushMethod.MICROSOFT_AUTHENTICATOR,
                "the authenticator Traceless routes pushes to")
            .duration("deadline", Duration.ofMinutes(5), "how long a push stays answerable")
            .duration(
                "poll-interval", Duration.ofSeconds(3), "how often a pending push is polled"));
  }

  /**
   * A poll interval as long as the deadline would look at a push at most once, after it could no
   * longer be answered.
   */
  @Override
  public List<String> validate(ConfigValues config) {
    if (config.duration("poll-interval").compareTo(config.duration("deadline")) >= 0) {
      return List.of(
          config.path()
              + ".poll-interval: must be shorter than deadline ("
              + config.duration("deadline").toSeconds()
              + "s), or a push is never looked at while it can still be answered; got "
              + config.duration("poll-interval").toSeconds()
              + "s");
    }
    return List.of();
  }

  @Override
  public PushProvider create(String id, ConfigValues config, IntegrationContext context) {
    ConfigException.throwIfAny(validate(config));
    OkHttpClient client =
        HttpClients.builder(id, HttpSettings.policy(config), context.clock())
            .addInterceptor(
                new TracelessSigner(
                    config.string("organization-id"),
                    config.secret("signing-secret"),
                    context.clock()))
            .build();
    TracelessApi api =
        HttpClients.retrofit(config.url("api-url").toString(), client).create(TracelessApi.class);
    return new TracelessPushProvider(
        id,
        api,
        config.enumValue("push-method", TracelessPushProvider.PushMethod.class),
        config.duration("deadline"),
        config.duration("poll-interval"),
        HttpSettings.circuit(id, config, context.clock()));
  }
}
