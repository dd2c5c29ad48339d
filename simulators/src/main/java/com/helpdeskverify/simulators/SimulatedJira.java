package com.helpdeskverify.simulators;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * Jira Cloud's REST API v3 and Service Management comments over one in-memory project: search by
 * JQL ({@code status = "..."}, {@code OR labels = "..."}, {@code key = ...} and {@code updated >=
 * "yyyy/MM/dd HH:mm"} understood, the rest of the scope taken as given), issues with ADF
 * descriptions and labels, comments, transitions by id, and edits ({@code update.labels[]} with
 * {@code add} and {@code remove}). In Data Center mode the same over REST v2: {@code /search} with
 * {@code startAt} and {@code total}, people named by {@code key} and {@code name} without an
 * accountId, and descriptions and comment bodies as wiki-markup strings instead of ADF.
 */
public final class SimulatedJira extends SimulatedApi {
  private static final DateTimeFormatter REST =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ").withZone(ZoneOffset.UTC);
  private static final String INTAKE = "Waiting for support";

  /** Transitions every issue offers: name, id and the status it leads to. */
  private static final Map<String, String[]> TRANSITIONS =
      Map.of(
          "11", new String[] {"Execute", "In Progress", "indeterminate"},
          "21", new String[] {"Reject", "Rejected", "done"},
          "31", new String[] {"Escalate", "Escalated", "indeterminate"});

  /**
   * The transitions with a screen ({@code hasScreen}), which take a comment with the move, as a
   * service desk's "Resolve" and "Decline" screens do; Escalate has none.
   */
  static final Set<String> SCREENS = Set.of("11", "21");

  /** The account the service signs in as: {@code /myself} and the author of what it posts. */
  private static final Map<String, String> MYSELF =
      Map.of("accountId", "5b10ac8d82e05b22cc7d4ef5", "displayName", "helpdesk-verify");

  /** The same on Data Center, where a user has a key and a name instead of an accountId. */
  private static final Map<String, String> MYSELF_DC =
      Map.of("key", "JIRAUSER10000", "name", "helpdesk-verify", "displayName", "helpdesk-verify");

  private record Comment(
      String id, String text, boolean visibleToCustomer, Map<String, String> author) {}

  private static final class Issue {
    final String key;
    final Map<String, String> reporter;
    final String summary;
    String description;
    final Instant created;
    Instant updated;
    String status = INTAKE;
    Map<String, String> creator;
    final List<String> labels = new ArrayList<>();
    String requestType;
    final List<Comment> comments = new ArrayList<>();
    final List<String> moves = new ArrayList<>();

    Issue(
        String key, Map<String, String> reporter, String summary, String description, Instant now) {
      this.key = key;
      this.reporter = reporter;
      this.summary = summary;
      this.description = description;
      this.created = now;
      this.updated = now;
    }
  }

  /**
   * What {@code nextPageToken} stands for. Atlassian documents it as opaque, so the adapter must be
   * right whichever it is; tests switch between them.
   */
  public enum PageTokens {
    /** A cursor after the last issue of the page: nothing that moves shifts a later page. */
    CURSOR,
    /** An offset into the result as it is when the next page is read. */
    OFFSET,
    /** The result as it was at the first page, kept on the server; issues read as they are now. */
    SNAPSHOT
  }

  private final Clock clock;
  private final boolean dataCenter;
  private final Map<String, Issue> issues = new LinkedHashMap<>();
  private final JiraPages pages = new JiraPages();
  private int next = 1;
  private int commentIds = 10000;
  private Runnable beforeSearch = () -> {};
  private boolean refuseTransitionComments;

  public SimulatedJira(Clock clock) throws IOException {
    this(clock, false);
  }

  /**
   * @param dataCenter serve Jira Data Center's REST v2 instead of Cloud's v3
   */
  public SimulatedJira(Clock clock, boolean dataCenter) throws IOException {
    this(clock, dataCenter, Optional.empty());
  }

