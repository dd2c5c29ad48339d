package com.helpdeskverify.providers.support;

import com.helpdeskverify.core.config.ConfigDef;
import com.helpdeskverify.core.config.ConfigValues;
import com.helpdeskverify.http.HttpPolicy;
import java.time.Clock;
import java.time.Duration;

/** The connection settings every provider section has, declared once. */
public final class HttpSettings {
  private HttpSettings() {}

  /** Adds the timeout, retry and circuit settings to a provider's definition. */
  public static ConfigDef declare(ConfigDef def) {
    HttpPolicy d = HttpPolicy.defaults();
    return def.duration("connect-timeout", d.connectTimeout(), "how long to wait for a connection")
        .duration("read-timeout", d.readTimeout(), "how long to wait for an answer")
        .integer(
            "max-attempts",
            d.maxAttempts(),
            1,
            10,
            "attempts of one call (the first included) when the provider answers 429/5xx or"
                + " cannot be reached")
        .integer(
            "circuit-failures",
            5,
            1,
            100,
            "failed calls in a row after which calls pause (the provider is taken to be down)")
        .duration("circuit-open-for", Duration.ofSeconds(60), "how long calls pause then");
  }

  public static HttpPolicy policy(ConfigValues config) {
    HttpPolicy d = HttpPolicy.defaults();
    return new HttpPolicy(
        config.duration("connect-timeout"),
        config.duration("read-timeout"),
        config.integer("max-attempts"),
        d.retryBase(),
        d.retryMax(),
        d.maxRetryAfter());
  }

  public static CircuitBreaker circuit(String system, ConfigValues config, Clock clock) {
    return new CircuitBreaker(
        system, config.integer("circuit-failures"), config.duration("circuit-open-for"), clock);
  }
}
