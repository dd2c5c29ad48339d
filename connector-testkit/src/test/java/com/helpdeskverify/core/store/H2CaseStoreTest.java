package com.helpdeskverify.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.helpdeskverify.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class H2CaseStoreTest extends CaseStoreContract {
  @Override
  TestDatabase openDatabase() {
    return TestDatabase.h2();
  }

  /**
   * With thousands of cases due (a burst), a claim that sorted every due case to take the first few
   * was most of the service's work; read in an index's order, it stops after the rows it returns.
   */
  @Test
  void aClaimReadsDueCasesInAnIndexsOrderInsteadOfSortingThemAll() throws SQLException {
    JdbcCaseStore jdbc = (JdbcCaseStore) store;
    assertThat(plan(jdbc.claimPick(true, 4)))
        .contains("IX_CASE_DUE_PUSH")
        .contains("/* index sorted */");
    assertThat(plan(jdbc.claimPick(false, 4)))
        .contains("IX_CASE_DUE:")
        .contains("/* index sorted */");
  }

  private String plan(String query) throws SQLException {
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement("explain " + query)) {
      OffsetDateTime now = OffsetDateTime.of(2026, 11, 2, 9, 0, 0, 0, ZoneOffset.UTC);
      ps.setObject(1, now);
      ps.setObject(2, now);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        return rs.getString(1);
      }
    }
  }
}
