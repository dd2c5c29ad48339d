package com.helpdeskverify.servicenow;

import com.helpdeskverify.core.config.ConfigDef;
import com.helpdeskverify.core.config.ConfigException;
import com.helpdeskverify.core.config.ConfigValues;
import com.helpdeskverify.core.config.Secret;
import com.helpdeskverify.core.spi.IntegrationContext;
import com.helpdeskverify.core.spi.TicketSystem;
import com.helpdeskverify.core.spi.TicketSystemFactory;
import com.helpdeskverify.http.HttpPolicy;
import com.helpdeskverify.http.HttpSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Builds a {@link ServiceNowTicketSystem} from a {@code type: servicenow} section. */
public final class ServiceNowTicketSystemFactory implements TicketSystemFactory {

  /** How the adapter signs in. */
  public enum AuthKind {
    BASIC,
    OAUTH_CLIENT_CREDENTIALS,
    OAUTH_PASSWORD
  }

  /** Whether and how the push-intake endpoint checks its caller. */
  public enum PushIntakeMode {
    OFF,
    SHARED_SECRET,
    HMAC
  }

  private static final Set<String> TABLE_KEYS =
      Set.of("requester-field", "intake-query", "closed-states", "execute", "reject", "escalate");

  @Override
  public String type() {
    return "servicenow";
  }

  @Override
  public ConfigDef config() {
    return HttpSettings.declare(serviceNowSettings());
  }

  private static ConfigDef serviceNowSettings() {
    return new ConfigDef()
        .url("instance-url", "the instance, such as https://acme.service-now.com")
        .enumOf("auth", AuthKind.class, AuthKind.BASIC, "how the integration user signs in")
        .optionalString("username", "integration user (basic and oauth-password)")
        .optionalSecret("password", "its password (basic and oauth-password)")
        .optionalString(
            "integration-user",
            "User ID (sys_user.user_name) the adapter acts as, recorded as sys_created_by of its"
                + " journal entries; required for oauth-client-credentials (the OAuth Application"
                + " User), defaults to username otherwise")
        .optionalString("client-id", "OAuth application's client id (oauth-*)")
        .optionalSecret("client-secret", "OAuth application's client secret (oauth-*)")
        .stringList("tables", "tables to verify; default incident and sc_req_item")
        .string(
            "escalation-group",
            "assignment group (name or sys_id) that escalated tickets go to; it must exist")
        .map(
            "table-settings",
            "per table: requester-field, intake-query, closed-states, execute, reject, escalate"
                + " (field: value maps; {reason} is replaced, assignment_group may be a name)")
        .duration(
            "overlap",
            Duration.ofSeconds(60),
            "how far before the watermark each scan re-reads, for late commits and clock skew")
        .string(
            "requester-email-field",
            "email",
            "sys_user field handed to push providers as the requester's e-mail (email or"
                + " user_name)")
        .optionalString(
            "verify-query",
            "how a technician asks for verification of a record: field=value terms joined by ^,"
                + " such as u_verify_identity=true; such records are scanned in any state")
        .map(
            "verify-reset",
            "field: value pairs written once a technician's request is answered, taking the record"
                + " out of verify-query (such as u_verify_identity: false); required with"
                + " verify-query")
        .enumOf(
            "push-intake",
            PushIntakeMode.class,
            PushIntakeMode.OFF,
            "endpoint a business rule calls on insert; off, shared-secret or hmac")
        .optionalSecret("push-intake-secret", "shared secret or HMAC key of the push intake")
        .duration("push-intake-max-age", Duration.ofMinutes(5), "how old a signed delivery may be");
  }

  @Override
  public List<String> validate(ConfigValues config) {
    try {
      settings(config);
      return List.of();
    } catch (ConfigException e) {
      return e.problems();
    }
  }

  @Override
  public TicketSystem create(String id, ConfigValues config, IntegrationContext context) {
    ServiceNowSettings settings = settings(config);
    HttpPolicy policy = HttpSettings.policy(config);
    return ServiceNowTicketSystem.connect(
        id, settings, policy, context.clock(), context.replayGuard());
  }

