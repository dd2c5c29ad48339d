package com.helpdeskverify.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.helpdeskverify.core.CaseState;
import com.helpdeskverify.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

/** The same contract on the real PostgreSQL, plus what only PostgreSQL enforces. */
class PostgresCaseStoreTest extends CaseStoreContract {
  @Override
  TestDatabase openDatabase() {
    return TestDatabase.postgres();
  }

  @Test
  void auditHistoryRefusesUpdatesAndDeletesEvenFromHandWrittenSql() throws SQLException {
    walkTo(CaseState.NOTIFIED);

    try (Connection c = database.dataSource().getConnection();
        Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.executeUpdate("update case_history set detail = 'forged'"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("append-only");
      assertThatThrownBy(() -> s.executeUpdate("delete from case_history"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("append-only");
    }
    assertThat(store.all()).hasSize(1);
  }

  /**
   * A new database has no statistics until its first ANALYZE (never, where autovacuum is off): the
   * push budget's count must not depend on them. It joined the history once, and the planner ran it
   * from every PUSH_SENDING line of the hour, 1.7 s a count at 2,000 cases in a burst.
   */
  @Test
  void thePushBudgetsCountReadsThePersonsIndexWithoutStatistics() throws SQLException {
    try (Connection c = database.dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.executeUpdate(
          "insert into verification_case (id, ticket_system, ticket_key, attempt,"
              + " requester_account_id, requester_name, fingerprint, operation, confidence,"
              + " evidence, provider, state, active, provider_user_id, push_target_key,"
              + " push_sending_at, next_action_at, failures, step_attempts, version, created_at,"
              + " updated_at) select 'c-' || i, 'jira', 'HD-' || i, 1, 'acc', 'A', 'f',"
              + " 'CREDENTIAL_RESET', 0.9, '[]', 'duo', 'CHALLENGED', true, 'u' || (i % 500),"
              + " 'u' || (i % 500), now(), now(), 0, 0, 1, now(), now()"
              + " from generate_series(1, 5000) i");
      try (PreparedStatement ps = c.prepareStatement("explain " + PushBudget.COUNT)) {
        ps.setString(1, "duo");
        ps.setString(2, "u7");
        ps.setObject(3, OffsetDateTime.now().minusHours(1));
        ps.setString(4, "c-7");
        StringBuilder plan = new StringBuilder();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            plan.append(rs.getString(1)).append('\n');
          }
        }
        assertThat(plan.toString())
            .contains("ix_case_push_target_key")
            .doesNotContain("case_history")
            .doesNotContain("Seq Scan");
      }
    }
  }
}
