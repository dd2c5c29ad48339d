package com.helpdeskverify.jira;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.helpdeskverify.core.CommentMarker;
import com.helpdeskverify.core.Requester;
import com.helpdeskverify.core.ScanMark;
import com.helpdeskverify.core.Ticket;
import com.helpdeskverify.core.TicketRef;
import com.helpdeskverify.core.Watermark;
import com.helpdeskverify.core.spi.PermanentFailure;
import com.helpdeskverify.core.spi.ScanPage;
import com.helpdeskverify.core.spi.TicketSystem;
import com.helpdeskverify.core.spi.TransientFailure;
import com.helpdeskverify.core.spi.WebhookReceiver;
import com.helpdeskverify.core.spi.WindowRead;
import com.helpdeskverify.http.Calls;
import com.helpdeskverify.http.HttpClients;
import com.helpdeskverify.http.HttpPolicy;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A Jira site (Jira Service Management or plain Jira projects) as a {@link TicketSystem}: Cloud
 * over REST v3, Data Center over REST v2, both with the Service Management REST API for request
 * comments.
 */
public final class JiraTicketSystem implements TicketSystem {
  private static final Logger LOG = System.getLogger(JiraTicketSystem.class.getName());
  static final String FIELDS = "summary,description,created,updated,status,reporter,creator";
  private static final int MAX_PAGE = 100;
  private static final int COMMENT_PAGE = 100;

  /** Bounds the pages of one read of the window (5,000 issues at 100 a page). */
  private static final int MAX_PAGES = 50;

  private static final int MAX_ISSUES = 5_000;

  private static final int SWEEP_PAGE = 1_000;
  private static final String SWEEP_FIELDS = "updated";

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Pattern ISSUE_KEY = Pattern.compile("[A-Za-z][A-Za-z0-9_]*-[0-9]{1,18}");

  private final String id;
  private final JiraSettings settings;
  private final JiraApi api;
  private final Transitions transitions;
  private final String v;
  private final boolean cloud;

  private final Optional<WebhookReceiver> receiver;
  private final Clock clock;

  private final Object ownLock = new Object();

  /** The account this adapter acts as, read once from {@code /myself}; null until then. */
  private volatile OwnAccount own;

  JiraTicketSystem(String id, JiraSettings settings, JiraApi api) {
    this(id, settings, api, Optional.empty());
  }

  JiraTicketSystem(
      String id, JiraSettings settings, JiraApi api, Optional<WebhookReceiver> receiver) {
    this(id, settings, api, receiver, Clock.systemUTC());
  }

  JiraTicketSystem(
      String id,
      JiraSettings settings,
      JiraApi api,
      Optional<WebhookReceiver> receiver,
      Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.receiver = Objects.requireNonNull(receiver, "receiver");
    this.id = Objects.requireNonNull(id, "id");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.api = Objects.requireNonNull(api, "api");
    this.v = settings.deployment().restVersion();
    this.cloud = settings.deployment() == JiraSettings.Deployment.CLOUD;
    this.transitions = new Transitions(id, api, v);
  }

  private String call(String method, String path) {
    return method + " /rest/api/" + v + path;
  }

  /** Builds the HTTP client for the site: shared retry policy plus the configured credentials. */
  static JiraTicketSystem connect(
      String id, JiraSettings settings, HttpPolicy policy, Clock clock) {
    return connect(id, settings, policy, clock, Optional.empty());
  }

  static JiraTicketSystem connect(
      String id,
      JiraSettings settings,
      HttpPolicy policy,
      Clock clock,
      Optional<WebhookReceiver> receiver) {
    var client =
        HttpClients.builder(id, policy, clock)
            .addInterceptor(new AuthInterceptor(settings.auth()))
            .build();
    JiraApi api = HttpClients.retrofit(settings.baseUrl().toString(), client).create(JiraApi.class);
    return new JiraTicketSystem(id, settings, api, receiver, clock);
  }

  @Override
  public String id() {
    return id;
  }

  // --- scan --------------------------------------------------------------------------------------

