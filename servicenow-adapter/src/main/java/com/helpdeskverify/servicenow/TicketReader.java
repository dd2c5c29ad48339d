package com.helpdeskverify.servicenow;

import static com.helpdeskverify.servicenow.TableClient.SYS_ID;

import com.helpdeskverify.core.RequestDetails;
import com.helpdeskverify.core.Requester;
import com.helpdeskverify.core.Ticket;
import com.helpdeskverify.core.TicketRef;
import com.helpdeskverify.core.spi.PermanentFailure;
import com.helpdeskverify.core.spi.TransientFailure;
import com.helpdeskverify.core.workflow.RequestReferences;
import com.helpdeskverify.http.Coalescer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads records as tickets: the requester and whoever filed for them, from dot-walked fields or
 * {@code sys_user}; a requested item's catalog variables; the mark of a technician's request.
 */
final class TicketReader {
  static final String REQUESTED_ITEM = "sc_req_item";
  private static final String USER_TABLE = "sys_user";
  private static final String USER_CALL = "GET /api/now/table/sys_user/{sys_id}";

  /** Where a requested item's catalog variables are: one row per variable and item. */
  static final String VARIABLE_TABLE = "sc_item_option_mtom";

  private static final String VARIABLE_NAME = "sc_item_option.item_option_new.name";
  private static final String VARIABLE_VALUE = "sc_item_option.value";
  private static final String VARIABLE_REFERENCE = "sc_item_option.item_option_new.reference";
  private static final String VARIABLE_LIST_TABLE = "sc_item_option.item_option_new.list_table";
  private static final String VARIABLE_LOOKUP_TABLE = "sc_item_option.item_option_new.lookup_table";
  static final String VARIABLE_FIELDS =
      String.join(
          ",",
          "sys_id",
          VARIABLE_NAME,
          VARIABLE_VALUE,
          VARIABLE_REFERENCE,
          VARIABLE_LIST_TABLE,
          VARIABLE_LOOKUP_TABLE);

  /** A user's User ID or address as a lookup select box may store it: safe in a query. */
  private static final java.util.regex.Pattern USER_KEY =
      java.util.regex.Pattern.compile("[A-Za-z0-9._@+'-]{1,100}");

  private static final int VARIABLE_PAGE = 100;

  /** Bounds the pages of catalog variables read for one item. */
  private static final int MAX_PAGES = 50;

  /**
   * Records one scope read takes: its {@code sys_idIN} list (33 characters a record) keeps the URL
   * short, and the page of this many records with a ticket's fields is small.
   */
  static final int MAX_SCOPE_READ = 50;

  private final String id;
  private final ServiceNowSettings settings;
  private final TableClient client;

  /** The scope reads of each table, shared by the workers asking at once. */
  private final Map<String, Coalescer<String, SnRecord>> inScope = new ConcurrentHashMap<>();

