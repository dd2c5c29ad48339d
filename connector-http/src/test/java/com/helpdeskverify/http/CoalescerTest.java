package com.helpdeskverify.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.helpdeskverify.core.spi.TransientFailure;
import com.helpdeskverify.testkit.Parked;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Reads asked while one is out go together in the next; a lone read goes out at once. */
class CoalescerTest {
  /** Every read's keys, in the order the reads began. */
  private final List<List<String>> reads = Collections.synchronizedList(new ArrayList<>());

  /** The first read waits for this, so that others can queue behind it. */
  private final CountDownLatch firstMayAnswer = new CountDownLatch(1);

  private final Map<String, Object> answers = new ConcurrentHashMap<>();
  private final List<Thread> callers = new ArrayList<>();

  @AfterEach
  void stopCallers() {
    firstMayAnswer.countDown();
    callers.forEach(Thread::interrupt);
  }

  /** Finds each key's upper case, except {@code "gone"}; the first read waits for the latch. */
  private Map<String, String> read(List<String> keys) {
    reads.add(List.copyOf(keys));
    if (reads.size() == 1) {
      await(firstMayAnswer);
    }
    return keys.stream()
        .filter(k -> !k.equals("gone"))
        .collect(Collectors.toMap(Function.identity(), k -> k.toUpperCase()));
  }

  private Coalescer<String, String> coalescer(int maxBatch) {
    return new Coalescer<>("jira", "GET /rest/api/2/search", maxBatch, this::read);
  }

  /** Starts a caller of {@code key}; its answer (or failure) lands in {@link #answers}. */
  private Thread ask(Coalescer<String, String> c, String name, String key) {
    Thread t =
        new Thread(
            () -> {
              try {
                answers.put(name, c.get(key));
              } catch (RuntimeException e) {
                answers.put(name, e);
              }
            },
            name);
    callers.add(t);
    t.start();
    return t;
  }

  private static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aLoneReadGoesOutAtOnceWithItsOwnKey() {
    firstMayAnswer.countDown();
    Coalescer<String, String> c = coalescer(50);

    assertThat(c.get("hd-1")).contains("HD-1");
    assertThat(c.get("gone")).isEmpty();
    assertThat(reads).containsExactly(List.of("hd-1"), List.of("gone"));
  }

  @Test
  void readsAskedWhileOneIsOutGoTogetherInTheNextOne() throws InterruptedException {
    Coalescer<String, String> c = coalescer(50);
    Thread first = ask(c, "first", "hd-1");
    Parked.until(first);
    Thread b = ask(c, "b", "hd-2");
    Thread d = ask(c, "d", "gone");
    Thread twice = ask(c, "twice", "hd-2");
    Parked.until(b);
    Parked.until(d);
    Parked.until(twice);

    firstMayAnswer.countDown();
    Parked.joined(first, b, d, twice);

    assertThat(reads).hasSize(2);
    assertThat(reads.get(0)).containsExactly("hd-1");
    assertThat(reads.get(1)).containsExactlyInAnyOrder("hd-2", "gone");
    assertThat(answers)
        .containsEntry("first", Optional.of("HD-1"))
        .containsEntry("b", Optional.of("HD-2"))
        .containsEntry("twice", Optional.of("HD-2"))
        .containsEntry("d", Optional.empty());
  }

  @Test
  void aReadTakesAtMostMaxBatchKeysAndTheRestGoNext() throws InterruptedException {
    Coalescer<String, String> c = coalescer(2);
    Thread first = ask(c, "first", "hd-1");
    Parked.until(first);
    List<Thread> behind = new ArrayList<>();
    for (int i = 2; i <= 6; i++) {
      Thread t = ask(c, "hd-" + i, "hd-" + i);
      Parked.until(t);
      behind.add(t);
    }

    firstMayAnswer.countDown();
    Parked.joined(first);
    Parked.joined(behind.toArray(Thread[]::new));

    assertThat(reads)
        .containsExactly(
            List.of("hd-1"), List.of("hd-2", "hd-3"), List.of("hd-4", "hd-5"), List.of("hd-6"));
    assertThat(answers).containsEntry("first", Optional.of("HD-1"));
    for (int i = 2; i <= 6; i++) {
      assertThat(answers).containsEntry("hd-" + i, Optional.of("HD-" + i));
    }
  }

  @Test
  void aFailedReadFailsItsOwnCallersOnlyAndTheNextReadGoesOn() throws InterruptedException {
    TransientFailure limited =
        new TransientFailure(
            "jira", "GET /rest/api/2/search", "HTTP 429", Optional.empty(), false, null);
    CountDownLatch mayFail = new CountDownLatch(1);
    List<List<String>> seen = Collections.synchronizedList(new ArrayList<>());
    Coalescer<String, String> c =
        new Coalescer<>(
            "jira",
            "GET /rest/api/2/search",
            50,
            keys -> {
              seen.add(List.copyOf(keys));
              if (seen.size() == 1) {
                await(mayFail);
                throw limited;
              }
              return Map.of(keys.get(0), "found");
            });
    Thread first = ask(c, "first", "hd-1");
    Parked.until(first);
    Thread second = ask(c, "second", "hd-2");
    Parked.until(second);

    mayFail.countDown();
    Parked.joined(first, second);

    assertThat(answers.get("first")).isSameAs(limited);
    assertThat(answers.get("second")).isEqualTo(Optional.of("found"));
    assertThat(seen).containsExactly(List.of("hd-1"), List.of("hd-2"));
  }

  @Test
  void aCallerInterruptedWhileWaitingGivesUpWithATransientFailure() throws InterruptedException {
    Coalescer<String, String> c = coalescer(50);
    Thread first = ask(c, "first", "hd-1");
    Parked.until(first);
    Thread impatient = ask(c, "impatient", "hd-2");
    Parked.until(impatient);

    impatient.interrupt();
    Parked.joined(impatient);
    firstMayAnswer.countDown();
    Parked.joined(first);

    assertThat(answers.get("impatient")).isInstanceOf(TransientFailure.class);
    assertThat(reads).containsExactly(List.of("hd-1"));
    assertThatThrownBy(() -> new Coalescer<String, String>("jira", "x", 0, this::read))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