  /**
   * Reads the whole window, the scope from the watermark minus the overlap on, oldest first, and
   * hands over every ticket in it: what the watermark already covers included, since whether a
   * ticket was already delivered is decided by the scanner from the (key, updated) pairs it
   * delivered, never by position. JQL compares minutes in the account's zone, so the window starts
   * at a whole minute.
   *
   * <p>The scope moves while pages are read (our own moves take issues out of it, any edit moves an
   * issue to its end), and Atlassian does not document what Cloud's {@code nextPageToken} stands
   * for; Data Center pages by offset. {@link WindowRead} reads a window of more than one page twice
   * and advances the watermark past the first page only when both reads agree. A tick with nothing
   * new costs one search while the window fits on a page.
   */
  @Override
  public ScanPage findChanged(Watermark since, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1");
    }
    String jql = jql(since);
    int size = Math.min(MAX_PAGE, limit);
    String call = cloud ? call("GET", "/search/jql") : call("GET", "/search");
    WindowRead.Result<JiraDtos.Issue> read =
        WindowRead.read(
            cloud ? tokenPages(jql, size, call) : offsetPages(jql, size, call),
            issue -> issue.key() + "@" + updated(issue, call),
            Math.max(MAX_PAGES, MAX_ISSUES / size),
            clock);
    List<Ticket> tickets = new ArrayList<>();
    Watermark next = since;
    for (JiraDtos.Issue issue : read.items()) {
      ticket(issue, call).ifPresent(tickets::add);
      if (read.whole()) {
        next = later(next, new Watermark(updated(issue, call), issue.key()));
      }
    }
    if (read.whole() && read.upTo().isPresent()) {
      Watermark upTo = Watermark.at(read.upTo().get());
      if (after(next, upTo)) {
        next = later(since, upTo);
      }
    }
    if (!read.whole() && read.firstPageEnd().isPresent()) {
      JiraDtos.Issue end = read.firstPageEnd().get();
      next = later(next, new Watermark(updated(end, call), end.key()));
    }
    return new ScanPage(tickets, next, read.truncated() && !next.equals(since));
  }

  private static Watermark later(Watermark a, Watermark b) {
    return after(b, a) ? b : a;
  }

  /** Cloud: {@code nextPageToken}, whatever it stands for. */
  private WindowRead.Pages<JiraDtos.Issue> tokenPages(String jql, int size, String call) {
    return new WindowRead.Pages<>() {
      @Override
      public WindowRead.Page<JiraDtos.Issue> first() {
        return page(null);
      }

      @Override
      public WindowRead.Page<JiraDtos.Issue> after(WindowRead.Page<JiraDtos.Issue> previous) {
        return page((String) previous.continuation());
      }

      private WindowRead.Page<JiraDtos.Issue> page(String token) {
        JiraDtos.SearchPage result = Calls.execute(api.search(jql, token, size, FIELDS), id, call);
        return new WindowRead.Page<>(
            result.issuesOrEmpty(), !nextPage(result), result.nextPageToken());
      }
    };
  }

  /** Data Center: {@code startAt}, an offset into the result as it is when the page is read. */
  private WindowRead.Pages<JiraDtos.Issue> offsetPages(String jql, int size, String call) {
    return new WindowRead.Pages<>() {
      @Override
      public WindowRead.Page<JiraDtos.Issue> first() {
        return page(0);
      }

      @Override
      public WindowRead.Page<JiraDtos.Issue> after(WindowRead.Page<JiraDtos.Issue> previous) {
        return page((Integer) previous.continuation());
      }

      private WindowRead.Page<JiraDtos.Issue> page(int startAt) {
        JiraDtos.SearchPage result =
            Calls.execute(api.searchByOffset(jql, startAt, size, FIELDS), id, call);
        int start = result.startAt() == null ? startAt : result.startAt();
        return new WindowRead.Page<>(
            result.issuesOrEmpty(), !nextPage(result), start + result.issuesOrEmpty().size());
      }
    };
  }

  private boolean nextPage(JiraDtos.SearchPage result) {
    if (result.issuesOrEmpty().isEmpty()) {
      return false;
    }
    if (cloud) {
      String token = result.nextPageToken();
      return token != null && !token.isBlank() && !Boolean.TRUE.equals(result.isLast());
    }
    int start = result.startAt() == null ? 0 : result.startAt();
    return result.total() != null && start + result.issuesOrEmpty().size() < result.total();
  }

  /**
   * The scope's keys and {@code updated}, for the reconciliation sweep: only the {@code updated}
   * field is asked for, and as many issues a page as the site gives (Cloud answers key-only
   * searches with larger pages; Data Center's default cap is 1,000).
   */
  @Override
  public Optional<List<ScanMark>> scopeSince(Instant from) {
    String range = "updated >= \"" + JiraTime.jql(from, settings.userZone()) + "\"";
    String scope = settings.scopeJql();
    String jql = (scope.isEmpty() ? range : "(" + scope + ") AND " + range) + " ORDER BY key ASC";
    String call = cloud ? call("GET", "/search/jql") : call("GET", "/search");
    List<ScanMark> marks = new ArrayList<>();
    String token = null;
    int startAt = 0;
    for (int page = 0; page < MAX_ISSUES; page++) {
      JiraDtos.SearchPage result =
          Calls.execute(
              cloud
                  ? api.search(jql, token, SWEEP_PAGE, SWEEP_FIELDS)
                  : api.searchByOffset(jql, startAt, SWEEP_PAGE, SWEEP_FIELDS),
              id,
              call);
      for (JiraDtos.Issue issue : result.issuesOrEmpty()) {
        marks.add(new ScanMark(issue.key(), updated(issue, call)));
      }
      if (!nextPage(result)) {
        break;
      }
      token = result.nextPageToken();
      startAt += result.issuesOrEmpty().size();
    }
    return Optional.of(marks);
  }

  String jql(Watermark since) {
    Instant from = since.updated().minus(settings.overlap());
    String range = "updated >= \"" + JiraTime.jql(from, settings.userZone()) + "\"";
    String scope = settings.scopeJql();
    String where = scope.isEmpty() ? range : "(" + scope + ") AND " + range;
    return where + " ORDER BY updated ASC, key ASC";
  }

  private static boolean after(Watermark at, Watermark since) {
    int byTime = at.updated().compareTo(since.updated());
    return byTime > 0
        || (byTime == 0 && (since.key().isEmpty() || IssueKeys.compare(at.key(), since.key()) > 0));
  }

  // --- tickets -----------------------------------------------------------------------------------

  @Override
  public Optional<Ticket> fetch(TicketRef ticket) {
    String call = call("GET", "/issue/{key}");
    return Calls.executeOptional(api.issue(v, ticket.key(), FIELDS), id, call)
        .flatMap(issue -> ticket(issue, call));
  }

  /**
   * The issue if it is in the configured scope now; empty otherwise. A webhook names an issue for
   * any event (a technician's comment on an executed ticket, say), so a nudged issue goes through
   * this check: an issue this connector already moved out of the scope must not start a new
   * attempt.
   */
  Optional<Ticket> fetchInScope(TicketRef ref) {
    if (!ISSUE_KEY.matcher(ref.key()).matches()) {
      return Optional.empty();
    }
    String scope = settings.scopeJql();
    String byKey = "key = " + ref.key();
    String jql = scope.isEmpty() ? byKey : "(" + scope + ") AND " + byKey;
    String call = cloud ? call("GET", "/search/jql") : call("GET", "/search");
    JiraDtos.SearchPage result =
        Calls.execute(
            cloud ? api.search(jql, null, 1, FIELDS) : api.searchByOffset(jql, 0, 1, FIELDS),
            id,
            call);
    return result.issuesOrEmpty().stream()
        .filter(issue -> ref.key().equalsIgnoreCase(issue.key()))
        .findFirst()
        .flatMap(issue -> ticket(issue, call));
  }

  /** A copy of this system that serves the given webhook receiver. */
  JiraTicketSystem withWebhookReceiver(Optional<WebhookReceiver> webhookReceiver) {
    return new JiraTicketSystem(id, settings, api, webhookReceiver, clock);
  }

  private Optional<Ticket> ticket(JiraDtos.Issue issue, String call) {
    JiraDtos.Fields f = issue.fields();
    if (issue.key() == null || f == null) {
      throw malformed(call, "issue without key or fields");
    }
    if (f.reporter() == null || blank(account(f.reporter()))) {
      // No authenticated reporter (anonymous portal request or deleted account): nobody to verify.
      LOG.log(Level.WARNING, "{0}: {1} has no reporter account; not verifiable", id, issue.key());
      return Optional.empty();
    }
    Requester requester = requester(f.reporter());
    Optional<Requester> openedBy =
        f.creator() == null || blank(account(f.creator()))
            ? Optional.empty()
            : Optional.of(requester(f.creator())).filter(c -> !c.sameAccount(requester));
    Instant created = JiraTime.parse(f.created()).orElseThrow(() -> malformed(call, "created"));
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
            updated(issue, call),
            f.status() == null ? "" : f.status().name(),
            open));
  }

  private Instant updated(JiraDtos.Issue issue, String call) {
    if (issue.fields() == null) {
      throw malformed(call, "issue without fields");
    }
    return JiraTime.parse(issue.fields().updated()).orElseThrow(() -> malformed(call, "updated"));
  }

  private Requester requester(JiraDtos.User user) {
    // Jira hides e-mail addresses by the user's profile visibility; then there is none to hand on.
    return Requester.of(account(user), user.emailAddress(), user.displayName());
  }

  /**
   * Cloud names a user by {@code accountId}; Data Center has none and names them by {@code key},
   * which survives renames, or by {@code name} on versions before keys.
   */
  private String account(JiraDtos.User user) {
    if (cloud) {
      return user.accountId();
    }
    return blank(user.key()) ? user.name() : user.key();
  }

  private TransientFailure malformed(String call, String what) {
    return new TransientFailure(
        id, call, "malformed response: " + what, Optional.empty(), true, null);
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  // --- comments ----------------------------------------------------------------------------------

  @Override
  public void postPublicComment(TicketRef ticket, String text, CommentMarker marker) {
    comment(ticket, text, marker, true);
  }

  @Override
  public void postInternalNote(TicketRef ticket, String text, CommentMarker marker) {
    comment(ticket, text, marker, false);
  }

  private void comment(TicketRef ticket, String text, CommentMarker marker, boolean visible) {
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
      ObjectNode body = NODES.objectNode();
      if (cloud) {
        body.set("body", Adf.document(text, footer));
      } else {
        body.put("body", WikiText.escape(text) + "\n\n" + footer);
      }
      Calls.execute(
          api.addComment(v, ticket.key(), body), id, call("POST", "/issue/{key}/comment"));
    }
  }

  /**
   * Whether a comment by this adapter's own account carries the marker. The marker is printed in
   * public comments, so anyone who may comment can copy it; a copy by another account must not
   * suppress the comment of a repeated step.
   */
  @Override
  public boolean hasComment(TicketRef ticket, CommentMarker marker) {
    OwnAccount self = ownAccount();
    String token = marker.token();
    int startAt = 0;
    while (true) {
      JiraDtos.CommentPage page =
          Calls.execute(
              api.comments(v, ticket.key(), startAt, COMMENT_PAGE),
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
   * The account the adapter acts as, identified by Cloud's {@code accountId} or Data Center's user
   * {@code key} (falling back to {@code name} where an answer carries no key).
   */
  record OwnAccount(String accountId, String key, String name) {
    boolean wrote(JiraDtos.User author) {
      if (author == null) {
        return false;
      }
      if (!blank(accountId)) {
        return accountId.equals(author.accountId());
      }
      if (!blank(key) && !blank(author.key())) {
        return key.equals(author.key());
      }
      return !blank(name) && name.equals(author.name());
    }
  }

  /**
   * Reads {@code /myself} once; later calls use the cached answer. A failed read is not cached, so
   * the next call tries again.
   */
  OwnAccount ownAccount() {
    OwnAccount known = own;
    if (known != null) {
      return known;
    }
    synchronized (ownLock) {
      if (own == null) {
        own = readMyself();
      }
      return own;
    }
  }

  private OwnAccount readMyself() {
    String call = call("GET", "/myself");
    JiraDtos.User me = Calls.execute(api.myself(v), id, call);
    OwnAccount account =
        cloud
            ? new OwnAccount(me.accountId(), null, null)
            : new OwnAccount(null, me.key(), me.name());
    if (blank(account.accountId()) && blank(account.key()) && blank(account.name())) {
      throw malformed(call, cloud ? "no accountId" : "no key or name");
    }
    return account;
  }

  // --- moves -------------------------------------------------------------------------------------

  @Override
  public void execute(TicketRef ticket) {
    transitions.apply(ticket, settings.moves().get(JiraSettings.Move.EXECUTE));
  }

  @Override
  public void reject(TicketRef ticket, String reason) {
    transitions.apply(ticket, settings.moves().get(JiraSettings.Move.REJECT));
  }

  @Override
  public void escalate(TicketRef ticket, String reason) {
    JiraSettings.Escalation escalation = settings.escalation();
    if (!escalation.empty()) {
      Calls.executeVoid(
          api.edit(v, ticket.key(), EscalationEdit.body(escalation)),
          id,
          call("PUT", "/issue/{key}"));
    }
    transitions.apply(ticket, settings.moves().get(JiraSettings.Move.ESCALATE));
  }

  @Override
  public Optional<WebhookReceiver> webhookReceiver() {
    return receiver;
  }

  @Override
  public void checkConnection() {
    // Always read, to prove the credentials now; the answer also serves hasComment.
    OwnAccount account = readMyself();
    synchronized (ownLock) {
      if (own == null) {
        own = account;
      }
    }
  }

  static String names(List<JiraDtos.Transition> available) {
    return available.stream()
        .map(t -> "'" + t.name() + "'")
        .collect(Collectors.joining(", ", "[", "]"));
  }

  static boolean sameName(String a, String b) {
    return a != null
        && b != null
        && a.strip().toLowerCase(Locale.ROOT).equals(b.strip().toLowerCase(Locale.ROOT));
  }

  static PermanentFailure missing(String system, String call, String message) {
    return new PermanentFailure(system, call, message, null);
  }
}
