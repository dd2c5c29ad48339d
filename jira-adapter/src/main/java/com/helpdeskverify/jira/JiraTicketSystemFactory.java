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
    /** Atlassian account e-mail plus API token (HTTP basic). */
    API_TOKEN,
    /** A bearer token: OAuth 2.0 access token or personal access token. */
    BEARER
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
    return new ConfigDef()
        .url("base-url", "the site, such as https://acme.atlassian.net")
        .enumOf(
            "auth",
            AuthMode.class,
            deployment == JiraSettings.Deployment.CLOUD ? AuthMode.API_TOKEN : AuthMode.BEARER,
            "api-token (e-mail + API token) or bearer (OAuth token, Data Center PAT)")
        .optionalString("email", "the integration account's e-mail (api-token auth)")
        .optionalSecret("api-token", "its API token (api-token auth)")
        .optionalSecret("bearer-token", "OAuth access token or personal access token (bearer)")
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
            "how old a delivery's timestamp may be (Jira's secondary flow may take 15 min)")
        .duration("connect-timeout", Duration.ofSeconds(5), "TCP connect timeout")
        .duration("read-timeout", Duration.ofSeconds(20), "timeout of one HTTP answer")
        .integer("max-attempts", 3, 1, 10, "attempts of one call before the workflow backs off");
  }

  @Override
  public TicketSystem create(String id, ConfigValues config, IntegrationContext context) {
    HttpPolicy defaults = HttpPolicy.defaults();
    HttpPolicy policy =
        new HttpPolicy(
            config.duration("connect-timeout"),
            config.duration("read-timeout"),
            config.integer("max-attempts"),
            defaults.retryBase(),
            defaults.retryMax(),
            defaults.maxRetryAfter());
    JiraTicketSystem system =
        JiraTicketSystem.connect(id, settings(config, deployment), policy, context.clock());
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

  /** The checked settings, or a {@link ConfigException} naming every problem. */
  static JiraSettings settings(ConfigValues config, JiraSettings.Deployment deployment) {
    List<String> problems = new ArrayList<>();
    String path = config.path();
    JiraSettings.Auth auth = auth(config, problems);
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
    return new JiraSettings(
        deployment,
        config.url("base-url"),
        auth,
        scope,
        config.duration("overlap"),
        zone,
        config.enumValue("comment-api", JiraSettings.CommentApi.class),
        moves,
        escalation,
        label,
        requestTypeField);
  }

  private static JiraSettings.Auth auth(ConfigValues config, List<String> problems) {
    String path = config.path();
    if (config.enumValue("auth", AuthMode.class) == AuthMode.BEARER) {
      Optional<Secret> token = config.optionalSecret("bearer-token");
      if (token.isEmpty()) {
        problems.add(path + ".bearer-token: required when auth is bearer");
        return null;
      }
      return new JiraSettings.Auth.Bearer(token.get());
    }
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
