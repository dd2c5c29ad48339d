package com.helpdeskverify.simulators;

import com.helpdeskverify.simulators.SimulatedJira.PageTokens;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Jira Cloud's paging of a search by {@code nextPageToken}, in whichever of the forms {@link
 * PageTokens} the opaque token takes. Not thread-safe: {@link SimulatedJira} calls it under its
 * lock.
 */
final class JiraPages {
  private final Map<String, List<String>> snapshots = new HashMap<>();
  private PageTokens kind = PageTokens.CURSOR;

  void kind(PageTokens kind) {
    this.kind = kind;
  }

  /**
   * @param found the keys of the result in order
   * @param updatedOf when an issue of the result was last updated
   * @param json an issue as the search returns it; null for one that no longer exists
   */
  Map<String, Object> page(
      List<String> found,
      String pageToken,
      int size,
      Function<String, Instant> updatedOf,
      Function<String, Object> json) {
    Map<String, Object> page = new LinkedHashMap<>();
    if (kind == PageTokens.SNAPSHOT) {
      String snapshot;
      int start;
      if (pageToken == null) {
        snapshot = Integer.toString(snapshots.size());
        snapshots.put(snapshot, found);
        start = 0;
      } else {
        String[] at = pageToken.split(":", 2);
        snapshot = at[0];
        start = Integer.parseInt(at[1]);
      }
      List<String> keys = snapshots.get(snapshot);
      int end = Math.min(keys.size(), start + size);
      page.put(
          "issues", keys.subList(start, end).stream().map(json).filter(Objects::nonNull).toList());
      page.put("isLast", end >= keys.size());
      if (end < keys.size()) {
        page.put("nextPageToken", snapshot + ":" + end);
      }
      return page;
    }
    int start = 0;
    if (pageToken != null && kind == PageTokens.OFFSET) {
      start = Math.min(found.size(), Integer.parseInt(pageToken));
    } else if (pageToken != null) {
      // A cursor, not an offset: issues that left the result or moved since the last page shift
      // nothing, so none is skipped.
      String[] after = pageToken.split("\\|", 2);
      Instant at = Instant.parse(after[0]);
      while (start < found.size()
          && updatedOf.apply(found.get(start)).compareTo(at) <= 0
          && (updatedOf.apply(found.get(start)).isBefore(at)
              || JiraJql.KEYS.compare(found.get(start), after[1]) <= 0)) {
        start++;
      }
    }
    int end = Math.min(found.size(), start + size);
    page.put("issues", found.subList(start, end).stream().map(json).toList());
    page.put("isLast", end >= found.size());
    if (end < found.size()) {
      String last = found.get(end - 1);
      page.put(
          "nextPageToken",
          kind == PageTokens.OFFSET ? Integer.toString(end) : updatedOf.apply(last) + "|" + last);
    }
    return page;
  }
}
