package com.helpdeskverify.servicenow;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How the adapter treats one table.
 *
 * @param requesterField the reference to the person the record is for: {@code caller_id} on
 *     incident, {@code requested_for} on sc_req_item
 * @param intakeQuery encoded query of the records awaiting verification; the field values of every
 *     move must take a record out of it
 * @param closedStates raw {@code state} values that mean closed, resolved or cancelled
 * @param moves field values each move sets; a value may contain {@code {reason}}, and an {@code
 *     assignment_group} value may be a group name or sys_id
 */
record TableSettings(
    String table,
    String requesterField,
    String intakeQuery,
    Set<String> closedStates,
    Map<Move, Map<String, String>> moves) {

  /** Journal fields: writing one adds an entry; reading it back is not how to compare. */
  static final Set<String> JOURNAL_FIELDS = Set.of("comments", "work_notes");

  static final String REASON = "{reason}";

  TableSettings {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(requesterField, "requesterField");
    Objects.requireNonNull(intakeQuery, "intakeQuery");
    closedStates = Set.copyOf(closedStates);
    Map<Move, Map<String, String>> ordered = new EnumMap<>(Move.class);
    // Field order is kept: it is the order of the update and of the fields read to compare.
    moves.forEach((m, v) -> ordered.put(m, Collections.unmodifiableMap(new LinkedHashMap<>(v))));
    moves = Collections.unmodifiableMap(ordered);
    for (Move m : Move.values()) {
      if (!moves.containsKey(m)) {
        throw new IllegalArgumentException(table + ": no field values for " + m.configName());
      }
    }
  }

  /** The fields of a ticket read on every scan and fetch, dot-walked to the people. */
  List<String> ticketFields() {
    return List.of(
        "sys_id",
        "number",
        "short_description",
        "description",
        "state",
        "active",
        "sys_created_on",
        "sys_updated_on",
        requesterField,
        requesterField + ".email",
        requesterField + ".user_name",
        requesterField + ".name",
        requesterField + ".employee_number",
        "opened_by",
        "opened_by.email",
        "opened_by.user_name",
        "opened_by.name");
  }

  /**
   * The defaults for a well-known table. Incident: intake {@code active=true^state=1} (New);
   * execute sets In Progress (2); reject resolves (6) with close code and notes; escalate hands it
   * to the escalation group, In Progress, unassigned. Requested item: intake Open (1); execute Work
   * in Progress (2); reject Closed Incomplete (4); escalate as for incidents.
   */
  static TableSettings defaults(String table, String escalationGroup) {
    Map<String, String> escalate =
        fields("state", "2", "assignment_group", escalationGroup, "assigned_to", "");
    switch (table) {
      case "incident":
        return new TableSettings(
            table,
            "caller_id",
            "active=true^state=1",
            Set.of("6", "7", "8"),
            Map.of(
                Move.EXECUTE,
                fields("state", "2"),
                Move.REJECT,
                fields("state", "6", "close_code", "No resolution provided", "close_notes", REASON),
                Move.ESCALATE,
                escalate));
      case "sc_req_item":
        return new TableSettings(
            table,
            "requested_for",
            "active=true^state=1",
            Set.of("3", "4", "7"),
            Map.of(
                Move.EXECUTE,
                fields("state", "2"),
                Move.REJECT,
                fields("state", "4", "close_notes", REASON),
                Move.ESCALATE,
                escalate));
      default:
        throw new IllegalArgumentException(
            "no defaults for table "
                + table
                + "; configure requester-field, intake-query,"
                + " closed-states, execute, reject and escalate");
    }
  }

  private static Map<String, String> fields(String... namesAndValues) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      out.put(namesAndValues[i], namesAndValues[i + 1]);
    }
    return out;
  }
}
