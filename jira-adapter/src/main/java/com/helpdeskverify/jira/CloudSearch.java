package com.helpdeskverify.jira;

import com.helpdeskverify.core.spi.WindowRead;
import com.helpdeskverify.http.Calls;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Jira Cloud's search, {@code GET /rest/api/3/search/jql}: pages by {@code nextPageToken}, whatever
 * it stands for, and answers from an index that may lag behind an issue's last change.
 */
record CloudSearch(String system, JiraApi api) implements JiraSearch {
  private static final String CALL = "GET /rest/api/3/search/jql";
  private static final Pattern ISSUE_ID = Pattern.compile("[0-9]{1,18}");

  @Override
  public String call() {
    return CALL;
  }

  @Override
  public WindowRead.Pages<JiraDtos.Issue> pages(String jql, int size, String fields) {
    return JiraSearch.chained(
        (String) null,
        token -> {
          JiraDtos.SearchPage result =
              Calls.execute(api.search(jql, token, size, fields), system, CALL);
          return new WindowRead.Page<>(
              result.issuesOrEmpty(), !hasNext(result), result.nextPageToken());
        });
  }

  @Override
  public JiraDtos.SearchPage first(String jql, int size, String fields) {
    return Calls.execute(api.search(jql, null, size, fields), system, CALL);
  }

  @Override
  public boolean whole(JiraDtos.SearchPage first) {
    return !hasNext(first);
  }

  /**
   * An answer older than {@code seen} is asked again with {@code reconcileIssues}, which makes it
   * reflect the issue's current state.
   */
  @Override
  public Optional<JiraDtos.Issue> find(String jql, String key, String fields, Instant seen) {
    Optional<JiraDtos.Issue> found = JiraSearch.withKey(first(jql, 1, fields), key);
    if (found.isEmpty() || !IssueReader.updated(system, found.get(), CALL).isBefore(seen)) {
      return found;
    }
    String issueId = found.get().id();
    if (issueId == null || !ISSUE_ID.matcher(issueId).matches()) {
      throw Calls.malformed(system, CALL, "issue without a numeric id", true);
    }
    return JiraSearch.withKey(
        Calls.execute(api.searchReconciled(jql, 1, fields, Long.parseLong(issueId)), system, CALL),
        key);
  }

  private static boolean hasNext(JiraDtos.SearchPage result) {
    String token = result.nextPageToken();
    return !result.issuesOrEmpty().isEmpty()
        && token != null
        && !token.isBlank()
        && !Boolean.TRUE.equals(result.isLast());
  }
}
