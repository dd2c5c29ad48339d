package com.helpdeskverify.http;

import java.nio.charset.StandardCharsets;

/**
 * RFC 3986 percent-encoding of a string's UTF-8 bytes: only the unreserved characters ({@code A-Z
 * a-z 0-9 - . _ ~}) stay as they are. What a URI template's simple expansion does, and what Duo's
 * request signature canonicalizes parameters with; unlike {@link java.net.URLEncoder} (a form's
 * encoding) a space is {@code %20}, never {@code +}.
 */
public final class PercentEncoding {
  private PercentEncoding() {}

  public static String encode(String value) {
    StringBuilder out = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xFF;
      if ((c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '.'
          || c == '_'
          || c == '~') {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
        out.append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
      }
    }
    return out.toString();
  }
}
