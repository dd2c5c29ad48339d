package com.helpdeskverify.providers.duo;

import com.helpdeskverify.core.config.ConfigDef;
import com.helpdeskverify.core.config.ConfigException;
import com.helpdeskverify.core.config.ConfigValues;
import com.helpdeskverify.core.spi.IntegrationContext;
import com.helpdeskverify.core.spi.PushProvider;
import com.helpdeskverify.core.spi.PushProviderFactory;
import com.helpdeskverify.http.HeldCallThreads;
import com.helpdeskverify.http.HttpClients;
import com.helpdeskverify.http.HttpSettings;
import com.helpdeskverify.http.RetryInterceptor;
import com.helpdeskverify.providers.support.AccountMapping;
import java.time.Duration;
import java.util.List;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/** Creates {@link DuoPushProvider}s from configuration sections of {@code type: duo}. */
public final class DuoPushProviderFactory implements PushProviderFactory {
  /**
   * Requests per second when the section sets no {@code rate-limit}. Duo publishes no rate for the
   * Auth API (its rate-limits page names object and SSO limits only): a conservative default,
   * providers/README.md.
   */
  static final double DEFAULT_RATE_LIMIT = 10;

  @Override
  public String type() {
    return "duo";
  }

  @Override
  public ConfigDef config() {
    return HttpSettings.declareWithCircuit(
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
            .duration(
                "status-read-timeout",
                Duration.ofSeconds(75),
                "how long one auth_status long poll may be held; longer than push-timeout, since"
                    + " Duo holds the call until the answer changes (running out counts as still"
                    + " pending)")
            .string(
                "push-type",
                "Helpdesk verification",
                "the title Duo Mobile shows for the push (Duo's 'type' parameter)")
            .bool(
                "verified-push",
                true,
                "send client_supports_verified_push=1 so that a 'Require Verified Duo Push' policy"
                    + " is honoured (its code is shown on the ticket); false bypasses that policy")
            .bool(
                "lookup-serves-push",
                true,
                "a push within 10 s of the case's look-up takes the look-up's preauth txid instead"
                    + " of a preauth of its own (Duo documents no txid lifetime); false: every"
                    + " push preauths afresh")
            .string("display-name", "Duo Mobile", "the app's name in messages to employees"),
        DEFAULT_RATE_LIMIT);
  }

  @Override
  public List<String> validate(ConfigValues config) {
    return AccountMapping.problems(config);
  }

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
    DuoAuthApi api =
        HttpClients.retrofit(config.url("base-url").toString(), client).create(DuoAuthApi.class);
    DuoAuthApi statusApi =
        HttpClients.retrofit(config.url("base-url").toString(), longPollClient(client, config))
            .create(DuoAuthApi.class);
    return new DuoPushProvider(
        id,
        config.string("display-name"),
        api,
        statusApi,
        AccountMapping.from(config),
        config.duration("push-timeout"),
        config.string("push-type"),
        config.bool("verified-push"),
        HttpSettings.circuit(id, config, context.clock()),
        config.bool("lookup-serves-push"),
        context.clock());
  }

  /**
   * The client of the {@code auth_status} long polls: derived from the provider's client (same
   * signing, logging and Retry-After gate), with a read timeout beyond the push's life, no retry
   * inside the call (a held poll that runs out means "still pending" and the watcher asks again;
   * repeating it there would only hold longer) and room for one open long poll per pending push:
   * OkHttp's default of 5 calls per host would queue a new push's poll behind five held ones. Each
   * held call runs on a thread of {@link HeldCallThreads}: a virtual one on Java 24 or later, so
   * pending pushes cost no platform thread each.
   */
  static OkHttpClient longPollClient(OkHttpClient client, ConfigValues config) {
    Duration read = config.duration("status-read-timeout");
    Dispatcher dispatcher = new Dispatcher(HeldCallThreads.executor("duo-auth-status"));
    dispatcher.setMaxRequests(MAX_OPEN_LONG_POLLS);
    dispatcher.setMaxRequestsPerHost(MAX_OPEN_LONG_POLLS);
    OkHttpClient.Builder builder =
        client
            .newBuilder()
            .dispatcher(dispatcher)
            .readTimeout(read)
            .callTimeout(read.plus(config.duration("connect-timeout")).plusSeconds(5));
    builder.interceptors().removeIf(i -> i instanceof RetryInterceptor);
    return builder.build();
  }

  /**
   * Open long polls at most, in the dispatcher and in {@link DuoPushProvider}'s {@code openPolls}:
   * beyond that a pending push's poll waits there, not yet built, so the dispatcher never queues.
   */
  static final int MAX_OPEN_LONG_POLLS = 1024;
}
