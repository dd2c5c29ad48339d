package com.helpdeskverify.core.classify;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Removes the markup ticket systems wrap around what people wrote: HTML tags and entities, Jira
 * wiki markup, and bounds very long bodies to their beginning and end, where requests are written.
 */
final class TextCleaner {
  /** Head and tail kept of a longer text: a request sits before or after a pasted log. */
  static final int HEAD = 12_000;

  static final int TAIL = 4_000;

  private static final Pattern BLOCK_TAGS =
      Pattern.compile("(?i)</?(p|div|br|li|ul|ol|tr|td|h[1-6]|blockquote)\\b[^>]{0,200}>");
  private static final Pattern TAGS = Pattern.compile("<[^<>]{1,300}>");
  private static final Pattern WIKI =
      Pattern.compile(
          "\\{(code|noformat|quote|panel|color)[^}]{0,80}}|\\bh[1-6]\\.\\s|\\[([^|\\]]{0,200})\\|[^\\]]{0,300}]");
  private static final Pattern ENTITY =
      Pattern.compile("&(#\\d{1,6}|#x[0-9a-fA-F]{1,5}|[a-zA-Z]{2,8});");
  private static final Map<String, String> ENTITIES =
      Map.of("amp", "&", "lt", "<", "gt", ">", "quot", "\"", "apos", "'", "nbsp", " ");

  private TextCleaner() {}

  static String clean(String text) {
    String bounded =
        text.length() <= HEAD + TAIL
            ? text
            : text.substring(0, HEAD) + "\n" + text.substring(text.length() - TAIL);
    if (bounded.indexOf('<') >= 0) {
      bounded = TAGS.matcher(BLOCK_TAGS.matcher(bounded).replaceAll("\n")).replaceAll(" ");
    }
    if (bounded.indexOf('&') >= 0) {
      bounded =
          ENTITY
              .matcher(bounded)
              .replaceAll(m -> java.util.regex.Matcher.quoteReplacement(entity(m.group(1))));
    }
    if (bounded.indexOf('{') >= 0 || bounded.indexOf('[') >= 0 || bounded.contains("h1.")) {
      bounded =
          WIKI.matcher(bounded)
              .replaceAll(
                  m ->
                      m.group(2) != null
                          ? java.util.regex.Matcher.quoteReplacement(m.group(2))
                          : " ");
    }
    return bounded;
  }

  private static String entity(String name) {
    if (name.startsWith("#x") || name.startsWith("#X")) {
      return new String(Character.toChars(Integer.parseInt(name.substring(2), 16)));
    }
    if (name.startsWith("#")) {
      int cp = Integer.parseInt(name.substring(1));
      return Character.isValidCodePoint(cp) ? new String(Character.toChars(cp)) : " ";
    }
    return ENTITIES.getOrDefault(name.toLowerCase(java.util.Locale.ROOT), " ");
  }
}
