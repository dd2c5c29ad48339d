package com.helpdeskverify.simulators;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Who {@link SimulatedJiraDataCenter} lets in, what the others get, and the XSRF check it makes as
 * Jira does.
 */
final class DataCenterAuth {
  private DataCenterAuth() {}

  /** PAT as Bearer, or basic with the user name and password; nothing else signs in. */
  static boolean signedIn(SimulatedApi.Request r) {
    String auth = r.authorization();
    if (auth.equals("Bearer " + SimulatedJiraDataCenter.SERVICE_PAT)) {
      return true;
    }
    if (auth.startsWith("Basic ")) {
      String decoded;
      try {
        decoded =
            new String(
                Base64.getDecoder().decode(auth.substring(6).strip()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return false;
      }
      return decoded.equals(
          SimulatedJiraDataCenter.SERVICE_USER + ":" + SimulatedJiraDataCenter.SERVICE_PASSWORD);
    }
    return false;
  }

  /**
   * Jira's XSRF check on REST resources: a state-changing request whose body a browser form could
   * send (form-encoded, multipart, plain text) is refused unless it says {@code X-Atlassian-Token:
   * no-check}; JSON bodies need no token.
   */
  static boolean xsrfRefused(SimulatedApi.Request r) {
    if (r.method().equals("GET") || r.method().equals("HEAD") || r.method().equals("OPTIONS")) {
      return false;
    }
    String type = r.header("Content-Type").toLowerCase(Locale.ROOT);
    boolean formLike =
        type.startsWith("application/x-www-form-urlencoded")
            || type.startsWith("multipart/form-data")
            || type.startsWith("text/plain");
    String token = r.header("X-Atlassian-Token").strip();
    return formLike && !token.equals("no-check") && !token.equals("nocheck");
  }

  /** Jira's answer to a request that did not sign in. */
  static SimulatedApi.Response unauthenticated(URI baseUrl) {
    return new SimulatedApi.Response(
        401,
        Map.of(
            "errorMessages",
            List.of(
                "You are not authenticated. Authentication required to perform this"
                    + " operation."),
            "errors",
            Map.of()),
        Map.of("WWW-Authenticate", "OAuth realm=\"" + baseUrl + "\""));
  }
}
