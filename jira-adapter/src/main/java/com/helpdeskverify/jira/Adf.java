package com.helpdeskverify.jira;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Atlassian Document Format both ways: plain text out of a document, and a document of plain text
 * paragraphs. Text only ever goes into {@code text} nodes, so nothing in it is read as markup.
 */
final class Adf {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Set<String> BLOCKS =
      Set.of(
          "paragraph",
          "heading",
          "blockquote",
          "codeBlock",
          "listItem",
          "rule",
          "panel",
          "tableRow",
          "mediaSingle");

  private Adf() {}

  /** The document's text, one line per block; null or non-ADF input gives its plain text. */
  static String toText(JsonNode doc) {
    if (doc == null || doc.isNull() || doc.isMissingNode()) {
      return "";
    }
    if (doc.isTextual()) {
      return doc.asText();
    }
    StringBuilder out = new StringBuilder();
    walk(doc, out);
    return out.toString().strip();
  }

  private static void walk(JsonNode node, StringBuilder out) {
    String type = node.path("type").asText("");
    switch (type) {
      case "text" -> out.append(node.path("text").asText(""));
      case "hardBreak" -> out.append('\n');
      case "mention" -> out.append(node.path("attrs").path("text").asText(""));
      case "emoji" -> out.append(node.path("attrs").path("text").asText(""));
      case "inlineCard" -> out.append(node.path("attrs").path("url").asText(""));
      default -> {}
    }
    for (JsonNode child : node.path("content")) {
      walk(child, out);
    }
    if (BLOCKS.contains(type) && out.length() > 0 && out.charAt(out.length() - 1) != '\n') {
      out.append('\n');
    }
  }

  /**
   * The account ids of the document's mention nodes ({@code attrs.id}), sorted: who the text names
   * for certain, whatever the mention's display text says.
   */
  static SortedSet<String> mentions(JsonNode doc) {
    SortedSet<String> out = new TreeSet<>();
    collect(doc, out, new TreeSet<>());
    return out;
  }

  /**
   * The targets of the document's links, sorted: link marks' {@code attrs.href} and the URLs of
   * inline and block cards. A link's text can say one thing and lead elsewhere.
   */
  static SortedSet<String> links(JsonNode doc) {
    SortedSet<String> out = new TreeSet<>();
    collect(doc, new TreeSet<>(), out);
    return out;
  }

  private static void collect(JsonNode node, Set<String> mentions, Set<String> links) {
    if (node == null || !node.isContainerNode()) {
      return;
    }
    String type = node.path("type").asText("");
    JsonNode attrs = node.path("attrs");
    if (type.equals("mention") && !attrs.path("id").asText("").isBlank()) {
      mentions.add(attrs.path("id").asText());
    }
    if ((type.equals("inlineCard") || type.equals("blockCard"))
        && !attrs.path("url").asText("").isBlank()) {
      links.add(attrs.path("url").asText());
    }
    for (JsonNode mark : node.path("marks")) {
      String href = mark.path("attrs").path("href").asText("");
      if (mark.path("type").asText("").equals("link") && !href.isBlank()) {
        links.add(href);
      }
    }
    for (JsonNode child : node.path("content")) {
      collect(child, mentions, links);
    }
  }

  /** Whether the value is an ADF document rather than plain text or another field shape. */
  static boolean isDocument(JsonNode value) {
    return value != null && value.isObject() && value.path("type").asText("").equals("doc");
  }

  /** A document with one paragraph per line of {@code text}, the last line in small print. */
  static ObjectNode document(String text, String footer) {
    ObjectNode doc = NODES.objectNode().put("type", "doc").put("version", 1);
    ArrayNode content = doc.putArray("content");
    for (String line : text.split("\n", -1)) {
      content.add(paragraph(line, false));
    }
    content.add(paragraph(footer, true));
    return doc;
  }

  private static ObjectNode paragraph(String line, boolean small) {
    ObjectNode p = NODES.objectNode().put("type", "paragraph");
    ArrayNode content = p.putArray("content");
    if (!line.isEmpty()) {
      ObjectNode text = content.addObject().put("type", "text").put("text", line);
      if (small) {
        // "subsup: sub" is the only ADF mark that shrinks text; it keeps the reference unobtrusive.
        text.putArray("marks")
            .addObject()
            .put("type", "subsup")
            .putObject("attrs")
            .put("type", "sub");
      }
    }
    return p;
  }
}
