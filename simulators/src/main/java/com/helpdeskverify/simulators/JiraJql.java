package com.helpdeskverify.simulators;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JQL {@link SimulatedJira} understands: {@code status = "..."} (absent: the intake status),
 * {@code OR labels = "..."}, {@code key = ...}, {@code key in (..., ...)} and {@code updated >=
 * "yyyy/MM/dd HH:mm"} (UTC); the rest of the scope is taken as given.
 *
 * @param orLabel null when the query names no label
 * @param onlyKeys null when the query names no key
 */
record JiraJql(String status, Instant from, Set<String> onlyKeys, String orLabel) {
  private static final Pattern STATUS = Pattern.compile("status\\s*=\\s*\"([^\"]+)\"");
  private static final Pattern UPDATED = Pattern.compile("updated\\s*>=\\s*\"([^\"]+)\"");
  private static final Pattern KEY = Pattern.compile("\\bkey\\s*=\\s*\"?([A-Z]+-\\d+)");
  private static final Pattern LABEL = Pattern.compile("labels\\s*=\\s*\"([^\"]+)\"");

  /** Jira orders keys by project, then by number: HD-9 before HD-10. */
  static final Comparator<String> KEYS =
      Comparator.comparing((String k) -> k.substring(0, k.indexOf('-')))
          .thenComparingLong(k -> Long.parseLong(k.substring(k.indexOf('-') + 1)));

  static JiraJql parse(String jql, String defaultStatus) {
    Matcher status = STATUS.matcher(jql);
    Matcher updated = UPDATED.matcher(jql);
    Instant from =
        updated.find()
            ? LocalDateTime.parse(updated.group(1), DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm"))
                .toInstant(ZoneOffset.UTC)
            : Instant.EPOCH;
    String wanted = status.find() ? status.group(1) : defaultStatus;
    Set<String> onlyKeys = JqlLists.onlyKeys(jql, KEY);
    Matcher label = LABEL.matcher(jql);
    String orLabel = label.find() ? label.group(1) : null;
    return new JiraJql(wanted, from, onlyKeys, orLabel);
  }

  boolean matches(String key, String issueStatus, List<String> labels, Instant updated) {
    return (issueStatus.equals(status)
            || (orLabel != null && labels.stream().anyMatch(l -> l.equalsIgnoreCase(orLabel))))
        && !updated.isBefore(from)
        && (onlyKeys == null || onlyKeys.contains(key));
  }
}
