package com.helpdeskverify.core.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * The case store's database: its schema, connections, transactions and time columns, shared by the
 * parts of {@link JdbcCaseStore}. Every failure leaves as a {@link StoreFailure} naming what was
 * being done.
 */
final class Jdbc {

  @FunctionalInterface
  interface SqlWork<T> {
    T run(Connection conn) throws SQLException;
  }

  private final DataSource dataSource;
  private final boolean postgres;

  private Jdbc(DataSource dataSource, boolean postgres) {
    this.dataSource = dataSource;
    this.postgres = postgres;
  }

  /** Brings the schema up to date with Flyway. */
  static Jdbc migrate(DataSource dataSource) {
    boolean postgres = isPostgres(dataSource);
    flyway(dataSource, postgres).load().migrate();
    return new Jdbc(dataSource, postgres);
  }

  /** The store's Flyway set-up (tests migrate to an earlier version with it). */
  static FluentConfiguration flyway(DataSource dataSource, boolean postgres) {
    List<String> locations = new ArrayList<>(List.of("classpath:db/migration/common"));
    // What the two databases say differently (a stored generated column, PostgreSQL's triggers).
    locations.add(postgres ? "classpath:db/migration/postgresql" : "classpath:db/migration/h2");
    return Flyway.configure()
        .dataSource(dataSource)
        .locations(locations.toArray(String[]::new))
        .table("hv_schema_history");
  }

  static boolean isPostgres(DataSource dataSource) {
    Objects.requireNonNull(dataSource, "dataSource");
    try (Connection c = dataSource.getConnection()) {
      return c.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres");
    } catch (SQLException e) {
      throw new StoreFailure("connect", e);
    }
  }

  /** PostgreSQL, or else H2: the two differ in upserts and row locks. */
  boolean postgres() {
    return postgres;
  }

  <T> T query(String what, SqlWork<T> work) {
    try (Connection conn = dataSource.getConnection()) {
      return work.run(conn);
    } catch (SQLException e) {
      throw new StoreFailure(what, e);
    }
  }

  <T> T inTransaction(String what, SqlWork<T> work) {
    try (Connection conn = dataSource.getConnection()) {
      boolean autoCommit = conn.getAutoCommit();
      conn.setAutoCommit(false);
      try {
        T result = work.run(conn);
        conn.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        conn.rollback();
        throw e;
      } finally {
        conn.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      throw new StoreFailure(what, e);
    }
  }

  /** Both databases keep microseconds; truncating here makes what we write what we read back. */
  static OffsetDateTime time(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
  }

  static Instant instant(ResultSet rs, String column) throws SQLException {
    return rs.getObject(column, OffsetDateTime.class).toInstant();
  }

  static Instant instant(ResultSet rs, int column) throws SQLException {
    return rs.getObject(column, OffsetDateTime.class).toInstant();
  }

  static Optional<Instant> optionalInstant(ResultSet rs, String column) throws SQLException {
    return Optional.ofNullable(rs.getObject(column, OffsetDateTime.class))
        .map(OffsetDateTime::toInstant);
  }
}
