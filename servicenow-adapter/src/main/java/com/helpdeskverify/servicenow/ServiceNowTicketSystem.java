package com.helpdeskverify.servicenow;

import com.helpdeskverify.core.CommentMarker;
import com.helpdeskverify.core.RequestDetails;
import com.helpdeskverify.core.Requester;
import com.helpdeskverify.core.ScanMark;
import com.helpdeskverify.core.Ticket;
import com.helpdeskverify.core.TicketRef;
import com.helpdeskverify.core.Watermark;
import com.helpdeskverify.core.spi.PermanentFailure;
import com.helpdeskverify.core.spi.ReplayGuard;
import com.helpdeskverify.core.spi.ScanPage;
import com.helpdeskverify.core.spi.TicketSystem;
import com.helpdeskverify.core.spi.TransientFailure;
import com.helpdeskverify.core.spi.WebhookReceiver;
import com.helpdeskverify.core.spi.WindowRead;
import com.helpdeskverify.core.workflow.RequestReferences;
import com.helpdeskverify.http.Calls;
import com.helpdeskverify.http.HttpClients;
import com.helpdeskverify.http.HttpPolicy;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import okhttp3.OkHttpClient;
import retrofit2.Call;
import retrofit2.Response;

/**
 * A ServiceNow instance as a {@link TicketSystem}: incidents and requested items (or any task table
 * configured alike) over the Table API.
 *
 * <p>A ticket's key is {@code <table>:<sys_id>}, such as {@code
 * incident:9d385017c611228701d22104cc95c371}: the sys_id never changes and every update needs it,
 * while the number is for people and appears in messages only.
 */
public final class ServiceNowTicketSystem implements TicketSystem {
  private static final Logger LOG = System.getLogger(ServiceNowTicketSystem.class.getName());
  private static final String ORDER = "^ORDERBYsys_updated_on^ORDERBYsys_id";
  private static final String RAW = "false";
  private static final Pattern SYS_ID = Pattern.compile("[0-9a-f]{32}");
  private static final String MARKER_OPEN = "[";
  private static final String MARKER_CLOSE = "]";
  private static final String JOURNAL_TABLE = "sys_journal_field";
  private static final String REQUESTED_ITEM = "sc_req_item";
  private static final Pattern CODE_TAG = Pattern.compile("(?i)\\[(\\s*/?\\s*code\\s*)]");
  private static final String GROUP_TABLE = "sys_user_group";
  private static final String USER_TABLE = "sys_user";

  /** Where a requested item's catalog variables are: one row per variable and item. */
  private static final String VARIABLE_TABLE = "sc_item_option_mtom";

  private static final String VARIABLE_NAME = "sc_item_option.item_option_new.name";
  private static final String VARIABLE_VALUE = "sc_item_option.value";
  private static final String VARIABLE_REFERENCE = "sc_item_option.item_option_new.reference";
  private static final String VARIABLE_LIST_TABLE = "sc_item_option.item_option_new.list_table";
  private static final String VARIABLE_FIELDS =
      String.join(
          ",", "sys_id", VARIABLE_NAME, VARIABLE_VALUE, VARIABLE_REFERENCE, VARIABLE_LIST_TABLE);
  private static final int VARIABLE_PAGE = 100;

  /** Bounds the pages of one read of a table's window. */
  private static final int MAX_PAGES = 50;

  private static final int MAX_RECORDS = 5_000;

  private static final int SWEEP_PAGE = 1_000;

  private static final int JOURNAL_PAGE = 100;

  private static final Comparator<Entry> ORDERING =
      Comparator.comparing(Entry::updated).thenComparing(Entry::key);

  private final String id;
  private final ServiceNowSettings settings;
  private final TableApi api;
  private final Optional<OAuthTokens> tokens;
  private final Optional<WebhookReceiver> receiver;
  private final Map<String, String> groupIds = new ConcurrentHashMap<>();
  private final Clock clock;

  ServiceNowTicketSystem(
      String id,
      ServiceNowSettings settings,
      TableApi api,
      Optional<OAuthTokens> tokens,
      Clock clock,
      ReplayGuard replayGuard) {
    this.id = Objects.requireNonNull(id, "id");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.api = Objects.requireNonNull(api, "api");
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.receiver =
        settings
            .pushIntake()
            .map(
                p ->
                    new PushIntakeReceiver(
                        id, p, settings, clock, replayGuard, ref -> fetchInScope(ref).isPresent()));
  }

