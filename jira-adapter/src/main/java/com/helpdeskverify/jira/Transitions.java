package com.helpdeskverify.jira;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.helpdeskverify.core.TicketRef;
import com.helpdeskverify.core.spi.PermanentFailure;
import com.helpdeskverify.http.Calls;
import com.helpdeskverify.http.HttpClients;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.ResponseBody;
import retrofit2.Response;

/**
 * Applies a workflow transition by its name, once: a ticket already moved is left alone. A public
 * comment goes with the move where the transition's screen takes it.
 */
final class Transitions {
  private static final Logger LOG = System.getLogger(JiraTicketSystem.class.getName());

  /** The {@code expand} that has an issue read or search answer the transitions it offers. */
  static final String EXPAND = "transitions";

  private final String system;
  private final JiraApi api;

  /** The REST API version of the platform calls: 3 on Cloud, 2 on Data Center. */
  private final String restVersion;

  private final String get;
  private final String post;

  /** Transitions that refused a comment with their move (their screens lack it): moved alone. */
  private final Set<String> refusedComments = ConcurrentHashMap.newKeySet();

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
    apply(ticket, move, Optional.empty(), Optional.empty());
  }

  /**
   * @param offered the issue's status and transitions from a read just made (the last look before
   *     execution); empty to read both now, in one call
   * @param comment the {@code body} of a public comment to add with the move ({@code
   *     update.comment}), where the transition takes one
   * @return whether the comment went with the move; when not (no move was needed, the transition
   *     has no screen, or Jira refused the comment), the caller posts it on its own
   */
  boolean apply(
      TicketRef ticket,
      JiraSettings.MoveSettings move,
      Optional<Offered> offered,
      Optional<JsonNode> comment) {
    Offered now = offered.isPresent() ? offered.get() : read(ticket);
    String status = now.status();
    if (move.targetStatus().filter(t -> JiraTicketSystem.sameName(t, status)).isPresent()) {
      return false;
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
      return false;
    }
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.putObject("transition").put("id", transition.id());
    if (comment.isPresent()
        && Boolean.TRUE.equals(transition.hasScreen())
        && !refusedComments.contains(transition.id())) {
      ObjectNode withComment = body.deepCopy();
      withComment
          .putObject("update")
          .putArray("comment")
          .addObject()
          .putObject("add")
          .set("body", comment.get());
      if (moveWithComment(ticket, transition, withComment)) {
        return true;
      }
    }
    Calls.executeVoid(api.transition(restVersion, ticket.key(), body), system, post);
    return false;
  }

  /**
   * Sends a move with its comment. Jira takes the fields of a transition's screen with it ("if the
   * transition has a screen, updates the fields from the transition screen"); a field it does not
   * take there is "a field validation error", a 400 whose {@code errors} name it, and the issue is
   * not moved. Then the move goes alone, and this transition is not sent a comment again.
   *
   * @return true when moved with the comment; false when Jira refused the comment and nothing
   *     happened
   */
  private boolean moveWithComment(TicketRef ticket, JiraDtos.Transition transition, JsonNode body) {
    Response<ResponseBody> answer =
        Calls.run(api.transition(restVersion, ticket.key(), body), system, post);
    if (answer.isSuccessful()) {
      // A 2xx whose JSON came cut off proves nothing: a failure, and the step is repeated.
      Calls.requireWhole(answer, system, post);
      return true;
    }
    if (answer.code() == 400 && namesComment(answer.errorBody())) {
      answer.errorBody().close();
      refusedComments.add(transition.id());
      LOG.log(
          Level.WARNING,
          "{0}: transition ''{1}'' (id {2}) did not take a comment on {3}; its moves and"
              + " comments go as two calls from now on",
          system,
          transition.name(),
          transition.id(),
          ticket.key());
      return false;
    }
    throw Calls.failure(answer, system, post);
  }

  /**
   * Whether a 400's {@code errors} (Jira's ErrorCollection: field → message) name the comment.
   * Reads a peek of the body (Retrofit holds an error body in memory), so that {@link
   * Calls#failure} still quotes it.
   */
  private static boolean namesComment(ResponseBody error) {
    if (error == null) {
      return false;
    }
    try {
      return HttpClients.json()
          .readTree(error.source().peek().readUtf8())
          .path("errors")
          .has("comment");
    } catch (IOException e) {
      return false;
    }
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
