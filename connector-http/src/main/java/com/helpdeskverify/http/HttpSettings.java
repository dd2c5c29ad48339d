package com.helpdeskverify.http;

import com.helpdeskverify.core.config.ConfigDef;
import com.helpdeskverify.core.config.ConfigValues;
import java.time.Clock;
import java.time.Duration;

/**
 * The connection settings of every integration's section, declared once: ticket systems and push
 * providers take the same timeouts and attempts, with the same names, defaults and documentation.
 */
public final class HttpSettings {
  private HttpSettings() {}

  /**
   * Adds the timeout, attempt and {@code rate-limit} settings to an integration's definition.
   *
   * @param defaultRate requests per second the section's {@link RateLimiter} allows when the
   *     section does not say: the vendor's documented limit, or a conservative figure where the
   *     vendor documents none (each module's README cites which)
   */
  public static ConfigDef declare(ConfigDef def, double defaultRate) {
    HttpPolicy d = HttpPolicy.defaults();
    return def.duration("connect-timeout", d.connectTimeout(), "how long to wait for a connection")
        .duration("read-timeout", d.readTimeout(), "how long to wait for an answer")
        .integer(
            "max-attempts",
            d.maxAttempts(),
            1,
            10,
            "attempts of one call (the first included) when the system answers 429/5xx or"
                + " cannot be reached, before the workflow backs off")
        .rate(
            "rate-limit",
            defaultRate,
            "requests sent to this system at most (50/s, 600/min, off): calls are paced under it;"
                + " a 429 halves the pace and pauses for its Retry-After, and the pace recovers"
                + " by a tenth of this rate each second; rate-limit headers that say little is"
                + " left slow it down too");
  }

  /**
   * Adds the timeout, attempt and rate settings and those of the {@link #circuit} (a push
   * provider's calls pause while the provider is down).
   */
  public static ConfigDef declareWithCircuit(ConfigDef def, double defaultRate) {
    return declareCircuit(declare(def, defaultRate));
  }

  /**
   * Adds only the settings of the {@link #circuit}, for a section that sets its own timeouts (the
   * LLM classifier stage, which has one timeout and never retries).
   */
  public static ConfigDef declareCircuit(ConfigDef def) {
    return def.integer(
            "circuit-failures",
            5,
            1,
            100,
            "failed calls in a row after which calls pause (the provider is taken to be down)")
        .duration("circuit-open-for", Duration.ofSeconds(60), "how long calls pause then");
  }

  /** The policy of a section {@link #declare}d here. */
  public static HttpPolicy policy(ConfigValues config) {
    HttpPolicy d = HttpPolicy.defaults();
    return new HttpPolicy(
        config.duration("connect-timeout"),
        config.duration("read-timeout"),
        config.integer("max-attempts"),
        d.retryBase(),
        d.retryMax(),
        d.maxHold(),
        config.rate("rate-limit"));
  }

  /** The circuit breaker of a section {@link #declareWithCircuit}d here. */
  public static CircuitBreaker circuit(String system, ConfigValues config, Clock clock) {
    return new CircuitBreaker(
        system, config.integer("circuit-failures"), config.duration("circuit-open-for"), clock);
  }
}
