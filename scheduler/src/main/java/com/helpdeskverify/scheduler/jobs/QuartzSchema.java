package com.helpdeskverify.scheduler.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.quartz.Scheduler;

/**
 * Creates Quartz's tables for the clustered JDBC job store on PostgreSQL, from the DDL Quartz ships
 * in its own jar, under a Flyway history of its own so the case store's migrations stay apart.
 */
public final class QuartzSchema {
  private static final String DDL = "org/quartz/impl/jdbcjobstore/tables_postgres.sql";

  private QuartzSchema() {}

  public static void migrate(DataSource dataSource) {
    Flyway.configure()
        .dataSource(dataSource)
        .table("hv_quartz_schema_history")
        .locations("classpath:db/quartz-none")
        .javaMigrations(new Tables(ddl()))
        // The database already holds the case store; this history starts empty beside it.
        .baselineOnMigrate(true)
        .baselineVersion("0")
        .load()
        .migrate();
  }

  private static String ddl() {
    try (InputStream in = Scheduler.class.getClassLoader().getResourceAsStream(DDL)) {
      if (in == null) {
        throw new IllegalStateException("Quartz jar lacks " + DDL);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + DDL, e);
    }
  }

  /** Quartz's DDL minus its DROP and COMMIT statements, which have no place in a migration. */
  static List<String> statements(String ddl) {
    String withoutComments =
        ddl.lines().filter(l -> !l.strip().startsWith("--")).reduce("", (a, b) -> a + "\n" + b);
    return Arrays.stream(withoutComments.split(";"))
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .filter(s -> !s.toLowerCase(Locale.ROOT).startsWith("drop "))
        .filter(s -> !s.equalsIgnoreCase("commit"))
        .toList();
  }

  private static final class Tables implements JavaMigration {
    private final String ddl;

    Tables(String ddl) {
      this.ddl = ddl;
    }

    @Override
    public MigrationVersion getVersion() {
      return MigrationVersion.fromVersion("1");
    }

    @Override
    public String getDescription() {
      return "Quartz " + Scheduler.class.getPackage().getImplementationVersion() + " tables";
    }

    @Override
    public Integer getChecksum() {
      CRC32 crc = new CRC32();
      crc.update(String.join(";", statements(ddl)).getBytes(StandardCharsets.UTF_8));
      return (int) crc.getValue();
    }

    @Override
    public boolean canExecuteInTransaction() {
      return true;
    }

    @Override
    public void migrate(Context context) throws Exception {
      try (Statement s = context.getConnection().createStatement()) {
        for (String sql : statements(ddl)) {
          s.execute(sql);
        }
      }
    }
  }
}
