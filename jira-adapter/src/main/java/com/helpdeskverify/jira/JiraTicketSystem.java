package com.helpdeskverify.jira;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.helpdeskverify.core.CommentMarker;
import com.helpdeskverify.core.RequestDetails;
import com.helpdeskverify.core.Requester;
import com.helpdeskverify.core.Ticket;
import com.helpdeskverify.core.TicketRef;
import com.helpdeskverify.core.Watermark;
import com.helpdeskverify.core.spi.PermanentFailure;
import com.helpdeskverify.core.spi.ScanPage;
import com.helpdeskverify.core.spi.TicketSystem;
import com.helpdeskverify.core.spi.TransientFailure;
import com.helpdeskverify.core.spi.WebhookReceiver;
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

  /** What the scope check reads of the issue it finds: whether the index is current. */
  private static final String SCOPE_FIELDS = "updated";

  private static final Pattern ISSUE_ID = Pattern.compile("[0-9]{1,18}");
  private static final int COMMENT_PAGE = 100;

  /** Bounds the pages read past issues the watermark already covers. */
  private static final int MAX_PAGES = 50;

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Pattern ISSUE_KEY = Pattern.compile("[A-Za-z][A-Za-z0-9_]*-[0-9]{1,18}");

  private final String id;
  private final JiraSettings settings;
  private final JiraApi api;
  private final Transitions transitions;
  private final String v;
  private final boolean cloud;

  /** {@link #FIELDS} and the configured request fields: what every search and fetch reads. */
  private final String fields;

  private final Optional<WebhookReceiver> receiver;

  /** Where a requester's hidden address is looked up, if the admin chose a source. */
  private final Optional<AccountEmails> accountEmails;

  private final Object ownLock = new Object();

  /** The account this adapter acts as, read once from {@code /myself}; null until then. */
  private volatile OwnAccount own;

  /** Which projects are service desks (platform notes only); null until first needed. */
  private volatile ServiceDesks desks;

  JiraTicketSystem(String id, JiraSettings settings, JiraApi api) {
    this(id, settings, api, Optional.empty());
  }

  JiraTicketSystem(
      String id, JiraSettings settings, JiraApi api, Optional<WebhookReceiver> receiver) {
    this(id, settings, api, receiver, Optional.empty());
  }

  JiraTicketSystem(
      String id,
      JiraSettings settings,
      JiraApi api,
      Optional<WebhookReceiver> receiver,
      Optional<AccountEmails> accountEmails) {
    this.accountEmails = Objects.requireNonNull(accountEmails, "accountEmails");
    this.receiver = Objects.requireNonNull(receiver, "receiver");
    this.id = Objects.requireNonNull(id, "id");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.api = Objects.requireNonNull(api, "api");
    this.v = settings.deployment().restVersion();
    this.cloud = settings.deployment() == JiraSettings.Deployment.CLOUD;
    this.fields =
        settings.requestFields().isEmpty()
            ? FIELDS
            : FIELDS + "," + String.join(",", settings.requestFields());
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
    return new JiraTicketSystem(id, settings, api, receiver);
  }

  @Override
  public String id() {
    return id;
  }

  // --- scan --------------------------------------------------------------------------------------

  /**
   * Reads the scope from the watermark minus the overlap, oldest first, skipping what the watermark
   * already covers. JQL compares minutes in the account's zone, so the overlap re-reads some
   * issues; intake is idempotent and re-delivery harmless, while a missed issue is not.
   *
   * <p>Pages are read while the scope may change under them: our own moves take issues out of it
   * and any edit moves an issue to its end. An offset page read after such a change starts too far
   * on, and the issues that slid back into offsets already read would be passed by the watermark.
   * So a page never follows an offset or a token blindly; see {@link #findByOffset} and {@link
   * #findByToken}.
   */
  @Override
  public ScanPage findChanged(Watermark since, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1");
    }
    return cloud ? findByToken(since, limit) : findByOffset(since, limit);
  }

  /**
   * Cloud: Atlassian does not document what {@code nextPageToken} stands for, so it may be an
   * offset. A page that delivered anything ends the call with {@code more}, and the scanner's next
   * call queries afresh from the new watermark. The token is followed only past pages the watermark
   * wholly covers (more issues in the overlap than a page holds): an issue that leaves the scope
   * right then can still make an offset token skip one, a risk left as documented.
   */
  private ScanPage findByToken(Watermark since, int limit) {
    String jql = jql(since);
    String call = call("GET", "/search/jql");
    int size = Math.min(MAX_PAGE, limit);
    Collected collected = new Collected(since, limit);
    String token = null;
    for (int page = 0; page < MAX_PAGES; page++) {
      JiraDtos.SearchPage result = Calls.execute(api.search(jql, token, size, fields), id, call);
      List<JiraDtos.Issue> issues = result.issuesOrEmpty();
      if (collected.take(issues, 0, call)) {
        return collected.page(true);
      }
      if (!nextPage(result)) {
        return collected.page(false);
      }
      if (collected.moved()) {
        return collected.page(true);
      }
      token = result.nextPageToken();
    }
    return collected.page(true);
  }

  /**
   * Data Center: each further page starts one issue early, at the last issue already read. When
   * that anchor is still there, nothing before it left or arrived and the page goes on seamlessly.
   * When it is not, the offsets shifted: the call ends with what it has (the scanner queries afresh
   * from its watermark), or, having delivered nothing yet, starts over from offset 0.
   */
  private ScanPage findByOffset(Watermark since, int limit) {
    String jql = jql(since);
    String call = call("GET", "/search");
    int size = Math.min(MAX_PAGE, limit);
    Collected collected = new Collected(since, limit);
    int startAt = 0;
    JiraDtos.Issue anchor = null;
    for (int page = 0; page < MAX_PAGES; page++) {
      // One more than the page size past an anchor, so that even a page of one makes progress.
      int maxResults = anchor == null ? size : size + 1;
      JiraDtos.SearchPage result =
          Calls.execute(api.searchByOffset(jql, startAt, maxResults, fields), id, call);
      List<JiraDtos.Issue> issues = result.issuesOrEmpty();
      int from = 0;
      if (anchor != null) {
        if (issues.isEmpty() || !sameIssue(issues.get(0), anchor)) {
          if (collected.moved()) {
            return collected.page(true);
          }
          LOG.log(Level.DEBUG, "{0}: search results shifted between pages; reading again", id);
          startAt = 0;
          anchor = null;
          continue;
        }
        from = 1;
      }
      if (collected.take(issues, from, call)) {
        return collected.page(true);
      }
      if (!nextPage(result)) {
        return collected.page(false);
      }
      if (issues.size() <= from) {
        // Only the anchor came back: a further offset would make no progress.
        return collected.page(true);
      }
      anchor = issues.get(issues.size() - 1);
      startAt += issues.size() - 1;
    }
    return collected.page(true);
  }

  private static boolean sameIssue(JiraDtos.Issue a, JiraDtos.Issue b) {
    return Objects.equals(a.key(), b.key())
        && a.fields() != null
        && b.fields() != null
        && Objects.equals(a.fields().updated(), b.fields().updated());
  }

  /** The tickets of one call so far, and the watermark of the last issue taken. */
  private final class Collected {
    private final Watermark since;
    private final int limit;
    private final List<Ticket> tickets = new ArrayList<>();
    private Watermark last;

    Collected(Watermark since, int limit) {
      this.since = since;
      this.limit = limit;
      this.last = since;
    }

    /** Takes the issues from index {@code from} on; true once the limit is reached. */
    boolean take(List<JiraDtos.Issue> issues, int from, String call) {
      for (JiraDtos.Issue issue : issues.subList(Math.min(from, issues.size()), issues.size())) {
        Watermark at = new Watermark(updated(issue, call), issue.key());
        if (!after(at, since)) {
          continue;
        }
        ticket(issue, call).ifPresent(tickets::add);
        last = at;
        if (tickets.size() == limit) {
          return true;
        }
      }
      return false;
    }

    /** Whether anything past the watermark was read (a ticket, or an issue nobody can verify). */
    boolean moved() {
      return !last.equals(since);
    }

    ScanPage page(boolean more) {
      return new ScanPage(tickets, last, more);
    }
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
    return Calls.executeOptional(api.issue(v, ticket.key(), fields), id, call)
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
    String jql = scopeJqlOf(ref);
    String call = cloud ? call("GET", "/search/jql") : call("GET", "/search");
    JiraDtos.SearchPage result =
        Calls.execute(
            cloud ? api.search(jql, null, 1, fields) : api.searchByOffset(jql, 0, 1, fields),
            id,
            call);
    return result.issuesOrEmpty().stream()
        .filter(issue -> ref.key().equalsIgnoreCase(issue.key()))
        .findFirst()
        .flatMap(issue -> ticket(issue, call));
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
    Optional<String> executeStatus = settings.moves().get(JiraSettings.Move.EXECUTE).targetStatus();
    if (executeStatus.filter(s -> sameName(s, ticket.status())).isPresent()) {
      return Standing.EXECUTED;
    }
    if (!ticket.open() || !ISSUE_KEY.matcher(ticket.ref().key()).matches()) {
      return Standing.ELSEWHERE;
    }
    String jql = scopeJqlOf(ticket.ref());
    String call = cloud ? call("GET", "/search/jql") : call("GET", "/search");
    Optional<JiraDtos.Issue> found =
        firstMatching(
            Calls.execute(
                cloud
                    ? api.search(jql, null, 1, SCOPE_FIELDS)
                    : api.searchByOffset(jql, 0, 1, SCOPE_FIELDS),
                id,
                call),
            ticket.ref());
    if (found.isPresent() && cloud && updated(found.get(), call).isBefore(ticket.updated())) {
      String issueId = found.get().id();
      if (issueId == null || !ISSUE_ID.matcher(issueId).matches()) {
        throw malformed(call, "issue without a numeric id");
      }
      found =
          firstMatching(
              Calls.execute(
                  api.searchReconciled(jql, 1, SCOPE_FIELDS, Long.parseLong(issueId)), id, call),
              ticket.ref());
    }
    return found.isPresent() ? Standing.IN_SCOPE : Standing.ELSEWHERE;
  }

  private String scopeJqlOf(TicketRef ref) {
    String scope = settings.scopeJql();
    String byKey = "key = " + ref.key();
    return scope.isEmpty() ? byKey : "(" + scope + ") AND " + byKey;
  }

  private static Optional<JiraDtos.Issue> firstMatching(JiraDtos.SearchPage result, TicketRef ref) {
    return result.issuesOrEmpty().stream()
        .filter(issue -> ref.key().equalsIgnoreCase(issue.key()))
        .findFirst();
  }

  /** A copy of this system that serves the given webhook receiver. */
  JiraTicketSystem withWebhookReceiver(Optional<WebhookReceiver> webhookReceiver) {
    return new JiraTicketSystem(id, settings, api, webhookReceiver, accountEmails);
  }

  /** A copy of this system that looks hidden requester addresses up where the admin chose. */
  JiraTicketSystem withAccountEmails(Optional<AccountEmails> emails) {
    return new JiraTicketSystem(id, settings, api, receiver, emails);
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
    Requester requester = withHiddenEmail(requester(f.reporter()));
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
            open,
            RequestDetails.of(
                List.of(), JiraRequestFields.of(f, settings.requestFields(), cloud))));
  }

  private Instant updated(JiraDtos.Issue issue, String call) {
    if (issue.fields() == null) {
      throw malformed(call, "issue without fields");
    }
    return JiraTime.parse(issue.fields().updated()).orElseThrow(() -> malformed(call, "updated"));
  }

  /**
   * The requester with the address Jira hid, from the source the admin chose, and that source named
   * in the attribute {@value AccountEmails#SOURCE_ATTRIBUTE} for the audit history.
   */
  private Requester withHiddenEmail(Requester requester) {
    if (!cloud || requester.email().isPresent() || accountEmails.isEmpty()) {
      return requester;
    }
    return accountEmails
        .get()
        .emailOf(requester.accountId())
        .map(
            email ->
                new Requester(requester.accountId(), Optional.of(email), requester.displayName())
                    .withAttributes(
                        java.util.Map.of(AccountEmails.SOURCE_ATTRIBUTE, AccountEmails.SOURCE)))
        .orElse(requester);
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
      Calls.execute(api.addComment(v, ticket.key(), body), id, call);
    }
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
      ObjectNode property = body.putArray("properties").addObject();
      property.put("key", "sd.public.comment");
      property.putObject("value").put("internal", true);
      return;
    }
    JiraSettings.Visibility visibility =
        settings
            .noteVisibility()
            .orElseThrow(
                () ->
                    new PermanentFailure(
                        id,
                        call,
                        "project "
                            + project
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

  /**
   * Proves the site is the kind configured, the credentials work, and notes stay internal: reads
   * {@code serverInfo} (Cloud or Server / Data Center), {@code /myself}, and in {@code platform}
   * mode which projects in the scope are service desks.
   */
  @Override
  public void checkConnection() {
    checkDeployment();
    // Always read, to prove the credentials now; the answer also serves hasComment.
    OwnAccount account = readMyself();
    synchronized (ownLock) {
      if (own == null) {
        own = account;
      }
    }
    if (settings.commentApi() == JiraSettings.CommentApi.PLATFORM) {
      checkNotesStayInternal();
    }
  }

  /** A Data Center site configured as Cloud (or the other way round) is named as such. */
  private void checkDeployment() {
    String call = "GET /rest/api/2/serverInfo";
    Optional<JiraDtos.ServerInfo> info = Calls.executeOptional(api.serverInfo(), id, call);
    if (info.isEmpty() || blank(info.get().deploymentType())) {
      return;
    }
    boolean siteIsCloud = "cloud".equalsIgnoreCase(info.get().deploymentType().strip());
    if (siteIsCloud == cloud) {
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

  /**
   * Every project of the scope must be a service desk (its notes carry {@code sd.public.comment})
   * or have a configured {@code note-visibility}; otherwise notes would be public.
   */
  private void checkNotesStayInternal() {
    String call = "GET /rest/servicedeskapi/servicedesk";
    ServiceDesks known = serviceDesks(true);
    if (settings.noteVisibility().isPresent()) {
      return;
    }
    Optional<List<String>> projects = ServiceDesks.scopeProjects(settings.scopeJql());
    if (projects.isEmpty()) {
      throw missing(
          id,
          call,
          "comment-api: platform without note-visibility, and the projects of jql-scope cannot"
              + " be told (name them with project = or project in (...), without OR or NOT): a"
              + " note on a project that is not a service desk would be public. Set"
              + " note-visibility (a role or group) or name the projects");
    }
    List<String> open =
        projects.get().stream().filter(p -> !known.contains(p)).collect(Collectors.toList());
    if (!open.isEmpty()) {
      throw missing(
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

  /** How many tickets of the scope {@link #warnings} looks at. */
  private static final int SAMPLE = 50;

  /**
   * On Cloud without another address source: how many of the latest tickets in the scope have a
   * requester whose e-mail address Jira hides (profile visibility); each of those would escalate as
   * an unknown user.
   */
  @Override
  public List<String> warnings() {
    if (!cloud || accountEmails.isPresent()) {
      return List.of();
    }
    String scope = settings.scopeJql();
    // Search needs a bounded query: without a scope, the last month.
    String jql =
        (scope.isEmpty() ? "created >= -30d" : "(" + scope + ")") + " ORDER BY created DESC";
    List<JiraDtos.Issue> issues =
        Calls.execute(api.search(jql, null, SAMPLE, "reporter"), id, call("GET", "/search/jql"))
            .issuesOrEmpty();
    long withReporter =
        issues.stream()
            .filter(i -> i.fields() != null && i.fields().reporter() != null)
            .filter(i -> !blank(i.fields().reporter().accountId()))
            .count();
    long hidden =
        issues.stream()
            .filter(i -> i.fields() != null && i.fields().reporter() != null)
            .filter(i -> !blank(i.fields().reporter().accountId()))
            .filter(i -> blank(i.fields().reporter().emailAddress()))
            .count();
    if (hidden == 0) {
      return List.of();
    }
    return List.of(
        hidden
            + " of the "
            + withReporter
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
