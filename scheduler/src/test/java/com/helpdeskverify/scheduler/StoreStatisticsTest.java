package com.helpdeskverify.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.helpdeskverify.core.store.CaseStore;
import com.helpdeskverify.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.function.LongPredicate;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

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
        insertCases(s, 5000);
      }
      awaitCounted(ds, "n_mod_since_analyze", n -> n >= 5000);

      assertThat(statistics.round().analyzed()).contains("verification_case");

      assertThat(nudgePlan(ds)).contains("ix_case_push ").doesNotContain("ix_case_push_target");
      assertThat(statistics.round().analyzed()).as("nothing changed since").isEmpty();
    }
  }

  /**
   * Where autovacuum is off for a table, the dead versions every step's update leaves are reclaimed
   * by the service once they are a fifth of the live rows, and the operator is told once which
   * tables autovacuum leaves alone.
   */
  @Test
  void aTableAutovacuumLeavesAloneIsVacuumedOnceAFifthOfItsRowsAreDeadAndTheOperatorIsTold()
      throws Exception {
    Logger logger = (Logger) LoggerFactory.getLogger(StoreStatistics.class);
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    logger.addAppender(lines);
    try (TestDatabase db = TestDatabase.postgres()) {
      DataSource ds = db.dataSource();
      CaseStore.migrate(ds);
      StoreStatistics statistics = new StoreStatistics(ds);
      try (Connection c = ds.getConnection();
          Statement s = c.createStatement()) {
        // Off for this table whatever the server's setting, so the test means the same anywhere.
        s.execute("alter table verification_case set (autovacuum_enabled = off)");
        insertCases(s, 1000);
        // 200 dead of 1,000 live: not yet more than 50 + a fifth.
        s.executeUpdate(
            "update verification_case set failures = 1"
                + " where id in (select 'c-' || i from generate_series(1, 200) i)");
      }
      awaitCounted(ds, "n_dead_tup", n -> n >= 200);
      assertThat(statistics.round().vacuumed()).as("200 dead, 250 allowed").isEmpty();

      try (Connection c = ds.getConnection();
          Statement s = c.createStatement()) {
        s.executeUpdate("update verification_case set failures = 2");
      }
      // 1,000 more; pruning on the update's way may already have taken some of the first 200.
      awaitCounted(ds, "n_dead_tup", n -> n >= 1000);
      StoreStatistics.Round round = statistics.round();

      assertThat(round.vacuumed()).contains("verification_case");
      assertThat(round.analyzed()).as("the vacuum analyzed it").doesNotContain("verification_case");
      awaitCounted(ds, "n_dead_tup", n -> n == 0);
      assertThat(statistics.round().vacuumed()).as("nothing dead since").isEmpty();
      assertThat(lines.list)
          .filteredOn(e -> e.getLevel() == Level.WARN)
          .extracting(ILoggingEvent::getFormattedMessage)
          .singleElement()
          .asString()
          .contains("autovacuum is off for")
          .contains("verification_case");
    } finally {
      logger.detachAppender(lines);
    }
  }

  private static void insertCases(Statement s, int n) throws SQLException {
    s.executeUpdate(
        "insert into verification_case (id, ticket_system, ticket_key, attempt,"
            + " requester_account_id, requester_name, fingerprint, operation, confidence,"
            + " evidence, provider, state, active, provider_user_id, push_target_key, push_id,"
            + " next_action_at, failures, step_attempts, version, created_at, updated_at)"
            + " select 'c-' || i, 'jira', 'HD-' || i, 1, 'acc', 'A', 'f', 'CREDENTIAL_RESET',"
            + " 0.9, '[]', 'duo', 'CHALLENGED', true, 'u' || i, 'u' || i, 'tx-' || i,"
            + " now() + interval '1 hour',"
            + " 0, 0, 1, now(), now() from generate_series(1, "
            + n
            + ") i");
  }

  /** One of the case table's counts in {@code pg_stat_user_tables}. */
  private static long counted(DataSource ds, String column) throws SQLException {
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "select "
                    + column
                    + " from pg_stat_user_tables where schemaname = current_schema()"
                    + " and relname = 'verification_case'")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** PostgreSQL counts a backend's changes when it reports them, up to a second or so later. */
  private static void awaitCounted(DataSource ds, String column, LongPredicate enough)
      throws Exception {
    long deadline = System.nanoTime() + 20_000_000_000L;
    long n;
    while (!enough.test(n = counted(ds, column))) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("PostgreSQL still counts " + column + " = " + n + " after 20 s");
      }
      Thread.sleep(200);
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
}
