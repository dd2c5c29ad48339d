package com.helpdeskverify.jira;

import com.helpdeskverify.core.config.ConfigDef;
import com.helpdeskverify.core.config.ConfigException;
import com.helpdeskverify.core.config.ConfigValues;
import com.helpdeskverify.core.config.Secret;
import com.helpdeskverify.core.spi.IntegrationContext;
import com.helpdeskverify.core.spi.TicketSystem;
import com.helpdeskverify.core.spi.TicketSystemFactory;
import com.helpdeskverify.core.spi.WebhookReceiver;
import com.helpdeskverify.http.HttpPolicy;
import com.helpdeskverify.http.HttpSettings;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds a {@link JiraTicketSystem} from a {@code type: jira-cloud} section (or, through {@link
 * JiraDataCenterTicketSystemFactory}, a {@code type: jira-datacenter} one).
 */
public final class JiraTicketSystemFactory implements TicketSystemFactory {

  /** How the integration account signs in. */
  public enum AuthMode {
    /** Jira Cloud: Atlassian account e-mail plus API token (HTTP basic). */
    API_TOKEN,
    /** Jira Cloud: an OAuth 2.0 access token. On Data Center, an older name of {@link #PAT}. */
    BEARER,
    /** Jira Data Center: user name and password (HTTP basic). */
    BASIC,
    /** Jira Data Center: a personal access token, sent as {@code Authorization: Bearer}. */
    PAT
  }

  /** Where a requester's e-mail address comes from when Jira Cloud hides it. */
  public enum EmailSource {
    /** Only what Jira shows: a hidden address stays hidden, and the requester escalates. */
    JIRA,
    /** The organization's user management API (managed accounts), with an org API key. */
    ATLASSIAN_ADMIN
  }

  private final JiraSettings.Deployment deployment;

  public JiraTicketSystemFactory() {
    this(JiraSettings.Deployment.CLOUD);
  }

  JiraTicketSystemFactory(JiraSettings.Deployment deployment) {
    this.deployment = deployment;
  }

  @Override
  public String type() {
    return deployment == JiraSettings.Deployment.CLOUD ? "jira-cloud" : "jira-datacenter";
  }

  @Override
  public ConfigDef config() {
    return HttpSettings.declare(jiraSettings());
  }

  private ConfigDef jiraSettings() {
    return new ConfigDef()
        .url("base-url", "the site, such as https://acme.atlassian.net")
        .enumOf(
            "auth",
            AuthMode.class,
            deployment == JiraSettings.Deployment.CLOUD ? AuthMode.API_TOKEN : AuthMode.PAT,
            deployment == JiraSettings.Deployment.CLOUD
                ? "api-token (e-mail + API token) or bearer (OAuth 2.0 access token)"
                : "pat (personal access token) or basic (user name + password)")
        .optionalString("email", "Cloud: the integration account's e-mail (api-token auth)")
        .optionalSecret("api-token", "Cloud: its API token (api-token auth)")
        .optionalSecret(
            "bearer-token",
            "Cloud: OAuth 2.0 access token (bearer); Data Center: older name of"
                + " personal-access-token")
        .optionalString("username", "Data Center: the integration account's user name (basic)")
        .optionalSecret("password", "Data Center: its password (basic)")
        .optionalSecret(
            "personal-access-token", "Data Center: the account's personal access token (pat)")
        .map(
            "note-visibility",
            "who may read technician notes on projects that are no service desk (comment-api:"
                + " platform): {type: role|group, value: <name>} (Cloud groups: identifier)")
        .string(
            "jql-scope",
            "",
            "JQL of the tickets awaiting verification (projects, request types, statuses);"
                + " the scan adds its own time range and order")
        .duration(
            "overlap",
            Duration.ofMinutes(2),
            "how far before the watermark each scan re-reads (JQL has minute precision)")
        .string(
            "time-zone",
            "UTC",
            "the integration account's time zone in Jira, in which JQL dates are read")
        .enumOf(
            "comment-api",
            JiraSettings.CommentApi.class,
            JiraSettings.CommentApi.SERVICEDESK,
            "servicedesk (JSM request comments) or platform (issue comments)")
        .string("execute-transition", "transition name that hands the ticket on for execution")
        .optionalString("execute-status", "status that transition leads to")
        .string("reject-transition", "transition name that rejects the ticket")
        .optionalString("reject-status", "status that transition leads to")
        .string("escalate-transition", "transition name that hands the ticket to technicians")
        .optionalString("escalate-status", "status that transition leads to")
        .optionalString("escalate-assignee", "accountId escalated tickets are assigned to")
        .stringList("escalate-labels", "labels added on escalation")
        .optionalString("escalate-priority", "priority name set on escalation")
        .map("escalate-fields", "other fields set on escalation, as the edit-issue API takes them")
        .stringList(
            "request-fields",
            "custom field ids (customfield_10050) whose values define the request: JSM"
                + " request-type fields, user pickers; classified, checked for other people's"
                + " accounts and bound to the approval")
        .enumOf(
            "email-source",
            EmailSource.class,
            EmailSource.JIRA,
            "where a requester's e-mail address comes from when Jira Cloud hides it: jira (no"
                + " other source) or atlassian-admin (the organization's Admin API, managed"
                + " accounts)")
        .optionalSecret(
            "admin-api-key",
            "organization API key for email-source: atlassian-admin (admin.atlassian.com)")
        .url(
            "admin-api-url",
            "https://api.atlassian.com",
            "base URL of the Atlassian Admin APIs (email-source: atlassian-admin)")
        .duration(
            "email-cache-ttl",
            Duration.ofHours(1),
            "how long a resolved (or not managed) account's address is remembered")
        .string(
            "verify-label",
            JiraSettings.DEFAULT_VERIFY_LABEL,
            "label a technician sets to ask for verification of the requester; tickets with it are"
                + " scanned in any status, and it is removed once answered; empty for none")
        .optionalString(
            "request-type-field",
            "id of the JSM Request Type field (such as customfield_10010), for always-verify"
                + " rules on request types")
        .optionalSecret(
            "webhook-secret",
            "secret of the admin webhook (X-Hub-Signature); when set, /webhooks/jira/<id> is served")
        .duration(
            "webhook-max-age",
            Duration.ofMinutes(20),
            "how old a delivery's timestamp may be (Jira's secondary flow may take 15 min)");
  }

