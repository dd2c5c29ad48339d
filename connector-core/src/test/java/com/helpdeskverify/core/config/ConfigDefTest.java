package com.helpdeskverify.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigDefTest {
  enum Mode {
    DRY_RUN,
    LIVE
  }

  private final ConfigDef def =
      new ConfigDef()
          .url("base-url", "the site, such as https://acme.atlassian.net")
          .string("email", "the API user's e-mail")
          .secret("api-token", "the API token")
          .duration("poll-interval", Duration.ofSeconds(3), "how often to poll")
          .integer("page-size", 50, 1, 100, "tickets per page")
          .bool("dry-run", false, "post and push nothing")
          .stringList("projects", "project keys")
          .enumOf("mode", Mode.class, Mode.LIVE, "how to run");

  @Test
  void validSectionGivesTypedValuesWithDefaults() {
    ConfigValues v =
        def.parse(
            "ticket-systems.jira",
            Map.of(
                "base-url", "https://acme.atlassian.net",
                "email", "bot@acme.com",
                "api-token", "t0k3n",
                "poll-interval", "500ms",
                "projects", "HD",
                "mode", "dry-run"));

    assertThat(v.url("base-url")).isEqualTo(URI.create("https://acme.atlassian.net"));
    assertThat(v.secret("api-token").reveal()).isEqualTo("t0k3n");
    assertThat(v.secret("api-token").toString()).isEqualTo("****");
    assertThat(v.duration("poll-interval")).isEqualTo(Duration.ofMillis(500));
    assertThat(v.integer("page-size")).isEqualTo(50);
    assertThat(v.bool("dry-run")).isFalse();
    assertThat(v.strings("projects")).containsExactly("HD");
    assertThat(v.enumValue("mode", Mode.class)).isEqualTo(Mode.DRY_RUN);
  }

  @Test
  void everyProblemIsReportedWithItsPathAndTheExpectedForm() {
    Map<String, Object> raw = new LinkedHashMap<>();
    raw.put("base-url", "acme.atlassian.net");
    raw.put("api-token", "");
    raw.put("poll-interval", "soon");
    raw.put("page-size", 500);
    raw.put("dry-run", "yes");
    raw.put("mode", "fast");
    raw.put("projcts", List.of("HD"));

    assertThatThrownBy(() -> def.parse("ticket-systems.jira", raw))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "ticket-systems.jira.base-url: expected an absolute http(s) URL such as"
                            + " https://example.atlassian.net, got 'acme.atlassian.net'",
                        "ticket-systems.jira.email: required (string: the API user's e-mail)",
                        "ticket-systems.jira.api-token: expected a non-empty string, got an empty"
                            + " value",
                        "ticket-systems.jira.poll-interval: expected a duration such as 30s, 5m, 2h"
                            + " or PT30S, got 'soon'",
                        "ticket-systems.jira.page-size: expected a whole number from 1 to 100, got"
                            + " '500'",
                        "ticket-systems.jira.dry-run: expected true or false, got 'yes'",
                        "ticket-systems.jira.mode: expected one of dry-run | live, got 'fast'",
                        "ticket-systems.jira.projcts: unknown setting; known are base-url, email,"
                            + " api-token, poll-interval, page-size, dry-run, projects, mode,"
                            + " allow-insecure-http"));
  }

  @Test
  void secretValuesNeverAppearInMessages() {
    ConfigDef secretOnly = new ConfigDef().secret("token", "a token");

    assertThatThrownBy(() -> secretOnly.parse("p", Map.of("token", List.of("hunter2"))))
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void durationsAcceptShortAndIsoForms() {
    assertThat(ConfigDef.duration("2h")).isEqualTo(Duration.ofHours(2));
    assertThat(ConfigDef.duration("PT90S")).isEqualTo(Duration.ofSeconds(90));
    assertThatThrownBy(() -> ConfigDef.duration("0s")).hasMessage("a positive duration");
  }

  private static Map<String, Object> site(String url) {
    return new LinkedHashMap<>(Map.of("base-url", url, "email", "bot@acme.com", "api-token", "t"));
  }

  @Test
  void plainHttpToARemoteHostIsRefusedNamingTheSettingAndTheWayOut() {
    assertThatThrownBy(() -> def.parse("ticket-systems.jira", site("http://acme.example.com")))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "ticket-systems.jira.base-url: http:// would send credentials and tokens"
                            + " to acme.example.com in clear; use https://, or set"
                            + " allow-insecure-http: true in this section (loopback hosts need"
                            + " neither)"));
    for (String remote :
        List.of("http://10.0.0.7:8080", "http://127.0.0.1.nip.io", "http://[::2]")) {
      assertThatThrownBy(() -> def.parse("p", site(remote)))
          .as(remote)
          .hasMessageContaining("http://");
    }
  }

  @Test
  void plainHttpToLoopbackOrWithTheSwitchSetIsAccepted() {
    for (String local :
        List.of(
            "http://127.0.0.1:8080",
            "http://127.1.2.3",
            "http://localhost:9/",
            "http://LOCALHOST",
            "http://[::1]:8443",
            "https://acme.example.com")) {
      assertThat(def.parse("p", site(local)).url("base-url"))
          .as(local)
          .isEqualTo(URI.create(local));
    }
    Map<String, Object> lab = site("http://jira.lab.example");
    lab.put("allow-insecure-http", true);
    assertThat(def.parse("p", lab).url("base-url"))
        .isEqualTo(URI.create("http://jira.lab.example"));
  }

  @Test
  void anOptionalUrlMayBeLeftOutButIsCheckedLikeAnyUrlWhenGiven() {
    ConfigDef optional = new ConfigDef().optionalUrl("base-url", "where the API is");

    assertThat(optional.parse("p", Map.of()).optionalUrl("base-url")).isEmpty();
    assertThatThrownBy(() -> optional.parse("p", Map.of("base-url", "http://llm.example.com/v1")))
        .hasMessageContaining("p.base-url: http:// would send credentials");
    assertThatThrownBy(() -> optional.parse("p", Map.of("base-url", "llm.example.com")))
        .hasMessageContaining("p.base-url: expected an absolute http(s) URL");
  }

  @Test
  void theSwitchIsDeclaredOnlyInSectionsWithAUrl() {
    assertThat(def.settings()).extracting(ConfigDef.Setting::name).endsWith("allow-insecure-http");
    ConfigDef noUrl = new ConfigDef().string("label", "a label");

    assertThat(noUrl.settings()).extracting(ConfigDef.Setting::name).containsExactly("label");
    assertThatThrownBy(() -> noUrl.parse("p", Map.of("label", "x", "allow-insecure-http", true)))
        .hasMessageContaining("unknown setting");
  }

  @Test
  void aRateIsReadPerSecondPerMinuteOrPerHourAndOffIsNone() {
    ConfigDef rates = new ConfigDef().rate("rate-limit", 10, "requests at most");

    assertThat(rates.parse("s", Map.of("rate-limit", "50/s")).rate("rate-limit")).isEqualTo(50);
    assertThat(rates.parse("s", Map.of("rate-limit", "600/min")).rate("rate-limit")).isEqualTo(10);
    assertThat(rates.parse("s", Map.of("rate-limit", "1800/h")).rate("rate-limit")).isEqualTo(0.5);
    assertThat(rates.parse("s", Map.of("rate-limit", "off")).rate("rate-limit")).isZero();
    // What SnakeYAML makes of an unquoted `rate-limit: off`.
    assertThat(rates.parse("s", Map.of("rate-limit", false)).rate("rate-limit")).isZero();
    assertThat(rates.parse("s", Map.of()).rate("rate-limit")).isEqualTo(10);
  }

  @Test
  void aRateWithoutItsUnitIsRefusedNamingTheExpectedForm() {
    ConfigDef rates = new ConfigDef().rate("rate-limit", 10, "requests at most");

    assertThatThrownBy(() -> rates.parse("ticket-systems.jira", Map.of("rate-limit", "50")))
        .hasMessageContaining(
            "ticket-systems.jira.rate-limit: expected a rate such as 50/s, 600/min or 1000/h, or"
                + " off, got '50'");
  }
}
