package com.helpdeskverify.core.store;

import com.helpdeskverify.core.spi.ProviderNotes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * {@link ProviderNotes} on the case store's database, so every node reads what any node wrote.
 * Expired notes are swept as new ones are written.
 */
public final class JdbcProviderNotes implements ProviderNotes {
  private final DataSource dataSource;
  private final Clock clock;

  /** Use on a database {@link CaseStore#migrate} has prepared. */
  public JdbcProviderNotes(DataSource dataSource, Clock clock) {
    this.dataSource = Objects.requireNonNull(dataSource);
    this.clock = Objects.requireNonNull(clock);
  }

  @Override
  public void put(String key, String value, Instant expiresAt) {
    if (key.length() > 200 || value.length() > 2000) {
      throw new IllegalArgumentException("provider note too long: " + key.length() + " key chars");
    }
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement sweep =
              c.prepareStatement("delete from provider_note where expires_at < ?");
          PreparedStatement remove =
              c.prepareStatement("delete from provider_note where note_key = ?");
          PreparedStatement insert =
              c.prepareStatement(
                  "insert into provider_note (note_key, note_value, expires_at) values (?, ?, ?)")) {
        sweep.setObject(1, time(clock.instant()));
        sweep.executeUpdate();
        remove.setString(1, key);
        remove.executeUpdate();
        insert.setString(1, key);
        insert.setString(2, value);
        insert.setObject(3, time(expiresAt));
        insert.executeUpdate();
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new StoreFailure("write provider note", e);
    }
  }

  @Override
  public Optional<String> get(String key) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement select =
            c.prepareStatement(
                "select note_value from provider_note where note_key = ? and expires_at >= ?")) {
      select.setString(1, key);
      select.setObject(2, time(clock.instant()));
      try (ResultSet rs = select.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new StoreFailure("read provider note", e);
    }
  }

  private static OffsetDateTime time(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
  }
}
