package com.helpdeskverify.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import com.helpdeskverify.core.store.CaseStore;
import com.helpdeskverify.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

class StoreStatisticsTest {

  /**
   * Unanalyzed, PostgreSQL costs every index of the case table alike and the push nudge read every
   * case of the provider through another lookup's index; analyzed, it reads the push's own.
   */
  @Test
  void aTableThatChangedIsAnalyzedAndThePushNudgeThenReadsItsOwnIndex() throws Exception {
    try (TestDatabase db = TestDatabase.postgres()) {
      DataSource ds = db.dataSource();
      CaseStore.migrate(ds);
      StoreStatistics statistics = new StoreStatistics(ds);
      try (Connection c = ds.getConnection();
          Statement s = c.createStatement()) {
        s.executeUpdate(
            "insert into verification_case (id, ticket_system, ticket_key, attempt,"
                + " requester_account_id, requester_name, fingerprint, operation, confidence,"
                + " evidence, provider, state, active, provider_user_id, push_target_key, push_id,"
                + " next_action_at, failures, step_attempts, version, created_at, updated_at)"
                + " select 'c-' || i, 'jira', 'HD-' || i, 1, 'acc', 'A', 'f', 'CREDENTIAL_RESET',"
                + " 0.9, '[]', 'duo', 'CHALLENGED', true, 'u' || i, 'u' || i, 'tx-' || i,"
                + " now() + interval '1 hour',"
                + " 0, 0, 1, now(), now() from generate_series(1, 5000) i");
      }
      awaitCounted(ds, 5000);

      assertThat(statistics.round()).contains("verification_case");

      assertThat(nudgePlan(ds)).contains("ix_case_push ").doesNotContain("ix_case_push_target");
      assertThat(statistics.round()).as("nothing changed since").isEmpty();
    }
  }

  private static String nudgePlan(DataSource ds) throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "explain update verification_case set next_action_at = ? where provider = ? and"
                    + " push_id = ? and active = true and next_action_at > ? and (claim_until is"
                    + " null or claim_until < ?)")) {
      OffsetDateTime now = OffsetDateTime.now();
      ps.setObject(1, now);
      ps.setString(2, "duo");
      ps.setString(3, "tx-7");
      ps.setObject(4, now);
      ps.setObject(5, now);
      StringBuilder plan = new StringBuilder();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          plan.append(rs.getString(1)).append('\n');
        }
      }
      return plan.toString();
    }
  }

  /** PostgreSQL counts a backend's changes when it reports them, up to a second or so later. */
  private static void awaitCounted(DataSource ds, long rows) throws Exception {
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (true) {
      try (Connection c = ds.getConnection();
          Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "select n_mod_since_analyze from pg_stat_user_tables where schemaname ="
                      + " current_schema() and relname = 'verification_case'")) {
        if (rs.next() && rs.getLong(1) >= rows) {
          return;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("PostgreSQL did not count the inserted rows within 20 s");
      }
      Thread.sleep(200);
    }
  }
}
