package com.helpdeskverify.jira;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.helpdeskverify.core.TicketRef;
import com.helpdeskverify.core.spi.PermanentFailure;
import com.helpdeskverify.http.Calls;
import java.util.List;
import java.util.Optional;

/** Applies a workflow transition by its name, once: a ticket already moved is left alone. */
final class Transitions {
  /** The {@code expand} that has an issue read or search answer the transitions it offers. */
  static final String EXPAND = "transitions";

  private final String system;
  private final JiraApi api;

  /** The REST API version of the platform calls: 3 on Cloud, 2 on Data Center. */
  private final String restVersion;

  private final String get;
  private final String post;

  Transitions(String system, JiraApi api, String restVersion) {
    this.system = system;
    this.api = api;
    this.restVersion = restVersion;
    this.get = "GET /rest/api/" + restVersion + "/issue/{key}/transitions";
    this.post = "POST /rest/api/" + restVersion + "/issue/{key}/transitions";
  }

  /**
   * The status of an issue and the transitions it offered, as one read ({@code expand=transitions})
   * returned them; no transitions when the answer left the expansion out.
   */
  record Offered(String status, Optional<List<JiraDtos.Transition>> transitions) {
    Offered {
      transitions = transitions.map(List::copyOf);
    }
  }

  void apply(TicketRef ticket, JiraSettings.MoveSettings move) {
    apply(ticket, move, Optional.empty());
  }

  /**
   * @param offered the issue's status and transitions from a read just made (the last look before
   *     execution); empty to read both now, in one call
   */
  void apply(TicketRef ticket, JiraSettings.MoveSettings move, Optional<Offered> offered) {
    Offered now = offered.isPresent() ? offered.get() : read(ticket);
    String status = now.status();
    if (move.targetStatus().filter(t -> JiraTicketSystem.sameName(t, status)).isPresent()) {
      return;
    }
    List<JiraDtos.Transition> available =
        now.transitions()
            .orElseGet(
                () ->
                    Calls.execute(api.transitions(restVersion, ticket.key()), system, get)
                        .transitionsOrEmpty());
    Optional<JiraDtos.Transition> match =
        available.stream()
            .filter(t -> JiraTicketSystem.sameName(t.name(), move.transition()))
            .findFirst();
    if (match.isEmpty()) {
      throw new PermanentFailure(
          system,
          post,
          "transition '"
              + move.transition()
              + "' is not available for "
              + ticket.key()
              + " in status '"
              + status
              + "'; available: "
              + JiraTicketSystem.names(available)
              + ": check the workflow and the transition names configured for "
              + system,
          null);
    }
    JiraDtos.Transition transition = match.get();
    if (transition.to() != null && JiraTicketSystem.sameName(transition.to().name(), status)) {
      return;
    }
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.putObject("transition").put("id", transition.id());
    Calls.executeVoid(api.transition(restVersion, ticket.key(), body), system, post);
  }

  /**
   * The issue's status and the transitions it offers, as one read: {@code GET …/issue/{key}} with
   * {@code fields=status} and {@code expand=transitions}, which answers both as {@code GET
   * …/transitions} and a status read did (a rejected or escalated ticket's move was three calls,
   * now two). From a server that leaves the expansion out, the move asks {@code GET …/transitions}
   * when it needs them.
   */
  private Offered read(TicketRef ticket) {
    String call = "GET /rest/api/" + restVersion + "/issue/{key}";
    JiraDtos.Issue issue =
        Calls.executeOptional(
                api.issueExpanded(restVersion, ticket.key(), "status", EXPAND), system, call)
            .orElseThrow(
                () ->
                    new PermanentFailure(
                        system, call, "issue " + ticket.key() + " no longer exists", null));
    JiraDtos.Fields f = issue.fields();
    String status =
        f == null || f.status() == null || f.status().name() == null ? "" : f.status().name();
    return new Offered(status, Optional.ofNullable(issue.transitions()));
  }
}
