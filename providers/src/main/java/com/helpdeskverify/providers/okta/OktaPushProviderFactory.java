package com.helpdeskverify.providers.okta;

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
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * Creates {@link OktaVerifyPushProvider}s from configuration sections of {@code type: okta-verify}.
 */
public final class OktaPushProviderFactory implements PushProviderFactory {
  /**
   * Requests per second when the section sets no {@code rate-limit}. Okta's per-endpoint limit for
   * most /api/v1 calls of an Enterprise org, 600/min, providers/README.md.
   */
  static final double DEFAULT_RATE_LIMIT = 10;

  @Override
  public String type() {
    return "okta-verify";
  }

  @Override
  public ConfigDef config() {
    return HttpSettings.declareWithCircuit(
        AccountMapping.declare(new ConfigDef())
            .url("base-url", "the Okta org, e.g. https://example.okta.com")
            .secret(
                "api-token",
                "Okta API token (sent as SSWS); its admin needs to read users and verify factors")
            .bool(
                "number-matching",
                true,
                "ask Okta Verify for a number challenge; the number is shown on the ticket")
            .bool(
                "fraud-from-system-log",
                false,
                "after a rejection, look in the System Log for a suspicious-activity report by the"
                    + " same user within push-timeout and report the denial as fraud; the"
                    + " token's admin must be able to read the System Log")
            .duration(
                "push-timeout",
                Duration.ofMinutes(5),
                "how long an Okta Verify push stays answerable")
            .string("display-name", "Okta Verify", "the app's name in messages to employees")
            .optionalString(
                "account-id-attribute",
                "Okta profile attribute holding the ticket system's account id (the Atlassian"
                    + " account id), searched when Jira Cloud hides the requester's e-mail")
            .duration(
                "directory-cache-ttl",
                Duration.ofMinutes(15),
                "how long the Okta user found by account-id-attribute is remembered"),
        DEFAULT_RATE_LIMIT);
  }

  @Override
  public List<String> validate(ConfigValues config) {
    List<String> problems = new ArrayList<>(AccountMapping.problems(config));
    Optional<String> attribute = config.optionalString("account-id-attribute");
    if (attribute.isPresent() && !attribute.get().matches("[A-Za-z][A-Za-z0-9_]{0,99}")) {
      problems.add(
          config.path()
              + ".account-id-attribute: expected an Okta profile attribute's variable name such"
              + " as atlassianAccountId, got '"
              + attribute.get()
              + "'");
    }
    return problems;
  }

  @Override
  public PushProvider create(String id, ConfigValues config, IntegrationContext context) {
    ConfigException.throwIfAny(validate(config));
    String baseUrl = config.url("base-url").toString();
    OkHttpClient client =
        HttpClients.builder(id, HttpSettings.policy(config), context.clock())
            .addInterceptor(new OktaAuthInterceptor(config.secret("api-token").reveal()))
            .build();
    OktaFactorsApi api = HttpClients.retrofit(baseUrl, client).create(OktaFactorsApi.class);
    return new OktaVerifyPushProvider(
        id,
        config.string("display-name"),
        api,
        HttpUrl.get(baseUrl),
        AccountMapping.from(config),
        config.duration("push-timeout"),
        config.bool("number-matching"),
        config.bool("fraud-from-system-log"),
        context.clock(),
        HttpSettings.circuit(id, config, context.clock()),
        config.optionalString("account-id-attribute"),
        config.duration("directory-cache-ttl"));
  }
}