  /**
   * @param dataCenter serve Jira Data Center's REST v2 instead of Cloud's v3
   * @param tls serve HTTPS with this context, as Jira sites do
   */
  public SimulatedJira(Clock clock, boolean dataCenter, Optional<SSLContext> tls)
      throws IOException {
    super(tls);
    this.clock = clock;
    this.dataCenter = dataCenter;
  }

  /** A person as this site names them: Cloud by accountId, Data Center by key and name. */
  private Map<String, String> person(String id, String name, String email) {
    return dataCenter
        ? Map.of("key", id, "name", id, "displayName", name, "emailAddress", email)
        : Map.of("accountId", id, "displayName", name, "emailAddress", email);
  }

  private Map<String, String> myself() {
    return dataCenter ? MYSELF_DC : MYSELF;
  }

  /** The customer files a request in the service desk portal. */
  public synchronized String file(
      String accountId, String name, String email, String summary, String description) {
    String key = "HD-" + next++;
    issues.put(
        key, new Issue(key, person(accountId, name, email), summary, description, clock.instant()));
    return key;
  }

  /** An agent raises the request on the reporter's behalf: the creator is another account. */
  public synchronized String fileOnBehalf(
      Map<String, String> creator,
      String accountId,
      String name,
      String email,
      String summary,
      String description) {
    String key = file(accountId, name, email, summary, description);
    issues.get(key).creator =
        creator.containsKey("accountId")
            ? person(
                creator.get("accountId"), creator.get("displayName"), creator.get("emailAddress"))
            : Map.copyOf(creator);
    return key;
  }

  /** A technician adds a label to the issue (the verify label asks for verification). */
  public synchronized void addLabel(String key, String label) {
    Issue issue = issues.get(key);
    if (!issue.labels.contains(label)) {
      issue.labels.add(label);
    }
    issue.updated = clock.instant();
  }

  /**
   * Sets the issue's JSM request type, served as the "Customer Request Type" field {@link
   * #REQUEST_TYPE_FIELD} ({@code {"requestType": {"name": ...}}}).
   */
  public synchronized void requestType(String key, String name) {
    issues.get(key).requestType = name;
  }

  /** The id of the request type field on this simulated site. */
  public static final String REQUEST_TYPE_FIELD = "customfield_10010";

  /** The issue's labels now. */
  public synchronized List<String> labels(String key) {
    return List.copyOf(issues.get(key).labels);
  }

  /**
   * From now on every transition refuses a comment with its move, screen or not, as a screen
   * without the comment field would: tests of the fallback to two calls.
   */
  public synchronized void refuseTransitionComments() {
    refuseTransitionComments = true;
  }

  /**
   * Jira's answer to a field a transition does not take: "If a field is not configured to appear on
   * the transition screen … a field validation error will occur if it is submitted", a 400 with the
   * field in {@code errors} (ErrorCollection); the issue is not moved.
   */
  static Response commentNotOnScreen() {
    return new Response(
        400,
        Map.of(
            "errorMessages",
            List.of(),
            "errors",
            Map.of(
                "comment",
                "Field 'comment' cannot be set. It is not on the appropriate screen, or"
                    + " unknown.")),
        Map.of());
  }

  /** From now on, page tokens stand for {@code kind}. */
  public synchronized void pageTokens(PageTokens kind) {
    pages.kind(kind);
  }

  /**
   * Runs {@code action} before each search is answered, under this simulator's lock: tests move
   * issues between page reads with it. An exception it throws fails the search with a 500.
   */
  public synchronized void beforeSearch(Runnable action) {
    beforeSearch = action;
  }

  /** An agent edits the issue: it moves to the end of an {@code updated} order. */
  public synchronized void edit(String key) {
    issues.get(key).updated = clock.instant();
  }

  /** A technician moves the issue to another status (out of an intake scope on the status). */
  public synchronized void setStatus(String key, String status) {
    Issue issue = issues.get(key);
    issue.status = status;
    issue.updated = clock.instant();
  }

  /** An administrator deletes the issue. */
  public synchronized void delete(String key) {
    issues.remove(key);
  }

