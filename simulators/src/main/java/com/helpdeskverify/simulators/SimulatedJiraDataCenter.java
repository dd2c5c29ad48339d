package com.helpdeskverify.simulators;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Jira Data Center 10 (with Jira Service Management) as Atlassian documents it, over in-memory
 * projects: REST v2 ({@code /rest/api/2}) with wiki-markup strings; search by JQL paged by {@code
 * startAt}/{@code maxResults}, the JQL evaluated afresh for every page, so that a page shifts when
 * an issue leaves or enters the result between two reads; users named by {@code name} and {@code
 * key}, with no {@code accountId}; dates as {@code 2026-11-02T10:01:00.000+0100} in the server's
 * zone; personal access tokens ({@code Authorization: Bearer}) and HTTP basic (user name and
 * password); the XSRF check that refuses a state-changing request with a form, multipart or text
 * body unless it carries {@code X-Atlassian-Token: no-check}; comments with entity properties
 * ({@code sd.public.comment} {@code {"internal": true}} makes a comment internal) or a {@code
 * visibility}; transitions by id; Service Management request comments and the service desk list;
 * {@code serverInfo} with {@code deploymentType} {@code Server}.
 *
 * <p>The JQL understood is {@link DataCenterJql}'s; results are ordered by {@code updated}, then
 * key.
 */
public final class SimulatedJiraDataCenter extends SimulatedApi {
  /** The service account's user name and key. */
  public static final String SERVICE_USER = "helpdesk-verify";

  public static final String SERVICE_KEY = "JIRAUSER10100";

  /** Its password (HTTP basic) and personal access token (Bearer). */
  public static final String SERVICE_PASSWORD = "dc-password";

  public static final String SERVICE_PAT = "NjM1ODk0NDU2MzQ3OkRjUGF0Rm9yVGVzdHM";

  /** Where issues wait for verification. */
  public static final String INTAKE = "Waiting for support";

  private static final DateTimeFormatter REST =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ", Locale.ROOT);
  private static final Pattern ISSUE_PATH =
      Pattern.compile(
          "/rest/(api/2/issue|servicedeskapi/request)/([A-Z][A-Z0-9_]*-\\d+)(/comment|/transitions)?");

  /** A Data Center user: {@code name} (login) and {@code key} (stable), no accountId. */
  public record User(String name, String key, String displayName, String email) {}

  /** A comment: who wrote it, its wiki text, whether the customer sees it, its properties. */
  public record Comment(
      String id,
      User author,
      String body,
      boolean internal,
      Map<String, Object> properties,
      Map<String, String> visibility,
      Instant created) {}

  private record Project(String key, String id, String name, Integer serviceDeskId) {}

  private static final class Issue {
    final String key;
    final long id;
    final User reporter;
    final User creator;
    final String summary;
    String description;
    final Instant created;
    Instant updated;
    String status = INTAKE;
    final List<Comment> comments = new ArrayList<>();
    final List<String> moves = new ArrayList<>();

    Issue(
        String key,
        long id,
        User reporter,
        User creator,
        String summary,
        String description,
        Instant now) {
      this.key = key;
      this.id = id;
      this.reporter = reporter;
      this.creator = creator;
      this.summary = summary;
      this.description = description;
      this.created = now;
      this.updated = now;
    }
  }

  private final Clock clock;
  private final ZoneId serverZone;
  private final User service;
  private final Map<String, User> users = new LinkedHashMap<>();
  private final Map<String, Project> projects = new LinkedHashMap<>();
  private final Map<String, Issue> issues = new LinkedHashMap<>();
  private final Map<String, Integer> nextNumber = new LinkedHashMap<>();
  private Runnable afterNextSearch;
  private int userKeys = 10200;
  private final DataCenterComments commentStore = new DataCenterComments(this);
  private long issueIds = 10000;

  /**
   * A site whose server (and service account) zone is {@code serverZone}: answers carry dates with
   * its offset, and JQL date literals are read in it. Project HD is a service desk.
   */
  public SimulatedJiraDataCenter(Clock clock, ZoneId serverZone) throws IOException {
    this.clock = clock;
    this.serverZone = serverZone;
    this.service =
        new User(SERVICE_USER, SERVICE_KEY, "helpdesk-verify", "helpdesk-verify@acme.example");
    users.put(service.key(), service);
    project("HD", "Help Desk", true);
  }

