package com.helpdeskverify.servicenow;

import com.helpdeskverify.core.CommentMarker;
import com.helpdeskverify.core.TicketRef;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A record's journal: requester-visible {@code comments} and technician {@code work_notes}, each
 * entry with the marker of its step, and the look for that marker in {@code sys_journal_field}.
 */
final class Journal {
  private static final Logger LOG = System.getLogger(ServiceNowTicketSystem.class.getName());
  private static final String MARKER_OPEN = "[";
  private static final String MARKER_CLOSE = "]";
  private static final String JOURNAL_TABLE = "sys_journal_field";
  private static final Pattern CODE_TAG = Pattern.compile("(?i)\\[(\\s*/?\\s*code\\s*)]");
  private static final int JOURNAL_PAGE = 100;

  /** Bounds the pages of journal entries read for one record. */
  private static final int MAX_PAGES = 50;

  private final String id;
  private final String integrationUser;
  private final TableClient client;

  Journal(String integrationUser, TableClient client) {
    this.integrationUser = Objects.requireNonNull(integrationUser, "integrationUser");
    this.client = Objects.requireNonNull(client, "client");
    this.id = client.system();
  }

  void postPublicComment(TicketRef ticket, String text, CommentMarker marker) {
    post(ticket, "comments", text, marker);
  }

  void postInternalNote(TicketRef ticket, String text, CommentMarker marker) {
    post(ticket, "work_notes", text, marker);
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

  private void post(TicketRef ref, String field, String text, CommentMarker marker) {
    TableClient.Target t = client.target(ref);
    String call = "PATCH /api/now/table/" + t.table().table() + "/{sys_id} (" + field + ")";
    client.update(
        t.table().table(), t.sysId(), "sys_id", Map.of(field, withMarker(text, marker)), call);
  }

  /**
   * Reads the record's comments and work notes from {@code sys_journal_field}, newest first, and
   * looks for the marker's token in entries the integration user wrote ({@code sys_created_by}).
   * The marker is printed in requester-visible comments, so anyone who may comment can copy it; a
   * copy by another user must not suppress the entry of a repeated step.
   */
  boolean hasComment(TicketRef ref, CommentMarker marker) {
    TableClient.Target t = client.target(ref);
    String query =
        "element_id="
            + t.sysId()
            + "^name="
            + t.table().table()
            + "^elementINcomments,work_notes^ORDERBYDESCsys_created_on";
    String token = MARKER_OPEN + marker.token() + MARKER_CLOSE;
    int offset = 0;
    for (int pages = 0; pages < MAX_PAGES; pages++) {
      TableClient.Listed listed =
          client.list(JOURNAL_TABLE, query, "sys_id,value,sys_created_by", JOURNAL_PAGE, offset);
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

  /** Proves read access to the journal. */
  void check() {
    client.list(JOURNAL_TABLE, "elementINcomments,work_notes", "sys_id", 1, 0);
  }

  /**
   * User IDs are unique on an instance; letter case is ignored because the configured name may be
   * written in another case than the instance stores and stamps.
   */
  private boolean ownEntry(SnRecord entry) {
    return entry.get("sys_created_by").equalsIgnoreCase(integrationUser);
  }
}
