package com.helpdeskverify.jira;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.helpdeskverify.core.CommentMarker;
import com.helpdeskverify.core.TicketRef;
import com.helpdeskverify.core.spi.PermanentFailure;
import com.helpdeskverify.http.Calls;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Comments with the marker of their step, public ones for the requester and notes that only
 * technicians see, over the Service Management request API or the platform issue API; and the look
 * for a marker among this adapter's own comments.
 */
final class JiraComments {
  private static final Logger LOG = System.getLogger(JiraTicketSystem.class.getName());
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final int COMMENT_PAGE = 100;

  private final String id;
  private final JiraSettings settings;
  private final JiraApi api;
  private final JiraUsers users;
  private final boolean cloud;
  private final String restVersion;

  /** Which projects are service desks (platform notes only); null until first needed. */
  private volatile ServiceDesks desks;

  JiraComments(String id, JiraSettings settings, JiraApi api, JiraUsers users) {
    this.id = Objects.requireNonNull(id, "id");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.api = Objects.requireNonNull(api, "api");
    this.users = Objects.requireNonNull(users, "users");
    this.cloud = settings.deployment() == JiraSettings.Deployment.CLOUD;
    this.restVersion = settings.deployment().restVersion();
  }

  private String call(String method, String path) {
    return method + " /rest/api/" + restVersion + path;
  }

  void post(TicketRef ticket, String text, CommentMarker marker, boolean visible) {
    String footer = "Ref: " + marker.token();
    if (settings.commentApi() == JiraSettings.CommentApi.SERVICEDESK) {
      ObjectNode body = NODES.objectNode();
      // The token contains no markup characters and stays verbatim, so hasComment finds it.
      body.put("body", WikiText.escape(text) + "\n\n" + footer);
      body.put("public", visible);
      Calls.execute(
          api.addRequestComment(ticket.key(), body),
          id,
          "POST /rest/servicedeskapi/request/{key}/comment");
    } else {
      String call = call("POST", "/issue/{key}/comment");
      ObjectNode body = NODES.objectNode();
      if (cloud) {
        body.set("body", Adf.document(text, footer));
      } else {
        body.put("body", WikiText.escape(text) + "\n\n" + footer);
      }
      if (!visible) {
        restrictToTechnicians(body, ticket, call);
      }
      Calls.execute(api.addComment(restVersion, ticket.key(), body), id, call);
    }
  }

  /**
   * The {@code body} of a public platform comment carrying its marker, as a move takes it with
   * {@code update.comment} ({@link Transitions}): an ADF document on Cloud, wiki markup on Data
   * Center. A platform comment is public on a service desk too (Cloud's {@code jsdPublic} "defaults
   * to true when comments are created in the Jira Cloud Platform"), so it reads as one posted with
   * {@code comment-api: servicedesk} and {@code public: true} does.
   */
  JsonNode publicBody(String text, CommentMarker marker) {
    String footer = "Ref: " + marker.token();
    return cloud
        ? Adf.document(text, footer)
        : NODES.textNode(WikiText.escape(text) + "\n\n" + footer);
  }

  /**
   * Keeps a platform comment from the customer. A platform comment is public unless it says
   * otherwise: on a service desk project the comment property {@code sd.public.comment} {@code
   * {"internal": true}} makes it internal; elsewhere only a {@code visibility} (role or group)
   * hides it. A note that would be public is refused, never posted: what it says (who could not be
   * verified, and why) is reconnaissance for whoever asked.
   */
  private void restrictToTechnicians(ObjectNode body, TicketRef ticket, String call) {
    String project = ServiceDesks.projectOf(ticket.key());
    boolean serviceDesk = serviceDesks(false).contains(project);
    if (!serviceDesk && settings.noteVisibility().isEmpty()) {
      // Maybe a service desk made since the list was read: read it again before refusing.
      serviceDesk = serviceDesks(true).contains(project);
    }
    if (serviceDesk) {
      // The key names the project the issue was in when the case began; moved since, Jira answers
      // the old key with the issue under its new key, and the property hides nothing there.
      String current = currentKey(ticket);
      if (!current.equals(ticket.key())) {
        project = ServiceDesks.projectOf(current);
        serviceDesk = serviceDesks(true).contains(project);
      }
    }
    if (serviceDesk) {
      ObjectNode property = body.putArray("properties").addObject();
      property.put("key", "sd.public.comment");
      property.putObject("value").put("internal", true);
      return;
    }
    String notServiceDesk = project;
    JiraSettings.Visibility visibility =
        settings
            .noteVisibility()
            .orElseThrow(
                () ->
                    new PermanentFailure(
                        id,
                        call,
                        "project "
                            + notServiceDesk
                            + " is not a service desk and note-visibility is not set, so a note"
                            + " on "
                            + ticket.key()
                            + " would be public; not posted. Set note-visibility (a role or group)"
                            + " or use comment-api: servicedesk",
                        null));
    ObjectNode restriction = body.putObject("visibility");
    restriction.put("type", visibility.type().name().toLowerCase(Locale.ROOT));
    visibility.value().ifPresent(value -> restriction.put("value", value));
    if (cloud) {
      // Data Center's visibility has no identifier; Cloud prefers it for groups.
      visibility.identifier().ifPresent(value -> restriction.put("identifier", value));
    }
  }

