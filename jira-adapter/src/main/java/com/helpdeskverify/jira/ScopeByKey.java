package com.helpdeskverify.jira;

import com.helpdeskverify.core.spi.PermanentFailure;
import com.helpdeskverify.http.Coalescer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The scope asked of single issues, {@code (<jql-scope>) AND key = <key>}, with the questions other
 * workers ask meanwhile put in the same search: {@code (<jql-scope>) AND key in (<k1>, <k2>, …)}.
 * In a burst nearly every case re-reads its ticket before its push and asks the scope before its
 * execute; one search then answers up to {@link #MAX_KEYS} of them instead of one each. A lone
 * question is the search it always was ({@link Coalescer}: nobody waits for companions).
 *
 * @param <Q> a question: an issue key, or a key with what else its search needs (Cloud's last look
 *     names the issue's id in {@code reconcileIssues})
 */
final class ScopeByKey<Q> {
  /**
   * Questions a search takes: its JQL stays short in a URL, a page of this many issues with a
   * ticket's fields is small, and Cloud's {@code reconcileIssues} "accepts max 50 ids".
   */
  static final int MAX_KEYS = 50;

  private final JiraSearch search;
  private final Function<Q, String> keyOf;
  private final BiFunction<String, List<Q>, JiraDtos.SearchPage> first;
  private final Coalescer<Q, JiraDtos.Issue> reads;

  /**
   * @param keyOf the issue key a question asks about, fit to stand in JQL as it is
   * @param first the first page of the scope restricted by the given key clause ({@code key = …} or
   *     {@code key in (…)}) for the given questions, as many issues a page as questions
   */
  ScopeByKey(
      String system,
      JiraSearch search,
      Function<Q, String> keyOf,
      BiFunction<String, List<Q>, JiraDtos.SearchPage> first) {
    this.search = search;
    this.keyOf = keyOf;
    this.first = first;
    this.reads = new Coalescer<>(system, search.call(), MAX_KEYS, this::read);
  }

  /** The issue the question asks about if the scope selects it now. */
  Optional<JiraDtos.Issue> find(Q question) {
    return reads.get(question);
  }

  /** What each question finds now: one search for them all, each alone where need be. */
  Map<Q, JiraDtos.Issue> read(List<Q> questions) {
    if (questions.size() == 1) {
      return alone(questions.get(0));
    }
    List<String> keys = questions.stream().map(keyOf).toList();
    JiraDtos.SearchPage page;
    try {
      page = first.apply("key in (" + String.join(", ", keys) + ")", questions);
    } catch (PermanentFailure e) {
      // Jira refuses a query it cannot run as a whole; one of many keys may be the cause (an issue
      // deleted since, say), which the question of that key alone answers as it always did.
      Map<Q, JiraDtos.Issue> found = new HashMap<>();
      eachAlone(questions, found);
      return found;
    }
    Map<Q, JiraDtos.Issue> found = new HashMap<>();
    for (Q q : questions) {
      JiraSearch.withKey(page, keyOf.apply(q)).ifPresent(issue -> found.put(q, issue));
    }
    if (!search.whole(page)) {
      // A page may hold fewer issues than asked for (Cloud: "fewer items per page where a large
      // number of fields … are requested"); a key it leaves out is not thereby out of the scope.
      eachAlone(questions.stream().filter(q -> !found.containsKey(q)).toList(), found);
    }
    return found;
  }

  /** Asks each question alone, adding what it finds to {@code found}. */
  private void eachAlone(List<Q> questions, Map<Q, JiraDtos.Issue> found) {
    questions.forEach(q -> found.putAll(alone(q)));
  }

  private Map<Q, JiraDtos.Issue> alone(Q question) {
    String key = keyOf.apply(question);
    return JiraSearch.withKey(first.apply("key = " + key, List.of(question)), key)
        .map(issue -> Map.of(question, issue))
        .orElse(Map.of());
  }
}
