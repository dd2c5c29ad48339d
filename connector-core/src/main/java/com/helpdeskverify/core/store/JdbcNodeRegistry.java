package com.helpdeskverify.core.store;

import static com.helpdeskverify.core.store.Jdbc.time;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@link NodeRegistry} in the {@code service_node} table, freeing claims on the cases. */
final class JdbcNodeRegistry implements NodeRegistry {

  private static final String RELEASE_CLAIMS =
      "update verification_case set claim_owner = null, claim_until = null, version = version + 1"
          + " where claim_owner = ? and claim_until is not null";

  private final Jdbc db;

  JdbcNodeRegistry(Jdbc db) {
    this.db = db;
  }

  @Override
  public int startNode(String node, Instant now) {
    return db.inTransaction(
        "start node " + node,
        conn -> {
          String upsert =
              db.postgres()
                  ? "insert into service_node (node_id, started_at, heartbeat_at) values (?, ?, ?)"
                      + " on conflict (node_id) do update set started_at = excluded.started_at,"
                      + " heartbeat_at = excluded.heartbeat_at"
                  : "merge into service_node (node_id, started_at, heartbeat_at) key (node_id)"
                      + " values (?, ?, ?)";
          try (PreparedStatement ps = conn.prepareStatement(upsert)) {
            ps.setString(1, node);
            ps.setObject(2, time(now));
            ps.setObject(3, time(now));
            ps.executeUpdate();
          }
          return releaseClaims(conn, node);
        });
  }

  @Override
  public void heartbeat(String node, Instant now) {
    db.inTransaction(
        "heartbeat of " + node,
        conn -> {
          try (PreparedStatement ps =
              conn.prepareStatement("update service_node set heartbeat_at = ? where node_id = ?")) {
            ps.setObject(1, time(now));
            ps.setString(2, node);
            if (ps.executeUpdate() == 1) {
              return null;
            }
          }
          try (PreparedStatement ps =
              conn.prepareStatement(
                  "insert into service_node (node_id, started_at, heartbeat_at) values (?, ?, ?)")) {
            ps.setString(1, node);
            ps.setObject(2, time(now));
            ps.setObject(3, time(now));
            ps.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public Map<String, Integer> takeOverSilentNodes(String self, Instant now, Duration silence) {
    Instant before = now.minus(silence);
    List<String> silent =
        db.query(
            "find silent nodes",
            conn -> {
              try (PreparedStatement ps =
                  conn.prepareStatement(
                      "select node_id from service_node where node_id <> ? and heartbeat_at < ?")) {
                ps.setString(1, self);
                ps.setObject(2, time(before));
                List<String> nodes = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                  while (rs.next()) {
                    nodes.add(rs.getString(1));
                  }
                }
                return nodes;
              }
            });
    Map<String, Integer> taken = new LinkedHashMap<>();
    for (String node : silent) {
      Integer freed =
          db.inTransaction(
              "take over the claims of node " + node,
              conn -> {
                try (PreparedStatement ps =
                    conn.prepareStatement(
                        "delete from service_node where node_id = ? and heartbeat_at < ?")) {
                  ps.setString(1, node);
                  ps.setObject(2, time(before));
                  if (ps.executeUpdate() == 0) {
                    return null; // It checked in meanwhile, or another node took it over.
                  }
                }
                // Its pushes' watches go with it (PushWatchStore): the other nodes' watchers
                // pick them up as unwatched.
                try (PreparedStatement ps =
                    conn.prepareStatement("delete from push_watch where owner = ?")) {
                  ps.setString(1, node);
                  ps.executeUpdate();
                }
                return releaseClaims(conn, node);
              });
      if (freed != null) {
        taken.put(node, freed);
      }
    }
    return taken;
  }

  private static int releaseClaims(Connection conn, String node) throws SQLException {
    try (PreparedStatement ps = conn.prepareStatement(RELEASE_CLAIMS)) {
      ps.setString(1, node);
      return ps.executeUpdate();
    }
  }
}
