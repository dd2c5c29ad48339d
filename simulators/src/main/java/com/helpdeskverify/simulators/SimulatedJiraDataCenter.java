package com.helpdeskverify.simulators;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
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
 * <p>JQL understood: {@code project = X}, {@code project in (X, Y)}, {@code status = "..."}, {@code
 * key = X} and {@code updated >= "yyyy/MM/dd HH:mm"} (in the service account's time zone), joined
 * by AND; results ordered by {@code updated}, then key.
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
  private static final DateTimeFormatter JQL_DATE =
      DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm", Locale.ROOT);
  private static final Pattern STATUS = Pattern.compile("status\\s*=\\s*\"([^\"]+)\"");
  private static final Pattern UPDATED = Pattern.compile("updated\\s*>=\\s*\"([^\"]+)\"");
  private static final Pattern KEY = Pattern.compile("\\bkey\\s*=\\s*\"?([A-Z][A-Z0-9_]*-\\d+)");
  private static final Pattern PROJECT = Pattern.compile("\\bproject\\s*=\\s*\"?([A-Z][A-Z0-9_]*)");
  private static final Pattern PROJECT_IN = Pattern.compile("\\bproject\\s+in\\s*\\(([^)]*)\\)");
  private static final Pattern ISSUE_PATH =
      Pattern.compile(
          "/rest/(api/2/issue|servicedeskapi/request)/([A-Z][A-Z0-9_]*-\\d+)(/comment|/transitions)?");

  /** Transitions every issue offers: id → name, target status, its category. */
  private static final Map<String, String[]> TRANSITIONS =
      Map.of(
          "11", new String[] {"Execute", "In Progress", "indeterminate"},
          "21", new String[] {"Reject", "Rejected", "done"},
          "31", new String[] {"Escalate", "Escalated", "indeterminate"});

  /** Statuses of the done category besides the transitions' ones. */
  private static final Set<String> DONE = Set.of("Rejected", "Withdrawn", "Resolved");

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
  private int commentIds = 10000;
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
            Integer.toString(commentIds++),
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
    if (!signedIn(r)) {
      return new Response(
          401,
          Map.of(
              "errorMessages",
              List.of(
                  "You are not authenticated. Authentication required to perform this"
                      + " operation."),
              "errors",
              Map.of()),
          Map.of("WWW-Authenticate", "OAuth realm=\"" + baseUrl() + "\""));
    }
    if (xsrfRefused(r)) {
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
      return requestComment(issue, r);
    }
    return switch (r.method() + " " + sub) {
      case "GET " -> Response.json(json(issue));
      case "PUT " -> {
        issue.updated = clock.instant();
        yield new Response(204, null, Map.of());
      }
      case "GET /comment" -> comments(issue, r);
      case "POST /comment" -> addComment(issue, r);
      case "GET /transitions" ->
          Response.json(Map.of("expand", "transitions", "transitions", transitionList()));
      case "POST /transitions" -> transition(issue, r);
      default ->
          new Response(405, Map.of("errorMessages", List.of("Method not allowed")), Map.of());
    };
  }

  /** PAT as Bearer, or basic with the user name and password; nothing else signs in. */
  private boolean signedIn(Request r) {
    String auth = r.authorization();
    if (auth.equals("Bearer " + SERVICE_PAT)) {
      return true;
    }
    if (auth.startsWith("Basic ")) {
      String decoded;
      try {
        decoded =
            new String(
                Base64.getDecoder().decode(auth.substring(6).strip()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return false;
      }
      return decoded.equals(SERVICE_USER + ":" + SERVICE_PASSWORD);
    }
    return false;
  }

  /**
   * Jira's XSRF check on REST resources: a state-changing request whose body a browser form could
   * send (form-encoded, multipart, plain text) is refused unless it says {@code X-Atlassian-Token:
   * no-check}; JSON bodies need no token.
   */
  private static boolean xsrfRefused(Request r) {
    if (r.method().equals("GET") || r.method().equals("HEAD") || r.method().equals("OPTIONS")) {
      return false;
    }
    String type = r.header("Content-Type").toLowerCase(Locale.ROOT);
    boolean formLike =
        type.startsWith("application/x-www-form-urlencoded")
            || type.startsWith("multipart/form-data")
            || type.startsWith("text/plain");
    String token = r.header("X-Atlassian-Token").strip();
    return formLike && !token.equals("no-check") && !token.equals("nocheck");
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
    Matcher status = STATUS.matcher(jql);
    String wanted = status.find() ? status.group(1) : null;
    Matcher updated = UPDATED.matcher(jql);
    Instant from =
        updated.find()
            ? LocalDateTime.parse(updated.group(1), JQL_DATE).atZone(serverZone).toInstant()
            : Instant.EPOCH;
    Matcher key = KEY.matcher(jql);
    String onlyKey = key.find() ? key.group(1) : null;
    Set<String> inProjects = new LinkedHashSet<>();
    Matcher in = PROJECT_IN.matcher(jql);
    while (in.find()) {
      for (String part : in.group(1).split(",")) {
        inProjects.add(part.strip().replace("\"", ""));
      }
    }
    Matcher project = PROJECT.matcher(jql);
    while (project.find()) {
      inProjects.add(project.group(1));
    }
    // Evaluated afresh for every page: what left the result since the last page shifts the rest.
    List<Issue> found =
        issues.values().stream()
            .filter(i -> wanted == null || i.status.equals(wanted))
            .filter(i -> !i.updated.isBefore(from))
            .filter(i -> onlyKey == null || i.key.equals(onlyKey))
            .filter(i -> inProjects.isEmpty() || inProjects.contains(projectOf(i).key()))
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

  private Response comments(Issue issue, Request r) {
    int startAt = intParam(r, "startAt", 0);
    int maxResults = Math.max(1, Math.min(5000, intParam(r, "maxResults", 5000)));
    boolean withProperties = r.query().getOrDefault("expand", "").contains("properties");
    int end = Math.min(issue.comments.size(), startAt + maxResults);
    List<Object> page = new ArrayList<>();
    for (Comment c : issue.comments.subList(Math.min(startAt, end), end)) {
      page.add(commentJson(issue, c, withProperties));
    }
    return Response.json(
        Map.of(
            "startAt", startAt,
            "maxResults", maxResults,
            "total", issue.comments.size(),
            "comments", page));
  }

  /**
   * The platform comment: {@code body} is a wiki-markup string on Data Center (an ADF document is
   * refused); {@code properties} are stored, and {@code sd.public.comment} {@code internal} or a
   * {@code visibility} keep the comment from the customer.
   */
  private Response addComment(Issue issue, Request r) {
    JsonNode body = readJson(r);
    if (!body.path("body").isTextual()) {
      return badRequest("comment", "Comment body can not be empty!");
    }
    Map<String, Object> properties = new LinkedHashMap<>();
    for (JsonNode property : body.path("properties")) {
      properties.put(
          property.path("key").asText(), JSON.convertValue(property.path("value"), Object.class));
    }
    Map<String, String> visibility = new LinkedHashMap<>();
    if (body.has("visibility")) {
      String type = body.path("visibility").path("type").asText();
      String value = body.path("visibility").path("value").asText();
      if (!type.equals("role") && !type.equals("group") || value.isBlank()) {
        return badRequest("commentLevel", "You are currently not a member of the project role");
      }
      visibility.put("type", type);
      visibility.put("value", value);
    }
    boolean internal = !visibility.isEmpty();
    for (JsonNode property : body.path("properties")) {
      if (property.path("key").asText().equals("sd.public.comment")
          && property.path("value").path("internal").asBoolean(false)) {
        internal = true;
      }
    }
    Comment c =
        new Comment(
            Integer.toString(commentIds++),
            service,
            body.get("body").asText(),
            internal,
            properties,
            visibility,
            clock.instant());
    issue.comments.add(c);
    issue.updated = clock.instant();
    return new Response(201, commentJson(issue, c, true), Map.of());
  }

  /** Service Management's request comment: {@code public} false makes it internal. */
  private Response requestComment(Issue issue, Request r) {
    JsonNode body = readJson(r);
    boolean visible = !body.has("public") || body.get("public").asBoolean();
    Comment c =
        new Comment(
            Integer.toString(commentIds++),
            service,
            body.path("body").asText(),
            !visible,
            Map.of("sd.public.comment", Map.of("internal", !visible)),
            Map.of(),
            clock.instant());
    issue.comments.add(c);
    issue.updated = clock.instant();
    return new Response(
        201,
        Map.of("id", c.id(), "body", c.body(), "public", visible, "author", user(service)),
        Map.of());
  }

  private Response transition(Issue issue, Request r) {
    String id = readJson(r).path("transition").path("id").asText();
    String[] t = TRANSITIONS.get(id);
    if (t == null) {
      return new Response(
          400,
          Map.of(
              "errorMessages",
              List.of("Transition id '" + id + "' is not valid for this issue."),
              "errors",
              Map.of()),
          Map.of());
    }
    issue.status = t[1];
    issue.moves.add(t[1]);
    issue.updated = clock.instant();
    return new Response(204, null, Map.of());
  }

  private List<Object> transitionList() {
    List<Object> list = new ArrayList<>();
    TRANSITIONS.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e ->
                list.add(
                    Map.of(
                        "id", e.getKey(),
                        "name", e.getValue()[0],
                        "to", status(e.getValue()[1], e.getValue()[2]))));
    return list;
  }

  // --- JSON shapes -------------------------------------------------------------------------------

  private Map<String, Object> json(Issue i) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("summary", i.summary);
    fields.put("description", i.description);
    fields.put("created", format(i.created));
    fields.put("updated", format(i.updated));
    String category =
        DONE.contains(i.status) ? "done" : i.status.equals(INTAKE) ? "new" : "indeterminate";
    fields.put("status", status(i.status, category));
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

  private Map<String, Object> commentJson(Issue issue, Comment c, boolean withProperties) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("self", baseUrl() + "rest/api/2/issue/" + issue.id + "/comment/" + c.id());
    json.put("id", c.id());
    json.put("author", user(c.author()));
    json.put("body", c.body());
    json.put("updateAuthor", user(c.author()));
    json.put("created", format(c.created()));
    json.put("updated", format(c.created()));
    if (!c.visibility().isEmpty()) {
      json.put("visibility", c.visibility());
    }
    if (withProperties) {
      List<Object> props = new ArrayList<>();
      c.properties().forEach((k, v) -> props.add(Map.of("key", k, "value", v)));
      json.put("properties", props);
    }
    return json;
  }

  private Map<String, Object> user(User u) {
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

  private static Map<String, Object> status(String name, String category) {
    return Map.of(
        "name",
        name,
        "statusCategory",
        Map.of("key", category, "name", category.equals("done") ? "Done" : "In Progress"));
  }

  private String format(Instant instant) {
    return REST.format(instant.atZone(serverZone));
  }

  private Project projectOf(Issue issue) {
    return projects.get(issue.key.substring(0, issue.key.lastIndexOf('-')));
  }

  private static int number(Issue issue) {
    return Integer.parseInt(issue.key.substring(issue.key.lastIndexOf('-') + 1));
  }

  private static int intParam(Request r, String name, int fallback) {
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

  private static Response badRequest(String field, String message) {
    return new Response(
        400, Map.of("errorMessages", List.of(), "errors", Map.of(field, message)), Map.of());
  }

  private static JsonNode readJson(Request r) {
    try {
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new IllegalArgumentException("malformed JSON body");
    }
  }
}
