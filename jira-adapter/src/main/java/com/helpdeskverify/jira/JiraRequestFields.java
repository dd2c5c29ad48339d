package com.helpdeskverify.jira;

import com.fasterxml.jackson.databind.JsonNode;
import com.helpdeskverify.core.workflow.RequestReferences;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The fields that define a Jira request beyond summary and description, under the names {@link
 * com.helpdeskverify.core.RequestDetails} documents: {@code mention} (account ids of the ADF
 * mention nodes), {@code link} (link targets), and each configured custom field by its id ({@code
 * customfield_10050}) as display text, a user in it written as a {@link
 * RequestReferences#userReference user reference}.
 */
final class JiraRequestFields {
  private JiraRequestFields() {}

  /**
   * @param cloud whether users are named by accountId (Cloud) or by key / name (Data Center)
   */
  static Map<String, String> of(JiraDtos.Fields f, List<String> requestFields, boolean cloud) {
    SortedSet<String> mentions = new TreeSet<>(Adf.mentions(f.description()));
    SortedSet<String> links = new TreeSet<>(Adf.links(f.description()));
    Map<String, String> out = new TreeMap<>();
    for (String id : requestFields) {
      JsonNode value = f.other().get(id);
      if (Adf.isDocument(value)) {
        mentions.addAll(Adf.mentions(value));
        links.addAll(Adf.links(value));
      }
      String text = render(value, cloud).strip();
      if (!text.isEmpty()) {
        out.put(id, text);
      }
    }
    if (!mentions.isEmpty()) {
      out.put(RequestReferences.MENTION, String.join(" ", mentions));
    }
    if (!links.isEmpty()) {
      out.put("link", String.join("\n", links));
    }
    return out;
  }

  /**
   * A field value as people read it: text as it is, a document's text, an option's value (with a
   * cascading select's child), a user as a user reference, a list one item after another.
   */
  static String render(JsonNode value, boolean cloud) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return "";
    }
    if (value.isValueNode()) {
      return value.asText();
    }
    if (value.isArray()) {
      List<String> items = new ArrayList<>();
      for (JsonNode item : value) {
        String text = render(item, cloud);
        if (!text.isBlank()) {
          items.add(text);
        }
      }
      return String.join(", ", items);
    }
    if (Adf.isDocument(value)) {
      return Adf.toText(value);
    }
    String user = userId(value, cloud);
    if (!user.isEmpty()) {
      return RequestReferences.userReference(value.path("displayName").asText(""), user);
    }
    if (value.has("value")) {
      String child = render(value.path("child"), cloud);
      return value.path("value").asText("") + (child.isEmpty() ? "" : " / " + child);
    }
    if (value.has("name")) {
      return value.path("name").asText("");
    }
    return value.toString();
  }

  /** The account a user-shaped value names, as {@code Requester.accountId} would name it. */
  private static String userId(JsonNode value, boolean cloud) {
    if (cloud) {
      return value.path("accountId").asText("");
    }
    if (!value.has("key") && !value.has("emailAddress") && !value.has("displayName")) {
      return "";
    }
    String key = value.path("key").asText("");
    return key.isBlank() ? value.path("name").asText("") : key;
  }
}
