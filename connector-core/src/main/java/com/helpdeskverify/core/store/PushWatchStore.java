package com.helpdeskverify.core.store;

import com.helpdeskverify.core.CaseId;
import com.helpdeskverify.core.CaseState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Which node watches the push of each challenged case, one holder each, on the case store's
 * database: only that node asks the provider about it. A watch is held for as long as its node is
 * registered ({@link NodeRegistry}): nothing is renewed per push, and when the others take over a
 * node that fell silent its watches go in the same transaction as its claims. A restarted node gets
 * its own watches back at once.
 */
public final class PushWatchStore {
  /** The holder is a registered node: otherwise its watch is free to take. */
  private static final String LIVE_OWNER =
      "exists (select 1 from service_node n where n.node_id = w.owner)";

  private final DataSource dataSource;

  /** Use on a database {@link CaseStore#migrate} has prepared. */
  public PushWatchStore(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource);
  }

  /**
   * Takes the watch of the case's push for {@code owner}, unless a registered node other than
   * {@code owner} holds it, or {@code owner} is not registered itself: a node that was taken over
   * watches nothing until its check-in has registered it again, so it does not take back, while it
   * was paused, what the others took over.
   *
   * @return whether {@code owner} holds the watch now
   */
  public boolean lease(CaseId id, String owner) {
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "update push_watch w set owner = ? where case_id = ? and (owner = ? or not "
                  + LIVE_OWNER
                  + ") and exists (select 1 from service_node n where n.node_id = ?)")) {
        ps.setString(1, owner);
        ps.setString(2, id.value());
        ps.setString(3, owner);
        ps.setString(4, owner);
        if (ps.executeUpdate() == 1) {
          return true;
        }
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "insert into push_watch (case_id, owner) select ?, node_id from service_node"
                  + " where node_id = ?")) {
        ps.setString(1, id.value());
        ps.setString(2, owner);
        return ps.executeUpdate() == 1;
      }
    } catch (SQLException e) {
      if ("23505".equals(e.getSQLState())) {
        return false; // another node holds it
      }
      throw new StoreFailure("lease push of " + id, e);
    }
  }

  /**
   * The cases whose push {@code owner} holds the watch of: a watch missing here was taken from it
   * (it fell silent and was taken over), and one here it does not watch is a stray to release. A
   * read, where each node used to write every lease it held a few times a minute.
   */
  public Set<CaseId> held(String owner) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement("select case_id from push_watch where owner = ?")) {
      ps.setString(1, owner);
      Set<CaseId> ids = new HashSet<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ids.add(new CaseId(rs.getString(1)));
        }
      }
      return ids;
    } catch (SQLException e) {
      throw new StoreFailure("read push watches of " + owner, e);
    }
  }

  /** Gives up {@code owner}'s watch of the case's push. */
  public void release(CaseId id, String owner) {
    release(owner, List.of(id));
  }

  /** Gives up {@code owner}'s watches of these cases' pushes. */
  public void release(String owner, Collection<CaseId> ids) {
    if (ids.isEmpty()) {
      return;
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement("delete from push_watch where case_id = ? and owner = ?")) {
      for (CaseId id : ids) {
        ps.setString(1, id.value());
        ps.setString(2, owner);
        ps.addBatch();
      }
      ps.executeBatch();
    } catch (SQLException e) {
      throw new StoreFailure("release push watches of " + owner, e);
    }
  }

  /**
   * Challenged cases, soonest push deadline first, whose push no registered node watches: no watch,
   * or one whose node is not registered (a lease that raced its node's takeover, or a node of the
   * release before). The pushes a node watches are not among them, its own neither: a search that
   * returned them would return the same soonest ones each time and never reach a push nobody
   * watches behind them. A restarted node's watches from its earlier run come back here once its
   * watcher has given them up ({@code PushWatcher}). Only pushes of {@code providers}, those the
   * asking node can watch: a push of a provider taken out of its configuration (or of another
   * node's) is one it cannot take, and a batch of such pushes at the head of the deadline order
   * would hide every other from it.
   */
  public List<CaseId> unwatched(int limit, Collection<String> providers) {
    if (providers.isEmpty()) {
      return List.of();
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "select v.id from verification_case v where v.active = true and v.state = '"
                    + CaseState.CHALLENGED.name()
                    + "' and v.provider in ("
                    + String.join(", ", Collections.nCopies(providers.size(), "?"))
                    + ") and not exists (select 1 from push_watch w where w.case_id = v.id and "
                    + LIVE_OWNER
                    + ") order by v.push_deadline fetch first "
                    + limit
                    + " rows only")) {
      int at = 1;
      for (String provider : providers) {
        ps.setString(at++, provider);
      }
      List<CaseId> ids = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ids.add(new CaseId(rs.getString(1)));
        }
      }
      return ids;
    } catch (SQLException e) {
      throw new StoreFailure("find unwatched pushes", e);
    }
  }
}