  /** The checked settings, or a {@link ConfigException} naming every problem. */
  static ServiceNowSettings settings(ConfigValues config) {
    List<String> problems = new ArrayList<>();
    String path = config.path();
    Auth auth = auth(config, problems);
    List<String> names = config.strings("tables");
    if (names.isEmpty()) {
      names = List.of("incident", "sc_req_item");
    }
    String group = config.string("escalation-group");
    if (group.contains("^")) {
      problems.add(
          path + ".escalation-group: expected a group name without '^', got '" + group + "'");
    }
    Map<String, Object> overrides = config.map("table-settings");
    for (String key : overrides.keySet()) {
      if (!names.contains(key)) {
        problems.add(
            path + ".table-settings." + key + ": not in tables " + names + "; add it or remove it");
      }
    }
    List<TableSettings> tables = new ArrayList<>();
    for (String table : names) {
      table(path + ".table-settings." + table, table, group, overrides.get(table), problems)
          .ifPresent(tables::add);
    }
    String emailField = config.string("requester-email-field");
    if (!emailField.equals("email") && !emailField.equals("user_name")) {
      problems.add(
          path + ".requester-email-field: expected email or user_name, got '" + emailField + "'");
    }
    Optional<PushIntake> intake = Optional.empty();
    PushIntakeMode mode = config.enumValue("push-intake", PushIntakeMode.class);
    if (mode != PushIntakeMode.OFF) {
      Optional<Secret> secret = config.optionalSecret("push-intake-secret");
      if (secret.isEmpty()) {
        problems.add(path + ".push-intake-secret: required when push-intake is " + asWritten(mode));
      } else {
        intake =
            Optional.of(
                new PushIntake(
                    mode == PushIntakeMode.HMAC
                        ? PushIntake.Verification.HMAC
                        : PushIntake.Verification.SHARED_SECRET,
                    secret.get(),
                    config.duration("push-intake-max-age")));
      }
    }
    String integrationUser = integrationUser(config, auth, problems);
    Optional<ServiceNowSettings.VerifyRequest> verify = verify(config, problems);
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new ServiceNowSettings(
        config.url("instance-url"),
        auth,
        tables,
        config.duration("overlap"),
        emailField,
        intake,
        integrationUser,
        verify);
  }

