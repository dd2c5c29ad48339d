package com.helpdeskverify.jira;

import com.helpdeskverify.core.spi.WindowRead;
import com.helpdeskverify.http.Calls;
import java.time.Instant;
import java.util.Optional;

/**
 * Jira Data Center's search, {@code GET /rest/api/2/search}: pages by {@code startAt}, an offset
 * into the result as it is when the page is read, and answers from the current state.
 */
record DataCenterSearch(String system, JiraApi api) implements JiraSearch {
  private static final String CALL = "GET /rest/api/2/search";

  @Override
  public String call() {
    return CALL;
  }

  @Override
  public WindowRead.Pages<JiraDtos.Issue> pages(String jql, int size, String fields) {
    return JiraSearch.chained(0, (Integer startAt) -> at(jql, startAt, size, fields));
  }

  /**
   * The page of {@code size} issues at {@code startAt}, as the result is when it is read; its
   * continuation is the offset after it.
   */
  WindowRead.Page<JiraDtos.Issue> at(String jql, int startAt, int size, String fields) {
    JiraDtos.SearchPage result =
        Calls.execute(api.searchByOffset(jql, startAt, size, fields), system, CALL);
    int start = result.startAt() == null ? startAt : result.startAt();
    return new WindowRead.Page<>(
        result.issuesOrEmpty(), !hasNext(result), start + result.issuesOrEmpty().size());
  }

  @Override
  public JiraDtos.SearchPage first(String jql, int size, String fields) {
    return Calls.execute(api.searchByOffset(jql, 0, size, fields), system, CALL);
  }

  @Override
  public boolean whole(JiraDtos.SearchPage first) {
    return !hasNext(first);
  }

  @Override
  public Optional<JiraDtos.Issue> find(String jql, String key, String fields, Instant seen) {
    return JiraSearch.withKey(first(jql, 1, fields), key);
  }

  private static boolean hasNext(JiraDtos.SearchPage result) {
    if (result.issuesOrEmpty().isEmpty()) {
      return false;
    }
    int start = result.startAt() == null ? 0 : result.startAt();
    return result.total() != null && start + result.issuesOrEmpty().size() < result.total();
  }
}
