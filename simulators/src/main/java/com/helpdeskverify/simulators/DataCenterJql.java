package com.helpdeskverify.simulators;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JQL {@link SimulatedJiraDataCenter} understands: {@code project = X}, {@code project in (X,
 * Y)}, {@code status = "..."}, {@code key = X}, {@code key in (X-1, Y-2)} and {@code updated >=
 * "yyyy/MM/dd HH:mm"} (in the service account's time zone), joined by AND.
 *
 * @param status null when the query names no status
 * @param onlyKeys null when the query names no key
 * @param projects empty when the query names no project
 */
record DataCenterJql(String status, Instant from, Set<String> onlyKeys, Set<String> projects) {
  private static final DateTimeFormatter JQL_DATE =
      DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm", Locale.ROOT);
  private static final Pattern STATUS = Pattern.compile("status\\s*=\\s*\"([^\"]+)\"");
  private static final Pattern UPDATED = Pattern.compile("updated\\s*>=\\s*\"([^\"]+)\"");
  private static final Pattern KEY = Pattern.compile("\\bkey\\s*=\\s*\"?([A-Z][A-Z0-9_]*-\\d+)");
  private static final Pattern PROJECT = Pattern.compile("\\bproject\\s*=\\s*\"?([A-Z][A-Z0-9_]*)");
  private static final Pattern PROJECT_IN = Pattern.compile("\\bproject\\s+in\\s*\\(([^)]*)\\)");

  static DataCenterJql parse(String jql, ZoneId serverZone) {
    Matcher status = STATUS.matcher(jql);
    String wanted = status.find() ? status.group(1) : null;
    Matcher updated = UPDATED.matcher(jql);
    Instant from =
        updated.find()
            ? LocalDateTime.parse(updated.group(1), JQL_DATE).atZone(serverZone).toInstant()
            : Instant.EPOCH;
    Set<String> onlyKeys = JqlLists.onlyKeys(jql, KEY);
    Set<String> inProjects = new LinkedHashSet<>();
    Matcher in = PROJECT_IN.matcher(jql);
    while (in.find()) {
      JqlLists.addItems(in.group(1), inProjects);
    }
    Matcher project = PROJECT.matcher(jql);
    while (project.find()) {
      inProjects.add(project.group(1));
    }
    return new DataCenterJql(wanted, from, onlyKeys, inProjects);
  }

  boolean matches(String key, String issueStatus, Instant updated, String project) {
    return (status == null || issueStatus.equals(status))
        && !updated.isBefore(from)
        && (onlyKeys == null || onlyKeys.contains(key))
        && (projects.isEmpty() || projects.contains(project));
  }
}
