package com.helpdeskverify.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import com.helpdeskverify.scheduler.config.ServiceConfig;
import com.helpdeskverify.testkit.TestDatabase;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StorePoolTest {

  /** H2 closes the store without moving chunks (StorePool.H2_NO_COMPACTION_ON_CLOSE). */
  @Test
  void h2ClosesWithoutCompacting(@TempDir Path dir) throws Exception {
    assertThat(h2PoolSetting(dir, "MAX_COMPACT_TIME")).isEqualTo("0");
  }

  /** Each H2 session keeps 64 statements parsed, not 8 (StorePool.H2_PARSED_STATEMENTS). */
  @Test
  void h2SessionsKeepSixtyFourStatementsParsed(@TempDir Path dir) throws Exception {
    assertThat(h2PoolSetting(dir, "QUERY_CACHE_SIZE")).isEqualTo("64");
  }

  /** H2's page cache holds 4 MiB, not its default 16 (StorePool.H2_PAGE_CACHE). */
  @Test
  void h2KeepsAFourMebibytePageCache(@TempDir Path dir) throws Exception {
    assertThat(h2PoolSetting(dir, "info.CACHE_MAX_SIZE")).isEqualTo("4");
  }

  /**
   * An admin's own settings in {@code store.url} count, and the store still opens: H2 refuses a
   * setting given both in the URL and as a property.
   */
  @Test
  void h2SettingsInTheUrlAreTheAdminsAndOpenTheStore(@TempDir Path dir) throws Exception {
    String own = ";cache_size=8192;QUERY_CACHE_SIZE=16;MAX_COMPACT_TIME=100";
    assertThat(h2PoolSetting(dir, own, "info.CACHE_MAX_SIZE")).isEqualTo("8");
    assertThat(h2PoolSetting(dir, own, "QUERY_CACHE_SIZE")).isEqualTo("16");
    assertThat(h2PoolSetting(dir, own, "MAX_COMPACT_TIME")).isEqualTo("100");
  }

  /** A setting as a connection of a pool StorePool configured for an H2 file store reads it. */
  private static String h2PoolSetting(Path dir, String name) throws Exception {
    return h2PoolSetting(dir, "", name);
  }

  private static String h2PoolSetting(Path dir, String ownSettings, String name) throws Exception {
    String url = "jdbc:h2:file:" + dir.resolve("helpdesk-verify") + ";WRITE_DELAY=0" + ownSettings;
    ServiceConfig.Store store = new ServiceConfig.Store(url, Optional.empty(), Optional.empty(), 1);
    try (HikariDataSource pool = new HikariDataSource(StorePool.config(store, url, "test", 1));
        Connection c = pool.getConnection()) {
      return TestDatabase.h2Setting(c, name);
    }
  }

  /**
   * A statement run often keeps being planned for its values and the table as it is: PostgreSQL
   * would otherwise keep the generic plan it chose while the table was small (the driver prepares a
   * statement on the server from its fifth run).
   */
  @Test
  void postgresPlansEveryRunOfAPreparedStatementAfresh() throws Exception {
    try (TestDatabase db = TestDatabase.postgres()) {
      String schema;
      try (Connection c = db.dataSource().getConnection()) {
        schema = c.getSchema();
      }
      String base = TestDatabase.postgresUrl();
      String url = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
      ServiceConfig.Store store =
          new ServiceConfig.Store(url, Optional.empty(), Optional.empty(), 1);
      try (HikariDataSource pool = new HikariDataSource(StorePool.config(store, url, "test", 1));
          Connection c = pool.getConnection()) {
        try (Statement s = c.createStatement()) {
          s.execute("create table budget (id int primary key, owner varchar(50))");
          s.execute("insert into budget values (1, 'ana'), (2, 'ben')");
        }
        try (PreparedStatement ps =
            c.prepareStatement("select count(*) from budget where owner = ?")) {
          for (int i = 0; i < 12; i++) {
            ps.setString(1, i % 2 == 0 ? "ana" : "ben");
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
            }
          }
        }
        try (Statement s = c.createStatement();
            ResultSet rs =
                s.executeQuery(
                    "select generic_plans, custom_plans from pg_prepared_statements"
                        + " where statement like 'select count(*) from budget%'")) {
          assertThat(rs.next()).as("the statement prepared on the server").isTrue();
          assertThat(rs.getLong("generic_plans")).isZero();
          assertThat(rs.getLong("custom_plans")).isPositive();
        }
      }
    }
  }

  @Test
  void anEmbeddedStoreHasNoPostgresSettings() {
    ServiceConfig.Store store =
        new ServiceConfig.Store("jdbc:h2:file:/tmp/x", Optional.empty(), Optional.empty(), 1);
    assertThat(StorePool.config(store, store.url(), "test", 1).getConnectionInitSql()).isNull();
  }
}