  /** Whether the issue exists. */
  public synchronized boolean exists(String key) {
    return issues.containsKey(key);
  }

  /** The keys of the issues in {@code status} with their {@code updated}, by key. */
  public synchronized Map<String, Instant> inStatus(String status) {
    Map<String, Instant> found = new LinkedHashMap<>();
    issues.values().stream()
        .filter(i -> i.status.equals(status))
        .forEach(i -> found.put(i.key, i.updated));
    return found;
  }

  public synchronized String status(String key) {

    return issues.get(key).status;
  }

  /** The statuses transitions moved an issue to, oldest first: one entry per transition done. */
  public synchronized List<String> transitions(String key) {
    return List.copyOf(issues.get(key).moves);
  }

  /** The reporter comments on the request in the portal (public, authored by the reporter). */
  public synchronized void commentAsReporter(String key, String text) {
    Issue issue = issues.get(key);
    issue.comments.add(new Comment(Integer.toString(commentIds++), text, true, issue.reporter));
    issue.updated = clock.instant();
  }

  /** The reporter edits the request's description (Jira stamps the issue updated). */
  public synchronized void edit(String key, String description) {
    Issue issue = issues.get(key);
    issue.description = description;
    issue.updated = clock.instant();
  }

  /** When the issue was filed, by this simulator's clock. */
  public synchronized Instant created(String key) {
    return issues.get(key).created;
  }

  /** How many issues are in each status now. */
  public synchronized Map<String, Integer> statusCounts() {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (Issue issue : issues.values()) {
      counts.merge(issue.status, 1, Integer::sum);
    }
    return counts;
  }

  /** Comments of an issue, oldest first: who sees it, and the text. */
  public synchronized List<String[]> comments(String key) {
    return issues.get(key).comments.stream()
        .map(c -> new String[] {c.visibleToCustomer() ? "public" : "internal", c.text()})
        .toList();
  }

