package com.helpdeskverify.core.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class WindowReadTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-02T10:00:00Z"), ZoneOffset.UTC);

  /** A live result read by offset, two a page; {@code between} moves it before each later page. */
  private static WindowRead.Pages<String> offsets(
      List<String> scope, Consumer<List<String>> between) {
    return new WindowRead.Pages<>() {
      @Override
      public WindowRead.Page<String> first() {
        return page(0);
      }

      @Override
      public WindowRead.Page<String> after(WindowRead.Page<String> previous) {
        between.accept(scope);
        return page((Integer) previous.continuation());
      }

      private WindowRead.Page<String> page(int offset) {
        int end = Math.min(scope.size(), offset + 2);
        List<String> items = scope.subList(Math.min(offset, scope.size()), end);
        return new WindowRead.Page<>(items, end >= scope.size(), end);
      }
    };
  }

  @Test
  void onePageIsWholeWithoutASecondRead() {
    int[] reads = {0};
    List<String> scope = new ArrayList<>(List.of("A", "B"));

    WindowRead.Result<String> r =
        WindowRead.read(offsets(scope, s -> reads[0]++), s -> s, 50, CLOCK);

    assertThat(r.whole()).isTrue();
    assertThat(r.upTo()).isEmpty();
    assertThat(r.items()).containsExactly("A", "B");
    assertThat(reads[0]).isZero();
  }

  @Test
  void severalPagesThatReadTheSameTwiceAreWholeUpToWhenTheSecondReadBegan() {
    List<String> scope = new ArrayList<>(List.of("A", "B", "C", "D", "E"));

    WindowRead.Result<String> r = WindowRead.read(offsets(scope, s -> {}), s -> s, 50, CLOCK);

    assertThat(r.whole()).isTrue();
    assertThat(r.upTo()).contains(CLOCK.instant());
    assertThat(r.items()).containsExactly("A", "B", "C", "D", "E");
  }

  @Test
  void anItemLeavingBeforeAPageBoundaryMakesTheReadPartialAndLosesNothing() {
    List<String> scope = new ArrayList<>(List.of("A", "B", "C", "D", "E"));
    boolean[] left = {false};

    WindowRead.Result<String> r =
        WindowRead.read(
            offsets(
                scope,
                s -> {
                  if (!left[0]) {
                    s.remove("A"); // C slides to offset 1 and the next page starts at D.
                    left[0] = true;
                  }
                }),
            s -> s,
            50,
            CLOCK);

    assertThat(r.whole()).isFalse();
    assertThat(r.firstPageEnd()).contains("B");
    assertThat(r.items()).contains("C");
  }

  @Test
  void aWindowBeyondThePageBudgetIsTruncatedAtTheEndOfItsFirstPage() {
    List<String> scope = new ArrayList<>(List.of("A", "B", "C", "D", "E", "F", "G"));

    WindowRead.Result<String> r = WindowRead.read(offsets(scope, s -> {}), s -> s, 2, CLOCK);

    assertThat(r.whole()).isFalse();
    assertThat(r.truncated()).isTrue();
    assertThat(r.firstPageEnd()).contains("B");
  }
}