  @Override
  public List<String> validate(ConfigValues config) {
    List<String> problems = new ArrayList<>();
    try {
      settings(config, deployment);
    } catch (ConfigException e) {
      problems.addAll(e.problems());
    }
    problems.addAll(emailSourceProblems(config, deployment));
    return problems;
  }

  @Override
  public TicketSystem create(String id, ConfigValues config, IntegrationContext context) {
    ConfigException.throwIfAny(emailSourceProblems(config, deployment));
    HttpPolicy policy = HttpSettings.policy(config);
    JiraTicketSystem system =
        JiraTicketSystem.connect(id, settings(config, deployment), policy, context.clock())
            .withAccountEmails(accountEmails(id, config, deployment, policy, context));
    Optional<WebhookReceiver> receiver =
        config
            .optionalSecret("webhook-secret")
            .map(
                secret ->
                    new JiraWebhookReceiver(
                        id,
                        secret,
                        config.duration("webhook-max-age"),
                        context.replayGuard(),
                        ref -> system.fetchInScope(ref).isPresent()));
    return system.withWebhookReceiver(receiver);
  }

  /** The resolver of hidden addresses the section asks for, checked by its path. */
  static Optional<AccountEmails> accountEmails(
      String id,
      ConfigValues config,
      JiraSettings.Deployment deployment,
      HttpPolicy policy,
      IntegrationContext context) {
    if (config.enumValue("email-source", EmailSource.class) == EmailSource.JIRA) {
      return Optional.empty();
    }
    ConfigException.throwIfAny(emailSourceProblems(config, deployment));
    return Optional.of(
        AccountEmails.connect(
            id,
            config.url("admin-api-url"),
            config.secret("admin-api-key"),
            policy,
            context.clock(),
            config.duration("email-cache-ttl")));
  }

  /** What email-source: atlassian-admin needs: Jira Cloud and an organization API key. */
  static List<String> emailSourceProblems(ConfigValues config, JiraSettings.Deployment deployment) {
    if (config.enumValue("email-source", EmailSource.class) == EmailSource.JIRA) {
      return List.of();
    }
    List<String> problems = new ArrayList<>();
    if (deployment != JiraSettings.Deployment.CLOUD) {
      problems.add(
          config.path()
              + ".email-source: atlassian-admin is for Jira Cloud; Data Center shows e-mail"
              + " addresses to the integration account");
    }
    if (config.optionalSecret("admin-api-key").isEmpty()) {
      problems.add(
          config.path()
              + ".admin-api-key: required when email-source is atlassian-admin (an organization"
              + " API key from admin.atlassian.com)");
    }
    return problems;
  }

