package com.helpdeskverify.providers.common;

import com.helpdeskverify.core.config.ConfigDef;
import com.helpdeskverify.core.config.ConfigException;
import com.helpdeskverify.core.config.ConfigValues;
import com.helpdeskverify.http.HttpPolicy;
import java.time.Clock;
import java.time.Duration;

/** Settings every HTTP push provider shares, declared once. */
public final class ProviderSettings {
  private ProviderSettings() {}

  /** Adds the account mapping, HTTP and circuit settings to a provider's definition. */
  public static ConfigDef declare(ConfigDef def) {
    HttpPolicy defaults = HttpPolicy.defaults();
    return def.enumOf(
            "username-from",
            AccountMapping.Form.class,
            AccountMapping.Form.EMAIL,
            "which part of the requester's e-mail address is the user name at the provider")
        .stringList(
            "email-domains",
            "the organisation's e-mail domains; addresses in other domains are refused (required"
                + " with username-from: email-local-part)")
        .duration("connect-timeout", defaults.connectTimeout(), "connect timeout of one call")
        .duration("read-timeout", defaults.readTimeout(), "read timeout of one call")
        .integer(
            "max-attempts",
            defaults.maxAttempts(),
            1,
            10,
            "attempts of one call on 429, 503 and connection failures (5xx too for reads)")
        .integer(
            "circuit-failures",
            5,
            1,
            1000,
            "consecutive failed calls after which the provider is taken as down")
        .duration(
            "circuit-open-for",
            Duration.ofSeconds(30),
            "how long calls are refused once the provider is taken as down");
  }

  public static AccountMapping mapping(ConfigValues config) {
    try {
      return new AccountMapping(
          config.enumValue("username-from", AccountMapping.Form.class),
          config.strings("email-domains"));
    } catch (IllegalArgumentException e) {
      throw ConfigException.of(
          config.path()
              + ".email-domains: expected the organisation's e-mail domains when username-from is"
              + " email-local-part, got none");
    }
  }

  public static HttpPolicy httpPolicy(ConfigValues config) {
    HttpPolicy defaults = HttpPolicy.defaults();
    return new HttpPolicy(
        config.duration("connect-timeout"),
        config.duration("read-timeout"),
        config.integer("max-attempts"),
        defaults.retryBase(),
        defaults.retryMax(),
        defaults.maxRetryAfter());
  }

  public static CircuitBreaker breaker(String id, ConfigValues config, Clock clock) {
    return new CircuitBreaker(
        id, config.integer("circuit-failures"), config.duration("circuit-open-for"), clock);
  }
}
