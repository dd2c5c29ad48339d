package com.helpdeskverify.jira;

import com.helpdeskverify.core.spi.WindowRead;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

/**
 * Jira's issue search as the deployment offers it: Cloud pages {@code /rest/api/3/search/jql} by an
 * opaque {@code nextPageToken} ({@link CloudSearch}), Data Center pages {@code /rest/api/2/search}
 * by offset ({@link DataCenterSearch}).
 */
sealed interface JiraSearch permits CloudSearch, DataCenterSearch {

  static JiraSearch of(String system, JiraApi api, JiraSettings.Deployment deployment) {
    return switch (deployment) {
      case CLOUD -> new CloudSearch(system, api);
      case DATA_CENTER -> new DataCenterSearch(system, api);
    };
  }

  /** The search call as failures name it. */
  String call();

  /** The issues {@code jql} selects, {@code size} a page, with {@code fields}. */
  WindowRead.Pages<JiraDtos.Issue> pages(String jql, int size, String fields);

  /** The first page of the issues {@code jql} selects. */
  JiraDtos.SearchPage first(String jql, int size, String fields);

  /** Whether {@code first}, a page {@link #first} read, holds every issue its query selects. */
  boolean whole(JiraDtos.SearchPage first);

  /**
   * The issue {@code key} if {@code jql} selects it now, read with {@code fields}; an answer older
   * than {@code seen}, the last change known of the issue, comes from a lagging index.
   */
  Optional<JiraDtos.Issue> find(String jql, String key, String fields, Instant seen);

  /**
   * Pages read one after the other: the first from {@code start}, each later one from the
   * continuation its predecessor names.
   */
  @SuppressWarnings("unchecked")
  static <C> WindowRead.Pages<JiraDtos.Issue> chained(
      C start, Function<C, WindowRead.Page<JiraDtos.Issue>> page) {
    return new WindowRead.Pages<>() {
      @Override
      public WindowRead.Page<JiraDtos.Issue> first() {
        return page.apply(start);
      }

      @Override
      public WindowRead.Page<JiraDtos.Issue> after(WindowRead.Page<JiraDtos.Issue> previous) {
        return page.apply((C) previous.continuation());
      }
    };
  }

  static Optional<JiraDtos.Issue> withKey(JiraDtos.SearchPage result, String key) {
    return result.issuesOrEmpty().stream()
        .filter(issue -> key.equalsIgnoreCase(issue.key()))
        .findFirst();
  }
}
