package com.helpdeskverify.simulators;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The workflow of {@link SimulatedJiraDataCenter}'s issues: its transitions and statuses. */
final class DataCenterWorkflow {
  /** Transitions every issue offers: id → name, target status, its category. */
  private static final Map<String, String[]> TRANSITIONS =
      Map.of(
          "11", new String[] {"Execute", "In Progress", "indeterminate"},
          "21", new String[] {"Reject", "Rejected", "done"},
          "31", new String[] {"Escalate", "Escalated", "indeterminate"});

  /** Statuses of the done category besides the transitions' ones. */
  private static final Set<String> DONE = Set.of("Rejected", "Withdrawn", "Resolved");

  private DataCenterWorkflow() {}

  /** The status transition {@code id} leads to; null for an id no issue offers. */
  static String target(String id) {
    String[] t = TRANSITIONS.get(id);
    return t == null ? null : t[1];
  }

  /** Whether transition {@code id} has a screen, which takes a comment with the move. */
  static boolean hasScreen(String id) {
    return SimulatedJira.SCREENS.contains(id);
  }

  /** The transitions as {@code GET .../transitions} lists them, by id. */
  static List<Object> transitions() {
    List<Object> list = new ArrayList<>();
    TRANSITIONS.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e ->
                list.add(
                    Map.of(
                        "id", e.getKey(),
                        "name", e.getValue()[0],
                        "to", status(e.getValue()[1], e.getValue()[2]),
                        "hasScreen", hasScreen(e.getKey()))));
    return list;
  }

  /** An issue's status field, with the category Jira gives that status. */
  static Map<String, Object> status(String name) {
    String category =
        DONE.contains(name)
            ? "done"
            : name.equals(SimulatedJiraDataCenter.INTAKE) ? "new" : "indeterminate";
    return status(name, category);
  }

  private static Map<String, Object> status(String name, String category) {
    return Map.of(
        "name",
        name,
        "statusCategory",
        Map.of("key", category, "name", category.equals("done") ? "Done" : "In Progress"));
  }
}