  @Override
  synchronized Response answer(Request r) {
    String p = r.path();
    if (p.equals("/rest/api/2/search") && r.method().equals("GET")) {
      // Data Center's offset search, also on a Cloud site: scan tests page a Cloud scope by offset.
      return searchByOffset(
          r.query().getOrDefault("jql", ""),
          Integer.parseInt(r.query().getOrDefault("startAt", "0")),
          Integer.parseInt(r.query().getOrDefault("maxResults", "50")));
    }
    String own = dataCenter ? "/rest/api/2/" : "/rest/api/3/";
    if (p.startsWith("/rest/api/") && !p.startsWith(own)) {
      return new Response(404, Map.of("errorMessages", List.of("Not found")), Map.of());
    }
    // One router for both: the shapes differ, the resources do not.
    p = p.replace("/rest/api/2/", "/rest/api/3/");
    if (p.equals("/rest/api/3/myself")) {
      return Response.json(myself());
    }
    if (dataCenter && p.equals("/rest/api/3/search") && r.method().equals("GET")) {
      return searchByOffset(
          r.query().getOrDefault("jql", ""),
          Integer.parseInt(r.query().getOrDefault("startAt", "0")),
          Integer.parseInt(r.query().getOrDefault("maxResults", "50")));
    }
    if (!dataCenter && p.equals("/rest/api/3/search/jql") && r.method().equals("GET")) {
      return search(
          r.query().getOrDefault("jql", ""),
          r.query().get("nextPageToken"),
          Integer.parseInt(r.query().getOrDefault("maxResults", "50")),
          expandsTransitions(r));
    }
    Matcher m =
        Pattern.compile(
                "/rest/(?:api/3/issue|servicedeskapi/request)/([A-Z]+-\\d+)(/comment|/transitions)?")
            .matcher(p);
    if (!m.matches() || !issues.containsKey(m.group(1))) {
      return new Response(
          404,
          Map.of(
              "errorMessages",
              List.of("Issue does not exist or you do not have permission to see it."),
              "errors",
              Map.of()),
          Map.of());
    }
    Issue issue = issues.get(m.group(1));
    String sub = m.group(2) == null ? "" : m.group(2);
    switch (r.method() + " " + sub) {
      case "GET ":
        return Response.json(json(issue, expandsTransitions(r)));
      case "PUT ":
        for (JsonNode op : readJson(r).path("update").path("labels")) {
          if (op.has("add") && !issue.labels.contains(op.get("add").asText())) {
            issue.labels.add(op.get("add").asText());
          }
          if (op.has("remove")) {
            issue.labels.remove(op.get("remove").asText());
          }
        }
        issue.updated = clock.instant();
        return new Response(204, null, Map.of());
      case "GET /comment":
        {
          List<Object> page = new ArrayList<>();
          for (Comment c : issue.comments) {
            page.add(
                Map.of(
                    "id",
                    c.id(),
                    "author",
                    c.author(),
                    "body",
                    dataCenter ? c.text() : Adf.of(c.text()),
                    "jsdPublic",
                    c.visibleToCustomer()));
          }
          return Response.json(
              Map.of("startAt", 0, "maxResults", 5000, "total", page.size(), "comments", page));
        }
      case "POST /comment":
        {
          JsonNode body = readJson(r);
          boolean visible = !body.has("public") || body.get("public").asBoolean();
          String text =
              body.get("body").isTextual()
                  ? body.get("body").asText()
                  : Adf.textOf(body.get("body"));
          Comment c = new Comment(Integer.toString(commentIds++), text, visible, myself());
          issue.comments.add(c);
          issue.updated = clock.instant();
          return new Response(201, Map.of("id", c.id(), "body", text, "public", visible), Map.of());
        }
      case "GET /transitions":
        return Response.json(Map.of("transitions", transitionList()));
      case "POST /transitions":
        {
          JsonNode body = readJson(r);
          String id = body.path("transition").path("id").asText();
          String[] t = TRANSITIONS.get(id);
          if (t == null) {
            return new Response(
                400,
                Map.of(
                    "errorMessages",
                    List.of("Transition id '" + id + "' is not valid for this issue.")),
                Map.of());
          }
          JsonNode comments = body.path("update").path("comment");
          if (!comments.isMissingNode()) {
            if (!SCREENS.contains(id) || refuseTransitionComments) {
              return commentNotOnScreen();
            }
            for (JsonNode add : comments) {
              JsonNode text = add.path("add").path("body");
              issue.comments.add(
                  new Comment(
                      Integer.toString(commentIds++),
                      text.isTextual() ? text.asText() : Adf.textOf(text),
                      true,
                      myself()));
            }
          }
          issue.status = t[1];
          issue.moves.add(t[1]);
          issue.updated = clock.instant();
          return new Response(204, null, Map.of());
        }
      default:
        return new Response(405, Map.of("errorMessages", List.of("Method not allowed")), Map.of());
    }
  }

  /**
   * Pages as Jira Cloud does: at most {@code maxResults} (capped at 100 here, as Jira caps pages
   * that ask for many fields) and an opaque {@code nextPageToken}, here a cursor after the last
   * issue of the page.
   */
  private Response search(String jql, String pageToken, int maxResults, boolean transitions) {
    beforeSearch.run();
    List<Issue> found = found(jql);
    int size = Math.max(1, Math.min(100, maxResults));
    return pageOf(found, pageToken, size, transitions);
  }

  /**
   * {@code expand=transitions} (a comma-separated list, on search and on the issue read): each
   * issue carries the transitions it offers, as {@code GET …/transitions} lists them. The Data
   * Center simulator reads its issue reads' {@code expand} the same way.
   */
  static boolean expandsTransitions(Request r) {
    return expands(r, "transitions");
  }

  /** Whether the request's {@code expand}, a comma-separated list, names {@code what}. */
  static boolean expands(Request r, String what) {
    return List.of(r.query().getOrDefault("expand", "").split(",")).stream()
        .anyMatch(e -> e.strip().equals(what));
  }

