package com.helpdeskverify.core.workflow;

import com.helpdeskverify.core.CaseId;
import com.helpdeskverify.core.CaseState;
import com.helpdeskverify.core.Challenge;
import com.helpdeskverify.core.PushHandle;
import com.helpdeskverify.core.VerificationCase;
import com.helpdeskverify.core.spi.PermanentFailure;
import com.helpdeskverify.core.spi.PushProvider;
import com.helpdeskverify.core.spi.PushStatus;
import com.helpdeskverify.core.spi.TransientFailure;
import com.helpdeskverify.core.store.CaseStore;
import com.helpdeskverify.core.store.PushWatchStore;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Waits for the answers to this node's pending pushes, off the workflow's workers: a worker sends a
 * push, hands the case to the watcher and parks it; the watcher asks the provider, one status call
 * per push at a time (across the cluster: only the holder of the push's lease in {@link
 * PushWatchStore} asks), and when an answer comes makes the case due at once and wakes a worker.
 * The worker then records the answer through the workflow's usual fenced path, where a denial or a
 * passed deadline still wins and the store still refuses an approval that is not of the case's own
 * push. A provider's long poll running out is "still pending", never a failure.
 *
 * <p>Why not on the workers: a long poll (Duo holds {@code auth_status} until the answer changes,
 * up to the push's life) or a slow vendor would hold a worker per pending push, and new tickets
 * would wait behind them. Here a push costs no worker: a provider with a non-blocking status call
 * costs an HTTP client's connection; the others run on a small bounded pool of the watcher's own.
 *
 * <p>Crash safety: nothing is decided from memory. An answer is only a reason to wake the case; a
 * node that restarts (or takes over a run-out lease) finds the challenged cases in the store and
 * asks the provider again. All bookkeeping runs on one thread, so the state needs no locks.
 */
public final class PushWatcher implements AutoCloseable {
  private static final Logger LOG = System.getLogger(PushWatcher.class.getName());

  /** What the watcher learnt of a push: an answer, or a failure the workflow must act on. */
  public sealed interface Seen {
    /** When the watcher learnt it. */
    Instant at();

    /**
     * @param failedBefore the failure of the look just before this answer, if it failed: until this
     *     answer the provider could not be asked, so when an approval came is not known
     */
    record Answered(PushStatus status, Instant at, Optional<TransientFailure> failedBefore)
        implements Seen {}

    /** A permanent failure: the provider refuses to say (bad credentials, a broken contract). */
    record Failed(RuntimeException failure, Instant at) implements Seen {}
  }

  /**
   * How the watcher paces itself: its loop's tick, how often it checks that it still holds the
   * watches of its pushes, how often the store is searched for pushes nobody watches and how many
   * one search takes (a full one is followed by another at the next tick), and the threads of the
   * pool for providers without a non-blocking status call.
   */
  public record Timing(
      Duration tick, Duration holdCheck, Duration pickup, int pickupBatch, int blockingThreads) {
    /**
     * A watch lasts as long as its node is registered, so the pushes of a node that stopped are
     * taken over with its claims (after the scheduler's {@code node-timeout}; the service asks for
     * a search at once then, {@link #pickUpNow}), well before their deadlines. A node that was only
     * paused that long learns within {@code holdCheck} that its watches were taken, and stops
     * asking. The search every 10 s is the safety net for what no event announces (a lease a store
     * hiccup refused); each reads every pending push, so it is not run more often.
     */
    public static Timing standard() {
      return new Timing(
          Duration.ofMillis(250), Duration.ofSeconds(3), Duration.ofSeconds(10), 100, 4);
    }
  }

  private static final class Watch {
    final CaseId id;
    final String provider;
    final PushHandle push;
    final Instant deadline;
    CompletableFuture<PushStatus> call;
    Instant askedAt;
    Instant nextAskAt;
    int failures;
    volatile TransientFailure failing;
    int quickPendings;
    volatile Seen seen;

    Watch(CaseId id, String provider, PushHandle push, Instant deadline, Instant now) {
      this.id = id;
      this.provider = provider;
      this.push = push;
      this.deadline = deadline;
      this.nextAskAt = now;
    }
  }

  private final CaseStore store;
  private final PushWatchStore leases;
  private final Map<String, PushProvider> providers;
  private final WorkflowPolicy policy;
  private final Clock clock;
  private final String node;
  private final Runnable wakeWorkers;
  private final Timing timing;
  private final ScheduledExecutorService loop;
  private final ExecutorService blocking;
  private final Map<CaseId, Watch> watches = new ConcurrentHashMap<>();
  private Instant nextHoldCheck = Instant.MIN;
  private Instant nextPickup = Instant.MIN;

  /**
   * @param wakeWorkers runs a worker now (an answer made a case due)
   */
  public PushWatcher(
      CaseStore store,
      PushWatchStore leases,
      List<PushProvider> providers,
      WorkflowPolicy policy,
      Clock clock,
      String node,
      Runnable wakeWorkers,
      Timing timing) {
    this.store = Objects.requireNonNull(store);
    this.leases = Objects.requireNonNull(leases);
    Map<String, PushProvider> byId = new HashMap<>();
    providers.forEach(p -> byId.put(p.id(), p));
    this.providers = Map.copyOf(byId);
    this.policy = Objects.requireNonNull(policy);
    this.clock = Objects.requireNonNull(clock);
    this.node = Objects.requireNonNull(node);
    this.wakeWorkers = Objects.requireNonNull(wakeWorkers);
    this.timing = Objects.requireNonNull(timing);
    AtomicInteger n = new AtomicInteger();
    this.loop =
        java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
            r -> daemon(r, "push-watcher"));
    this.blocking =
        new ThreadPoolExecutor(
            timing.blockingThreads(),
            timing.blockingThreads(),
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            r -> daemon(r, "push-status-" + n.incrementAndGet()));
    loop.scheduleWithFixedDelay(
        this::tickSafely, 0, timing.tick().toMillis(), TimeUnit.MILLISECONDS);
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /**
   * Watches the push of a challenged case, unless this node watches it already or another node
   * holds its watch. Asked again for a watched push of a polled provider (a webhook nudged the
   * case), it asks the provider at once.
   */
  public void watch(VerificationCase c) {
    run(() -> watchHere(c));
  }

  /**
   * {@link #watch} on the loop's thread.
   *
   * @return whether this call took the push's watch
   */
  private boolean watchHere(VerificationCase c) {
    if (c.state() != CaseState.CHALLENGED || c.challenge().isEmpty()) {
      return false;
    }
    Challenge ch = c.challenge().get();
    Instant now = clock.instant();
    Watch w = watches.get(c.id());
    if (w != null && w.push.equals(ch.push())) {
      PushProvider p = providers.get(w.provider);
      if (w.call == null && w.seen == null && p != null && !p.statusWaitsForChange()) {
        w.nextAskAt = now;
      }
      return false;
    }
    if (w != null) {
      drop(w);
    }
    if (!providers.containsKey(c.provider()) || !leases.lease(c.id(), node)) {
      return false;
    }
    Watch added = new Watch(c.id(), c.provider(), ch.push(), ch.deadline(), now);
    watches.put(c.id(), added);
    ask(added, now);
    return true;
  }

  /**
   * What this node's watcher learnt of the case's push, if it is that push it watches. Empty means
   * no answer yet (or another node watches it).
   */
  public Optional<Seen> seen(CaseId id, PushHandle push) {
    Watch w = watches.get(id);
    return w == null || !w.push.equals(push) ? Optional.empty() : Optional.ofNullable(w.seen);
  }

  /**
   * The failure of this node's last status call about the case's push, if it failed: a case that
   * reaches its deadline so escalates (the provider could not be asked) rather than timing out.
   */
  public Optional<TransientFailure> failing(CaseId id, PushHandle push) {
    Watch w = watches.get(id);
    return w == null || !w.push.equals(push) ? Optional.empty() : Optional.ofNullable(w.failing);
  }

  /** The pushes this node watches now; their tickets' re-reads are paced by it. */
  public int watching() {
    return watches.size();
  }

  /**
   * Stops watching the case's push (it was answered, timed out or cancelled): an open status call
   * is abandoned, and whatever it answers later is void.
   */
  public void forget(CaseId id) {
    run(
        () -> {
          Watch w = watches.get(id);
          if (w != null) {
            drop(w);
          }
        });
  }

  // --- the loop ----------------------------------------------------------------------------------

  private void run(Runnable task) {
    try {
      loop.execute(
          () -> {
            try {
              task.run();
            } catch (RuntimeException e) {
              LOG.log(Level.WARNING, "push watcher: {0}", e.toString());
            }
          });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // Closed: the store still holds every challenged case, and the next start resumes them.
    }
  }

  private void tickSafely() {
    try {
      tick();
    } catch (RuntimeException e) {
      // A store hiccup: the next tick tries again; leases last several ticks.
      LOG.log(Level.WARNING, "push watcher: {0}", e.toString());
    }
  }

  private void tick() {
    Instant now = clock.instant();
    if (!now.isBefore(nextHoldCheck)) {
      checkHeld();
      nextHoldCheck = now.plus(timing.holdCheck());
    }
    if (!now.isBefore(nextPickup)) {
      // Pushes whose watcher stopped (a crash, a restart, a node gone): take them over.
      int taken = 0;
      for (CaseId id : leases.unwatched(timing.pickupBatch(), providers.keySet())) {
        if (store.find(id).map(this::watchHere).orElse(false)) {
          taken++;
        }
      }
      // A full batch, all taken: there may be more, read on at the next tick. One this node
      // cannot take (not registered yet) waits for the next round.
      nextPickup = taken < timing.pickupBatch() ? now.plus(timing.pickup()) : now;
    }
    for (Watch w : List.copyOf(watches.values())) {
      if (w.seen != null || !now.isBefore(w.deadline.plus(answerGrace()))) {
        // Answered, or past the point where the workflow decides without us: keep the case due
        // until a worker has taken it out of CHALLENGED (a worker that held the claim when the
        // answer came may have parked it again), then let go.
        settle(w, now);
      } else if (w.call == null && !now.isBefore(w.nextAskAt)) {
        ask(w, now);
      }
    }
  }

  /**
   * Compares the watches this node holds in the store with those it keeps: one taken from it (the
   * node was silent beyond {@code node-timeout} and taken over; another node asks now) is dropped
   * without a word to the store, and one it holds but does not keep (left by its earlier run, or a
   * release that failed) is given up: a restarted node's pushes are then unwatched, and the next
   * search for those takes them. Watches are kept and leased on this loop alone, so a stray here is
   * never one being set up.
   */
  private void checkHeld() {
    Set<CaseId> held = leases.held(node);
    for (Watch w : List.copyOf(watches.values())) {
      if (!held.contains(w.id)) {
        abandon(w); // not released: it is not this node's to give up
        LOG.log(
            Level.WARNING,
            "case {0}: push {1} is watched by another node now (this node was taken over)",
            w.id,
            w.push.id());
      }
    }
    held.removeAll(watches.keySet());
    leases.release(node, held);
  }

  /**
   * Searches the store for pushes nobody watches at the next tick: a node was taken over, or this
   * node has just registered (what it watched before a restart is searched for at once).
   */
  public void pickUpNow() {
    run(() -> nextPickup = Instant.MIN);
  }

  private void settle(Watch w, Instant now) {
    Optional<VerificationCase> c = store.find(w.id);
    boolean stillWaiting =
        c.isPresent()
            && c.get().state() == CaseState.CHALLENGED
            && c.get().challenge().map(ch -> ch.push().equals(w.push)).orElse(false);
    if (!stillWaiting) {
      drop(w);
      return;
    }
    if (w.seen != null && store.nudgePush(w.provider, w.push.id(), now)) {
      wakeWorkers.run();
    }
    if (w.seen == null && w.call == null && !now.isBefore(w.nextAskAt)) {
      ask(w, now); // one more look after the deadline: a late denial still counts as a denial
    }
  }

  private void ask(Watch w, Instant now) {
    PushProvider provider = providers.get(w.provider);
    CompletableFuture<PushStatus> call;
    try {
      CompletionStage<PushStatus> stage = provider.statusAsync(w.push, blocking);
      call = stage.toCompletableFuture();
    } catch (RuntimeException e) {
      call = CompletableFuture.failedFuture(e);
    }
    w.call = call;
    w.askedAt = now;
    CompletableFuture<PushStatus> asked = call;
    call.whenComplete((status, error) -> run(() -> answered(w, asked, status, error)));
  }

  private void answered(
      Watch w, CompletableFuture<PushStatus> call, PushStatus status, Throwable e) {
    if (w.call != call) {
      return;
    }
    w.call = null;
    if (watches.get(w.id) != w) {
      return; // forgotten while asking: the answer is void
    }
    Instant now = clock.instant();
    PushProvider provider = providers.get(w.provider);
    if (e != null) {
      RuntimeException failure = unwrap(e);
      if (failure instanceof TransientFailure t) {
        // Before the deadline a failed look only delays the next one: the answer may still be
        // learnt, and the deadline bounds the wait. One more look comes at the deadline at the
        // latest; a case whose provider still fails then escalates (see failing()).
        w.failures++;
        w.failing = t;
        Instant retry = now.plus(backoff(w.failures, t.retryAfter()));
        Instant lastLook = w.deadline.isAfter(now) ? w.deadline : now.plusMillis(200);
        w.nextAskAt = retry.isBefore(lastLook) ? retry : lastLook;
        LOG.log(
            Level.INFO,
            "case {0}: status of push {1} failed ({2} in a row), asking again at {3}: {4}",
            w.id,
            w.push.id(),
            w.failures,
            w.nextAskAt,
            t.getMessage());
        return;
      }
      w.seen = new Seen.Failed(failure, now);
      LOG.log(
          Level.WARNING,
          "case {0}: status of push {1} failing: {2}",
          w.id,
          w.push.id(),
          failure.getMessage());
      settle(w, now);
      return;
    }
    Optional<TransientFailure> failedBefore = Optional.ofNullable(w.failing);
    w.failures = 0;
    w.failing = null;
    if (status instanceof PushStatus.Pending) {
      // A long poll that held until it ran out is asked again at once, and so is the first
      // question of a transaction, which Duo answers at once; a provider that keeps answering at
      // once (it does not hold, or not now) is asked at the poll interval, lest it be spun.
      boolean held = Duration.between(w.askedAt, now).compareTo(Duration.ofSeconds(1)) >= 0;
      w.quickPendings = held ? 0 : w.quickPendings + 1;
      w.nextAskAt =
          provider.statusWaitsForChange() && w.quickPendings <= 1
              ? now
              : now.plus(pollInterval(provider));
      return;
    }
    w.seen = new Seen.Answered(status, now, failedBefore);
    LOG.log(
        Level.INFO,
        "case {0}: push {1} answered ({2}); case made due",
        w.id,
        w.push.id(),
        status.getClass().getSimpleName());
    settle(w, now);
  }

  private void drop(Watch w) {
    abandon(w);
    leases.release(w.id, node);
  }

  /** Stops keeping the watch; its open call is abandoned and whatever it answers is void. */
  private void abandon(Watch w) {
    watches.remove(w.id, w);
    if (w.call != null) {
      // Providers with a non-blocking status cancel their HTTP call.
      w.call.cancel(true);
      w.call = null;
    }
  }

  /** How long after a push's deadline the workflow still waits for the provider's last word. */
  Duration answerGrace() {
    return answerGrace(policy);
  }

  static Duration answerGrace(WorkflowPolicy policy) {
    return policy.pollInterval().plusSeconds(2);
  }

  private Duration pollInterval(PushProvider provider) {
    Duration own = policy.pollInterval();
    return provider.pollInterval().filter(p -> p.compareTo(own) < 0).orElse(own);
  }

  /**
   * Doubling from the policy's retry base, but never longer than four poll intervals: a pending
   * push is worth a look while it can still be answered.
   */
  private Duration backoff(int failures, Optional<Duration> retryAfter) {
    long base = policy.retryBase().toMillis() << Math.min(failures - 1, 20);
    long cap = Math.min(policy.retryMax().toMillis(), policy.pollInterval().toMillis() * 4);
    Duration wait = Duration.ofMillis(Math.min(base, cap));
    return retryAfter.filter(ra -> ra.compareTo(wait) > 0).orElse(wait);
  }

  private static RuntimeException unwrap(Throwable e) {
    Throwable t = e;
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof TransientFailure || t instanceof PermanentFailure) {
      return (RuntimeException) t;
    }
    // A provider that breaks its contract is taken for failing, not trusted.
    return new TransientFailure("provider", "status", t.toString(), Optional.empty(), true, t);
  }

  /**
   * Stops asking; open calls are abandoned. The watches stay this node's: a restart takes them back
   * at once, and otherwise the other nodes take them over with the node's claims.
   */
  @Override
  public void close() {
    loop.shutdown();
    try {
      loop.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (Watch w : watches.values()) {
      if (w.call != null) {
        w.call.cancel(true);
      }
    }
    blocking.shutdownNow();
  }
}
