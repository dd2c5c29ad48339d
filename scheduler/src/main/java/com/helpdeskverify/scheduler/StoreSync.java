package com.helpdeskverify.scheduler;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Does for the embedded H2 store what H2's own background writer would, had the service not
 * switched it off for durable commits: every {@link #EVERY} it rewrites the live pages of
 * fragmented chunks into new ones, forces the file to disk and, while that works, lets H2 reuse the
 * space of chunks after {@link #RETENTION} instead of its default 45 s.
 *
 * <p>Why: at {@code WRITE_DELAY=0} (a killed process must not forget state changes whose side
 * effects happened) H2 writes one chunk per commit but runs no background thread at all, so no
 * housekeeping (its {@code FileStore.setAutoCommitDelay} starts that thread only for a delay above
 * 0): a chunk stays as long as one of its pages is live, and a burst's ~800 commits a second left
 * tens of thousands of chunk records in the heap and a file that grew past 4 GB in ten minutes,
 * where with this class it stayed under 0.6 GB (BENCHMARKS.md, "The embedded store's
 * housekeeping"). And H2 never forces its file (only {@code CHECKPOINT SYNC} does); it keeps a
 * freed chunk for {@code RETENTION_TIME}, "assumed" long enough for the operating system to have
 * written what replaced it (H2's {@code FileStore.setRetentionTime}). Forced every second, a chunk
 * is on disk long before five seconds have passed, so the shorter retention keeps H2's assumption
 * true rather than hoping for it; and a host that crashes loses at most the last second of commits,
 * where before it relied on the kernel's write-back (30 s by default on Linux).
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

  /**
   * Chunks are rewritten while less than this share of what they hold is live: H2's own {@code
   * AUTO_COMPACT_FILL_RATE} default.
   */
  static final int FILL_RATE = 90;

  /**
   * The most live data a round rewrites, so that a round stays short while a burst commits: H2's
   * background writer rewrites a quarter of its auto-commit buffer (19 MiB where memory allows) per
   * round while the store is busy.
   */
  static final int REWRITE_BYTES = 4 << 20;

  private final DataSource dataSource;
  private final ScheduledExecutorService timer = Timers.daemon("hv-store-sync");

  /** Whether the shorter retention is set: only after a sync worked, and until one fails. */
  private boolean shortened;

  private boolean failing;
  private boolean compactFailing;

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

  /**
   * One round: fragmented chunks rewritten, the file forced to disk, and the retention that fits
   * whether that worked.
   */
  synchronized void sync() {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      compact(c);
      s.execute("CHECKPOINT SYNC"); // also writes what compact rewrote
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

  /**
   * H2's housekeeping, as its background writer does it: SQL has no statement for it, so it goes
   * through the embedded database's {@code MVStore}, whose {@code compact} is public API. A failure
   * here costs memory and disk, not durability: it is said once, and the sync goes on.
   */
  private void compact(Connection c) {
    try {
      if (c.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal local) {
        local.getDatabase().getStore().getMvStore().compact(FILL_RATE, REWRITE_BYTES);
      }
      compactFailing = false;
    } catch (SQLException | RuntimeException | LinkageError e) {
      if (!compactFailing) {
        LOG.warn("embedded store: cannot rewrite its fragmented chunks: {}", e.toString());
        compactFailing = true;
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
    Timers.stop(timer);
    synchronized (this) {
      shortened = !restoreDefault(true);
    }
  }
}
