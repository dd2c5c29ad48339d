package com.helpdeskverify.core.store;

import static com.helpdeskverify.core.store.Jdbc.instant;
import static com.helpdeskverify.core.store.Jdbc.time;

import com.helpdeskverify.core.ScanMark;
import com.helpdeskverify.core.Watermark;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/** {@link ScanMarks} in the {@code scan_watermark} and {@code scan_delivered} tables. */
final class JdbcScanMarks implements ScanMarks {
  /**
   * Forgets a system's marks older than it keeps; read through {@code ix_scan_delivered_time}
   * (V22), since the primary key leads with the ticket key.
   */
  static final String FORGET =
      "delete from scan_delivered where ticket_system = ? and updated_at < ?";

  private final Jdbc db;

  JdbcScanMarks(Jdbc db) {
    this.db = db;
  }

  @Override
  public Optional<Watermark> watermark(String ticketSystem) {
    return db.query(
        "watermark of " + ticketSystem,
        conn -> {
          try (PreparedStatement ps =
              conn.prepareStatement(
                  "select updated_at, ticket_key from scan_watermark where ticket_system = ?")) {
            ps.setString(1, ticketSystem);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next()
                  ? Optional.of(new Watermark(instant(rs, 1), rs.getString(2)))
                  : Optional.empty();
            }
          }
        });
  }

  @Override
  public Set<ScanMark> delivered(String ticketSystem, Instant from) {
    return db.query(
        "delivered tickets of " + ticketSystem,
        conn -> {
          try (PreparedStatement ps =
              conn.prepareStatement(
                  "select ticket_key, updated_at from scan_delivered where ticket_system = ? and"
                      + " updated_at >= ?")) {
            ps.setString(1, ticketSystem);
            ps.setObject(2, time(from));
            Set<ScanMark> marks = new HashSet<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                marks.add(new ScanMark(rs.getString(1), instant(rs, 2)));
              }
            }
            return marks;
          }
        });
  }

  @Override
  public void recordDelivered(
      String ticketSystem, Collection<ScanMark> marks, Instant forgetBefore) {
    db.inTransaction(
        "record delivered tickets of " + ticketSystem,
        conn -> {
          try (PreparedStatement delete = conn.prepareStatement(FORGET)) {
            delete.setString(1, ticketSystem);
            delete.setObject(2, time(forgetBefore));
            delete.executeUpdate();
          }
          String insert =
              db.postgres()
                  ? "insert into scan_delivered (ticket_system, ticket_key, updated_at) values"
                      + " (?, ?, ?) on conflict do nothing"
                  : "merge into scan_delivered (ticket_system, ticket_key, updated_at) key"
                      + " (ticket_system, ticket_key, updated_at) values (?, ?, ?)";
          try (PreparedStatement ps = conn.prepareStatement(insert)) {
            for (ScanMark mark : marks) {
              if (mark.updated().isBefore(forgetBefore)) {
                continue;
              }
              ps.setString(1, ticketSystem);
              ps.setString(2, mark.key());
              ps.setObject(3, time(mark.updated()));
              ps.addBatch();
            }
            ps.executeBatch();
          }
          return null;
        });
  }

  @Override
  public void saveWatermark(String ticketSystem, Watermark watermark, Instant now) {
    db.inTransaction(
        "save watermark of " + ticketSystem,
        conn -> {
          try (PreparedStatement update =
              conn.prepareStatement(
                  "update scan_watermark set updated_at = ?, ticket_key = ?, saved_at = ? where"
                      + " ticket_system = ? and (updated_at < ? or (updated_at = ? and ticket_key"
                      + " < ?))")) {
            update.setObject(1, time(watermark.updated()));
            update.setString(2, watermark.key());
            update.setObject(3, time(now));
            update.setString(4, ticketSystem);
            update.setObject(5, time(watermark.updated()));
            update.setObject(6, time(watermark.updated()));
            update.setString(7, watermark.key());
            if (update.executeUpdate() == 1) {
              return null;
            }
          }
          if (!watermark(conn, ticketSystem)) {
            // Lost to another node saving one first? It only moves forward, so either is fine.
            insertWatermark(conn, ticketSystem, watermark, now);
          }
          return null;
        });
  }

  @Override
  public boolean initWatermark(String ticketSystem, Watermark watermark, Instant now) {
    return db.inTransaction(
        "initialise watermark of " + ticketSystem,
        conn -> {
          // Lost to another node storing one first? Then that one stands.
          return !watermark(conn, ticketSystem)
              && insertWatermark(conn, ticketSystem, watermark, now);
        });
  }

  /**
   * Inserts the first watermark of a system; false, with the transaction rolled back, when another
   * node inserted one since this one looked.
   */
  private static boolean insertWatermark(
      Connection conn, String ticketSystem, Watermark watermark, Instant now) throws SQLException {
    try (PreparedStatement insert =
        conn.prepareStatement(
            "insert into scan_watermark (ticket_system, updated_at, ticket_key, saved_at)"
                + " values (?, ?, ?, ?)")) {
      insert.setString(1, ticketSystem);
      insert.setObject(2, time(watermark.updated()));
      insert.setString(3, watermark.key());
      insert.setObject(4, time(now));
      insert.executeUpdate();
      return true;
    } catch (SQLException e) {
      if (!"23505".equals(e.getSQLState())) {
        throw e;
      }
      conn.rollback();
      return false;
    }
  }

  private static boolean watermark(Connection conn, String ticketSystem) throws SQLException {
    try (PreparedStatement ps =
        conn.prepareStatement("select 1 from scan_watermark where ticket_system = ?")) {
      ps.setString(1, ticketSystem);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }
}
