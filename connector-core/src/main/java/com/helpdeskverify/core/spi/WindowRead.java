package com.helpdeskverify.core.spi;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads a scan's window (everything in scope from the watermark minus the overlap on) page by page,
 * and says how far the read is known complete, whatever a following page token or offset stands
 * for.
 *
 * <p>A single page is one consistent answer: everything in scope at that moment, up to its last
 * item, is on it. Pages read one after another are not: while the scope moves, an offset (or a
 * token that is one) starts a later page too far on once something before it has left, and an item
 * that was there all along is passed. So a read of more than one page is read a second time at
 * once; when both reads return the same items in the same order, nothing before any page boundary
 * left between the reads of the first, and the first missed nothing. When they differ, only the
 * first page counts as complete, and the scan resumes from its end (re-delivery is harmless, intake
 * is idempotent).
 *
 * @param <T> an item of a page as the API returns it
 */
public final class WindowRead<T> {

  /** One page of an API's answer: its items, in the query's order, and whether it is the last. */
  public record Page<T>(List<T> items, boolean last, Object continuation) {
    public Page {
      items = List.copyOf(items);
    }
  }

  /** How an API pages: the first page of the query, and the page after a given one. */
  public interface Pages<T> {
    Page<T> first();

    Page<T> after(Page<T> previous);
  }

  /**
   * What was read.
   *
   * @param items everything read, each once, in the order first read
   * @param whole whether every item in scope at the time of the read was read (up to the end)
   * @param firstPageEnd the last item of the first page; everything in scope before it was read
   * @param truncated whether the read stopped at the page budget before the last page
   * @param upTo for a whole read of several pages, when its last read began by this process's
   *     clock: it covers the scope up to there and no further, since a snapshot token may hand out
   *     an issue edited after the snapshot at its new {@code updated} while one that arrived
   *     meanwhile is missing; empty for a single page, which is one consistent answer
   */
  public record Result<T>(
      List<T> items,
      boolean whole,
      Optional<T> firstPageEnd,
      boolean truncated,
      Optional<Instant> upTo) {
    public Result {
      items = List.copyOf(items);
    }
  }

  private WindowRead() {}

  /**
   * Reads the window; {@code identity} names an item and its version (key and updated), {@code
   * maxPages} bounds the pages of one read.
   */
  public static <T> Result<T> read(
      Pages<T> pages, Function<T, String> identity, int maxPages, Clock clock) {
    Instant started = clock.instant();
    Walk<T> first = walk(pages, maxPages);
    Optional<T> firstPageEnd = first.firstPageEnd();
    if (first.pages() == 1 && first.complete()) {
      return new Result<>(first.items(), true, firstPageEnd, false, Optional.empty());
    }
    if (!first.complete()) {
      return new Result<>(first.items(), false, firstPageEnd, true, Optional.of(started));
    }
    started = clock.instant();
    Walk<T> second = walk(pages, maxPages);
    boolean same =
        second.complete()
            && first.items().stream()
                .map(identity)
                .toList()
                .equals(second.items().stream().map(identity).toList());
    Map<String, T> union = new LinkedHashMap<>();
    first.items().forEach(i -> union.putIfAbsent(identity.apply(i), i));
    second.items().forEach(i -> union.putIfAbsent(identity.apply(i), i));
    return new Result<>(
        new ArrayList<>(union.values()), same, firstPageEnd, false, Optional.of(started));
  }

  private record Walk<T>(List<T> items, int pages, boolean complete, Optional<T> firstPageEnd) {}

  private static <T> Walk<T> walk(Pages<T> pages, int maxPages) {
    List<T> items = new ArrayList<>();
    Page<T> page = pages.first();
    Optional<T> firstPageEnd =
        page.items().isEmpty()
            ? Optional.empty()
            : Optional.of(page.items().get(page.items().size() - 1));
    items.addAll(page.items());
    int read = 1;
    while (!page.last()) {
      if (read == maxPages) {
        return new Walk<>(items, read, false, firstPageEnd);
      }
      page = pages.after(page);
      items.addAll(page.items());
      read++;
    }
    return new Walk<>(items, read, true, firstPageEnd);
  }
}
