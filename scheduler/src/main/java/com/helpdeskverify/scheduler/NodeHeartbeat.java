package com.helpdeskverify.scheduler;

import com.helpdeskverify.core.store.CaseStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's check-in, as Quartz's cluster check-in works: every quarter of the silence bound the
 * node records that it lives and frees the claims of every node silent for longer than the bound,
 * so that their cases move on within seconds rather than when the claims run out.
 */
final class NodeHeartbeat implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NodeHeartbeat.class);

  private final CaseStore store;
  private final String node;
  private final Clock clock;
  private final Duration silence;
  private final Runnable onTakeOver;
  private final ScheduledExecutorService timer = Timers.daemon("hv-heartbeat");

  NodeHeartbeat(CaseStore store, String node, Clock clock, Duration silence, Runnable onTakeOver) {
    this.store = Objects.requireNonNull(store);
    this.node = Objects.requireNonNull(node);
    this.clock = Objects.requireNonNull(clock);
    this.silence = Objects.requireNonNull(silence);
    this.onTakeOver = Objects.requireNonNull(onTakeOver);
  }

  void start() {
    long every = Math.max(250, silence.toMillis() / 4);
    timer.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.MILLISECONDS);
  }

  /** One check-in: alive, and the claims of silent nodes freed. */
  void beat() {
    try {
      store.heartbeat(node, clock.instant());
      Map<String, Integer> taken = store.takeOverSilentNodes(node, clock.instant(), silence);
      taken.forEach(
          (silent, claims) ->
              LOG.warn(
                  "node {} has not checked in for {}s; its {} claimed case(s) are free to work",
                  silent,
                  silence.toSeconds(),
                  claims));
      if (!taken.isEmpty()) {
        onTakeOver.run();
      }
    } catch (RuntimeException e) {
      // A failed check-in is retried at the next beat; others take over only after the bound.
      LOG.warn("check-in of node {} failed: {}", node, e.toString());
    }
  }

  @Override
  public void close() {
    Timers.stop(timer); // a check-in being written ends first: see Timers.stop
  }
}