  /** Adds a project; a service desk one takes Service Management request comments. */
  public synchronized void project(String key, String name, boolean serviceDesk) {
    int n = projects.size();
    projects.put(
        key, new Project(key, Integer.toString(10000 + n), name, serviceDesk ? n + 1 : null));
    nextNumber.putIfAbsent(key, 1);
  }

  /** A user of the directory; returns it (its key is {@code JIRAUSER…}). */
  public synchronized User user(String name, String displayName, String email) {
    User u = new User(name, "JIRAUSER" + userKeys++, displayName, email);
    users.put(u.key(), u);
    return u;
  }

  /** The reporter files a request in the portal of {@code project}; returns its key. */
  public synchronized String file(User reporter, String project, String summary, String text) {
    return file(reporter, reporter, project, summary, text);
  }

  /** An agent ({@code creator}) raises a request on the reporter's behalf. */
  public synchronized String file(
      User reporter, User creator, String project, String summary, String text) {
    if (!projects.containsKey(project)) {
      throw new IllegalArgumentException("no project " + project);
    }
    int number = nextNumber.merge(project, 1, Integer::sum) - 1;
    String key = project + "-" + number;
    issues.put(key, new Issue(key, issueIds++, reporter, creator, summary, text, clock.instant()));
    return key;
  }

  /** The reporter edits the request's description (for instance while a push waits). */
  public synchronized void editDescription(String key, String text) {
    Issue issue = issue(key);
    issue.description = text;
    issue.updated = clock.instant();
  }

  /** The reporter withdraws the request in the portal: it moves to Withdrawn (done). */
  public synchronized void withdraw(String key) {
    Issue issue = issue(key);
    issue.status = "Withdrawn";
    issue.updated = clock.instant();
  }

  /** An agent moves an issue to a status without a transition of this simulator. */
  public synchronized void setStatus(String key, String status) {
    Issue issue = issue(key);
    issue.status = status;
    issue.updated = clock.instant();
  }

  /** The reporter comments in the portal (public). */
  public synchronized void commentAsReporter(String key, String text) {
    Issue issue = issue(key);
    issue.comments.add(
        new Comment(
            commentStore.nextId(),
            issue.reporter,
            text,
            false,
            Map.of(),
            Map.of(),
            clock.instant()));
    issue.updated = clock.instant();
  }

  /** Runs {@code change} right after the next search page is answered, once. */
  public synchronized void afterNextSearch(Runnable change) {
    afterNextSearch = change;
  }

  public synchronized String status(String key) {
    return issue(key).status;
  }

  public synchronized String description(String key) {
    return issue(key).description;
  }

  /** The statuses transitions moved an issue to, oldest first. */
  public synchronized List<String> transitions(String key) {
    return List.copyOf(issue(key).moves);
  }

  /** Every comment of an issue, oldest first. */
  public synchronized List<Comment> comments(String key) {
    return List.copyOf(issue(key).comments);
  }

  /** How many issues are in each status now. */
  public synchronized Map<String, Integer> statusCounts() {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (Issue issue : issues.values()) {
      counts.merge(issue.status, 1, Integer::sum);
    }
    return counts;
  }

  private Issue issue(String key) {
    Issue issue = issues.get(key);
    if (issue == null) {
      throw new IllegalArgumentException("no issue " + key);
    }
    return issue;
  }

  // --- HTTP --------------------------------------------------------------------------------------

