package com.helpdeskverify.http;

import java.util.regex.Pattern;

/** Masks credentials in text that may reach a log, an exception or a ticket. */
public final class Redaction {
  private static final Pattern AUTH_SCHEME =
      Pattern.compile("(?i)\\b(Bearer|Basic|Digest|SSWS|Token)\\s+[A-Za-z0-9._~+/=:-]{6,}");
  private static final Pattern NAMED =
      Pattern.compile(
          "(?i)(\"?(?:authorization|x-api-key|api[_-]?key|apikey|access[_-]?token|refresh[_-]?token"
              + "|id[_-]?token|client[_-]?secret|secret|password|passwd|pwd|token|signature|sig"
              + "|skey|ikey)\"?\\s*[:=]\\s*\"?)([^\"&\\s,;}]+)");

  private Redaction() {}

  public static String redact(String text) {
    if (text == null) {
      return "";
    }
    String masked = AUTH_SCHEME.matcher(text).replaceAll("$1 ****");
    return NAMED.matcher(masked).replaceAll("$1****");
  }
}
