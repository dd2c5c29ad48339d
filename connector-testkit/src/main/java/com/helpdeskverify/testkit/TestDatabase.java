package com.helpdeskverify.testkit;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A database of a test's own: a private in-memory H2, or a private schema on the real PostgreSQL
 * (system property {@code hv.test.postgres.url}, default 127.0.0.1:5432/test). Without PostgreSQL
 * the test is skipped with the reason, unless {@code CI=true}, where it fails. Closing drops the
 * schema.
 */
public final class TestDatabase implements AutoCloseable {
  public static final String DEFAULT_POSTGRES_URL =
      "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

  private final String kind;
  private final HikariDataSource pool;
  private final Optional<String> schema;
  private final String adminUrl;

  private TestDatabase(
      String kind, HikariDataSource pool, Optional<String> schema, String adminUrl) {
    this.kind = kind;
    this.pool = pool;
    this.schema = schema;
    this.adminUrl = adminUrl;
  }

  public static TestDatabase h2() {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(
        "jdbc:h2:mem:hv-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000");
    config.setMaximumPoolSize(8);
    return new TestDatabase("h2", new HikariDataSource(config), Optional.empty(), "");
  }

  public static TestDatabase postgres() {
    String url = postgresUrl();
    String schema = "hv_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute("create schema " + schema);
    } catch (SQLException e) {
      String reason = "PostgreSQL is not reachable at " + url + " (" + e.getMessage() + ")";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        Assertions.fail(reason + "; CI=true requires it");
      }
      Assumptions.abort(reason + "; skipping. Set CI=true to make this a failure.");
    }
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema);
    config.setMaximumPoolSize(10);
    return new TestDatabase("postgresql", new HikariDataSource(config), Optional.of(schema), url);
  }

  public static TestDatabase of(String kind) {
    return switch (kind) {
      case "h2" -> h2();
      case "postgresql" -> postgres();
      default -> throw new IllegalArgumentException("unknown database kind " + kind);
    };
  }

  /**
   * The value H2 reports for setting {@code name} on {@code c} ({@code
   * INFORMATION_SCHEMA.SETTINGS}), failing the test when H2 has no such setting.
   */
  public static String h2Setting(Connection c, String name) throws SQLException {
    // A plain statement: some tests hand in a connection that wraps only createStatement.
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "select setting_value from information_schema.settings where setting_name = '"
                    + name
                    + "'")) {
      Assertions.assertTrue(rs.next(), () -> "H2 reports no setting " + name);
      return rs.getString(1);
    }
  }

  public static String postgresUrl() {
    return System.getProperty("hv.test.postgres.url", DEFAULT_POSTGRES_URL);
  }

  public String kind() {
    return kind;
  }

  public DataSource dataSource() {
    return pool;
  }

  @Override
  public void close() {
    pool.close();
    if (schema.isPresent()) {
      try (Connection c = DriverManager.getConnection(adminUrl);
          Statement s = c.createStatement()) {
        s.execute("drop schema " + schema.get() + " cascade");
      } catch (SQLException e) {
        throw new IllegalStateException("could not drop test schema " + schema.get(), e);
      }
    }
  }

  @Override
  public String toString() {
    return kind;
  }
}
