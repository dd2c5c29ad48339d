package com.helpdeskverify.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.helpdeskverify.core.CaseState;
import com.helpdeskverify.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
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
}
