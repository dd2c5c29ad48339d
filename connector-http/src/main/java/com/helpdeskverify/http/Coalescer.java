package com.helpdeskverify.http;

import com.helpdeskverify.core.spi.TransientFailure;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Reads of single keys that one call can answer for many keys at once (a search by a list of keys):
 * callers that ask while such a call is under way are answered together by the next one.
 *
 * <p>No caller waits for companions: one that finds no call under way makes its own at once, so a
 * lone read costs what it did before. Only while a call is out (under a rate limiter that may be a
 * while) do the callers behind it gather, and the caller first in line then reads for all of them,
 * up to {@code maxBatch} keys. Every answer therefore comes from a read that began after its caller
 * asked: as fresh as the caller's own read would have been.
 *
 * <p>Written here rather than taken from a library: java-dataloader batches only what is queued
 * before an explicit {@code dispatch()}, which independent worker threads have no common point to
 * call, and Caffeine's coalescing bulk loader is an example in its repository, not a published
 * artifact. A {@link ReentrantLock}, not {@code synchronized}, so that a virtual thread waiting
 * here does not pin its carrier.
 *
 * <p>Thread-safe.
 *
 * @param <K> the key, such as an issue key
 * @param <V> what a read finds for a key
 */
public final class Coalescer<K, V> {
  private final String system;
  private final String call;
  private final int maxBatch;
  private final Function<List<K>, Map<K, V>> read;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition settled = lock.newCondition();
  private final ArrayDeque<Waiting<K, V>> queue = new ArrayDeque<>();
  private boolean reading;

  /**
   * @param system the system the reads go to, named by the failure of an interrupted wait
   * @param call the call as failures name it
   * @param maxBatch the most keys one read takes
   * @param read what each of the given distinct keys finds now; a key it leaves out finds nothing.
   *     What it throws, every caller of that read throws.
   */
  public Coalescer(String system, String call, int maxBatch, Function<List<K>, Map<K, V>> read) {
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be at least 1: " + maxBatch);
    }
    this.system = Objects.requireNonNull(system, "system");
    this.call = Objects.requireNonNull(call, "call");
    this.maxBatch = maxBatch;
    this.read = Objects.requireNonNull(read, "read");
  }

  /** What {@code key} finds now, read alone or together with the keys of other callers. */
  public Optional<V> get(K key) {
    Waiting<K, V> mine = new Waiting<>(Objects.requireNonNull(key, "key"));
    List<Waiting<K, V>> batch;
    lock.lock();
    try {
      queue.add(mine);
      while (true) {
        while (!mine.done && reading) {
          try {
            settled.await();
          } catch (InterruptedException e) {
            queue.remove(mine);
            Thread.currentThread().interrupt();
            throw new TransientFailure(
                system,
                call,
                "interrupted while waiting for a shared read",
                Optional.empty(),
                false,
                e);
          }
        }
        if (mine.done) {
          return mine.answer();
        }
        reading = true;
        batch = take();
        lock.unlock();
        try {
          readFor(batch);
        } finally {
          lock.lock();
          reading = false;
          settled.signalAll();
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /** The first {@code maxBatch} distinct keys in line and everyone waiting for them. */
  private List<Waiting<K, V>> take() {
    LinkedHashSet<K> keys = new LinkedHashSet<>();
    List<Waiting<K, V>> taken = new ArrayList<>();
    for (var it = queue.iterator(); it.hasNext(); ) {
      Waiting<K, V> w = it.next();
      if (keys.contains(w.key) || keys.size() < maxBatch) {
        keys.add(w.key);
        taken.add(w);
        it.remove();
      }
    }
    return taken;
  }

  /**
   * Reads outside the lock and settles every caller of the batch, whatever happens: a failure is
   * thrown by those callers, not by the reader (whose own key may be in a later batch).
   */
  private void readFor(List<Waiting<K, V>> batch) {
    List<K> keys = new ArrayList<>(new LinkedHashSet<>(batch.stream().map(w -> w.key).toList()));
    Map<K, V> found;
    try {
      found = read.apply(keys);
    } catch (RuntimeException | Error e) {
      batch.forEach(w -> w.settle(null, e));
      return;
    }
    batch.forEach(w -> w.settle(found.get(w.key), null));
  }

  private static final class Waiting<K, V> {
    private final K key;
    private boolean done;
    private V value;
    private Throwable failure;

    Waiting(K key) {
      this.key = key;
    }

    /**
     * Called by the reader outside the lock; its waiter reads the answer only after the reader has
     * taken the lock again to signal, which orders the two.
     */
    void settle(V found, Throwable e) {
      value = found;
      failure = e;
      done = true;
    }

    Optional<V> answer() {
      if (failure instanceof RuntimeException r) {
        throw r;
      }
      if (failure instanceof Error err) {
        throw err;
      }
      return Optional.ofNullable(value);
    }
  }
}
