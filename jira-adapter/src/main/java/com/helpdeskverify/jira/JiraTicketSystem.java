package com.helpdeskverify.jira;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.helpdeskverify.core.CommentMarker;
import com.helpdeskverify.core.ScanMark;
import com.helpdeskverify.core.Ticket;
import com.helpdeskverify.core.TicketRef;
import com.helpdeskverify.core.Watermark;
import com.helpdeskverify.core.spi.ChainRead;
import com.helpdeskverify.core.spi.PermanentFailure;
import com.helpdeskverify.core.spi.ScanPage;
import com.helpdeskverify.core.spi.TicketSystem;
import com.helpdeskverify.core.spi.WebhookReceiver;
import com.helpdeskverify.core.spi.WindowRead;
import com.helpdeskverify.http.Calls;
import com.helpdeskverify.http.HttpClients;
import com.helpdeskverify.http.HttpPolicy;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A Jira site (Jira Service Management or plain Jira projects) as a {@link TicketSystem}: Cloud
 * over REST v3, Data Center over REST v2, both with the Service Management REST API for request
 * comments.
 */
public final class JiraTicketSystem implements TicketSystem {
  private static final int MAX_PAGE = 100;

  /** What the scope check reads of the issue it finds: whether the index is current. */
  private static final String SCOPE_FIELDS = "updated";

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

  /** The REST API version of the platform calls: 3 on Cloud, 2 on Data Center. */
  private final String restVersion;

  private final JiraSearch search;
  private final JiraUsers users;
  private final IssueReader issues;
  private final JiraComments comments;
  private final Transitions transitions;
  private final Optional<WebhookReceiver> receiver;
  private final Optional<AccountEmails> accountEmails;
  private final Clock clock;
  private final LastLooks looks;

  /** The re-read of a waiting ticket through the scope, shared by the workers asking at once. */
  private final ScopeByKey<String> inScope;

  /** Data Center's scope check before execution, shared likewise. */
  private final ScopeByKey<String> scopeChecks;

  /** Cloud's last look of an issue whose id is known, shared likewise. */
  private final ScopeByKey<Known> reconciledLooks;

  /** An issue whose id an earlier read noted, for {@code reconcileIssues}. */
  private record Known(String key, long id) {}

  JiraTicketSystem(String id, JiraSettings settings, JiraApi api) {
    this(id, settings, api, Optional.empty());
  }

  JiraTicketSystem(
      String id, JiraSettings settings, JiraApi api, Optional<WebhookReceiver> receiver) {
    this(id, settings, api, receiver, Optional.empty(), Clock.systemUTC());
  }

  JiraTicketSystem(
      String id,
      JiraSettings settings,
      JiraApi api,
      Optional<WebhookReceiver> receiver,
      Optional<AccountEmails> accountEmails,
      Clock clock) {
    this.accountEmails = Objects.requireNonNull(accountEmails, "accountEmails");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.receiver = Objects.requireNonNull(receiver, "receiver");
    this.id = Objects.requireNonNull(id, "id");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.api = Objects.requireNonNull(api, "api");
    this.restVersion = settings.deployment().restVersion();
    this.search = JiraSearch.of(id, api, settings.deployment());
    this.users = new JiraUsers(id, api, settings.deployment(), accountEmails);
    this.issues = new IssueReader(id, settings, users);
    this.comments = new JiraComments(id, settings, api, users);
    this.transitions = new Transitions(id, api, restVersion);
    this.looks = new LastLooks(clock);
    this.inScope = scopeByKey(issues.fields());
    this.scopeChecks = scopeByKey(SCOPE_FIELDS);
    this.reconciledLooks =
        new ScopeByKey<>(
            id,
            search,
            Known::key,
            (byKey, known) ->
                Calls.execute(
                    api.searchReconciledExpanded(
                        scopeJqlOf(byKey),
                        known.size(),
                        issues.fields(),
                        Transitions.EXPAND,
                        known.stream().map(Known::id).toList()),
                    id,
                    search.call()));
  }

  /** The scope asked of issues by key with the plain search, reading {@code fields}. */
  private ScopeByKey<String> scopeByKey(String fields) {
    return new ScopeByKey<>(
        id,
        search,
        key -> key,
        (byKey, keys) -> search.first(scopeJqlOf(byKey), keys.size(), fields));
  }

