package com.helpdeskverify.scheduler;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forces the embedded H2 store to disk every {@link #EVERY} and, while that works, lets H2 reuse
 * the space of old chunks after {@link #RETENTION} instead of its default 45 s.
 *
 * <p>Why: at {@code WRITE_DELAY=0} H2 writes one chunk to its file per commit and never forces the
 * file (only {@code CHECKPOINT SYNC} does); it keeps every chunk for {@code RETENTION_TIME},
 * "assumed" long enough for the operating system to have written it before its space is reused
 * (H2's {@code FileStore.setRetentionTime}). Each chunk kept costs heap: during a burst, about 800
 * commits a second kept 45 s held some 37,000 chunk records, 13 MiB more live heap than the same
 * workflow on PostgreSQL (BENCHMARKS.md), enough to keep the deploy files' small heap bound out of
 * reach. Forced every second, a chunk is on disk long before five seconds have passed, so the
 * shorter retention keeps H2's assumption true rather than hoping for it; and a host that crashes
 * loses at most the last second of commits, where before it relied on the kernel's write-back (30 s
 * by default on Linux).
 *
 * <p>When a sync fails the retention goes back to H2's default until one works again. On close the
 * default is put back: H2 keeps the setting in the file, and a process that opens it without this
 * class must not inherit a retention nobody keeps true.
 */
final class StoreSync implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StoreSync.class);

  static final Duration EVERY = Duration.ofSeconds(1);
  static final Duration RETENTION = Duration.ofSeconds(5);

  /** H2's own retention (its {@code FileStore.getDefaultRetentionTime}). */
  static final Duration H2_DEFAULT_RETENTION = Duration.ofSeconds(45);

  private final DataSource dataSource;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "hv-store-sync");
            t.setDaemon(true);
            return t;
          });

  /** Whether the shorter retention is set: only after a sync worked, and until one fails. */
  private boolean shortened;

  private boolean failing;

  private StoreSync(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource);
  }

  /**
   * Starts forcing the store to disk when {@code url} names an embedded H2 file; otherwise nothing
   * (PostgreSQL makes every commit durable itself).
   */
  static Optional<StoreSync> start(String url, DataSource dataSource) {
    if (StoreAccess.h2File(url).isEmpty()) {
      return Optional.empty();
    }
    StoreSync sync = new StoreSync(dataSource);
    sync.sync();
    long every = EVERY.toMillis();
    sync.timer.scheduleWithFixedDelay(sync::sync, every, every, TimeUnit.MILLISECONDS);
    return Optional.of(sync);
  }

  /** One round: the file forced to disk, and the retention that fits whether that worked. */
  synchronized void sync() {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute("CHECKPOINT SYNC");
      if (!shortened) {
        retention(s, RETENTION);
        shortened = true;
      }
      if (failing) {
        LOG.info("embedded store: forced to disk again; chunks kept {}s", RETENTION.toSeconds());
        failing = false;
      }
    } catch (SQLException | RuntimeException e) {
      if (!failing) {
        LOG.warn(
            "embedded store: cannot force it to disk, keeping H2's {}s chunk retention until it"
                + " works: {}",
            H2_DEFAULT_RETENTION.toSeconds(),
            e.toString());
        failing = true;
      }
      if (shortened) {
        shortened = !restoreDefault(false);
      }
    }
  }

  /** Puts H2's default retention back, and forces that (and all before it) to disk if asked. */
  private boolean restoreDefault(boolean force) {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      retention(s, H2_DEFAULT_RETENTION);
      if (force) {
        s.execute("CHECKPOINT SYNC");
      }
      return true;
    } catch (SQLException | RuntimeException e) {
      LOG.warn("embedded store: cannot set its chunk retention back: {}", e.toString());
      return false;
    }
  }

  private static void retention(Statement s, Duration retention) throws SQLException {
    s.execute("SET RETENTION_TIME " + retention.toMillis());
  }

  /** Stops forcing, after a last sync, and leaves H2's default retention in the file. */
  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      shortened = !restoreDefault(true);
    }
  }
}
