package com.helpdeskverify.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.helpdeskverify.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
        .contains("IX_CASE_DUE_OTHER:")
        .contains("/* index sorted */");
  }

  /**
   * With thousands of pushes pending and their re-reads due faster than the workers take them, the
   * read of other work stepped over every due pending push (6,858 rows a claim in a footprint run)
   * to find the few others; through their own lane it reads the rows it returns.
   */
  @Test
  void theReadOfOtherWorkDoesNotStepOverDuePendingPushes() throws SQLException {
    try (Connection c = database.dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.executeUpdate(
          "insert into verification_case (id, ticket_system, ticket_key, attempt,"
              + " requester_account_id, requester_name, fingerprint, operation, confidence,"
              + " evidence, provider, state, active, next_action_at, failures, step_attempts,"
              + " version, created_at, updated_at) select 'c-' || x, 'jira', 'HD-' || x, 1, 'acc',"
              + " 'A', 'f', 'CREDENTIAL_RESET', 0.9, '[]', 'duo',"
              + " case when x > 3000 then 'DETECTED' else 'CHALLENGED' end, true,"
              + " timestamp with time zone '2026-11-02 08:00:00+00' + x * interval '1' second,"
              + " 0, 0, 1, now(), now() from system_range(1, 3002)");
      String pick = ((JdbcCaseStore) store).claimPick(false, 2);
      OffsetDateTime now = OffsetDateTime.of(2026, 11, 2, 9, 0, 0, 0, ZoneOffset.UTC);
      try (PreparedStatement ps = c.prepareStatement(pick)) {
        ps.setObject(1, now);
        ps.setObject(2, now);
        List<String> picked = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            picked.add(rs.getString(1));
          }
        }
        assertThat(picked).containsExactly("c-3001", "c-3002");
      }
      try (PreparedStatement ps = c.prepareStatement("explain analyze " + pick)) {
        ps.setObject(1, now);
        ps.setObject(2, now);
        try (ResultSet rs = ps.executeQuery()) {
          assertThat(rs.next()).isTrue();
          Matcher scanned = Pattern.compile("scanCount: (\\d+)").matcher(rs.getString(1));
          assertThat(scanned.find()).as(rs.getString(1)).isTrue();
          assertThat(Integer.parseInt(scanned.group(1))).as(rs.getString(1)).isLessThanOrEqualTo(3);
        }
      }
    }
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