  /** An enum value as the file writes it: {@code OAUTH_PASSWORD} is {@code oauth-password}. */
  private static String asWritten(Enum<?> value) {
    return value.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  private static final java.util.regex.Pattern TERM =
      java.util.regex.Pattern.compile("([A-Za-z0-9_.]+)=([^=^]*)");

  /**
   * A technician's request for verification: plain {@code field=value} terms, because the adapter
   * checks each record against them itself (an instance ignores conditions on unknown fields and
   * would hand over every active record), and a reset that takes a record out of them.
   */
  private static Optional<ServiceNowSettings.VerifyRequest> verify(
      ConfigValues config, List<String> problems) {
    String path = config.path();
    Optional<String> query = config.optionalString("verify-query");
    Map<String, Object> rawReset = config.map("verify-reset");
    if (query.isEmpty()) {
      if (!rawReset.isEmpty()) {
        problems.add(path + ".verify-reset: only meaningful with verify-query");
      }
      return Optional.empty();
    }
    Map<String, String> conditions = new LinkedHashMap<>();
    for (String term : query.get().strip().split("\\^")) {
      java.util.regex.Matcher m = TERM.matcher(term.strip());
      if (!m.matches()) {
        problems.add(
            path
                + ".verify-query: expected field=value terms joined by ^ (such as"
                + " u_verify_identity=true), got '"
                + term
                + "'");
        return Optional.empty();
      }
      conditions.put(m.group(1), m.group(2));
    }
    Map<String, String> reset = new LinkedHashMap<>();
    rawReset.forEach((k, v) -> reset.put(k, v == null ? "" : String.valueOf(v)));
    boolean leaves =
        reset.entrySet().stream()
            .anyMatch(
                e ->
                    conditions.containsKey(e.getKey())
                        && !conditions.get(e.getKey()).equals(e.getValue()));
    if (!leaves) {
      problems.add(
          path
              + ".verify-reset: required with verify-query, and must change one of its fields (such"
              + " as "
              + conditions.keySet().iterator().next()
              + ": false), or an answered record would be verified again on its next update");
      return Optional.empty();
    }
    return Optional.of(new ServiceNowSettings.VerifyRequest(conditions, reset));
  }

  /**
   * Whose journal entries count as the adapter's own. With client credentials the token does not
   * say which user it acts as (the OAuth Application User of the OAuth entity), so it must be
   * named.
   */
  private static String integrationUser(ConfigValues config, Auth auth, List<String> problems) {
    String path = config.path() + ".integration-user";
    Optional<String> given = config.optionalString("integration-user").map(String::strip);
    AuthKind kind = config.enumValue("auth", AuthKind.class);
    Optional<String> signIn = auth == null ? Optional.empty() : Auth.signInName(auth);
    if (given.isEmpty()) {
      if (kind == AuthKind.OAUTH_CLIENT_CREDENTIALS) {
        problems.add(
            path
                + ": required when auth is "
                + asWritten(kind)
                + "; the User ID (user_name) of the OAuth Application User set on the OAuth"
                + " entity, such as helpdesk.verify");
      }
      return signIn.orElse("");
    }
    String user = given.get();
    if (user.isEmpty() || user.contains("^")) {
      problems.add(path + ": expected a User ID (sys_user.user_name), got '" + user + "'");
    } else if (signIn.isPresent() && !signIn.get().equalsIgnoreCase(user)) {
      problems.add(
          path
              + ": '"
              + user
              + "' is not the username '"
              + signIn.get()
              + "' that signs in; leave integration-user out with auth "
              + asWritten(kind));
    }
    return user;
  }

  private static Auth auth(ConfigValues config, List<String> problems) {
    String path = config.path();
    AuthKind kind = config.enumValue("auth", AuthKind.class);
    Optional<String> user = config.optionalString("username");
    Optional<Secret> password = config.optionalSecret("password");
    if (kind == AuthKind.BASIC || kind == AuthKind.OAUTH_PASSWORD) {
      if (user.isEmpty()) {
        problems.add(path + ".username: required when auth is " + asWritten(kind));
      }
      if (password.isEmpty()) {
        problems.add(path + ".password: required when auth is " + asWritten(kind));
      }
    }
    if (kind == AuthKind.BASIC) {
      return user.isPresent() && password.isPresent()
          ? new Auth.Basic(user.get(), password.get())
          : null;
    }
    Optional<String> clientId = config.optionalString("client-id");
    Optional<Secret> clientSecret = config.optionalSecret("client-secret");
    if (clientId.isEmpty()) {
      problems.add(path + ".client-id: required when auth is " + asWritten(kind));
    }
    if (clientSecret.isEmpty()) {
      problems.add(path + ".client-secret: required when auth is " + asWritten(kind));
    }
    if (!problems.isEmpty()) {
      return null;
    }
    return new Auth.OAuth(
        kind == AuthKind.OAUTH_PASSWORD ? Auth.Grant.PASSWORD : Auth.Grant.CLIENT_CREDENTIALS,
        clientId.get(),
        clientSecret.get(),
        kind == AuthKind.OAUTH_PASSWORD ? user : Optional.empty(),
        kind == AuthKind.OAUTH_PASSWORD ? password : Optional.empty());
  }

  private static Optional<TableSettings> table(
      String path, String table, String group, Object raw, List<String> problems) {
    Map<String, Object> given = new LinkedHashMap<>();
    if (raw instanceof Map<?, ?> m) {
      m.forEach((k, v) -> given.put(String.valueOf(k), v));
    } else if (raw != null) {
      problems.add(path + ": expected a section, got '" + raw + "'");
      return Optional.empty();
    }
    for (String key : given.keySet()) {
      if (!TABLE_KEYS.contains(key)) {
        problems.add(path + "." + key + ": unknown setting; known are " + TABLE_KEYS);
      }
    }
    TableSettings base;
    try {
      base = TableSettings.defaults(table, group);
    } catch (IllegalArgumentException e) {
      for (String key : TABLE_KEYS) {
        if (!given.containsKey(key)) {
          problems.add(path + "." + key + ": required for table " + table + " (no defaults)");
        }
      }
      if (!TABLE_KEYS.stream().allMatch(given::containsKey)) {
        return Optional.empty();
      }
      base = null;
    }
    int before = problems.size();
    String requesterField =
        text(path + ".requester-field", given.get("requester-field"), problems)
            .orElse(base == null ? "" : base.requesterField());
    String intakeQuery =
        text(path + ".intake-query", given.get("intake-query"), problems)
            .orElse(base == null ? "" : base.intakeQuery());
    if (intakeQuery.contains("^NQ") || intakeQuery.contains("ORDERBY")) {
      problems.add(
          path
              + ".intake-query: expected conditions joined by ^ or ^OR (the scan appends its own"
              + " time range and order), got '"
              + intakeQuery
              + "'");
    }
    Set<String> closed =
        given.containsKey("closed-states")
            ? strings(path + ".closed-states", given.get("closed-states"), problems)
            : base.closedStates();
    Map<Move, Map<String, String>> moves = new EnumMap<>(Move.class);
    for (Move move : Move.values()) {
      Object value = given.get(move.configName());
      moves.put(
          move,
          value == null
              ? base.moves().get(move)
              : fieldValues(path + "." + move.configName(), value, problems));
    }
    if (problems.size() > before) {
      return Optional.empty();
    }
    return Optional.of(new TableSettings(table, requesterField, intakeQuery, closed, moves));
  }

  private static Optional<String> text(String path, Object raw, List<String> problems) {
    if (raw == null) {
      return Optional.empty();
    }
    if (!(raw instanceof String s) || s.isBlank()) {
      problems.add(path + ": expected a non-empty string, got '" + raw + "'");
      return Optional.empty();
    }
    return Optional.of(s.strip());
  }

  private static Set<String> strings(String path, Object raw, List<String> problems) {
    Set<String> out = new HashSet<>();
    if (raw instanceof List<?> list) {
      list.forEach(v -> out.add(String.valueOf(v)));
    } else if (raw != null) {
      out.add(String.valueOf(raw));
    }
    if (out.isEmpty()) {
      problems.add(path + ": expected a list of raw state values such as [\"6\", \"7\"]");
    }
    return out;
  }

  private static Map<String, String> fieldValues(String path, Object raw, List<String> problems) {
    if (!(raw instanceof Map<?, ?> m) || m.isEmpty()) {
      problems.add(path + ": expected field: value lines such as state: \"2\", got '" + raw + "'");
      return Map.of();
    }
    Map<String, String> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
    return out;
  }
}
