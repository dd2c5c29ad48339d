package com.helpdeskverify.scheduler;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;

/** Connection pools for the case store. */
public final class Databases {
  private Databases() {}

  /** The embedded default: an H2 database in one file under {@code dataDir}, no server needed. */
  public static HikariDataSource embedded(Path dataDir) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(
        "jdbc:h2:file:"
            + dataDir.toAbsolutePath().resolve("helpdesk-verify")
            + ";LOCK_TIMEOUT=10000");
    config.setMaximumPoolSize(4);
    config.setPoolName("embedded-store");
    return new HikariDataSource(config);
  }
}
