package com.helpdeskverify.jira;

import com.helpdeskverify.core.spi.PermanentFailure;
import com.helpdeskverify.http.Coalescer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The scope asked of single issues, {@code (<jql-scope>) AND key = <key>}, with the questions other
 * workers ask meanwhile put in the same search: {@code (<jql-scope>) AND key in (<k1>, <k2>, …)}.
 * In a burst nearly every case re-reads its ticket before its push and asks the scope before its
 * execute; one search then answers up to {@link #MAX_KEYS} of them instead of one each. A lone
 * question is the search it always was ({@link Coalescer}: nobody waits for companions).
 */
final class ScopeByKey {
  /**
   * Keys a search takes: its JQL stays short in a URL, and a page of this many issues with a
   * ticket's fields is small.
   */
  static final int MAX_KEYS = 50;

  private final JiraSearch search;
  private final Function<String, String> jqlOf;
  private final String fields;
  private final Coalescer<String, JiraDtos.Issue> reads;

  /**
   * @param jqlOf the scope's JQL restricted by the given key clause ({@code key = …} or {@code key
   *     in (…)}); the keys asked must be fit to stand in JQL as they are
   */
  ScopeByKey(String system, JiraSearch search, Function<String, String> jqlOf, String fields) {
    this.search = search;
    this.jqlOf = jqlOf;
    this.fields = fields;
    this.reads = new Coalescer<>(system, search.call(), MAX_KEYS, this::read);
  }

  /** The issue {@code key} if the scope selects it now, read with the fields given. */
  Optional<JiraDtos.Issue> find(String key) {
    return reads.get(key);
  }

  /** What each of {@code keys} finds now: one search for them all, each key alone where need be. */
  Map<String, JiraDtos.Issue> read(List<String> keys) {
    if (keys.size() == 1) {
      return alone(keys.get(0));
    }
    JiraDtos.SearchPage page;
    try {
      page =
          search.first(
              jqlOf.apply("key in (" + String.join(", ", keys) + ")"), keys.size(), fields);
    } catch (PermanentFailure e) {
      // Jira refuses a query it cannot run as a whole; one of many keys may be the cause (an issue
      // deleted since, say), which the question of that key alone answers as it always did.
      Map<String, JiraDtos.Issue> found = new HashMap<>();
      keys.forEach(key -> found.putAll(alone(key)));
      return found;
    }
    Map<String, JiraDtos.Issue> found = new HashMap<>();
    for (String key : keys) {
      JiraSearch.withKey(page, key).ifPresent(issue -> found.put(key, issue));
    }
    if (!search.whole(page)) {
      // A page may hold fewer issues than asked for (Cloud: "fewer items per page where a large
      // number of fields … are requested"); a key it leaves out is not thereby out of the scope.
      keys.stream().filter(key -> !found.containsKey(key)).forEach(key -> found.putAll(alone(key)));
    }
    return found;
  }

  private Map<String, JiraDtos.Issue> alone(String key) {
    return JiraSearch.withKey(search.first(jqlOf.apply("key = " + key), 1, fields), key)
        .map(issue -> Map.of(key, issue))
        .orElse(Map.of());
  }
}
