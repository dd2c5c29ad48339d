package com.helpdeskverify.core.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

class ChainReadTest {

  /** A live result by offset: {@code result} as it is when each page is read. */
  private static IntFunction<WindowRead.Page<Integer>> offsets(
      TreeSet<Integer> result, int size, Runnable before) {
    return offset -> {
      before.run();
      List<Integer> all = new ArrayList<>(result);
      int start = Math.min(offset, all.size());
      int end = Math.min(all.size(), start + size);
      return new WindowRead.Page<>(all.subList(start, end), end >= all.size(), start + size);
    };
  }

  private static ChainRead.Step<Integer> start(IntFunction<WindowRead.Page<Integer>> pages) {
    WindowRead.Page<Integer> first = pages.apply(0);
    int end = first.items().get(first.items().size() - 1);
    return new ChainRead.Step<>(
        first.items(),
        end,
        first.last(),
        new ChainRead.Link<>(end, (Integer) first.continuation() - 1, first.items().size()),
        1);
  }

  @Test
  void aQuietResultIsReadOncePageByPage() {
    TreeSet<Integer> result = new TreeSet<>();
    for (int i = 0; i < 1_000; i++) {
      result.add(i);
    }
    IntFunction<WindowRead.Page<Integer>> pages = offsets(result, 100, () -> {});
    ChainRead.Step<Integer> step = start(pages);
    int reads = 1;
    Set<Integer> read = new HashSet<>(step.items());
    while (!step.last()) {
      step = ChainRead.next(pages, Comparator.naturalOrder(), step.next(), 100);
      reads += step.pages();
      read.addAll(step.items());
    }

    assertThat(read).hasSize(1_000);
    assertThat(step.reach()).isEqualTo(999);
    // A page repeats the anchor and the slack of 25 before it: 74 new items a page after the first,
    // 1 + ceil(900 / 74) reads.
    assertThat(reads).isEqualTo(14);
  }

  @Test
  void morePagesLeavingBeforeTheAnchorThanTheSlackStepBackInsteadOfSkipping() {
    TreeSet<Integer> result = new TreeSet<>();
    for (int i = 0; i < 40; i++) {
      result.add(i);
    }
    int[] calls = {0};
    IntFunction<WindowRead.Page<Integer>> pages =
        offsets(
            result,
            10,
            () -> {
              if (calls[0]++ == 1) {
                for (int i = 0; i < 6; i++) {
                  result.remove(i); // 0..5 leave: 9, the anchor, slides from offset 9 to 3
                }
              }
            });
    ChainRead.Step<Integer> step = start(pages);

    step = ChainRead.next(pages, Comparator.naturalOrder(), step.next(), 10);

    // The page at offset 7 (the slack of 2 before the anchor) starts at 13: 10..12 would be
    // passed. The read steps back to offset 0, 6..15, which reaches back to 9.
    assertThat(step.pages()).isEqualTo(2);
    assertThat(step.items()).contains(10, 11, 12);
    assertThat(step.reach()).isEqualTo(15);
  }

  /**
   * Random departures, edits (an item leaves its place and comes back at the end), arrivals at the
   * end, and late arrivals before the anchor between every two page reads: every item in the result
   * from the first read to the last, as it sorted at the end, was read.
   */
  @Test
  void noItemThatStaysInTheResultIsSkippedWhateverMovesBetweenReads() {
    SplittableRandom seeds = new SplittableRandom(7);
    for (int trial = 0; trial < 300; trial++) {
      SplittableRandom random = new SplittableRandom(seeds.nextLong());
      TreeSet<Integer> result = new TreeSet<>();
      int[] next = {0};
      int initial = random.nextInt(0, 200);
      for (int i = 0; i < initial; i++) {
        result.add(next[0] += 10);
      }
      int size = random.nextInt(2, 12);
      Set<Integer> touched = new HashSet<>();
      IntFunction<WindowRead.Page<Integer>> pages =
          offsets(
              result,
              size,
              () -> {
                int moves = random.nextInt(0, size);
                for (int m = 0; m < moves && !result.isEmpty(); m++) {
                  List<Integer> now = new ArrayList<>(result);
                  Integer some = now.get(random.nextInt(now.size()));
                  switch (random.nextInt(4)) {
                    case 0 -> {
                      result.remove(some);
                      touched.add(some);
                    }
                    case 1 -> {
                      result.remove(some);
                      touched.add(some);
                      result.add(next[0] += 10);
                    }
                    case 2 -> result.add(next[0] += 10);
                    default -> {
                      int late = some - 1 - random.nextInt(5);
                      if (late > 0 && result.add(late)) {
                        touched.add(late); // not there from the start: may be missed
                      }
                    }
                  }
                }
              });
      if (result.isEmpty()) {
        result.add(next[0] += 10);
      }
      Set<Integer> atStart = new HashSet<>(result);
      ChainRead.Step<Integer> step = start(pages);
      Set<Integer> read = new HashSet<>(step.items());
      int steps = 0;
      while (!step.last() && steps++ < 2_000) {
        step = ChainRead.next(pages, Comparator.naturalOrder(), step.next(), size);
        read.addAll(step.items());
      }
      Integer reach = step.reach();
      List<Integer> missed =
          atStart.stream()
              .filter(i -> result.contains(i) && !touched.contains(i) && i <= reach)
              .filter(i -> !read.contains(i))
              .toList();
      assertThat(missed).as("trial %d, pages of %d", trial, size).isEmpty();
    }
  }
}