  /** The checked settings, or a {@link ConfigException} naming every problem. */
  static JiraSettings settings(ConfigValues config, JiraSettings.Deployment deployment) {
    List<String> problems = new ArrayList<>();
    String path = config.path();
    JiraSettings.Auth auth =
        deployment == JiraSettings.Deployment.CLOUD
            ? cloudAuth(config, problems)
            : dataCenterAuth(config, problems);
    Optional<JiraSettings.Visibility> noteVisibility = noteVisibility(config, problems);
    ZoneId zone = ZoneOffset.UTC;
    try {
      zone = ZoneId.of(config.string("time-zone"));
    } catch (DateTimeException e) {
      problems.add(
          path
              + ".time-zone: expected a zone id such as Europe/Berlin, got '"
              + config.string("time-zone")
              + "'");
    }
    String scope = config.string("jql-scope");
    if (scope.toLowerCase(java.util.Locale.ROOT).contains("order by")) {
      problems.add(path + ".jql-scope: expected conditions only (the scan adds ORDER BY)");
    }
    for (String field : config.strings("request-fields")) {
      if (!field.matches("customfield_[0-9]{1,18}")) {
        problems.add(
            path
                + ".request-fields: expected custom field ids such as customfield_10050, got '"
                + field
                + "'");
      }
    }
    String label = config.string("verify-label").strip();
    if (label.chars().anyMatch(Character::isWhitespace) || label.contains("\"")) {
      problems.add(
          path
              + ".verify-label: expected one Jira label (no spaces or quotes), got '"
              + label
              + "'");
    }
    Optional<String> requestTypeField = config.optionalString("request-type-field");
    if (requestTypeField.isPresent() && !requestTypeField.get().matches("customfield_[0-9]+")) {
      problems.add(
          path
              + ".request-type-field: expected a custom field id such as customfield_10010, got '"
              + requestTypeField.get()
              + "'");
    }
    if (config.duration("overlap").compareTo(Duration.ofMinutes(1)) < 0) {
      problems.add(path + ".overlap: expected at least 1m (JQL compares whole minutes)");
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    Map<JiraSettings.Move, JiraSettings.MoveSettings> moves =
        new EnumMap<>(JiraSettings.Move.class);
    for (JiraSettings.Move move : JiraSettings.Move.values()) {
      String name = move.name().toLowerCase(java.util.Locale.ROOT);
      moves.put(
          move,
          new JiraSettings.MoveSettings(
              config.string(name + "-transition"), config.optionalString(name + "-status")));
    }
    JiraSettings.Escalation escalation =
        new JiraSettings.Escalation(
            config.optionalString("escalate-assignee"),
            config.strings("escalate-labels"),
            config.optionalString("escalate-priority"),
            config.map("escalate-fields"));
    return JiraSettings.builder()
        .deployment(deployment)
        .baseUrl(config.url("base-url"))
        .auth(auth)
        .scopeJql(scope)
        .overlap(config.duration("overlap"))
        .userZone(zone)
        .commentApi(config.enumValue("comment-api", JiraSettings.CommentApi.class))
        .moves(moves)
        .escalation(escalation)
        .noteVisibility(noteVisibility)
        .requestFields(config.strings("request-fields"))
        .verifyLabel(label)
        .requestTypeField(requestTypeField)
        .build();
  }

  /** Jira Cloud: e-mail + API token, or an OAuth 2.0 access token; nothing of Data Center. */
  private static JiraSettings.Auth cloudAuth(ConfigValues config, List<String> problems) {
    String path = config.path();
    AuthMode mode = config.enumValue("auth", AuthMode.class);
    for (String key : List.of("username", "password", "personal-access-token")) {
      if (config.has(key)) {
        problems.add(
            path
                + "."
                + key
                + ": Jira Data Center only (type: jira-datacenter); Jira Cloud signs in with"
                + " email and api-token");
      }
    }
    switch (mode) {
      case BASIC, PAT -> {
        problems.add(
            path
                + ".auth: "
                + mode.name().toLowerCase(java.util.Locale.ROOT)
                + " is Jira Data Center only (type: jira-datacenter); Jira Cloud takes api-token"
                + " (email + API token) or bearer (OAuth 2.0 access token)");
        return null;
      }
      case BEARER -> {
        return bearer(config, "bearer-token", "bearer", problems);
      }
      case API_TOKEN -> {
        Optional<String> email = config.optionalString("email");
        Optional<Secret> token = config.optionalSecret("api-token");
        if (email.isEmpty()) {
          problems.add(path + ".email: required when auth is api-token");
        }
        if (token.isEmpty()) {
          problems.add(path + ".api-token: required when auth is api-token");
        }
        return email.isPresent() && token.isPresent()
            ? new JiraSettings.Auth.Basic(email.get(), token.get())
            : null;
      }
    }
    throw new IllegalStateException(mode.name());
  }

  /**
   * Jira Data Center: a personal access token (Bearer) or user name + password (basic). It has no
   * API tokens and no e-mail sign-in, so the Cloud settings are refused by name. {@code auth:
   * bearer} with {@code bearer-token}, this adapter's earlier names for a personal access token,
   * are still read: they send the same header.
   */
  private static JiraSettings.Auth dataCenterAuth(ConfigValues config, List<String> problems) {
    String path = config.path();
    AuthMode mode = config.enumValue("auth", AuthMode.class);
    if (config.optionalString("email").isPresent()) {
      problems.add(
          path
              + ".email: Jira Cloud only; Data Center signs in with username and password (auth:"
              + " basic) or a personal-access-token (auth: pat)");
    }
    if (config.optionalSecret("api-token").isPresent()) {
      problems.add(
          path
              + ".api-token: Jira Cloud only (Data Center has no API tokens); use auth: pat with"
              + " personal-access-token, or auth: basic with username and password");
    }
    switch (mode) {
      case API_TOKEN -> {
        problems.add(
            path
                + ".auth: api-token is Jira Cloud only (Data Center has no API tokens); use pat"
                + " (personal-access-token) or basic (username and password)");
        return null;
      }
      case PAT, BEARER -> {
        Optional<Secret> pat = config.optionalSecret("personal-access-token");
        if (pat.isPresent()) {
          return new JiraSettings.Auth.Bearer(pat.get());
        }
        if (config.optionalSecret("bearer-token").isPresent()) {
          return bearer(config, "bearer-token", "pat", problems);
        }
        problems.add(path + ".personal-access-token: required when auth is pat");
        return null;
      }
      case BASIC -> {
        Optional<String> user = config.optionalString("username");
        Optional<Secret> password = config.optionalSecret("password");
        if (user.isEmpty()) {
          problems.add(path + ".username: required when auth is basic");
        }
        if (password.isEmpty()) {
          problems.add(path + ".password: required when auth is basic");
        }
        return user.isPresent() && password.isPresent()
            ? new JiraSettings.Auth.Password(user.get(), password.get())
            : null;
      }
    }
    throw new IllegalStateException(mode.name());
  }

  private static JiraSettings.Auth bearer(
      ConfigValues config, String key, String mode, List<String> problems) {
    Optional<Secret> token = config.optionalSecret(key);
    if (token.isEmpty()) {
      problems.add(config.path() + "." + key + ": required when auth is " + mode);
      return null;
    }
    return new JiraSettings.Auth.Bearer(token.get());
  }

  /** {@code note-visibility: {type: role|group, value: name, identifier: id}}, if set. */
  private static Optional<JiraSettings.Visibility> noteVisibility(
      ConfigValues config, List<String> problems) {
    Map<String, Object> raw = config.map("note-visibility");
    if (raw.isEmpty()) {
      return Optional.empty();
    }
    String path = config.path() + ".note-visibility";
    for (String key : raw.keySet()) {
      if (!List.of("type", "value", "identifier").contains(key)) {
        problems.add(path + "." + key + ": unknown; expected type, value and identifier");
      }
    }
    String type = String.valueOf(raw.getOrDefault("type", "")).strip();
    JiraSettings.Visibility.Kind kind = null;
    if (type.equalsIgnoreCase("role")) {
      kind = JiraSettings.Visibility.Kind.ROLE;
    } else if (type.equalsIgnoreCase("group")) {
      kind = JiraSettings.Visibility.Kind.GROUP;
    } else {
      problems.add(path + ".type: expected role or group, got '" + type + "'");
    }
    Optional<String> value = Optional.ofNullable(raw.get("value")).map(String::valueOf);
    Optional<String> identifier = Optional.ofNullable(raw.get("identifier")).map(String::valueOf);
    if (value.filter(v -> !v.isBlank()).isEmpty()
        && identifier.filter(v -> !v.isBlank()).isEmpty()) {
      problems.add(path + ".value: expected the name of the role or group");
      return Optional.empty();
    }
    return kind == null
        ? Optional.empty()
        : Optional.of(new JiraSettings.Visibility(kind, value, identifier));
  }
}
