package com.helpdeskverify.servicenow;

import com.helpdeskverify.core.Ticket;
import com.helpdeskverify.core.TicketRef;
import com.helpdeskverify.core.spi.PermanentFailure;
import com.helpdeskverify.core.spi.TicketSystem.Standing;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The state changes of a record: the configured field values of execute, reject and escalate, set
 * once; where a record stands before execution; the reset of a technician's request.
 */
final class Moves {
  private static final Logger LOG = System.getLogger(ServiceNowTicketSystem.class.getName());
  private static final String GROUP_TABLE = "sys_user_group";

  private final String id;
  private final ServiceNowSettings settings;
  private final TableClient client;
  private final TicketReader reader;
  private final Map<String, String> groupIds = new ConcurrentHashMap<>();

  Moves(ServiceNowSettings settings, TableClient client, TicketReader reader) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.client = Objects.requireNonNull(client, "client");
    this.reader = Objects.requireNonNull(reader, "reader");
    this.id = client.system();
  }

  /**
   * Sets the move's field values unless the record already has them all (a repeated move after a
   * crash then changes nothing) or is closed (a move never reopens a record). Journal fields and
   * values with {@code {reason}} are written but not compared.
   */
  void move(TicketRef ref, Move move, String reason) {
    move(ref, move, reason, Optional.empty());
  }

  /**
   * The same, writing {@code comment} (a public journal entry with its marker) in the move's own
   * update where the move writes no {@code comments} of its own: one PATCH instead of two.
   *
   * @return whether the comment was written; false when the record needed no update (already moved,
   *     or closed) or the move sets {@code comments} itself, and the caller posts it
   */
  boolean move(TicketRef ref, Move move, String reason, Optional<String> comment) {
    TableClient.Target t = client.target(ref);
    Wanted w = wanted(t, move, reason);
    Map<String, String> wanted = w.values();
    List<String> compared = w.compared();
    String fields = String.join(",", compared.isEmpty() ? List.of("sys_id") : compared);
    String table = t.table().table();
    List<String> read = new ArrayList<>(List.of("sys_id", "state", "active"));
    compared.stream().filter(f -> !read.contains(f)).forEach(read::add);
    String readCall = "GET /api/now/table/" + table + "/{sys_id}";
    SnRecord current =
        client
            .get(table, t.sysId(), String.join(",", read), readCall)
            .orElseThrow(() -> client.notFound(readCall, ref));
    if (!compared.isEmpty()
        && compared.stream().allMatch(f -> current.get(f).equals(wanted.get(f)))) {
      LOG.log(Level.DEBUG, "{0}: {1} already {2}", id, ref.key(), move.configName());
      return false;
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
      return false;
    }
    boolean withComment = comment.isPresent() && !wanted.containsKey("comments");
    Map<String, String> written = wanted;
    if (withComment) {
      written = new LinkedHashMap<>(wanted);
      written.put("comments", comment.get());
    }
    String call = "PATCH /api/now/table/" + table + "/{sys_id} (" + move.configName() + ")";
    SnRecord after = client.update(table, t.sysId(), fields, written, call).record();
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
    return withComment;
  }

  /**
   * A move's field values, with {@code {reason}} filled in and group names resolved, and the fields
   * that tell whether a record already has them (not journal fields, not the reason).
   */
  private record Wanted(Map<String, String> values, List<String> compared) {}

  private Wanted wanted(TableClient.Target t, Move move, String reason) {
    Map<String, String> configured = t.table().moves().get(move);
    Map<String, String> wanted = new LinkedHashMap<>();
    List<String> compared = new ArrayList<>();
    for (Map.Entry<String, String> e : configured.entrySet()) {
      // The reason quotes ticket text; in a journal field a [code] tag in it would render as HTML.
      String value = e.getValue().replace(TableSettings.REASON, Journal.plain(reason));
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
   * (the Table API reads the database, so the answer is current; checks asked at the same moment
   * share one read, {@link TicketReader#inScope}), or a technician's mark still selects it (the
   * scan finds marked records in any state, so the check before execution must too: the mark is
   * taken off only once the move is made); otherwise executed when the record has every compared
   * value of the {@code execute} move, which tells our own interrupted move apart from someone
   * else's close; elsewhere otherwise.
   */
  Standing standing(Ticket ticket) {
    TableClient.Target t = client.target(ticket.ref());
    String table = t.table().table();
    if (ticket.open() && (reader.inScope(t).isPresent() || reader.marked(t).isPresent())) {
      return Standing.IN_SCOPE;
    }
    Wanted execute = wanted(t, Move.EXECUTE, "");
    if (execute.compared().isEmpty()) {
      return Standing.ELSEWHERE;
    }
    String call = "GET /api/now/table/" + table + "/{sys_id}";
    Optional<SnRecord> current =
        client.get(table, t.sysId(), String.join(",", execute.compared()), call);
    boolean executed =
        current.isPresent()
            && execute.compared().stream()
                .allMatch(f -> current.get().get(f).equals(execute.values().get(f)));
    return executed ? Standing.EXECUTED : Standing.ELSEWHERE;
  }

  /**
   * Writes the configured reset values (a technician's flag back to false), which takes the record
   * out of the verify condition: asking again is a new request. Setting values is idempotent.
   */
  void clearVerificationRequest(TicketRef ref) {
    if (settings.verify().isEmpty()) {
      return;
    }
    TableClient.Target t = client.target(ref);
    String table = t.table().table();
    Map<String, String> reset = settings.verify().get().reset();
    client.update(
        table,
        t.sysId(),
        String.join(",", reset.keySet()),
        reset,
        "PATCH /api/now/table/" + table + "/{sys_id} (verify-reset)");
  }

  /** Proves that every assignment group the table's moves name exists. */
  void checkGroups(TableSettings table) {
    for (Move move : Move.values()) {
      String group = table.moves().get(move).getOrDefault("assignment_group", "");
      if (!group.isEmpty()) {
        groupId(group, table.table() + "." + move.configName());
      }
    }
  }

  /** The sys_id of an assignment group given by sys_id or name; checks that it exists. */
  private String groupId(String nameOrId, String where) {
    String cached = groupIds.get(nameOrId);
    if (cached != null) {
      return cached;
    }
    String call = "GET /api/now/table/sys_user_group";
    String query =
        TableClient.SYS_ID.matcher(nameOrId).matches() ? "sys_id=" + nameOrId : "name=" + nameOrId;
    List<SnRecord> found = client.list(GROUP_TABLE, query, "sys_id,name", 2, 0).records();
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
}
