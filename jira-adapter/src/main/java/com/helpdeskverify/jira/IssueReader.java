package com.helpdeskverify.jira;

import com.fasterxml.jackson.databind.JsonNode;
import com.helpdeskverify.core.RequestDetails;
import com.helpdeskverify.core.Requester;
import com.helpdeskverify.core.Ticket;
import com.helpdeskverify.core.TicketRef;
import com.helpdeskverify.http.Calls;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads issues as tickets: reporter and creator, description, status, and the request's details
 * (labels and the verify label, request fields, request type).
 */
final class IssueReader {
  private static final Logger LOG = System.getLogger(JiraTicketSystem.class.getName());
  static final String FIELDS = "summary,description,created,updated,status,reporter,creator,labels";

  private final String id;
  private final JiraSettings settings;
  private final JiraUsers users;

  /**
   * {@link #FIELDS}, the configured request fields and the request type field: what every search
   * and fetch reads.
   */
  private final String fields;

  IssueReader(String id, JiraSettings settings, JiraUsers users) {
    this.id = Objects.requireNonNull(id, "id");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.users = Objects.requireNonNull(users, "users");
    Set<String> read = new LinkedHashSet<>(List.of(FIELDS.split(",")));
    read.addAll(settings.requestFields());
    settings.requestTypeField().ifPresent(read::add);
    this.fields = String.join(",", read);
  }

  /** The fields every search and fetch of a ticket reads. */
  String fields() {
    return fields;
  }

  /** The issue as a ticket; empty when it has no reporter account, so nobody to verify. */
  Optional<Ticket> ticket(JiraDtos.Issue issue, String call) {
    JiraDtos.Fields f = issue.fields();
    if (issue.key() == null || f == null) {
      throw Calls.malformed(id, call, "issue without key or fields", true);
    }
    if (f.reporter() == null || JiraUsers.blank(users.account(f.reporter()))) {
      // No authenticated reporter (anonymous portal request or deleted account): nobody to verify.
      LOG.log(Level.WARNING, "{0}: {1} has no reporter account; not verifiable", id, issue.key());
      return Optional.empty();
    }
    Requester requester = users.withHiddenEmail(users.requester(f.reporter()));
    Optional<Requester> openedBy =
        f.creator() == null || JiraUsers.blank(users.account(f.creator()))
            ? Optional.empty()
            : Optional.of(users.requester(f.creator())).filter(c -> !c.sameAccount(requester));
    Instant created =
        JiraTime.parse(f.created()).orElseThrow(() -> Calls.malformed(id, call, "created", true));
    boolean open =
        f.status() == null
            || f.status().statusCategory() == null
            || !"done".equals(f.status().statusCategory().key());
    return Optional.of(
        new Ticket(
            new TicketRef(id, issue.key()),
            requester,
            openedBy,
            f.summary(),
            Adf.toText(f.description()),
            created,
            updated(id, issue, call),
            f.status() == null ? "" : f.status().name(),
            open,
            details(f)));
  }

  /**
   * Labels as they are, marked when the verify label is among them (letter case aside, as JQL
   * compares labels); the request fields (mentions, links, configured custom fields); the request
   * type's name when its field is configured and set.
   */
  private RequestDetails details(JiraDtos.Fields f) {
    boolean cloud = settings.deployment() == JiraSettings.Deployment.CLOUD;
    Map<String, String> values =
        new TreeMap<>(JiraRequestFields.of(f, settings.requestFields(), cloud));
    settings
        .requestTypeField()
        .map(field -> f.other(field).path("requestType").path("name"))
        .filter(JsonNode::isTextual)
        .ifPresent(name -> values.put(RequestDetails.REQUEST_TYPE, name.asText()));
    RequestDetails details = RequestDetails.of(f.labelsOrEmpty(), values);
    return verifyLabelIn(f.labelsOrEmpty()).isPresent()
        ? details.withVerificationRequested()
        : details;
  }

  /** The verify label as the issue spells it, if the issue carries it. */
  Optional<String> verifyLabelIn(List<String> labels) {
    String wanted = settings.verifyLabel();
    return wanted.isEmpty()
        ? Optional.empty()
        : labels.stream().filter(l -> l != null && l.equalsIgnoreCase(wanted)).findFirst();
  }

  static Instant updated(String system, JiraDtos.Issue issue, String call) {
    if (issue.fields() == null) {
      throw Calls.malformed(system, call, "issue without fields", true);
    }
    return JiraTime.parse(issue.fields().updated())
        .orElseThrow(() -> Calls.malformed(system, call, "updated", true));
  }
}
