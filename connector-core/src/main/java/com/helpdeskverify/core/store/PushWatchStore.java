package com.helpdeskverify.core.store;

import com.helpdeskverify.core.CaseId;
import com.helpdeskverify.core.CaseState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Leases on the pushes of challenged cases, one holder each, on the case store's database: only the
 * node holding a push's lease asks the provider about it. A node renews its leases while it runs;
 * the leases of a node that stopped run out and another node takes the pushes over. A restarted
 * node gets its own leases back at once.
 */
public final class PushWatchStore {
  private final DataSource dataSource;

  /** Use on a database {@link CaseStore#migrate} has prepared. */
  public PushWatchStore(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource);
  }

  /**
   * Takes the lease on the case's push for {@code owner} until {@code until}, unless another owner
   * holds a live one.
   *
   * @return whether {@code owner} holds the lease now
   */
  public boolean lease(CaseId id, String owner, Instant now, Instant until) {
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "update push_watch set owner = ?, lease_until = ? where case_id = ? and (owner = ?"
                  + " or lease_until < ?)")) {
        ps.setString(1, owner);
        ps.setObject(2, time(until));
        ps.setString(3, id.value());
        ps.setString(4, owner);
        ps.setObject(5, time(now));
        if (ps.executeUpdate() == 1) {
          return true;
        }
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "insert into push_watch (case_id, owner, lease_until) values (?, ?, ?)")) {
        ps.setString(1, id.value());
        ps.setString(2, owner);
        ps.setObject(3, time(until));
        ps.executeUpdate();
        return true;
      }
    } catch (SQLException e) {
      if ("23505".equals(e.getSQLState())) {
        return false; // another node holds a live lease
      }
      throw new StoreFailure("lease push of " + id, e);
    }
  }

  /**
   * Extends {@code owner}'s leases on these cases to {@code until}.
   *
   * @return the cases whose lease {@code owner} no longer holds (it ran out and another node took
   *     it): stop asking about those
   */
  public List<CaseId> renew(String owner, List<CaseId> ids, Instant until) {
    if (ids.isEmpty()) {
      return List.of();
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "update push_watch set lease_until = ? where case_id = ? and owner = ?")) {
      for (CaseId id : ids) {
        ps.setObject(1, time(until));
        ps.setString(2, id.value());
        ps.setString(3, owner);
        ps.addBatch();
      }
      int[] counts = ps.executeBatch();
      List<CaseId> lost = new ArrayList<>();
      for (int i = 0; i < counts.length; i++) {
        if (counts[i] == 0) {
          lost.add(ids.get(i));
        }
      }
      return lost;
    } catch (SQLException e) {
      throw new StoreFailure("renew push leases of " + owner, e);
    }
  }

  /** Gives up {@code owner}'s lease on the case's push. */
  public void release(CaseId id, String owner) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement("delete from push_watch where case_id = ? and owner = ?")) {
      ps.setString(1, id.value());
      ps.setString(2, owner);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new StoreFailure("release push lease of " + id, e);
    }
  }

  /**
   * Challenged cases whose push no other node watches: no lease, one that ran out, or one of {@code
   * owner}'s own (a restarted node takes its pushes back at once). Leases that ran out are swept on
   * the way.
   */
  public List<CaseId> unwatched(String owner, Instant now, int limit) {
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement ps =
          c.prepareStatement("delete from push_watch where lease_until < ?")) {
        ps.setObject(1, time(now));
        ps.executeUpdate();
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "select v.id from verification_case v where v.active = true and v.state = '"
                  + CaseState.CHALLENGED.name()
                  + "' and not exists (select 1 from push_watch w where w.case_id = v.id and"
                  + " w.owner <> ?)"
                  + " order by v.push_deadline fetch first "
                  + limit
                  + " rows only")) {
        ps.setString(1, owner);
        List<CaseId> ids = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            ids.add(new CaseId(rs.getString(1)));
          }
        }
        return ids;
      }
    } catch (SQLException e) {
      throw new StoreFailure("find unwatched pushes", e);
    }
  }

  private static OffsetDateTime time(Instant i) {
    return i.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
  }
}
