package com.helpdeskverify.core.store;

import com.helpdeskverify.core.spi.ReplayGuard;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * A {@link ReplayGuard} on the case store's database: the first node to record a delivery key wins,
 * every other node and every later delivery with the key is a replay. Expired keys are swept as new
 * ones arrive.
 */
public final class JdbcReplayGuard implements ReplayGuard {
  private final DataSource dataSource;
  private final Clock clock;

  /** Use on a database {@link CaseStore#migrate} has prepared. */
  public JdbcReplayGuard(DataSource dataSource, Clock clock) {
    this.dataSource = Objects.requireNonNull(dataSource);
    this.clock = Objects.requireNonNull(clock);
  }

  @Override
  public boolean firstSeen(String key, Instant expiresAt) {
    String bounded = key.length() <= 200 ? key : key.substring(0, 200);
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement sweep =
          c.prepareStatement("delete from webhook_delivery where expires_at < ?")) {
        sweep.setObject(1, clock.instant().truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC));
        sweep.executeUpdate();
      }
      try (PreparedStatement insert =
          c.prepareStatement(
              "insert into webhook_delivery (delivery_key, expires_at) values (?, ?)")) {
        insert.setString(1, bounded);
        insert.setObject(2, expiresAt.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC));
        insert.executeUpdate();
        return true;
      }
    } catch (SQLException e) {
      if ("23505".equals(e.getSQLState())) {
        return false;
      }
      throw new StoreFailure("record webhook delivery", e);
    }
  }
}