  @Override
  synchronized Response answer(Request r) {
    String p = r.path();
    if (p.equals("/rest/api/2/serverInfo") && r.method().equals("GET")) {
      // Readable without signing in, as on a real site.
      return Response.json(serverInfo());
    }
    if (!DataCenterAuth.signedIn(r)) {
      return DataCenterAuth.unauthenticated(baseUrl());
    }
    if (DataCenterAuth.xsrfRefused(r)) {
      return new Response(403, "XSRF check failed", Map.of());
    }
    if (p.equals("/rest/api/2/myself") && r.method().equals("GET")) {
      return Response.json(user(service));
    }
    if (p.equals("/rest/api/2/search") && r.method().equals("GET")) {
      Response page =
          search(
              r.query().getOrDefault("jql", ""),
              intParam(r, "startAt", 0),
              intParam(r, "maxResults", 50));
      Runnable change = afterNextSearch;
      afterNextSearch = null;
      if (change != null) {
        change.run();
      }
      return page;
    }
    if (p.equals("/rest/servicedeskapi/servicedesk") && r.method().equals("GET")) {
      return serviceDesks(intParam(r, "start", 0), intParam(r, "limit", 50));
    }
    Matcher m = ISSUE_PATH.matcher(p);
    if (!m.matches() || !issues.containsKey(m.group(2))) {
      return notFound();
    }
    Issue issue = issues.get(m.group(2));
    boolean serviceDeskApi = m.group(1).startsWith("servicedeskapi");
    String sub = m.group(3) == null ? "" : m.group(3);
    if (serviceDeskApi) {
      if (!sub.equals("/comment")
          || !r.method().equals("POST")
          || projectOf(issue).serviceDeskId() == null) {
        return notFound();
      }
      return commentStore.addRequestComment(issue.comments, service, r, () -> touch(issue));
    }
    return switch (r.method() + " " + sub) {
      case "GET " -> Response.json(read(issue, r));
      case "PUT " -> {
        issue.updated = clock.instant();
        yield new Response(204, null, Map.of());
      }
      case "GET /comment" -> commentStore.list(issue.id, issue.comments, r);
      case "POST /comment" ->
          commentStore.add(issue.id, issue.comments, service, r, () -> touch(issue));
      case "GET /transitions" ->
          Response.json(
              Map.of("expand", "transitions", "transitions", DataCenterWorkflow.transitions()));
      case "POST /transitions" -> transition(issue, r);
      default ->
          new Response(405, Map.of("errorMessages", List.of("Method not allowed")), Map.of());
    };
  }

  private Map<String, Object> serverInfo() {
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("baseUrl", baseUrl().toString());
    info.put("version", "10.3.2");
    info.put("versionNumbers", List.of(10, 3, 2));
    info.put("deploymentType", "Server");
    info.put("buildNumber", 10030002);
    info.put("serverTime", format(clock.instant()));
    info.put("serverTitle", "Jira");
    return info;
  }

  private Response search(String jql, int startAt, int maxResults) {
    DataCenterJql query = DataCenterJql.parse(jql, serverZone);
    // Evaluated afresh for every page: what left the result since the last page shifts the rest.
    List<Issue> found =
        issues.values().stream()
            .filter(i -> query.matches(i.key, i.status, i.updated, projectOf(i).key()))
            .sorted(
                Comparator.comparing((Issue i) -> i.updated)
                    .thenComparing(i -> projectOf(i).key())
                    .thenComparingInt(SimulatedJiraDataCenter::number))
            .toList();
    int size = Math.max(0, Math.min(1000, maxResults));
    int start = Math.max(0, startAt);
    int end = Math.min(found.size(), start + size);
    Map<String, Object> page = new LinkedHashMap<>();
    page.put("expand", "schema,names");
    page.put("startAt", start);
    page.put("maxResults", size);
    page.put("total", found.size());
    page.put(
        "issues",
        start >= end
            ? List.of()
            : found.subList(start, end).stream().map(i -> (Object) json(i)).toList());
    return Response.json(page);
  }

  private Response serviceDesks(int start, int limit) {
    List<Project> desks =
        projects.values().stream().filter(pr -> pr.serviceDeskId() != null).toList();
    int size = Math.max(1, Math.min(100, limit));
    int from = Math.min(desks.size(), Math.max(0, start));
    int end = Math.min(desks.size(), from + size);
    List<Object> values = new ArrayList<>();
    for (Project pr : desks.subList(from, end)) {
      values.add(
          Map.of(
              "id", Integer.toString(pr.serviceDeskId()),
              "projectId", pr.id(),
              "projectName", pr.name(),
              "projectKey", pr.key(),
              "_links",
                  Map.of(
                      "self",
                      baseUrl() + "rest/servicedeskapi/servicedesk/" + pr.serviceDeskId())));
    }
    Map<String, Object> page = new LinkedHashMap<>();
    page.put("size", values.size());
    page.put("start", from);
    page.put("limit", size);
    page.put("isLastPage", end >= desks.size());
    page.put("values", values);
    page.put("_links", Map.of("base", baseUrl().toString(), "context", ""));
    return Response.json(page);
  }

