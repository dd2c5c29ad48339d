package com.helpdeskverify.jira;

import com.helpdeskverify.core.config.Secret;
import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The checked settings of one Jira site, Cloud or Data Center. Made with {@link #builder()}, so
 * every place that makes them names each setting.
 *
 * @param scopeJql the intake scope (projects, request types, statuses) the scan ANDs its time range
 *     onto; blank for everything the account can see
 * @param overlap how far before the watermark each scan re-reads: JQL compares at minute precision
 *     and the site's clock may be skewed
 * @param userZone the time zone of the integration account, in which Jira reads JQL date literals
 * @param requestFields custom fields whose values define the request (JSM request-type fields, user
 *     pickers naming whose account changes): read with every ticket, classified and part of its
 *     fingerprint
 * @param verifyLabel the label a technician sets to ask for verification; such tickets are in the
 *     scan's scope whatever their status, and the label is removed once answered; empty: none
 * @param requestTypeField the id of the JSM "Request Type" field (customfield_…) whose request type
 *     name {@code always-verify} rules may test; empty when not configured
 */
record JiraSettings(
    Deployment deployment,
    URI baseUrl,
    Auth auth,
    String scopeJql,
    Duration overlap,
    ZoneId userZone,
    CommentApi commentApi,
    Map<Move, MoveSettings> moves,
    Escalation escalation,
    Optional<Visibility> noteVisibility,
    List<String> requestFields,
    String verifyLabel,
    Optional<String> requestTypeField) {

  static final String DEFAULT_VERIFY_LABEL = "verify-identity";

  JiraSettings {
    Objects.requireNonNull(deployment, "deployment");
    Objects.requireNonNull(baseUrl, "baseUrl");
    Objects.requireNonNull(auth, "auth");
    scopeJql = scopeJql == null ? "" : scopeJql.strip();
    Objects.requireNonNull(overlap, "overlap");
    Objects.requireNonNull(userZone, "userZone");
    Objects.requireNonNull(commentApi, "commentApi");
    moves = Map.copyOf(moves);
    for (Move move : Move.values()) {
      if (!moves.containsKey(move)) {
        throw new IllegalArgumentException("no transition configured for " + move);
      }
    }
    Objects.requireNonNull(escalation, "escalation");
    Objects.requireNonNull(noteVisibility, "noteVisibility");
    requestFields = List.copyOf(requestFields);
    verifyLabel = verifyLabel == null ? "" : verifyLabel.strip();
    Objects.requireNonNull(requestTypeField, "requestTypeField");
  }

  /**
   * A builder that starts from no note visibility, no request fields, the default verify label and
   * no request type field; the rest has no default and must be set.
   */
  static Builder builder() {
    return new Builder();
  }

  /** A builder holding these settings, for a copy that differs in some of them. */
  Builder toBuilder() {
    return new Builder()
        .deployment(deployment)
        .baseUrl(baseUrl)
        .auth(auth)
        .scopeJql(scopeJql)
        .overlap(overlap)
        .userZone(userZone)
        .commentApi(commentApi)
        .moves(moves)
        .escalation(escalation)
        .noteVisibility(noteVisibility)
        .requestFields(requestFields)
        .verifyLabel(verifyLabel)
        .requestTypeField(requestTypeField);
  }

  /** Names each setting where settings are made; {@link #build} checks them as the record does. */
  static final class Builder {
    private Deployment deployment;
    private URI baseUrl;
    private Auth auth;
    private String scopeJql = "";
    private Duration overlap;
    private ZoneId userZone;
    private CommentApi commentApi;
    private Map<Move, MoveSettings> moves = Map.of();
    private Escalation escalation;
    private Optional<Visibility> noteVisibility = Optional.empty();
    private List<String> requestFields = List.of();
    private String verifyLabel = DEFAULT_VERIFY_LABEL;
    private Optional<String> requestTypeField = Optional.empty();

    private Builder() {}

    Builder deployment(Deployment value) {
      this.deployment = value;
      return this;
    }

    Builder baseUrl(URI value) {
      this.baseUrl = value;
      return this;
    }

    Builder auth(Auth value) {
      this.auth = value;
      return this;
    }

    Builder scopeJql(String value) {
      this.scopeJql = value;
      return this;
    }

    Builder overlap(Duration value) {
      this.overlap = value;
      return this;
    }

    Builder userZone(ZoneId value) {
      this.userZone = value;
      return this;
    }

    Builder commentApi(CommentApi value) {
      this.commentApi = value;
      return this;
    }

    Builder moves(Map<Move, MoveSettings> value) {
      this.moves = value;
      return this;
    }

    Builder escalation(Escalation value) {
      this.escalation = value;
      return this;
    }

    Builder noteVisibility(Optional<Visibility> value) {
      this.noteVisibility = value;
      return this;
    }

    Builder requestFields(List<String> value) {
      this.requestFields = value;
      return this;
    }

    Builder verifyLabel(String value) {
      this.verifyLabel = value;
      return this;
    }

    Builder requestTypeField(Optional<String> value) {
      this.requestTypeField = value;
      return this;
    }

    JiraSettings build() {
      return new JiraSettings(
          deployment,
          baseUrl,
          auth,
          scopeJql,
          overlap,
          userZone,
          commentApi,
          moves,
          escalation,
          noteVisibility,
          requestFields,
          verifyLabel,
          requestTypeField);
    }
  }

  /** Which Jira: Cloud (REST v3, ADF) or Data Center / Server (REST v2, wiki markup). */
  enum Deployment {
    CLOUD("3"),
    DATA_CENTER("2");

    private final String restVersion;

    Deployment(String restVersion) {
      this.restVersion = restVersion;
    }

    String restVersion() {
      return restVersion;
    }
  }

  /** How the adapter signs in. */
  sealed interface Auth {
    /** Jira Cloud: an Atlassian account's e-mail and API token (HTTP basic). */
    record Basic(String email, Secret apiToken) implements Auth {}

    /** Jira Data Center: a user name and its password (HTTP basic). */
    record Password(String username, Secret password) implements Auth {}

    /** A bearer token: an OAuth 2.0 access token or a Data Center personal access token. */
    record Bearer(Secret token) implements Auth {}
  }

  /**
   * Who may read a technician note on a project that is no service desk: the comment {@code
   * visibility} of the platform API, a project role or a group, by name ({@code value}) or, for a
   * group on Cloud, by its id ({@code identifier}, which survives renames).
   */
  record Visibility(Kind type, Optional<String> value, Optional<String> identifier) {
    /** Restricted to a project role or to a group. */
    enum Kind {
      ROLE,
      GROUP
    }

    Visibility {
      Objects.requireNonNull(type, "type");
      value = value.filter(v -> !v.isBlank());
      identifier = identifier.filter(v -> !v.isBlank());
      if (value.isEmpty() && identifier.isEmpty()) {
        throw new IllegalArgumentException("visibility needs a role or group name or id");
      }
    }

    static Visibility of(Kind type, String value) {
      return new Visibility(type, Optional.of(value), Optional.empty());
    }
  }

  /** Where comments go. */
  enum CommentApi {
    /** Jira Service Management request comments, public or internal. */
    SERVICEDESK,
    /** Plain Jira issue comments (Jira Software/Work Management projects). */
    PLATFORM
  }

  /** The three ways the adapter moves a ticket on. */
  enum Move {
    EXECUTE,
    REJECT,
    ESCALATE
  }

  /**
   * @param transition the workflow transition's name, as the transitions screen shows it
   * @param targetStatus the status the transition leads to, if the configuration names it; a ticket
   *     already there needs no move
   */
  record MoveSettings(String transition, Optional<String> targetStatus) {
    MoveSettings {
      Objects.requireNonNull(transition, "transition");
      Objects.requireNonNull(targetStatus, "targetStatus");
    }
  }

  /** Fields set on escalation, besides the transition. */
  record Escalation(
      Optional<String> assigneeAccountId,
      List<String> labels,
      Optional<String> priority,
      Map<String, Object> fields) {
    Escalation {
      Objects.requireNonNull(assigneeAccountId, "assigneeAccountId");
      labels = List.copyOf(labels);
      Objects.requireNonNull(priority, "priority");
      fields = Map.copyOf(fields);
    }

    static Escalation none() {
      return new Escalation(Optional.empty(), List.of(), Optional.empty(), Map.of());
    }

    boolean empty() {
      return assigneeAccountId.isEmpty()
          && labels.isEmpty()
          && priority.isEmpty()
          && fields.isEmpty();
    }
  }
}