  private static List<Object> transitionList() {
    List<Object> list = new ArrayList<>();
    TRANSITIONS.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e ->
                list.add(
                    Map.of(
                        "id",
                        e.getKey(),
                        "name",
                        e.getValue()[0],
                        "to",
                        status(e.getValue()[1], e.getValue()[2]),
                        "hasScreen",
                        SCREENS.contains(e.getKey()))));
    return list;
  }

  /**
   * Data Center's {@code /rest/api/2/search}: offset paging ({@code startAt}, {@code total}), and
   * users named by {@code key} and {@code name} as Data Center names them.
   */
  private Response searchByOffset(String jql, int startAt, int maxResults) {
    beforeSearch.run();
    List<Issue> found = found(jql);
    int start = Math.min(found.size(), Math.max(0, startAt));
    int end = Math.min(found.size(), start + Math.max(1, Math.min(100, maxResults)));
    List<Object> page = new ArrayList<>();
    for (Issue i : found.subList(start, end)) {
      Map<String, Object> issue = new LinkedHashMap<>(json(i));
      @SuppressWarnings("unchecked")
      Map<String, Object> fields = new LinkedHashMap<>((Map<String, Object>) issue.get("fields"));
      for (String role : List.of("reporter", "creator")) {
        @SuppressWarnings("unchecked")
        Map<String, String> user = new LinkedHashMap<>((Map<String, String>) fields.get(role));
        if (!user.containsKey("accountId")) {
          continue; // filed as a Data Center user already
        }
        user.put("key", user.get("accountId"));
        user.put("name", user.get("accountId"));
        user.remove("accountId");
        fields.put(role, user);
      }
      issue.put("fields", fields);
      page.add(issue);
    }
    return Response.json(
        Map.of("startAt", start, "maxResults", end - start, "total", found.size(), "issues", page));
  }

  private List<Issue> found(String jql) {
    JiraJql query = JiraJql.parse(jql, INTAKE);
    return issues.values().stream()
        .filter(i -> query.matches(i.key, i.status, i.labels, i.updated))
        .sorted(
            Comparator.comparing((Issue i) -> i.updated).thenComparing(i -> i.key, JiraJql.KEYS))
        .toList();
  }

  private Response pageOf(List<Issue> found, String pageToken, int size, boolean transitions) {
    return Response.json(
        pages.page(
            found.stream().map(i -> i.key).toList(),
            pageToken,
            size,
            key -> issues.get(key).updated,
            key -> issues.containsKey(key) ? json(issues.get(key), transitions) : null));
  }

  private Map<String, Object> json(Issue i, boolean transitions) {
    Map<String, Object> issue = new LinkedHashMap<>(json(i));
    if (transitions) {
      issue.put("transitions", transitionList());
    }
    return issue;
  }

  private Map<String, Object> json(Issue i) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("summary", i.summary);
    fields.put("description", dataCenter ? i.description : Adf.of(i.description));
    fields.put("created", REST.format(i.created));
    fields.put("updated", REST.format(i.updated));
    boolean done =
        TRANSITIONS.values().stream().anyMatch(t -> t[1].equals(i.status) && t[2].equals("done"));
    fields.put(
        "status",
        status(i.status, done ? "done" : i.status.equals(INTAKE) ? "new" : "indeterminate"));
    fields.put("reporter", i.reporter);
    fields.put("creator", i.creator == null ? i.reporter : i.creator);
    fields.put("labels", List.copyOf(i.labels));
    if (i.requestType != null) {
      fields.put(REQUEST_TYPE_FIELD, Map.of("requestType", Map.of("name", i.requestType)));
    }
    return Map.of(
        "id",
        Integer.toString(10000 + Integer.parseInt(i.key.substring(3))),
        "key",
        i.key,
        "fields",
        fields);
  }

  private static Map<String, Object> status(String name, String category) {
    return Map.of("name", name, "statusCategory", Map.of("key", category, "name", category));
  }

  private static JsonNode readJson(Request r) {
    try {
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new IllegalArgumentException("malformed JSON body");
    }
  }
}
