package com.helpdeskverify.core.workflow;

import com.helpdeskverify.core.Ticket;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds references to accounts other than the requester's in what the ticket system knows about the
 * request for certain: people named by their account id, not guessed from words. The text detector
 * ({@code ThirdParty}) reads prose; this reads the structure adapters deliver:
 *
 * <ul>
 *   <li>the {@value #MENTION} field: the account ids of mentions (Jira's ADF mention nodes),
 *       separated by spaces;
 *   <li>{@code [~accountid:<id>]}, Jira's wiki-markup mention, anywhere in the summary, the
 *       description or a field;
 *   <li>{@code [user:<account id>]}, how adapters write a field that references a user record (a
 *       ServiceNow reference variable, a Jira user picker), in any field.
 * </ul>
 *
 * An account id equal to the requester's is the requester's own and is not reported.
 */
public final class RequestReferences {
  /** The field adapters fill with the account ids the request mentions. */
  public static final String MENTION = "mention";

  private static final Pattern WIKI_MENTION = Pattern.compile("\\[~accountid:([^\\]\\s]+)]");
  private static final Pattern USER_REFERENCE = Pattern.compile("\\[user:([^\\]\\s]+)]");

  private RequestReferences() {}

  /**
   * How adapters write a reference to a user record in a field's text: the display name for people
   * and the classifier, and the account id for this check.
   */
  public static String userReference(String displayName, String accountId) {
    String name = displayName == null ? "" : displayName.strip();
    return (name.isEmpty() ? "" : name + " ") + "[user:" + accountId + "]";
  }

  /** What in the ticket names another account, each with where it was found; empty if nothing. */
  public static List<String> find(Ticket ticket) {
    String self = ticket.requester().accountId();
    Set<String> found = new LinkedHashSet<>();
    wikiMentions("summary", ticket.summary(), self, found);
    wikiMentions("description", ticket.description(), self, found);
    for (Map.Entry<String, String> field : ticket.details().fields().entrySet()) {
      String name = field.getKey();
      String value = field.getValue();
      if (name.equals(MENTION)) {
        for (String id : value.split("[\\s,]+")) {
          if (!id.isBlank() && !id.equals(self)) {
            found.add("mention of account " + id);
          }
        }
        continue;
      }
      wikiMentions(name, value, self, found);
      Matcher user = USER_REFERENCE.matcher(value);
      while (user.find()) {
        if (!user.group(1).equals(self)) {
          found.add(name + " names user " + withoutReferences(value) + " (" + user.group(1) + ")");
        }
      }
    }
    return new ArrayList<>(found);
  }

  /**
   * The fields' text as the classifier reads it: account-id markers and the mention ids left out
   * (they are ids, not words), everything else as the ticket system shows it.
   */
  public static String fieldText(Ticket ticket) {
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, String> field : ticket.details().fields().entrySet()) {
      if (field.getKey().equals(MENTION)) {
        continue;
      }
      String text = withoutReferences(field.getValue());
      if (!text.isBlank()) {
        out.append(text).append('\n');
      }
    }
    return out.toString().strip();
  }

  private static String withoutReferences(String value) {
    return USER_REFERENCE
        .matcher(WIKI_MENTION.matcher(value).replaceAll(""))
        .replaceAll("")
        .strip();
  }

  private static void wikiMentions(String where, String text, String self, Set<String> found) {
    Matcher m = WIKI_MENTION.matcher(text);
    while (m.find()) {
      if (!m.group(1).equals(self)) {
        found.add("mention of account " + m.group(1) + " in " + where);
      }
    }
  }
}
