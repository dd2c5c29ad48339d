package com.helpdeskverify.jira;

import java.util.Comparator;

/** Orders issue keys as JQL's {@code ORDER BY key} does: by project, then by number. */
final class IssueKeys {
  static final Comparator<String> ORDER = IssueKeys::compare;

  private IssueKeys() {}

  static int compare(String a, String b) {
    int dashA = a.lastIndexOf('-');
    int dashB = b.lastIndexOf('-');
    if (dashA < 0 || dashB < 0) {
      return a.compareTo(b);
    }
    int byProject = a.substring(0, dashA).compareTo(b.substring(0, dashB));
    if (byProject != 0) {
      return byProject;
    }
    try {
      return Long.compare(
          Long.parseLong(a.substring(dashA + 1)), Long.parseLong(b.substring(dashB + 1)));
    } catch (NumberFormatException e) {
      return a.compareTo(b);
    }
  }
}