  /** Builds the HTTP clients for the instance: shared retry policy plus this instance's auth. */
  static ServiceNowTicketSystem connect(
      String id,
      ServiceNowSettings settings,
      HttpPolicy policy,
      Clock clock,
      ReplayGuard replayGuard) {
    String base = settings.instanceUrl().toString();
    Optional<OAuthTokens> tokens = Optional.empty();
    // One client the others derive from: the token and table calls share the instance's
    // Retry-After gate.
    OkHttpClient shared = HttpClients.builder(id, policy, clock).build();
    OkHttpClient.Builder builder = shared.newBuilder();
    if (settings.auth() instanceof Auth.Basic basic) {
      builder.addInterceptor(new BasicAuth(basic));
    } else if (settings.auth() instanceof Auth.OAuth oauth) {
      TokenApi tokenApi = HttpClients.retrofit(base, shared).create(TokenApi.class);
      OAuthTokens holder = new OAuthTokens(id, tokenApi, oauth, clock);
      builder.addInterceptor(holder).authenticator(holder);
      tokens = Optional.of(holder);
    }
    TableApi api = HttpClients.retrofit(base, builder.build()).create(TableApi.class);
    return new ServiceNowTicketSystem(id, settings, api, tokens, clock, replayGuard);
  }

  @Override
  public String id() {
    return id;
  }

  // --- scan --------------------------------------------------------------------------------------

  /**
   * One record of a scan and where it sorts. The ticket is built only for records that make the
   * page, since that may need a {@code sys_user} read.
   */
  private record Entry(Instant updated, String key, TableSettings table, SnRecord record) {
    boolean after(Watermark w) {
      return updated.isAfter(w.updated())
          || (updated.equals(w.updated()) && key.compareTo(w.key()) > 0);
    }
  }

