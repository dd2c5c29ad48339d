package com.helpdeskverify.simulators;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Atlassian Document Format as Jira Cloud writes and reads it: a paragraph of text per line. */
final class Adf {
  private Adf() {}

  static Map<String, Object> of(String text) {
    List<Object> paragraphs = new ArrayList<>();
    for (String line : text.split("\n")) {
      paragraphs.add(
          Map.of(
              "type",
              "paragraph",
              "content",
              line.isEmpty() ? List.of() : List.of(Map.of("type", "text", "text", line))));
    }
    return Map.of("type", "doc", "version", 1, "content", paragraphs);
  }

  static String textOf(JsonNode node) {
    StringBuilder out = new StringBuilder();
    if (node.has("text")) {
      out.append(node.get("text").asText());
    }
    for (JsonNode child : node.path("content")) {
      out.append(textOf(child));
      if ("paragraph".equals(child.path("type").asText())) {
        out.append('\n');
      }
    }
    return out.toString();
  }
}
