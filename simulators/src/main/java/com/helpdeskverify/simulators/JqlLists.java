package com.helpdeskverify.simulators;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The lists the simulators' JQL readers take apart: {@code key in (…)}, {@code project in (…)}. */
final class JqlLists {
  private static final Pattern KEYS_IN = Pattern.compile("\\bkey\\s+in\\s*\\(([^)]*)\\)");

  private JqlLists() {}

  /**
   * The keys the query is restricted to: the one {@code key} (its first group) finds, or those of
   * {@code key in (…)}; null when it names none.
   */
  static Set<String> onlyKeys(String jql, Pattern key) {
    Matcher one = key.matcher(jql);
    if (one.find()) {
      return Set.of(one.group(1));
    }
    Matcher in = KEYS_IN.matcher(jql);
    if (!in.find()) {
      return null;
    }
    Set<String> keys = new LinkedHashSet<>();
    addItems(in.group(1), keys);
    return keys;
  }

  /** The comma-separated items of a JQL list, quotes taken off, added to {@code into}. */
  static void addItems(String list, Set<String> into) {
    for (String part : list.split(",")) {
      into.add(part.strip().replace("\"", ""));
    }
  }
}
