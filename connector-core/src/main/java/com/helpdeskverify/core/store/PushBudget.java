package com.helpdeskverify.core.store;

import static com.helpdeskverify.core.store.Jdbc.time;

import com.helpdeskverify.core.CaseId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/**
 * How many pushes one person was sent, counted from the cases that prompted them (each case's
 * latest move to PUSH_SENDING, written with the move), under a row lock on the person's {@code
 * push_target} so that racing nodes count one after the other.
 */
final class PushBudget {

  /**
   * One table, read through the person's index whatever the planner knows of it (a new database has
   * no statistics); see the V19 migration.
   */
  static final String COUNT =
      "select count(*) from verification_case where provider = ? and push_target_key = ?"
          + " and push_sending_at > ? and id <> ?";

  private final boolean postgres;

  PushBudget(boolean postgres) {
    this.postgres = postgres;
  }

  /**
   * Locks the push target and tells whether it has room for one more push: fewer than {@code limit}
   * cases other than {@code self} went to PUSH_SENDING for it after {@code since}. The lock lasts
   * until {@code conn}'s transaction ends, so the caller writes its own move in the same
   * transaction.
   *
   * @param user the provider's id for the person, normalized: one budget per person
   */
  boolean reserve(
      Connection conn, String provider, String user, CaseId self, Instant since, int limit)
      throws SQLException {
    String upsert =
        postgres
            ? "insert into push_target (provider, provider_user_id) values (?, ?) on conflict do"
                + " nothing"
            : "merge into push_target key (provider, provider_user_id) values (?, ?)";
    try (PreparedStatement ps = conn.prepareStatement(upsert)) {
      ps.setString(1, provider);
      ps.setString(2, user);
      ps.executeUpdate();
    }
    try (PreparedStatement ps =
        conn.prepareStatement(
            "select provider from push_target where provider = ? and provider_user_id = ?"
                + " for update")) {
      ps.setString(1, provider);
      ps.setString(2, user);
      ps.executeQuery().close();
    }
    try (PreparedStatement ps = conn.prepareStatement(COUNT)) {
      ps.setString(1, provider);
      ps.setString(2, user);
      ps.setObject(3, time(since));
      ps.setString(4, self.value());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1) < limit;
      }
    }
  }
}
