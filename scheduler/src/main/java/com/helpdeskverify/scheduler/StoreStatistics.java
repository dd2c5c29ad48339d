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
 * https://www.postgresql.org/docs/15/routine-vacuuming.html#VACUUM-FOR-STATISTICS). Where
 * autovacuum is off (the server's {@code autovacuum}, or a table's {@code autovacuum_enabled}), it
 * also vacuums each table with more than 50 dead rows and a fifth of its live rows ({@code
 * autovacuum_vacuum_threshold} and {@code autovacuum_vacuum_scale_factor}:
 * https://www.postgresql.org/docs/15/runtime-config-autovacuum.html), and says once, as a warning,
 * that autovacuum is off for which tables.
 *
 * <p>Why: a table never analyzed (a new database until autovacuum's first pass, a minute or more
 * into a burst; or always, where autovacuum is off, as on this workplace's PostgreSQL) is costed as
 * if it held one row, every index alike, and the planner takes whichever it meets first. The push
 * nudge ({@code provider = ? and push_id = ?}) then read every case of the provider through the
 * push budget's index: 17–35 ms a call at 20,000 cases, and more with every case the store keeps
 * (BENCHMARKS.md, "The push budget's count without statistics"). With autovacuum on it has usually
 * analyzed first, and a round finds nothing to do. ANALYZE reads a sample, not the table, and
 * blocks no reads or writes.
 *
 * <p>Why the vacuum: every step of a case updates its row (about eight times a ticket) and the push
 * watcher its lease; without autovacuum nothing reclaims the old versions, so the tables and their
 * indexes grow with every ticket ever worked, not with the open ones (BENCHMARKS.md, "Dead rows
 * where autovacuum is off"). A plain VACUUM, as autovacuum's, blocks no reads or writes either; it
 * is not run where autovacuum runs.
 */
final class StoreStatistics implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StoreStatistics.class);

  static final Duration EVERY = Duration.ofSeconds(30);

  private static final String STALE =
      "select relname from pg_stat_user_tables where schemaname = current_schema()"
          + " and n_mod_since_analyze > 50 + 0.1 * n_live_tup order by relname";

  /**
   * The store's tables autovacuum leaves alone, with whether each has dead rows enough to vacuum. A
   * table's {@code autovacuum_enabled} is read with PostgreSQL's own cast to boolean, which takes
   * every spelling it accepts ({@code false}, {@code off}, {@code 0}, ...).
   */
  private static final String UNVACUUMED =
      "select t.relname, t.n_dead_tup > 50 + 0.2 * t.n_live_tup from pg_stat_user_tables t"
          + " join pg_class c on c.oid = t.relid where t.schemaname = current_schema()"
          + " and (current_setting('autovacuum')::boolean = false or exists (select 1 from"
          + " pg_options_to_table(c.reloptions) o where o.option_name = 'autovacuum_enabled'"
          + " and o.option_value::boolean = false)) order by t.relname";

  private final DataSource dataSource;
  private final ScheduledExecutorService timer = Timers.daemon("hv-store-statistics");
  private boolean failing;
  private boolean toldAutovacuumOff;

  /** What a round did. */
  record Round(List<String> vacuumed, List<String> analyzed) {}

  StoreStatistics(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource);
  }

  /**
   * Starts the rounds when {@code url} names PostgreSQL; H2 analyzes a table itself every 2,000
   * changed rows (its {@code ANALYZE_AUTO}, {@code DbSettings.analyzeAuto} in 2.3.232 and 2.4.240).
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
   * One round: where autovacuum is off, the tables with dead rows enough are vacuumed (and analyzed
   * with it); the other tables changed enough since their last ANALYZE are analyzed.
   */
  synchronized Round round() {
    List<String> vacuumed = new ArrayList<>();
    List<String> analyzed = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      // VACUUM cannot run inside a transaction block. SKIP_LOCKED (PostgreSQL 12 and later):
      // where another node's round holds the table, this one does not wait for it.
      c.setAutoCommit(true);
      List<String> unvacuumed = new ArrayList<>();
      List<String> toVacuum = new ArrayList<>();
      try (ResultSet rs = s.executeQuery(UNVACUUMED)) {
        while (rs.next()) {
          unvacuumed.add(rs.getString(1));
          if (rs.getBoolean(2)) {
            toVacuum.add(rs.getString(1));
          }
        }
      }
      if (!unvacuumed.isEmpty() && !toldAutovacuumOff) {
        LOG.warn(
            "store: autovacuum is off for {} (the server's autovacuum setting or the tables'"
                + " autovacuum_enabled); the service vacuums them itself when a fifth of their rows"
                + " are dead, but autovacuum is what PostgreSQL should run",
            unvacuumed);
        toldAutovacuumOff = true;
      }
      for (String table : toVacuum) {
        s.execute("vacuum (analyze, skip_locked) " + quoted(table));
        vacuumed.add(table);
      }
      List<String> stale = new ArrayList<>();
      try (ResultSet rs = s.executeQuery(STALE)) {
        while (rs.next()) {
          stale.add(rs.getString(1));
        }
      }
      stale.removeAll(vacuumed);
      for (String table : stale) {
        s.execute("analyze (skip_locked) " + quoted(table));
        analyzed.add(table);
      }
      if (!vacuumed.isEmpty() || !analyzed.isEmpty()) {
        LOG.debug(
            "store: vacuumed {}, planner statistics brought up to date for {}", vacuumed, analyzed);
      }
      if (failing) {
        LOG.info("store: planner statistics kept up to date again");
        failing = false;
      }
    } catch (SQLException | RuntimeException e) {
      if (!failing) {
        LOG.warn(
            "store: cannot vacuum or bring the planner's statistics up to date (autovacuum is left"
                + " to do it): {}",
            e.toString());
        failing = true;
      }
    }
    return new Round(List.copyOf(vacuumed), List.copyOf(analyzed));
  }

  private static String quoted(String table) {
    return "\"" + table.replace("\"", "\"\"") + "\"";
  }

  @Override
  public void close() {
    Timers.stop(timer);
  }
}