  /**
   * The issue's key now. Jira's "Get issue" answers a key whose issue was moved with that issue and
   * its new key, not with a redirect; an issue that is gone cannot take a note.
   */
  private String currentKey(TicketRef ticket) {
    String call = call("GET", "/issue/{key}");
    return Calls.executeOptional(api.issue(restVersion, ticket.key(), "project"), id, call)
        .map(JiraDtos.Issue::key)
        .filter(k -> !k.isBlank())
        .orElseThrow(
            () ->
                new PermanentFailure(
                    id, call, ticket.key() + " is gone; the note was not posted", null));
  }

  /** The service desk list, read once and again when {@code fresh}; failures are not cached. */
  private ServiceDesks serviceDesks(boolean fresh) {
    ServiceDesks known = desks;
    if (known != null && !fresh) {
      return known;
    }
    ServiceDesks read = ServiceDesks.read(id, api);
    desks = read;
    return read;
  }

  /**
   * Whether a comment by this adapter's own account carries the marker. The marker is printed in
   * public comments, so anyone who may comment can copy it; a copy by another account must not
   * suppress the comment of a repeated step.
   */
  boolean hasComment(TicketRef ticket, CommentMarker marker) {
    JiraUsers.OwnAccount self = users.ownAccount();
    String token = marker.token();
    int startAt = 0;
    while (true) {
      JiraDtos.CommentPage page =
          Calls.execute(
              api.comments(restVersion, ticket.key(), startAt, COMMENT_PAGE),
              id,
              call("GET", "/issue/{key}/comment"));
      List<JiraDtos.Comment> comments = page.commentsOrEmpty();
      for (JiraDtos.Comment c : comments) {
        if (!Adf.toText(c.body()).contains(token)) {
          continue;
        }
        if (self.wrote(c.author())) {
          return true;
        }
        LOG.log(
            Level.WARNING,
            "{0}: comment {1} on {2} carries marker {3} but was not written by this connector;"
                + " ignored",
            id,
            c.id(),
            ticket.key(),
            token);
      }
      startAt += comments.size();
      if (comments.isEmpty() || page.total() == null || startAt >= page.total()) {
        return false;
      }
    }
  }

  /**
   * Every project of the scope must be a service desk (its notes carry {@code sd.public.comment})
   * or have a configured {@code note-visibility}; otherwise notes would be public.
   */
  void checkNotesStayInternal() {
    String call = "GET /rest/servicedeskapi/servicedesk";
    ServiceDesks known = serviceDesks(true);
    if (settings.noteVisibility().isPresent()) {
      return;
    }
    Optional<List<String>> projects = ServiceDesks.scopeProjects(settings.scopeJql());
    if (projects.isEmpty()) {
      throw JiraTicketSystem.missing(
          id,
          call,
          "comment-api: platform without note-visibility, and the projects of jql-scope cannot"
              + " be told (name them with project = or project in (...), without OR or NOT): a"
              + " note on a project that is not a service desk would be public. Set"
              + " note-visibility (a role or group) or name the projects");
    }
    List<String> open = projects.get().stream().filter(p -> !known.contains(p)).toList();
    if (!open.isEmpty()) {
      throw JiraTicketSystem.missing(
          id,
          call,
          "comment-api: platform without note-visibility, and "
              + String.join(", ", open)
              + (open.size() == 1 ? " is" : " are")
              + " not a service desk: notes there would be public. Set note-visibility (a role"
              + " or group) or use comment-api: servicedesk");
    }
    LOG.log(
        Level.INFO,
        "{0}: {1} are service desks; notes carry sd.public.comment internal",
        id,
        projects.get());
  }
}