  TicketReader(ServiceNowSettings settings, TableClient client) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.client = Objects.requireNonNull(client, "client");
    this.id = client.system();
  }

  Optional<Ticket> fetch(TicketRef ref) {
    TableClient.Target target = client.target(ref);
    String call = "GET /api/now/table/" + target.table().table() + "/{sys_id}";
    Optional<SnRecord> record =
        client.get(target.table().table(), target.sysId(), fields(target.table()), call);
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
  Optional<Ticket> fetchInScope(TicketRef ref) {
    TableClient.Target target = client.target(ref);
    Optional<Ticket> found = inScope(target).flatMap(r -> ticket(target.table(), r));
    return found.isPresent() ? found : marked(target);
  }

  /**
   * The ticket of {@code target} if a technician's mark selects it now: active, found by the {@code
   * verify-query}, and holding every value of it itself (an instance ignores a condition on a field
   * it does not know); empty otherwise, and always without a {@code verify-query}.
   */
  Optional<Ticket> marked(TableClient.Target target) {
    if (settings.verify().isEmpty()) {
      return Optional.empty();
    }
    String marked = "active=true^" + settings.verify().get().query() + "^sys_id=" + target.sysId();
    return client
        .list(target.table().table(), marked, fields(target.table()), 1, 0)
        .records()
        .stream()
        .findFirst()
        .flatMap(r -> ticket(target.table(), r))
        .filter(t -> t.details().verificationRequested());
  }

  /**
   * The record of {@code target} if its table's intake scope selects it now. Asked while another
   * scope read of the table is out, by a re-read or the check before execution ({@link
   * Moves#standing}), it is answered by the next read together with the others asked meanwhile.
   */
  Optional<SnRecord> inScope(TableClient.Target target) {
    return inScope
        .computeIfAbsent(
            target.table().table(),
            table ->
                new Coalescer<>(
                    id,
                    TableClient.listCall(table),
                    MAX_SCOPE_READ,
                    sysIds -> inScopeNow(target.table(), sysIds)))
        .get(target.sysId());
  }

  /**
   * The records of {@code sysIds} (each checked by {@link TableClient#target}) that the table's
   * intake scope selects now, by sys_id: {@code <intake>^sys_id=<id>} for one, {@code
   * <intake>^sys_idIN<id1>,<id2>,…} for the reads asked together while one was out (the IN operator
   * as ServiceNow documents it for encoded queries: {@code fieldINvalue1,value2}). The limit is the
   * number asked, so no record of the scope is cut off by it; a record ACLs hide is missing as it
   * would be from its own read.
   */
  private Map<String, SnRecord> inScopeNow(TableSettings table, List<String> sysIds) {
    String query =
        table.intakeQuery()
            + (sysIds.size() == 1
                ? "^sys_id=" + sysIds.get(0)
                : "^sys_idIN" + String.join(",", sysIds));
    Map<String, SnRecord> found = new HashMap<>();
    for (SnRecord r :
        client.list(table.table(), query, fields(table), sysIds.size(), 0).records()) {
      String sysId = r.get("sys_id");
      if (sysId != null && sysIds.contains(sysId)) {
        found.put(sysId, r);
      }
    }
    return found;
  }

  /** What every list and read of a ticket asks for: the table's fields and the verify fields. */
  String fields(TableSettings table) {
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

  /** The record as a ticket; empty when it names no requester. */
  Optional<Ticket> ticket(TableSettings table, SnRecord r) {
    Optional<Requester> requester = person(r, table.requesterField());
    if (requester.isEmpty()) {
      return Optional.empty();
    }
    Optional<Requester> openedBy = openedBy(r, table.requesterField(), requester.get());
    String call = TableClient.listCall(table.table());
    Instant created =
        GlideTime.parse(r.get("sys_created_on"))
            .orElseThrow(() -> client.malformed(call, "sys_created_on"));
    Instant updated =
        GlideTime.parse(r.get("sys_updated_on"))
            .orElseThrow(() -> client.malformed(call, "sys_updated_on"));
    String state = r.get("state");
    boolean open = !table.closedStates().contains(state) && !"false".equals(r.get("active"));
    return Optional.of(
        new Ticket(
            // People know a record by its number; the sys_id key is what updates need.
            new TicketRef(
                id, ServiceNowTicketSystem.key(table.table(), r.get("sys_id")), r.get("number")),
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
   * variable that references {@code sys_user} (a reference, a list collector over users, or a
   * lookup select box / lookup multiple choice over users) is written as user references with the
   * user's name, so the third-party check sees whose account it names. Other tables have no catalog
   * variables. Empty values are left out.
   */
  private Map<String, String> variables(TableSettings table, String sysId) {
    if (!table.table().equals(REQUESTED_ITEM)) {
      return Map.of();
    }
    String query = "request_item=" + sysId + "^ORDERBYsys_id";
    Map<String, String> out = new TreeMap<>();
    int offset = 0;
    for (int pages = 0; pages < MAX_PAGES; pages++) {
      TableClient.Listed listed =
          client.list(VARIABLE_TABLE, query, VARIABLE_FIELDS, VARIABLE_PAGE, offset);
      for (SnRecord v : listed.records()) {
        String name = v.get(VARIABLE_NAME);
        String value = v.get(VARIABLE_VALUE).strip();
        if (name.isBlank() || value.isEmpty()) {
          continue;
        }
        boolean users =
            USER_TABLE.equals(v.get(VARIABLE_REFERENCE))
                || USER_TABLE.equals(v.get(VARIABLE_LIST_TABLE))
                || USER_TABLE.equals(v.get(VARIABLE_LOOKUP_TABLE));
        out.put("variable:" + name, users ? userReferences(value) : value);
      }
      if (!listed.hasNext()) {
        return out;
      }
      offset += VARIABLE_PAGE;
    }
    throw new TransientFailure(
        id,
        TableClient.listCall(VARIABLE_TABLE),
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
        // A lookup over users whose value field is not the sys_id (a User ID or an address).
        out.add(userByKey(user).orElse(user));
        continue;
      }
      String name =
          client
              .get(USER_TABLE, user, "sys_id,name,user_name", USER_CALL)
              .map(u -> u.optional("name").orElse(u.get("user_name")))
              .orElse("");
      out.add(RequestReferences.userReference(name, user));
    }
    return String.join(", ", out);
  }

  /**
   * The one user whose User ID or address is {@code key}, as a user reference; empty when none or
   * several match, or the key could change the query (the text check still sees the value).
   */
  private Optional<String> userByKey(String key) {
    if (!USER_KEY.matcher(key).matches()) {
      return Optional.empty();
    }
    List<SnRecord> found =
        client
            .list(USER_TABLE, "user_name=" + key + "^ORemail=" + key, "sys_id,name,user_name", 2, 0)
            .records();
    if (found.size() != 1) {
      return Optional.empty();
    }
    SnRecord u = found.get(0);
    return Optional.of(
        RequestReferences.userReference(
            u.optional("name").orElse(u.get("user_name")), u.get("sys_id")));
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
        .flatMap(sysId -> client.get(USER_TABLE, sysId, "sys_id,user_name", USER_CALL))
        .flatMap(u -> u.optional("user_name"));
  }

  /**
   * The table's request-defining fields (category, catalog item, ...), a requested item's catalog
   * variables, and the mark of a technician's request.
   */
  private RequestDetails details(TableSettings table, SnRecord r) {
    Map<String, String> values = new TreeMap<>();
    table
        .requestFields()
        .forEach((field, key) -> r.optional(field).ifPresent(v -> values.put(key, v)));
    values.putAll(variables(table, r.get("sys_id")));
    RequestDetails details = RequestDetails.of(List.of(), values);
    boolean marked = settings.verify().map(v -> v.matches(r)).orElse(false);
    return marked ? details.withVerificationRequested() : details;
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
          client.get(
              USER_TABLE, sysId.get(), "sys_id,email,user_name,name,employee_number", USER_CALL);
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
}
