package com.helpdeskverify.providers.entra;

import com.helpdeskverify.core.PushHandle;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What End needs to find a StrongAuthenticationService session again, kept in the push handle so
 * that any node can poll it after a restart.
 *
 * @param endUrl the affinity URL the begin answer named, if any
 */
record MfaSession(
    String sessionId, String contextId, String userPrincipalName, Optional<String> endUrl) {
  private static final String PREFIX = "sas1|";

  PushHandle toHandle() {
    return new PushHandle(
        PREFIX
            + encode(sessionId)
            + "|"
            + encode(contextId)
            + "|"
            + encode(userPrincipalName)
            + "|"
            + encode(endUrl.orElse("")));
  }

  static Optional<MfaSession> fromHandle(PushHandle handle) {
    if (!handle.id().startsWith(PREFIX)) {
      return Optional.empty();
    }
    String[] parts = handle.id().substring(PREFIX.length()).split("\\|", -1);
    if (parts.length != 4 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
      return Optional.empty();
    }
    String end = decode(parts[3]);
    return Optional.of(
        new MfaSession(
            decode(parts[0]),
            decode(parts[1]),
            decode(parts[2]),
            end.isEmpty() ? Optional.empty() : Optional.of(end)));
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
