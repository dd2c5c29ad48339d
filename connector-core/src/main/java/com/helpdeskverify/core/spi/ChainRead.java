package com.helpdeskverify.core.spi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * Goes on with the read of a result ordered by a total order (an item's {@code updated}, then its
 * key), one page at an offset of the reader's choosing, across the calls of one scan: for an API
 * that pages by an offset into the result as it is when the page is read.
 *
 * <p>Why it misses nothing, whatever moves between two reads: one page is one consistent answer,
 * the slice of the result between its first and its last item at the moment it is read, so every
 * item in the result then whose place lies between those two is on it. Each page is read from a
 * little before the place where the previous read ended (the {@link Link#anchor anchor}), and is
 * counted only when its first item sorts at or before the anchor (or it starts at offset 0, where
 * nothing lies before it): then the ground read so far and this page's slice touch, and the read is
 * complete up to the page's last item. An item that stayed in the result all along with its place
 * inside the ground read was on the page whose slice holds its place, since an edit gives an item
 * an {@code updated} later than everything read before it. When more items than the page's slack
 * left before the anchor in the meantime, the page starts after it; the read then steps back a
 * page, then two, and so on, down to offset 0 at worst. Arrivals before the anchor (an index that
 * shows an item late) only push the anchor onwards, and the page still starts before it.
 *
 * <p>Unlike {@link WindowRead}, nothing is read twice to be believed: a scan through a long window
 * costs about one page read for each page's worth of progress.
 *
 * <p>What it does not see: an item edited while the read goes on, at the same instant as an item
 * already read and sorting before it (a smaller key at the same whole second, say), has its place
 * behind the read, where no later page looks. The caller's watermark must therefore not move past
 * the moment the read began, so that the next scan's overlap finds such an item.
 */
public final class ChainRead {

  private ChainRead() {}

  /**
   * Where a read goes on.
   *
   * @param anchor the last item read so far, as it sorted then: the read is complete up to it
   * @param at the anchor's offset in the result when it was read (or an offset before it)
   * @param span how many places of the result the last page spanned: a site may serve fewer than
   *     asked for, and a page that repeats a slack of the page asked for would then bring nothing
   */
  public record Link<T>(T anchor, int at, int span) {
    public Link {
      Objects.requireNonNull(anchor, "anchor");
      if (at < 0 || span < 1) {
        throw new IllegalArgumentException("at must not be negative, span must be positive");
      }
    }
  }

  /**
   * One step of the read.
   *
   * @param items every item read in this step, each page's in its order (a page that started after
   *     the anchor included: its items are in the result too)
   * @param reach the read is complete up to this item: the last item of the counted page, or the
   *     anchor when that page brought nothing later
   * @param last whether the counted page was the result's last
   * @param next where the read goes on
   * @param pages how many pages this step read
   */
  public record Step<T>(List<T> items, T reach, boolean last, Link<T> next, int pages) {
    public Step {
      items = List.copyOf(items);
    }
  }

  /**
   * How many items before the anchor a page repeats: that many may leave the result between two
   * reads before the read has to step back. At least one new item a page of two or more.
   */
  static int slack(int size) {
    return Math.max(0, Math.min(size / 4, size - 2));
  }

  /**
   * Reads the next page after {@code from}.
   *
   * @param pages the page of {@code size} items at an offset, as the result is now; its
   *     continuation is the offset after it (an {@link Integer})
   * @param order the result's order
   */
  public static <T> Step<T> next(
      IntFunction<WindowRead.Page<T>> pages, Comparator<? super T> order, Link<T> from, int size) {
    if (size < 2) {
      throw new IllegalArgumentException("a chained read needs pages of at least two items");
    }
    List<T> items = new ArrayList<>();
    int offset = Math.max(0, from.at() - slack(Math.min(size, from.span())));
    int back = size;
    int read = 0;
    while (true) {
      WindowRead.Page<T> page = pages.apply(offset);
      read++;
      items.addAll(page.items());
      boolean touches =
          offset == 0
              || (!page.items().isEmpty()
                  && order.compare(page.items().get(0), from.anchor()) <= 0);
      if (touches) {
        T reach = from.anchor();
        if (!page.items().isEmpty()) {
          T end = page.items().get(page.items().size() - 1);
          if (order.compare(end, reach) > 0) {
            reach = end;
          }
        }
        // Where the page ended: the reach's place, or (when the page brought nothing later) a place
        // at or before the anchor's, from where the next page still starts before it.
        int after = Math.max(offset + 1, (Integer) page.continuation());
        return new Step<>(
            items, reach, page.last(), new Link<>(reach, after - 1, after - offset), read);
      }
      offset = Math.max(0, offset - back);
      back *= 2;
    }
  }
}
