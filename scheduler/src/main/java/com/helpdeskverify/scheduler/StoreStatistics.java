package com.helpdeskverify.scheduler;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps PostgreSQL's planner statistics of the store's tables current, as autovacuum's analyze
 * would: every {@link #EVERY} it analyzes each table of the store's schema that changed by more
 * than 50 rows and a tenth of its live rows since it was last analyzed (autovacuum's own defaults,
 * {@code autovacuum_analyze_threshold} and {@code autovacuum_analyze_scale_factor}:
 * https://www.postgresql.org/docs/15/routine-vacuuming.html#VACUUM-FOR-STATISTICS).
 *
 * <p>Why: a table never analyzed (a new database until autovacuum's first pass, a minute or more
 * into a burst; or always, where autovacuum is off, as on this workplace's PostgreSQL) is costed as
 * if it held one row, every index alike, and the planner takes whichever it meets first. The push
 * nudge ({@code provider = ? and push_id = ?}) then read every case of the provider through the
 * push budget's index: 17–35 ms a call at 20,000 cases, and more with every case the store keeps
 * (BENCHMARKS.md, "The push budget's count without statistics"). With autovacuum on it has usually
 * analyzed first, and a round finds nothing to do. ANALYZE reads a sample, not the table, and
 * blocks no reads or writes.
 */
final class StoreStatistics implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StoreStatistics.class);

  static final Duration EVERY = Duration.ofSeconds(30);

  private static final String STALE =
      "select relname from pg_stat_user_tables where schemaname = current_schema()"
          + " and n_mod_since_analyze > 50 + 0.1 * n_live_tup order by relname";

  private final DataSource dataSource;
  private final ScheduledExecutorService timer = Timers.daemon("hv-store-statistics");
  private boolean failing;

  StoreStatistics(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource);
  }

  /**
   * Starts the rounds when {@code url} names PostgreSQL; H2 analyzes a table itself every 2,000
   * changed rows (its {@code ANALYZE_AUTO}, {@code DbSettings.analyzeAuto} in 2.3.232).
   */
  static Optional<StoreStatistics> start(String url, DataSource dataSource) {
    if (!url.startsWith("jdbc:postgresql:")) {
      return Optional.empty();
    }
    StoreStatistics statistics = new StoreStatistics(dataSource);
    long every = EVERY.toMillis();
    statistics.timer.scheduleWithFixedDelay(statistics::round, every, every, TimeUnit.MILLISECONDS);
    return Optional.of(statistics);
  }

  /**
   * One round: the tables changed enough since their last ANALYZE are analyzed.
   *
   * @return the tables analyzed
   */
  synchronized List<String> round() {
    List<String> analyzed = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      List<String> stale = new ArrayList<>();
      try (ResultSet rs = s.executeQuery(STALE)) {
        while (rs.next()) {
          stale.add(rs.getString(1));
        }
      }
      for (String table : stale) {
        s.execute("analyze \"" + table.replace("\"", "\"\"") + "\"");
        analyzed.add(table);
      }
      if (!analyzed.isEmpty()) {
        LOG.debug("store: planner statistics brought up to date for {}", analyzed);
      }
      if (failing) {
        LOG.info("store: planner statistics kept up to date again");
        failing = false;
      }
    } catch (SQLException | RuntimeException e) {
      if (!failing) {
        LOG.warn(
            "store: cannot bring the planner's statistics up to date (autovacuum's analyze is"
                + " left to do it): {}",
            e.toString());
        failing = true;
      }
    }
    return analyzed;
  }

  @Override
  public void close() {
    Timers.stop(timer);
  }
}