  private String call(String method, String path) {
    return method + " /rest/api/" + restVersion + path;
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
    return new JiraTicketSystem(id, settings, api, receiver, Optional.empty(), clock);
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
   * for: on Cloud, {@link WindowRead} reads a window of more than one page twice and advances the
   * watermark past the first page only when both reads agree. A tick with nothing new costs one
   * search while the window fits on a page.
   *
   * <p>Data Center pages by offset into the result as it is when the page is read, so its scan
   * reads the first page once and, when the window is longer, hands out a continuation: the scan's
   * next calls go on from where the read ended ({@link ChainRead}, each page counted only when it
   * reaches back there), so nothing is read twice to be believed. A window of n pages costs about n
   * searches and a quarter (each page repeats a slack, and steps back when more than that left
   * before its start), where reading it whole twice cost 2n, and a third pass when the two reads
   * disagreed, which in a burst they mostly did.
   */
  @Override
  public ScanPage findChanged(Watermark since, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1");
    }
    String jql = jql(since);
    int size = Math.min(MAX_PAGE, limit);
    if (search instanceof DataCenterSearch offsets && size >= 2) {
      return chainStart(since, jql, size, offsets);
    }
    String call = search.call();
    WindowRead.Result<JiraDtos.Issue> read =
        WindowRead.read(
            search.pages(jql, size, issues.fields()),
            issue -> identity(issue, call),
            Math.max(MAX_PAGES, MAX_ISSUES / size),
            clock);
    List<Ticket> tickets = new ArrayList<>();
    Watermark next = since;
    for (JiraDtos.Issue issue : read.items()) {
      ticketOf(issue, call).ifPresent(tickets::add);
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

  /**
   * A Data Center scan's first call: the page at offset 0, one consistent answer. On its own it is
   * the whole window; otherwise the read goes on from its last issue, at its place.
   */
  private ScanPage chainStart(Watermark since, String jql, int size, DataCenterSearch offsets) {
    String call = search.call();
    Instant began = clock.instant();
    WindowRead.Page<JiraDtos.Issue> page = offsets.at(jql, 0, size, issues.fields());
    List<Ticket> tickets = new ArrayList<>();
    Watermark next = since;
    for (JiraDtos.Issue issue : page.items()) {
      ticketOf(issue, call).ifPresent(tickets::add);
      next = later(next, new Watermark(updated(issue, call), issue.key()));
    }
    if (page.last() || page.items().isEmpty()) {
      return new ScanPage(tickets, next, false);
    }
    int at = page.items().size() - 1;
    JiraDtos.Issue end = page.items().get(at);
    return new ScanPage(
        tickets,
        chained(since, new Watermark(updated(end, call), end.key()), began),
        true,
        Optional.of(new Chain(jql, new ChainRead.Link<>(end, at, at + 1), began)));
  }

  /**
   * Where a chained read moves the watermark: to where it reached, but no further than when the
   * chain began. An issue edited while the chain goes on at the same instant as an issue already
   * read and sorting before it (a smaller key) lies behind the read, where no later page looks; the
   * next scan's overlap finds it, as long as the watermark did not run ahead of when it could have
   * been edited ({@link ChainRead}).
   */
  private static Watermark chained(Watermark since, Watermark reach, Instant began) {
    Watermark cap = Watermark.at(began);
    return later(since, after(reach, cap) ? cap : reach);
  }

  /**
   * Goes on with a Data Center scan from where its previous page ended: one page by offset of the
   * window query the scan began with, counted only when it reaches back to that end (see {@link
   * ChainRead}).
   */
  @Override
  public ScanPage findChanged(Watermark since, int limit, Object continuation) {
    if (!(continuation instanceof Chain chain) || !(search instanceof DataCenterSearch offsets)) {
      return findChanged(since, limit);
    }
    int size = Math.min(MAX_PAGE, limit);
    if (size < 2) {
      return findChanged(since, limit);
    }
    String call = search.call();
    ChainRead.Step<JiraDtos.Issue> step =
        ChainRead.next(
            offset -> offsets.at(chain.jql(), offset, size, issues.fields()),
            order(call),
            chain.link(),
            size);
    List<Ticket> tickets = new ArrayList<>();
    for (JiraDtos.Issue issue : step.items()) {
      ticketOf(issue, call).ifPresent(tickets::add);
    }
    JiraDtos.Issue reach = step.reach();
    Watermark next =
        chained(since, new Watermark(updated(reach, call), reach.key()), chain.began());
    if (step.last()) {
      return new ScanPage(tickets, next, false);
    }
    return new ScanPage(
        tickets, next, true, Optional.of(new Chain(chain.jql(), step.next(), chain.began())));
  }

  /**
   * A Data Center scan's continuation: the window query it reads, where its read stands and when it
   * began.
   */
  private record Chain(String jql, ChainRead.Link<JiraDtos.Issue> link, Instant began) {}

  private String identity(JiraDtos.Issue issue, String call) {
    return issue.key() + "@" + updated(issue, call);
  }

  /** The search's order: {@code ORDER BY updated ASC, key ASC}. */
  private Comparator<JiraDtos.Issue> order(String call) {
    return Comparator.<JiraDtos.Issue, Instant>comparing(i -> updated(i, call))
        .thenComparing(JiraDtos.Issue::key, IssueKeys.ORDER);
  }

  private static Watermark later(Watermark a, Watermark b) {
    return after(b, a) ? b : a;
  }

  /**
   * The scope's keys and {@code updated}, for the reconciliation sweep: only the {@code updated}
   * field is asked for, and as many issues a page as the site gives (Cloud answers key-only
   * searches with larger pages; Data Center's default cap is 1,000).
   */
  @Override
  public Optional<List<ScanMark>> scopeSince(Instant from) {
    String range = "updated >= \"" + JiraTime.jql(from, settings.userZone()) + "\"";
    String scope = scope();
    String jql = (scope.isEmpty() ? range : "(" + scope + ") AND " + range) + " ORDER BY key ASC";
    WindowRead.Pages<JiraDtos.Issue> pages = search.pages(jql, SWEEP_PAGE, SWEEP_FIELDS);
    List<ScanMark> marks = new ArrayList<>();
    WindowRead.Page<JiraDtos.Issue> page = pages.first();
    for (int read = 1; ; read++) {
      for (JiraDtos.Issue issue : page.items()) {
        marks.add(new ScanMark(issue.key(), updated(issue, search.call())));
      }
      if (page.last() || read == MAX_ISSUES) {
        return Optional.of(marks);
      }
      page = pages.after(page);
    }
  }

  String jql(Watermark since) {
    Instant from = since.updated().minus(settings.overlap());
    String range = "updated >= \"" + JiraTime.jql(from, settings.userZone()) + "\"";
    String scope = scope();
    String where = scope.isEmpty() ? range : "(" + scope + ") AND " + range;
    return where + " ORDER BY updated ASC, key ASC";
  }

  /**
   * The configured scope, widened by the verify label: a technician may ask for verification of a
   * ticket in any status, and the scan must find it within its normal interval.
   */
  private String scope() {
    String scope = settings.scopeJql();
    if (settings.verifyLabel().isEmpty() || scope.isEmpty()) {
      return scope;
    }
    return "(" + scope + ") OR labels = \"" + settings.verifyLabel() + "\"";
  }

  private static boolean after(Watermark at, Watermark since) {
    int byTime = at.updated().compareTo(since.updated());
    return byTime > 0
        || (byTime == 0 && (since.key().isEmpty() || IssueKeys.compare(at.key(), since.key()) > 0));
  }

  private Instant updated(JiraDtos.Issue issue, String call) {
    return IssueReader.updated(id, issue, call);
  }

  // --- tickets -----------------------------------------------------------------------------------

  @Override
  public Optional<Ticket> fetch(TicketRef ticket) {
    String call = call("GET", "/issue/{key}");
    return Calls.executeOptional(api.issue(restVersion, ticket.key(), issues.fields()), id, call)
        .flatMap(issue -> ticketOf(issue, call));
  }

  private Optional<Ticket> ticketOf(JiraDtos.Issue issue, String call) {
    looks.read(issue);
    return issues.ticket(issue, call);
  }

  /**
   * The issue if it is in the configured scope now; empty otherwise. A webhook names an issue for
   * any event (a technician's comment on an executed ticket, say), so a nudged issue goes through
   * this check: an issue this connector already moved out of the scope must not start a new
   * attempt.
   */
  @Override
  public Optional<Ticket> fetchInScope(TicketRef ref) {
    if (!ISSUE_KEY.matcher(ref.key()).matches()) {
      return Optional.empty();
    }
    return inScope.find(ref.key()).flatMap(issue -> ticketOf(issue, search.call()));
  }

  /**
   * Executed when the ticket is in the configured {@code execute-status}; without it our own move
   * cannot be recognised and a repeated step leaves such a ticket alone. Otherwise in scope when
   * open and {@code (<jql-scope>) AND key = <key>} finds it now. Cloud's search index may lag: an
   * answer older than the fetched ticket is asked again with {@code reconcileIssues}; an issue it
   * does not find is out of the scope (intake found it through the same index, so it was indexed).
   */
  @Override
  public Standing standing(Ticket ticket) {
    Optional<Standing> judged = judged(ticket);
    if (judged.isPresent()) {
      return judged.get();
    }
    Optional<JiraDtos.Issue> found =
        settings.deployment() == JiraSettings.Deployment.DATA_CENTER
            ? scopeChecks.find(ticket.ref().key())
            : search.find(
                scopeJqlOf(ticket.ref()), ticket.ref().key(), SCOPE_FIELDS, ticket.updated());
    return found.isPresent() ? Standing.IN_SCOPE : Standing.ELSEWHERE;
  }

  /** What the ticket alone tells of its standing: executed, or closed; empty when it tells not. */
  private Optional<Standing> judged(Ticket ticket) {
    Optional<String> executeStatus = settings.moves().get(JiraSettings.Move.EXECUTE).targetStatus();
    if (executeStatus.filter(s -> sameName(s, ticket.status())).isPresent()) {
      return Optional.of(Standing.EXECUTED);
    }
    if (!ticket.open() || !ISSUE_KEY.matcher(ticket.ref().key()).matches()) {
      return Optional.of(Standing.ELSEWHERE);
    }
    return Optional.empty();
  }

  /**
   * The last look before execution. On Cloud, when the issue's id is known from an earlier read
   * (the scan, a webhook's or re-check's read), it is one search: {@code (<jql-scope>) AND key =
   * <key>} with the fields of a ticket, {@code reconcileIssues=<id>} (the answer reflects the
   * issue's current state, as the plain read does) and {@code expand=transitions}. Found, it serves
   * every check (the request and requester by the fingerprint, open, in scope, the execute status)
   * and the execute move that follows (status and transitions, see {@link #execute}). Not found,
   * the issue is read ({@code GET …/issue/{key}}) to tell deleted, edited, closed or executed from
   * moved out of the scope, which that consistent search just said. With no id known (another node
   * read the issue, or a restart came between), the issue is read with {@code expand=transitions}
   * and its standing asked as {@link #standing} does. Data Center has no read-after-write search,
   * so it always takes that way: the read with its transitions, then the scope; the execute move
   * that follows is then the {@code POST} alone, as on Cloud. The searches of looks asked while one
   * is out go together ({@link ScopeByKey}): on Cloud {@code key in (…)} with every id in {@code
   * reconcileIssues}, on Data Center the scope check.
   */
  @Override
  public Optional<LastLook> lastLook(TicketRef ref, String fingerprint) {
    if (!ISSUE_KEY.matcher(ref.key()).matches()) {
      return TicketSystem.super.lastLook(ref, fingerprint);
    }
    Optional<Long> issueId =
        settings.deployment() == JiraSettings.Deployment.CLOUD
            ? looks.id(ref.key())
            : Optional.empty();
    if (issueId.isPresent()) {
      String call = search.call();
      Optional<Ticket> inScope =
          reconciledLooks
              .find(new Known(ref.key(), issueId.get()))
              .filter(issue -> issueId.get().toString().equals(issue.id()))
              .flatMap(issue -> offered(issue, call));
      if (inScope.isPresent()) {
        Ticket t = inScope.get();
        return Optional.of(look(t, fingerprint, () -> judged(t).orElse(Standing.IN_SCOPE)));
      }
      Optional<Ticket> read = fetch(ref);
      return read.map(t -> look(t, fingerprint, () -> judged(t).orElse(Standing.ELSEWHERE)));
    }
    String call = call("GET", "/issue/{key}");
    Optional<Ticket> read =
        Calls.executeOptional(
                api.issueExpanded(restVersion, ref.key(), issues.fields(), Transitions.EXPAND),
                id,
                call)
            .flatMap(issue -> offered(issue, call));
    return read.map(t -> look(t, fingerprint, () -> standing(t)));
  }

  private static LastLook look(Ticket t, String fingerprint, Supplier<Standing> standing) {
    return new LastLook(
        t, t.fingerprint().equals(fingerprint) ? Optional.of(standing.get()) : Optional.empty());
  }

  /** The ticket of an issue read with its transitions, which the execute move may use. */
  private Optional<Ticket> offered(JiraDtos.Issue issue, String call) {
    Optional<Ticket> ticket = ticketOf(issue, call);
    if (ticket.isPresent() && issue.transitions() != null) {
      looks.looked(
          issue.key(),
          new Transitions.Offered(ticket.get().status(), Optional.of(issue.transitions())));
    }
    return ticket;
  }

  private String scopeJqlOf(TicketRef ref) {
    return scopeJqlOf("key = " + ref.key());
  }

  /** The scope restricted by {@code byKey}, a clause on issue keys already checked for JQL. */
  private String scopeJqlOf(String byKey) {
    String scope = scope();
    return scope.isEmpty() ? byKey : "(" + scope + ") AND " + byKey;
  }

  /** A copy of this system that serves the given webhook receiver. */
  JiraTicketSystem withWebhookReceiver(Optional<WebhookReceiver> webhookReceiver) {
    return new JiraTicketSystem(id, settings, api, webhookReceiver, accountEmails, clock);
  }

  /** A copy of this system that looks hidden requester addresses up where the admin chose. */
  JiraTicketSystem withAccountEmails(Optional<AccountEmails> emails) {
    return new JiraTicketSystem(id, settings, api, receiver, emails, clock);
  }

  // --- comments ----------------------------------------------------------------------------------

  @Override
  public void postPublicComment(TicketRef ticket, String text, CommentMarker marker) {
    comments.post(ticket, text, marker, true);
  }

  @Override
  public void postInternalNote(TicketRef ticket, String text, CommentMarker marker) {
    comments.post(ticket, text, marker, false);
  }

  /** See {@link JiraComments#hasComment}. */
  @Override
  public boolean hasComment(TicketRef ticket, CommentMarker marker) {
    return comments.hasComment(ticket, marker);
  }

  // --- moves -------------------------------------------------------------------------------------

  @Override
  public void execute(TicketRef ticket) {
    // The status and transitions the last look read just before, if it did; otherwise read now.
    transitions.apply(
        ticket,
        settings.moves().get(JiraSettings.Move.EXECUTE),
        looks.take(ticket.key()),
        Optional.empty());
  }

  @Override
  public void reject(TicketRef ticket, String reason) {
    transitions.apply(ticket, settings.moves().get(JiraSettings.Move.REJECT));
  }

  /**
   * The move with its comment in one call where the transition has a screen ({@code
   * update.comment}, see {@link Transitions}); otherwise the move, then the comment.
   */
  @Override
  public void execute(TicketRef ticket, PublicComment comment) {
    moveWithComment(ticket, JiraSettings.Move.EXECUTE, looks.take(ticket.key()), comment);
  }

  @Override
  public void reject(TicketRef ticket, String reason, PublicComment comment) {
    moveWithComment(ticket, JiraSettings.Move.REJECT, Optional.empty(), comment);
  }

  private void moveWithComment(
      TicketRef ticket,
      JiraSettings.Move move,
      Optional<Transitions.Offered> offered,
      PublicComment comment) {
    boolean posted =
        transitions.apply(
            ticket,
            settings.moves().get(move),
            offered,
            Optional.of(comments.publicBody(comment.text(), comment.marker())));
    if (!posted) {
      comment.postOn(this, ticket);
    }
  }

  @Override
  public void escalate(TicketRef ticket, String reason) {
    JiraSettings.Escalation escalation = settings.escalation();
    if (!escalation.empty()) {
      Calls.executeVoid(
          api.edit(restVersion, ticket.key(), EscalationEdit.body(escalation)),
          id,
          call("PUT", "/issue/{key}"));
    }
    transitions.apply(ticket, settings.moves().get(JiraSettings.Move.ESCALATE));
  }

  @Override
  public Optional<String> howToRequestVerification() {
    return settings.verifyLabel().isEmpty()
        ? Optional.empty()
        : Optional.of("add the label " + settings.verifyLabel() + " to the ticket");
  }

  /**
   * Removes the verify label, as the ticket spells it, with the edit-issue API's {@code
   * update.labels[].remove}; a ticket without it is left alone.
   */
  @Override
  public void clearVerificationRequest(TicketRef ticket) {
    if (settings.verifyLabel().isEmpty()) {
      return;
    }
    String read = call("GET", "/issue/{key}");
    Optional<JiraDtos.Issue> issue =
        Calls.executeOptional(api.issue(restVersion, ticket.key(), "labels"), id, read);
    List<String> labels =
        issue.map(JiraDtos.Issue::fields).map(JiraDtos.Fields::labelsOrEmpty).orElse(List.of());
    Optional<String> label = issues.verifyLabelIn(labels);
    if (label.isEmpty()) {
      return;
    }
    ObjectNode body = NODES.objectNode();
    body.putObject("update").putArray("labels").addObject().put("remove", label.get());
    Calls.executeVoid(api.edit(restVersion, ticket.key(), body), id, call("PUT", "/issue/{key}"));
  }

  @Override
  public Optional<WebhookReceiver> webhookReceiver() {
    return receiver;
  }

  // --- checks ------------------------------------------------------------------------------------

  /**
   * Proves the site is the kind configured, the credentials work, and notes stay internal: reads
   * {@code serverInfo} (Cloud or Server / Data Center), {@code /myself}, and in {@code platform}
   * mode which projects in the scope are service desks.
   */
  @Override
  public void checkConnection() {
    checkDeployment();
    // Always read, to prove the credentials now; the answer also serves hasComment.
    users.checkOwnAccount();
    if (settings.commentApi() == JiraSettings.CommentApi.PLATFORM) {
      comments.checkNotesStayInternal();
    }
  }

  /** A Data Center site configured as Cloud (or the other way round) is named as such. */
  private void checkDeployment() {
    String call = "GET /rest/api/2/serverInfo";
    Optional<JiraDtos.ServerInfo> info = Calls.executeOptional(api.serverInfo(), id, call);
    if (info.isEmpty() || JiraUsers.blank(info.get().deploymentType())) {
      return;
    }
    boolean siteIsCloud = "cloud".equalsIgnoreCase(info.get().deploymentType().strip());
    if (siteIsCloud == (settings.deployment() == JiraSettings.Deployment.CLOUD)) {
      return;
    }
    String is = info.get().deploymentType().strip();
    throw missing(
        id,
        call,
        siteIsCloud
            ? "the site is Jira Cloud (serverInfo deploymentType "
                + is
                + ") but is configured as type: jira-datacenter; use type: jira-cloud with"
                + " auth: api-token (email and api-token)"
            : "the site is Jira Server / Data Center (serverInfo deploymentType "
                + is
                + ") but is configured as type: jira-cloud; use type: jira-datacenter with auth:"
                + " pat (personal-access-token) or auth: basic (username and password): Data"
                + " Center has no API tokens and no e-mail sign-in");
  }

  /** How many tickets of the scope {@link #warnings} looks at. */
  private static final int SAMPLE = 50;

  /**
   * On Cloud without another address source: how many of the latest tickets in the scope have a
   * requester whose e-mail address Jira hides (profile visibility); each of those would escalate as
   * an unknown user.
   */
  @Override
  public List<String> warnings() {
    if (!(search instanceof CloudSearch) || users.findsHiddenEmails()) {
      return List.of();
    }
    String scope = settings.scopeJql();
    // Search needs a bounded query: without a scope, the last month.
    String jql =
        (scope.isEmpty() ? "created >= -30d" : "(" + scope + ")") + " ORDER BY created DESC";
    List<JiraDtos.User> reporters =
        search.first(jql, SAMPLE, "reporter").issuesOrEmpty().stream()
            .filter(i -> i.fields() != null && i.fields().reporter() != null)
            .map(i -> i.fields().reporter())
            .filter(r -> !JiraUsers.blank(r.accountId()))
            .toList();
    long hidden = reporters.stream().filter(r -> JiraUsers.blank(r.emailAddress())).count();
    if (hidden == 0) {
      return List.of();
    }
    return List.of(
        hidden
            + " of the "
            + reporters.size()
            + " latest requesters in jql-scope have an e-mail address Jira hides (profile"
            + " visibility); their requests escalate as unknown user unless email-source:"
            + " atlassian-admin (managed accounts) or a provider that maps the Atlassian account"
            + " id is configured");
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
