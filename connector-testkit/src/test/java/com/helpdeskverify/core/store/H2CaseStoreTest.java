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
  private static final OffsetDateTime NOW =
      OffsetDateTime.of(2026, 11, 2, 9, 0, 0, 0, ZoneOffset.UTC);

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
        .contains("IX_CASE_DUE_LANE:")
        .contains("/* index sorted */");
    assertThat(plan(jdbc.claimPick(false, 4)))
        .contains("IX_CASE_DUE_LANE:")
        .contains("/* index sorted */");
  }

  /**
   * With thousands of pushes pending and their re-reads due faster than the workers take them, the
   * read of other work stepped over every due pending push (6,858 rows a claim in a footprint run)
   * to find the few others; through its own lane it reads the rows it returns.
   */
  @Test
  void theReadOfOtherWorkDoesNotStepOverDuePendingPushes() throws SQLException {
    // 3,000 pending pushes due before two pieces of other work.
    insert("case when x > 3000 then 'DETECTED' else 'CHALLENGED' end", "x - 3100");
    String pick = ((JdbcCaseStore) store).claimPick(false, 2);
    assertThat(rows(pick)).containsExactly("c-3001", "c-3002");
    assertThat(scanned(pick)).isLessThanOrEqualTo(3);
  }

  /**
   * The read of pending pushes went in deadline order, and stepped over every push not yet due
   * whose deadline came sooner (2,291 rows a claim to return two in a footprint run; most of them
   * once re-reads were paced); from the longest due it reads the rows it returns.
   */
  @Test
  void theReadOfPendingPushesDoesNotStepOverPushesNotYetDue() throws SQLException {
    // 3,000 pending pushes due only after the claim, two due before it.
    insert("'CHALLENGED'", "case when x > 3000 then x - 3100 else x end");
    String pick = ((JdbcCaseStore) store).claimPick(true, 1);
    assertThat(rows(pick)).containsExactly("c-3001", "c-3002");
    assertThat(scanned(pick)).isLessThanOrEqualTo(3);
  }

  /**
   * Each page a scan records first forgets the marks older than it keeps. Through the primary key,
   * which leads with the ticket key, that read every mark of the system (with 10,000 tickets open,
   * tens of thousands of rows a page: a fifth of the CPU of a node with every push pending); by
   * time it reads the rows it deletes.
   */
  @Test
  void forgettingOldScanMarksReadsOnlyTheMarksItForgets() throws SQLException {
    try (Connection c = database.dataSource().getConnection();
        Statement s = c.createStatement()) {
      // 3,002 marks, two of them from before 09:00.
      s.executeUpdate(
          "insert into scan_delivered (ticket_system, ticket_key, updated_at) select 'jira', 'HD-'"
              + " || x, timestamp with time zone '2026-11-02 09:00:00+00' + (x - 3) * interval '1'"
              + " second from system_range(1, 3002)");
    }
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement("explain analyze " + JdbcScanMarks.FORGET)) {
      ps.setString(1, "jira");
      ps.setObject(2, NOW);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        assertThat(scanCount(rs.getString(1))).isLessThanOrEqualTo(5); // 3,003 through the key
      }
    }
    try (Connection c = database.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select count(*) from scan_delivered")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getInt(1)).as("the two older marks forgotten").isEqualTo(3000);
    }
  }

  /**
   * Cases c-1 … c-3002 in the given state, each due {@code dueSecond} seconds after 09:00 and its
   * push's deadline at 10:00 plus its number in seconds.
   */
  private void insert(String state, String dueSecond) throws SQLException {
    try (Connection c = database.dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.executeUpdate(
          "insert into verification_case (id, ticket_system, ticket_key, attempt,"
              + " requester_account_id, requester_name, fingerprint, operation, confidence,"
              + " evidence, provider, state, active, next_action_at, push_deadline, failures,"
              + " step_attempts, version, created_at, updated_at) select 'c-' || x, 'jira', 'HD-'"
              + " || x, 1, 'acc', 'A', 'f', 'CREDENTIAL_RESET', 0.9, '[]', 'duo', "
              + state
              + ", true, timestamp with time zone '2026-11-02 09:00:00+00' + ("
              + dueSecond
              + ") * interval '1' second, timestamp with time zone '2026-11-02 10:00:00+00' + x"
              + " * interval '1' second, 0, 0, 1, now(), now() from system_range(1, 3002)");
    }
  }

  /** The rows H2 visits for a claim's read at 09:00 ({@code EXPLAIN ANALYZE}'s scan count). */
  private int scanned(String pick) throws SQLException {
    return scanCount(rows("explain analyze " + pick).get(0));
  }

  private static int scanCount(String plan) {
    Matcher scanned = Pattern.compile("scanCount: (\\d+)").matcher(plan);
    assertThat(scanned.find()).as(plan).isTrue();
    return Integer.parseInt(scanned.group(1));
  }

  private String plan(String query) throws SQLException {
    List<String> plan = rows("explain " + query);
    assertThat(plan).isNotEmpty();
    return plan.get(0);
  }

  /** The first column of every row a claim's read (or what explains it) gives at 09:00. */
  private List<String> rows(String sql) throws SQLException {
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, NOW);
      ps.setObject(2, NOW);
      List<String> rows = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(rs.getString(1));
        }
      }
      return rows;
    }
  }
}
