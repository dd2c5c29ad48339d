package com.helpdeskverify.servicenow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.helpdeskverify.core.config.Secret;
import com.helpdeskverify.http.HttpPolicy;
import com.helpdeskverify.testkit.MemoryReplayGuard;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Records in the shape the Table API returns with {@code sysparm_display_value=false} and {@code
 * sysparm_exclude_reference_link=true}: every value a string, dot-walked fields under dotted names,
 * date-times in UTC.
 */
final class Fixtures {
  static final String SYSTEM = "snow-test";
  static final String INC_1 = "9d385017c611228701d22104cc95c371";
  static final String INC_2 = "a8f98bb0eb32010045e1a5115206fe3a";
  static final String INC_3 = "e8caedcbc0a80164017df472f39eaed1";
  static final String RITM_1 = "aeed229047801200e0ef563dbb9a71c2";
  static final String ABEL = "62826bf03710200044e0bfc8bcbe5df1";
  static final String BETH = "a8f98bb0eb32010045e1a5115206fe3b";
  static final String SERVICE_DESK = "6816f79cc0a8016401c5a33be04be441";
  static final String GROUP_L2 = "d625dccec0a8016700a222a0f7900d06";

  private static final ObjectMapper JSON = new ObjectMapper();

  private Fixtures() {}

  static HttpPolicy fastPolicy() {
    // Generous timeouts: no test waits for one, and a loaded build machine must not fail a test.
    return new HttpPolicy(
        Duration.ofSeconds(10),
        Duration.ofSeconds(10),
        3,
        Duration.ofMillis(1),
        Duration.ofMillis(5),
        Duration.ofSeconds(1));
  }

  static Auth basic() {
    return new Auth.Basic("hv.integration", new Secret("s3cret-Passw0rd"));
  }

  static List<TableSettings> defaultTables() {
    return List.of(
        TableSettings.defaults("incident", "Service Desk L2"),
        TableSettings.defaults("sc_req_item", "Service Desk L2"));
  }

  /** The OAuth Application User of the client-credentials fixtures. */
  static final String OAUTH_APP_USER = "hv.oauth.app";

  static ServiceNowSettings settings(String baseUrl, Auth auth, List<TableSettings> tables) {
    return new ServiceNowSettings(
        URI.create(baseUrl),
        auth,
        tables,
        Duration.ofSeconds(60),
        "email",
        Optional.empty(),
        Auth.signInName(auth).orElse(OAUTH_APP_USER));
  }

  static ServiceNowTicketSystem connect(ServiceNowSettings settings, Clock clock) {
    return ServiceNowTicketSystem.connect(
        SYSTEM, settings, fastPolicy(), clock, new MemoryReplayGuard());
  }

  static ServiceNowTicketSystem connect(String baseUrl, Clock clock) {
    return connect(settings(baseUrl, basic(), defaultTables()), clock);
  }

  /** An incident record filed by the caller Abel Tuter himself. */
  static Map<String, String> incident(String sysId, String number, String updatedOn) {
    Map<String, String> r = new LinkedHashMap<>();
    r.put("sys_id", sysId);
    r.put("number", number);
    r.put("short_description", "Reset my MFA, I have a new phone");
    r.put("description", "Authenticator is gone with my old phone. Please reset my MFA.");
    r.put("state", "1");
    r.put("active", "true");
    r.put("sys_created_on", "2026-11-02 08:59:30");
    r.put("sys_updated_on", updatedOn);
    person(r, "caller_id", ABEL, "abel.tuter@example.com", "abel.tuter", "Abel Tuter");
    person(r, "opened_by", ABEL, "abel.tuter@example.com", "abel.tuter", "Abel Tuter");
    return r;
  }

  /** A requested item for Beth Anglin. */
  static Map<String, String> requestedItem(String sysId, String number, String updatedOn) {
    Map<String, String> r = new LinkedHashMap<>();
    r.put("sys_id", sysId);
    r.put("number", number);
    r.put("short_description", "Admin access to the finance share");
    r.put("description", "");
    r.put("state", "1");
    r.put("active", "true");
    r.put("sys_created_on", "2026-11-02 08:58:00");
    r.put("sys_updated_on", updatedOn);
    person(r, "requested_for", BETH, "beth.anglin@example.com", "beth.anglin", "Beth Anglin");
    person(r, "opened_by", BETH, "beth.anglin@example.com", "beth.anglin", "Beth Anglin");
    return r;
  }

  static void person(
      Map<String, String> r, String field, String sysId, String email, String user, String name) {
    r.put(field, sysId);
    r.put(field + ".email", email);
    r.put(field + ".user_name", user);
    r.put(field + ".name", name);
  }

  @SafeVarargs
  static String result(Map<String, String>... records) {
    return json(Map.of("result", Arrays.asList(records)));
  }

  static String single(Map<String, String> record) {
    return json(Map.of("result", record));
  }

  static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static Map<?, ?> parse(String json) {
    try {
      return JSON.readValue(json, Map.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A fixture file from src/test/resources/servicenow. */
  static String resource(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/servicenow/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