  /**
   * Reads each table's window, from the watermark minus the overlap on, ordered by {@code
   * sys_updated_on} then {@code sys_id}, and hands over every record in it: what the watermark
   * already covers included, since whether a ticket was already delivered is decided by the scanner
   * from the (key, updated) pairs it delivered, never by position.
   *
   * <p>Records leave the scope between two page reads (our own moves) and edits move them to its
   * end, so an offset page can start too far on. {@link WindowRead} reads a window of more than one
   * page twice and counts it complete only when both reads agree; otherwise the watermark moves no
   * further than the end of the table's first page. With several tables, the watermark moves only
   * as far as every table was read complete.
   */
  @Override
  public ScanPage findChanged(Watermark since, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be positive");
    }
    List<Entry> read = new ArrayList<>();
    Optional<Entry> bound = Optional.empty();
    Optional<Entry> last = Optional.empty();
    Optional<Entry> cap = Optional.empty();
    boolean truncated = false;
    for (TableSettings table : scopes()) {
      WindowRead.Result<Entry> window =
          WindowRead.read(
              pages(table, since, limit),
              e -> e.key() + "@" + e.updated(),
              Math.max(MAX_PAGES, MAX_RECORDS / limit),
              clock);
      read.addAll(window.items());
      for (Entry e : window.items()) {
        last = last.filter(l -> ORDERING.compare(l, e) >= 0).or(() -> Optional.of(e));
      }
      if (window.whole() && window.upTo().isPresent()) {
        Entry started = new Entry(window.upTo().get(), "", table, null);
        cap = cap.filter(c -> ORDERING.compare(c, started) <= 0).or(() -> Optional.of(started));
      } else if (!window.whole()) {
        // Complete only up to the end of its first page.
        Entry end =
            window.firstPageEnd().orElse(new Entry(since.updated(), since.key(), table, null));
        bound = bound.filter(b -> ORDERING.compare(b, end) <= 0).or(() -> Optional.of(end));
        truncated |= window.truncated();
      }
    }
    read.sort(ORDERING);
    distinct(read);
    Optional<Entry> reach = bound.isPresent() ? bound : last;
    // A whole read covers the scope up to when it began, and no further (see WindowRead).
    Optional<Entry> limitOf = cap;
    reach = reach.map(r -> limitOf.filter(c -> ORDERING.compare(c, r) < 0).orElse(r));
    Watermark next =
        reach
            .filter(e -> e.after(since))
            .map(e -> new Watermark(e.updated(), e.key()))
            .orElse(since);
    List<Ticket> tickets = read.stream().flatMap(e -> scanned(e).stream()).toList();
    return new ScanPage(tickets, next, truncated && !next.equals(since));
  }

  /**
   * The scope's keys and {@code sys_updated_on}, for the reconciliation sweep: two fields a record
   * and large pages.
   */
  @Override
  public Optional<List<ScanMark>> scopeSince(Instant from) {
    List<ScanMark> marks = new ArrayList<>();
    for (TableSettings table : scopes()) {
      String query =
          table.intakeQuery() + "^sys_updated_on>=" + GlideTime.format(from) + "^ORDERBYsys_id";
      int offset = 0;
      for (int page = 0; page < MAX_RECORDS; page++) {
        Listed listed = list(table.table(), query, "sys_id,sys_updated_on", SWEEP_PAGE, offset);
        for (SnRecord r : listed.records()) {
          Entry e = entry(table, r);
          marks.add(new ScanMark(e.key(), e.updated()));
        }
        if (!listed.hasNext()) {
          break;
        }
        offset += SWEEP_PAGE;
      }
    }
    return Optional.of(marks);
  }

  /**
   * Each table's intake scope and, when technicians may ask for verification, the same table scoped
   * to the records they marked, in any state, so the scan finds those within its interval.
   */
  private List<TableSettings> scopes() {
    if (settings.verify().isEmpty()) {
      return settings.tables();
    }
    String marked = "active=true^" + settings.verify().get().query();
    List<TableSettings> scopes = new ArrayList<>(settings.tables());
    settings.tables().forEach(t -> scopes.add(t.withIntakeQuery(marked)));
    return scopes;
  }

  /** Drops repeats of one version of a record that two scopes both returned. */
  private static void distinct(List<Entry> sorted) {
    java.util.Set<String> seen = new java.util.HashSet<>();
    sorted.removeIf(e -> !seen.add(e.key() + "@" + e.updated()));
  }

  /** One table's window, page by page, offsets counted as the {@code Link} header counts them. */
  private WindowRead.Pages<Entry> pages(TableSettings table, Watermark since, int limit) {
    Instant from = since.updated().minus(settings.overlap());
    String query = table.intakeQuery() + "^sys_updated_on>=" + GlideTime.format(from) + ORDER;
    return new WindowRead.Pages<>() {
      @Override
      public WindowRead.Page<Entry> first() {
        return page(0);
      }

      @Override
      public WindowRead.Page<Entry> after(WindowRead.Page<Entry> previous) {
        return page((Integer) previous.continuation());
      }

      private WindowRead.Page<Entry> page(int offset) {
        // ACLs may shorten a page; the offset counts rows before ACL filtering, as the Link
        // header's next URL does.
        Listed listed = list(table.table(), query, fields(table), limit, offset);
        List<Entry> entries = listed.records().stream().map(r -> entry(table, r)).toList();
        return new WindowRead.Page<>(entries, !listed.hasNext(), offset + limit);
      }
    };
  }

  private Entry entry(TableSettings table, SnRecord r) {
    String sysId = r.get("sys_id");
    Instant updated =
        GlideTime.parse(r.get("sys_updated_on"))
            .orElseThrow(() -> malformed(listCall(table.table()), "sys_updated_on"));
    if (!SYS_ID.matcher(sysId).matches()) {
      throw malformed(listCall(table.table()), "sys_id");
    }
    return new Entry(updated, key(table.table(), sysId), table, r);
  }

  private Optional<Ticket> scanned(Entry e) {
    Optional<Ticket> ticket = ticket(e.table(), e.record());
    if (ticket.isEmpty()) {
      LOG.log(
          Level.WARNING,
          "{0}: {1} {2} names no {3}; it is not verified",
          id,
          e.table().table(),
          e.record().get("number"),
          e.table().requesterField());
    }
    return ticket;
  }

  // --- read --------------------------------------------------------------------------------------

  @Override
  public Optional<Ticket> fetch(TicketRef ref) {
    Target target = target(ref);
    String call = "GET /api/now/table/" + target.table().table() + "/{sys_id}";
    Optional<SnRecord> record =
        optional(
                () ->
                    api.get(
                        target.table().table(), target.sysId(), fields(target.table()), RAW, true),
                call)
            .map(SingleRecord::record);
    if (record.isEmpty()) {
      return Optional.empty();
    }
    Optional<Ticket> ticket = ticket(target.table(), record.get());
    if (ticket.isEmpty()) {
      throw new PermanentFailure(
          id,
          call,
          target.table().table()
              + " "
              + record.get().get("number")
              + " names no "
              + target.table().requesterField()
              + ", so nobody can be verified for it",
          null);
    }
    return ticket;
  }

  /**
   * The ticket if it is in its table's intake scope now; empty otherwise. A push-intake nudge names
   * a record on the caller's word only, so a nudged record goes through this check: a record this
   * connector already moved on must not start a new attempt.
   */
  @Override
  public Optional<Ticket> fetchInScope(TicketRef ref) {
    Target target = target(ref);
    String query = target.table().intakeQuery() + "^sys_id=" + target.sysId();
    Optional<Ticket> inScope =
        list(target.table().table(), query, fields(target.table()), 1, 0).records().stream()
            .findFirst()
            .flatMap(r -> ticket(target.table(), r));
    if (inScope.isPresent() || settings.verify().isEmpty()) {
      return inScope;
    }
    String marked = "active=true^" + settings.verify().get().query() + "^sys_id=" + target.sysId();
    return list(target.table().table(), marked, fields(target.table()), 1, 0).records().stream()
        .findFirst()
        .flatMap(r -> ticket(target.table(), r))
        .filter(t -> t.details().verificationRequested());
  }

  private Optional<Ticket> ticket(TableSettings table, SnRecord r) {
    Optional<Requester> requester = person(r, table.requesterField());
    if (requester.isEmpty()) {
      return Optional.empty();
    }
    Optional<Requester> openedBy = openedBy(r, table.requesterField(), requester.get());
    String call = listCall(table.table());
    Instant created =
        GlideTime.parse(r.get("sys_created_on"))
            .orElseThrow(() -> malformed(call, "sys_created_on"));
    Instant updated =
        GlideTime.parse(r.get("sys_updated_on"))
            .orElseThrow(() -> malformed(call, "sys_updated_on"));
    String state = r.get("state");
    boolean open = !table.closedStates().contains(state) && !"false".equals(r.get("active"));
    return Optional.of(
        new Ticket(
            // People know a record by its number; the sys_id key is what updates need.
            new TicketRef(id, key(table.table(), r.get("sys_id")), r.get("number")),
            requester.get(),
            openedBy,
            r.get("short_description"),
            r.get("description"),
            created,
            updated,
            state,
            open,
            details(table, r)));
  }

  /**
   * The catalog variables of a requested item, as {@code variable:<name>} → value, read from {@code
   * sc_item_option_mtom} (the item's variables, dot-walked to their definition and value). A
   * variable that references {@code sys_user} (a reference, or a list collector over users) is
   * written as user references with the user's name, so the third-party check sees whose account it
   * names. Other tables have no catalog variables. Empty values are left out.
   */
  private Map<String, String> variables(TableSettings table, String sysId) {
    if (!table.table().equals(REQUESTED_ITEM)) {
      return Map.of();
    }
    String query = "request_item=" + sysId + "^ORDERBYsys_id";
    Map<String, String> out = new TreeMap<>();
    int offset = 0;
    for (int pages = 0; pages < MAX_PAGES; pages++) {
      Listed listed = list(VARIABLE_TABLE, query, VARIABLE_FIELDS, VARIABLE_PAGE, offset);
      for (SnRecord v : listed.records()) {
        String name = v.get(VARIABLE_NAME);
        String value = v.get(VARIABLE_VALUE).strip();
        if (name.isBlank() || value.isEmpty()) {
          continue;
        }
        boolean users =
            USER_TABLE.equals(v.get(VARIABLE_REFERENCE))
                || USER_TABLE.equals(v.get(VARIABLE_LIST_TABLE));
        out.put("variable:" + name, users ? userReferences(value) : value);
      }
      if (!listed.hasNext()) {
        return out;
      }
      offset += VARIABLE_PAGE;
    }
    throw new TransientFailure(
        id,
        listCall(VARIABLE_TABLE),
        "more than " + (MAX_PAGES * VARIABLE_PAGE) + " catalog variables on " + sysId,
        Optional.empty(),
        false,
        null);
  }

  /** Comma-separated sys_user sys_ids as user references, each with the user's name. */
  private String userReferences(String sysIds) {
    List<String> out = new ArrayList<>();
    for (String sysId : sysIds.split(",")) {
      String user = sysId.strip();
      if (!SYS_ID.matcher(user).matches()) {
        out.add(user);
        continue;
      }
      String name =
          optional(
                  () -> api.get(USER_TABLE, user, "sys_id,name,user_name", RAW, true),
                  "GET /api/now/table/sys_user/{sys_id}")
              .map(SingleRecord::record)
              .map(u -> u.optional("name").orElse(u.get("user_name")))
              .orElse("");
      out.add(RequestReferences.userReference(name, user));
    }
    return String.join(", ", out);
  }

  /**
   * Who filed the record when it was not the requester: an agent who logged a phone call. Decided
   * by {@code sys_created_by}, the User ID of the session that inserted the record, which the
   * instance sets itself; {@code opened_by} is an ordinary reference field that a caller's own
   * insert may set to anyone. Only when the answer lacks {@code sys_created_by} (an ACL hides it)
   * does {@code opened_by} decide, as before.
   */
  private Optional<Requester> openedBy(SnRecord r, String requesterField, Requester requester) {
    Optional<Requester> opener =
        r.optional("opened_by")
            .filter(o -> !o.equals(requester.accountId()))
            .flatMap(o -> person(r, "opened_by"));
    Optional<String> createdBy = r.optional("sys_created_by");
    Optional<String> userName =
        createdBy.isEmpty() ? Optional.empty() : userName(r, requesterField);
    if (createdBy.isEmpty() || userName.isEmpty()) {
      return opener;
    }
    if (createdBy.get().equalsIgnoreCase(userName.get())) {
      return Optional.empty();
    }
    return opener.or(
        () -> Optional.of(Requester.of("user_name:" + createdBy.get(), null, createdBy.get())));
  }

  /** The requester's User ID, dot-walked, or read from {@code sys_user} when left out. */
  private Optional<String> userName(SnRecord r, String field) {
    if (r.has(field + ".user_name")) {
      return r.optional(field + ".user_name");
    }
    return r.optional(field)
        .flatMap(
            sysId ->
                optional(
                    () -> api.get(USER_TABLE, sysId, "sys_id,user_name", RAW, true),
                    "GET /api/now/table/sys_user/{sys_id}"))
        .map(SingleRecord::record)
        .flatMap(u -> u.optional("user_name"));
  }

  /**
   * The table's request-defining fields (category, catalog item, ...), a requested item's catalog
   * variables, and the mark of a technician's request.
   */
  private RequestDetails details(TableSettings table, SnRecord r) {
    Map<String, String> values = new java.util.TreeMap<>();
    table
        .requestFields()
        .forEach((field, key) -> r.optional(field).ifPresent(v -> values.put(key, v)));
    values.putAll(variables(table, r.get("sys_id")));
    RequestDetails details = RequestDetails.of(List.of(), values);
    boolean marked = settings.verify().map(v -> v.matches(r)).orElse(false);
    return marked ? details.withVerificationRequested() : details;
  }

  @Override
  public Optional<String> howToRequestVerification() {
    return settings.verify().map(v -> "set " + v.query().replace("^", " and ") + " on the record");
  }

  /**
   * Writes the configured reset values (a technician's flag back to false), which takes the record
   * out of the verify condition: asking again is a new request. Setting values is idempotent.
   */
  @Override
  public void clearVerificationRequest(TicketRef ref) {
    if (settings.verify().isEmpty()) {
      return;
    }
    Target t = target(ref);
    String table = t.table().table();
    Map<String, String> reset = settings.verify().get().reset();
    required(
        () -> api.update(table, t.sysId(), String.join(",", reset.keySet()), RAW, true, reset),
        "PATCH /api/now/table/" + table + "/{sys_id} (verify-reset)");
  }

  /**
   * The person a reference names, from its dot-walked fields, or from {@code sys_user} when the
   * answer left them out.
   */
  private Optional<Requester> person(SnRecord r, String field) {
    Optional<String> sysId = r.optional(field);
    if (sysId.isEmpty()) {
      return Optional.empty();
    }
    SnRecord user = r;
    String prefix = field + ".";
    if (!r.has(prefix + "email") && !r.has(prefix + "user_name")) {
      Optional<SnRecord> looked =
          optional(
                  () ->
                      api.get(
                          USER_TABLE,
                          sysId.get(),
                          "sys_id,email,user_name,name,employee_number",
                          RAW,
                          true),
                  "GET /api/now/table/sys_user/{sys_id}")
              .map(SingleRecord::record);
      if (looked.isEmpty()) {
        return Optional.of(Requester.of(sysId.get(), null, ""));
      }
      user = looked.get();
      prefix = "";
    }
    String email = user.get(prefix + settings.requesterEmailField());
    String name = user.optional(prefix + "name").orElse(user.get(prefix + "user_name"));
    // Attributes an admin sets and users cannot edit themselves: providers may map by them.
    Map<String, String> attributes = new TreeMap<>();
    for (String attribute : List.of("user_name", "employee_number")) {
      user.optional(prefix + attribute).ifPresent(v -> attributes.put(attribute, v));
    }
    return Optional.of(Requester.of(sysId.get(), email, name).withAttributes(attributes));
  }

  // --- journal -----------------------------------------------------------------------------------

  @Override
  public void postPublicComment(TicketRef ticket, String text, CommentMarker marker) {
    journal(ticket, "comments", text, marker);
  }

  @Override
  public void postInternalNote(TicketRef ticket, String text, CommentMarker marker) {
    journal(ticket, "work_notes", text, marker);
  }

  /** The text with the marker on a last line of its own, where readers skip over it. */
  static String withMarker(String text, CommentMarker marker) {
    return plain(text).stripTrailing() + "\n\n" + MARKER_OPEN + marker.token() + MARKER_CLOSE;
  }

  /**
   * Journal fields show their text escaped, except between {@code [code]} and {@code [/code]},
   * which they render as HTML; those tags are turned into {@code (code)} and {@code (/code)}, so
   * text quoted from a ticket (a requester's name, the request's words) stays text.
   */
  static String plain(String text) {
    return CODE_TAG.matcher(text).replaceAll("($1)");
  }

  private void journal(TicketRef ref, String field, String text, CommentMarker marker) {
    Target t = target(ref);
    String call = "PATCH /api/now/table/" + t.table().table() + "/{sys_id} (" + field + ")";
    required(
        () ->
            api.update(
                t.table().table(),
                t.sysId(),
                "sys_id",
                RAW,
                true,
                Map.of(field, withMarker(text, marker))),
        call);
  }

  /**
   * Reads the record's comments and work notes from {@code sys_journal_field}, newest first, and
   * looks for the marker's token in entries the integration user wrote ({@code sys_created_by}).
   * The marker is printed in requester-visible comments, so anyone who may comment can copy it; a
   * copy by another user must not suppress the entry of a repeated step.
   */
  @Override
  public boolean hasComment(TicketRef ref, CommentMarker marker) {
    Target t = target(ref);
    String query =
        "element_id="
            + t.sysId()
            + "^name="
            + t.table().table()
            + "^elementINcomments,work_notes^ORDERBYDESCsys_created_on";
    String token = MARKER_OPEN + marker.token() + MARKER_CLOSE;
    int offset = 0;
    for (int pages = 0; pages < MAX_PAGES; pages++) {
      Listed listed =
          list(JOURNAL_TABLE, query, "sys_id,value,sys_created_by", JOURNAL_PAGE, offset);
      for (SnRecord entry : listed.records()) {
        if (!entry.get("value").contains(token)) {
          continue;
        }
        if (ownEntry(entry)) {
          return true;
        }
        LOG.log(
            Level.WARNING,
            "{0}: journal entry {1} of {2} carries marker {3} but was written by ''{4}'', not"
                + " the integration user; ignored",
            id,
            entry.get("sys_id"),
            ref.key(),
            token,
            entry.get("sys_created_by"));
      }
      if (!listed.hasNext()) {
        return false;
      }
      offset += JOURNAL_PAGE;
    }
    return false;
  }

  /**
   * User IDs are unique on an instance; letter case is ignored because the configured name may be
   * written in another case than the instance stores and stamps.
   */
  private boolean ownEntry(SnRecord entry) {
    return entry.get("sys_created_by").equalsIgnoreCase(settings.integrationUser());
  }

  // --- moves -------------------------------------------------------------------------------------

  @Override
  public void execute(TicketRef ticket) {
    move(ticket, Move.EXECUTE, "");
  }

  @Override
  public void reject(TicketRef ticket, String reason) {
    move(ticket, Move.REJECT, reason);
  }

  @Override
  public void escalate(TicketRef ticket, String reason) {
    move(ticket, Move.ESCALATE, reason);
  }

  /**
   * Sets the move's field values unless the record already has them all (a repeated move after a
   * crash then changes nothing) or is closed (a move never reopens a record). Journal fields and
   * values with {@code {reason}} are written but not compared.
   */
  private void move(TicketRef ref, Move move, String reason) {
    Target t = target(ref);
    Wanted w = wanted(t, move, reason);
    Map<String, String> wanted = w.values();
    List<String> compared = w.compared();
    String fields = String.join(",", compared.isEmpty() ? List.of("sys_id") : compared);
    String table = t.table().table();
    List<String> read = new ArrayList<>(List.of("sys_id", "state", "active"));
    compared.stream().filter(f -> !read.contains(f)).forEach(read::add);
    String readCall = "GET /api/now/table/" + table + "/{sys_id}";
    SnRecord current =
        optional(() -> api.get(table, t.sysId(), String.join(",", read), RAW, true), readCall)
            .map(SingleRecord::record)
            .orElseThrow(() -> notFound(readCall, ref));
    if (!compared.isEmpty()
        && compared.stream().allMatch(f -> current.get(f).equals(wanted.get(f)))) {
      LOG.log(Level.DEBUG, "{0}: {1} already {2}", id, ref.key(), move.configName());
      return;
    }
    if (t.table().closedStates().contains(current.get("state"))
        || "false".equals(current.get("active"))) {
      // Someone closed it meanwhile (or after our own move, on a repeat): reopening it is worse.
      LOG.log(
          Level.INFO,
          "{0}: {1} is closed (state {2}); {3} leaves it as it is",
          id,
          ref.key(),
          current.get("state"),
          move.configName());
      return;
    }
    String call = "PATCH /api/now/table/" + table + "/{sys_id} (" + move.configName() + ")";
    SnRecord after =
        required(() -> api.update(table, t.sysId(), fields, RAW, true, wanted), call).record();
    List<String> differing =
        compared.stream().filter(f -> !after.get(f).equals(wanted.get(f))).toList();
    if (!differing.isEmpty()) {
      // A business rule may legitimately rewrite a field; a refused update comes back as a 403.
      LOG.log(
          Level.WARNING,
          "{0}: after {1} of {2} the instance reports other values for {3}",
          id,
          move.configName(),
          ref.key(),
          differing);
    }
  }

  /**
   * A move's field values, with {@code {reason}} filled in and group names resolved, and the fields
   * that tell whether a record already has them (not journal fields, not the reason).
   */
  private record Wanted(Map<String, String> values, List<String> compared) {}

  private Wanted wanted(Target t, Move move, String reason) {
    Map<String, String> configured = t.table().moves().get(move);
    Map<String, String> wanted = new LinkedHashMap<>();
    List<String> compared = new ArrayList<>();
    for (Map.Entry<String, String> e : configured.entrySet()) {
      // The reason quotes ticket text; in a journal field a [code] tag in it would render as HTML.
      String value = e.getValue().replace(TableSettings.REASON, plain(reason));
      if (e.getKey().equals("assignment_group") && !value.isEmpty()) {
        value = groupId(value, t.table().table() + "." + move.configName());
      }
      wanted.put(e.getKey(), value);
      if (!TableSettings.JOURNAL_FIELDS.contains(e.getKey())
          && !e.getValue().contains(TableSettings.REASON)) {
        compared.add(e.getKey());
      }
    }
    return new Wanted(wanted, compared);
  }

  /**
   * In scope when the table's {@code intake-query} restricted to the record's sys_id finds it now
   * (the Table API reads the database, so the answer is current); otherwise executed when the
   * record has every compared value of the {@code execute} move, which tells our own interrupted
   * move apart from someone else's close; elsewhere otherwise.
   */
  @Override
  public Standing standing(Ticket ticket) {
    Target t = target(ticket.ref());
    String table = t.table().table();
    if (ticket.open()
        && !list(table, t.table().intakeQuery() + "^sys_id=" + t.sysId(), "sys_id", 1, 0)
            .records()
            .isEmpty()) {
      return Standing.IN_SCOPE;
    }
    Wanted execute = wanted(t, Move.EXECUTE, "");
    if (execute.compared().isEmpty()) {
      return Standing.ELSEWHERE;
    }
    String call = "GET /api/now/table/" + table + "/{sys_id}";
    Optional<SnRecord> current =
        optional(
                () -> api.get(table, t.sysId(), String.join(",", execute.compared()), RAW, true),
                call)
            .map(SingleRecord::record);
    boolean executed =
        current.isPresent()
            && execute.compared().stream()
                .allMatch(f -> current.get().get(f).equals(execute.values().get(f)));
    return executed ? Standing.EXECUTED : Standing.ELSEWHERE;
  }

  /** The sys_id of an assignment group given by sys_id or name; checks that it exists. */
  private String groupId(String nameOrId, String where) {
    String cached = groupIds.get(nameOrId);
    if (cached != null) {
      return cached;
    }
    String call = "GET /api/now/table/sys_user_group";
    String query = SYS_ID.matcher(nameOrId).matches() ? "sys_id=" + nameOrId : "name=" + nameOrId;
    List<SnRecord> found = list(GROUP_TABLE, query, "sys_id,name", 2, 0).records();
    if (found.size() != 1) {
      throw new PermanentFailure(
          id,
          call,
          (found.isEmpty() ? "no" : "more than one")
              + " assignment group '"
              + nameOrId
              + "' (configured for "
              + where
              + "): check the group's name or sys_id and that the integration user may read"
              + " sys_user_group",
          null);
    }
    String sysId = found.get(0).get("sys_id");
    groupIds.put(nameOrId, sysId);
    return sysId;
  }

  // --- checks ------------------------------------------------------------------------------------

  /**
   * Proves the credentials, the read access to every table and to the journal, and that every
   * configured assignment group exists.
   */
  @Override
  public void checkConnection() {
    for (TableSettings table : settings.tables()) {
      list(table.table(), table.intakeQuery(), "sys_id", 1, 0);
      if (table.table().equals(REQUESTED_ITEM)) {
        list(VARIABLE_TABLE, "", VARIABLE_FIELDS, 1, 0);
      }
      for (Move move : Move.values()) {
        String group = table.moves().get(move).getOrDefault("assignment_group", "");
        if (!group.isEmpty()) {
          groupId(group, table.table() + "." + move.configName());
        }
      }
    }
    list(JOURNAL_TABLE, "elementINcomments,work_notes", "sys_id", 1, 0);
  }

  @Override
  public Optional<WebhookReceiver> webhookReceiver() {
    return receiver;
  }

  // --- plumbing ----------------------------------------------------------------------------------

  private record Target(TableSettings table, String sysId) {}

  static String key(String table, String sysId) {
    return table + ":" + sysId;
  }

  private Target target(TicketRef ref) {
    if (!ref.system().equals(id)) {
      throw new IllegalArgumentException(ref + " is not a ticket of " + id);
    }
    int colon = ref.key().indexOf(':');
    String table = colon < 0 ? "" : ref.key().substring(0, colon);
    String sysId = colon < 0 ? "" : ref.key().substring(colon + 1);
    TableSettings settingsOfTable =
        settings
            .table(table)
            .orElseThrow(
                () ->
                    new PermanentFailure(
                        id,
                        "resolve " + ref.key(),
                        "table '" + table + "' is not configured for " + id,
                        null));
    if (!SYS_ID.matcher(sysId).matches()) {
      throw new IllegalArgumentException(ref + " does not name a record as <table>:<sys_id>");
    }
    return new Target(settingsOfTable, sysId);
  }

  private String fields(TableSettings table) {
    List<String> fields = new ArrayList<>(table.ticketFields());
    settings
        .verify()
        .ifPresent(
            v ->
                v.conditions().keySet().stream()
                    .filter(f -> !fields.contains(f))
                    .forEach(fields::add));
    return String.join(",", fields);
  }

  private static String listCall(String table) {
    return "GET /api/now/table/" + table;
  }

  private record Listed(List<SnRecord> records, boolean hasNext) {}

  /**
   * One page of a list. More follow when the {@code Link} header has {@code rel="next"}: ACLs can
   * drop records from a full page, so a short page does not prove the end. Without a {@code Link}
   * header, a full page is taken to mean more may follow.
   */
  private Listed list(String table, String query, String fields, int limit, int offset) {
    String call = listCall(table);
    prepare();
    Response<RecordList> response =
        Calls.run(api.list(table, query, fields, limit, offset, RAW, true), id, call);
    if (!response.isSuccessful()) {
      throw Calls.failure(response, id, call);
    }
    if (response.body() == null) {
      throw malformed(call, "result");
    }
    List<SnRecord> records = response.body().records();
    List<String> links = response.headers().values("Link");
    boolean next =
        links.isEmpty()
            ? records.size() >= limit
            : links.stream().anyMatch(l -> l.contains("rel=\"next\""));
    return new Listed(records, next);
  }

  private interface CallFactory<T> {
    Call<T> call();
  }

  private <T> T required(CallFactory<T> factory, String call) {
    prepare();
    return Calls.execute(factory.call(), id, call);
  }

  /** Empty on 404, which the Table API also answers for records an ACL hides. */
  private <T> Optional<T> optional(CallFactory<T> factory, String call) {
    prepare();
    return Calls.executeOptional(factory.call(), id, call);
  }

  private void prepare() {
    tokens.ifPresent(OAuthTokens::ensureToken);
  }

  private TransientFailure malformed(String call, String field) {
    return new TransientFailure(
        id, call, "malformed response: no valid " + field, Optional.empty(), true, null);
  }

  private PermanentFailure notFound(String call, TicketRef ref) {
    return new PermanentFailure(id, call, ref.key() + " no longer exists or is not readable", null);
  }
}
