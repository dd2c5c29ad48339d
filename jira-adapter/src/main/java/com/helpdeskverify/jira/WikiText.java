package com.helpdeskverify.jira;

/**
 * Plain text made safe for Jira wiki markup, which Service Management renders in request comments:
 * ticket text quoted in a comment must not become a link, image, macro or formatting.
 */
final class WikiText {
  private static final String SPECIAL = "\\{}[]|*_+^~!#-?";

  private WikiText() {}

  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (SPECIAL.indexOf(c) >= 0) {
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }
}