  private Response transition(Issue issue, Request r) {
    JsonNode body = readJson(r);
    String id = body.path("transition").path("id").asText();
    String target = DataCenterWorkflow.target(id);
    if (target == null) {
      return new Response(
          400,
          Map.of(
              "errorMessages",
              List.of("Transition id '" + id + "' is not valid for this issue."),
              "errors",
              Map.of()),
          Map.of());
    }
    JsonNode comments = body.path("update").path("comment");
    if (!comments.isMissingNode()) {
      if (!DataCenterWorkflow.hasScreen(id)) {
        return SimulatedJira.commentNotOnScreen();
      }
      for (JsonNode add : comments) {
        Response added = commentStore.addWithMove(issue.comments, service, add.path("add"));
        if (added != null) {
          return added;
        }
      }
    }
    issue.status = target;
    issue.moves.add(target);
    issue.updated = clock.instant();
    return new Response(204, null, Map.of());
  }

  // --- JSON shapes -------------------------------------------------------------------------------

  private Map<String, Object> json(Issue i) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("summary", i.summary);
    fields.put("description", i.description);
    fields.put("created", format(i.created));
    fields.put("updated", format(i.updated));
    fields.put("status", DataCenterWorkflow.status(i.status));
    fields.put("reporter", user(i.reporter));
    fields.put("creator", user(i.creator));
    Project pr = projectOf(i);
    fields.put("project", Map.of("id", pr.id(), "key", pr.key(), "name", pr.name()));
    Map<String, Object> issue = new LinkedHashMap<>();
    issue.put("expand", "renderedFields,names,schema,operations,editmeta,changelog");
    issue.put("id", Long.toString(i.id));
    issue.put("self", baseUrl() + "rest/api/2/issue/" + i.id);
    issue.put("key", i.key);
    issue.put("fields", fields);
    return issue;
  }

  /**
   * The issue as {@code GET …/issue/{key}} answers it; with {@code expand=transitions} (which
   * Atlassian's own Java client for Jira Server always asks for) it also carries the transitions,
   * as {@code GET …/transitions} lists them.
   */
  private Map<String, Object> read(Issue issue, Request r) {
    Map<String, Object> json = json(issue);
    if (SimulatedJira.expandsTransitions(r)) {
      json.put("transitions", DataCenterWorkflow.transitions());
    }
    return json;
  }

  Instant now() {
    return clock.instant();
  }

  private void touch(Issue issue) {
    issue.updated = clock.instant();
  }

  Map<String, Object> user(User u) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("self", baseUrl() + "rest/api/2/user?username=" + u.name());
    json.put("name", u.name());
    json.put("key", u.key());
    json.put("emailAddress", u.email());
    json.put("avatarUrls", Map.of("48x48", baseUrl() + "secure/useravatar?ownerId=" + u.key()));
    json.put("displayName", u.displayName());
    json.put("active", true);
    json.put("timeZone", serverZone.getId());
    return json;
  }

  String format(Instant instant) {
    return REST.format(instant.atZone(serverZone));
  }

  private Project projectOf(Issue issue) {
    return projects.get(issue.key.substring(0, issue.key.lastIndexOf('-')));
  }

  private static int number(Issue issue) {
    return Integer.parseInt(issue.key.substring(issue.key.lastIndexOf('-') + 1));
  }

  static int intParam(Request r, String name, int fallback) {
    try {
      return Integer.parseInt(r.query().getOrDefault(name, Integer.toString(fallback)));
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  private static Response notFound() {
    return new Response(
        404,
        Map.of("errorMessages", List.of("Issue Does Not Exist"), "errors", Map.of()),
        Map.of());
  }

  static Response badRequest(String field, String message) {
    return new Response(
        400, Map.of("errorMessages", List.of(), "errors", Map.of(field, message)), Map.of());
  }

  static JsonNode readJson(Request r) {
    try {
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new IllegalArgumentException("malformed JSON body");
    }
  }
}
