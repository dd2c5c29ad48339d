package com.helpdeskverify.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.helpdeskverify.core.CaseState;
import com.helpdeskverify.core.VerificationCase;
import com.helpdeskverify.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The push budget counted from the history until V19 and from the case's own column since: a store
 * upgraded while a person's pushes are within the hour must count them still, or the upgrade would
 * hand that person a fresh budget of prompts.
 */
class PushBudgetMigrationTest {
  private static final Instant T0 = Instant.parse("2026-11-02T09:00:00Z");

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void pushesSentBeforeTheUpgradeStillCount(String kind) throws SQLException {
    try (TestDatabase db = TestDatabase.of(kind)) {
      boolean postgres = Jdbc.isPostgres(db.dataSource());
      Jdbc.flyway(db.dataSource(), postgres).target("18").load().migrate();
      try (Connection c = db.dataSource().getConnection()) {
        // Sent 20 minutes ago, moved on since; and one sent two hours ago.
        caseBefore19(c, "old-1", "HD-1", "CHALLENGED");
        history(c, "old-1", T0.minus(Duration.ofMinutes(20)), "NOTIFIED", "PUSH_SENDING");
        history(c, "old-1", T0.minus(Duration.ofMinutes(19)), "PUSH_SENDING", "CHALLENGED");
        caseBefore19(c, "old-2", "HD-2", "CHALLENGED");
        history(c, "old-2", T0.minus(Duration.ofHours(2)), "NOTIFIED", "PUSH_SENDING");
      }

      CaseStore store = CaseStore.migrate(db.dataSource());

      VerificationCase fresh =
          store
              .insertClaimed(
                  CaseStoreContract.newCase("HD-3", 1, new SplittableRandom(3)),
                  "node-a",
                  T0,
                  Duration.ofMinutes(2),
                  "n",
                  "")
              .orElseThrow();
      fresh =
          store.save(
              fresh,
              fresh.toBuilder().state(CaseState.NOTIFIED).providerUserId("ana@example.com").build(),
              "node-a",
              T0,
              Optional.of(Duration.ofMinutes(2)),
              "node-a",
              Optional.empty());
      VerificationCase next = fresh.toBuilder().state(CaseState.PUSH_SENDING).build();
      // One push within the hour: a limit of one is spent, a limit of two is not.
      assertThat(
              store.saveWithinPushBudget(
                  fresh, next, "node-a", T0, Duration.ofMinutes(2), 1, Duration.ofHours(1)))
          .isEmpty();
      assertThat(
              store.saveWithinPushBudget(
                  fresh, next, "node-a", T0, Duration.ofMinutes(2), 2, Duration.ofHours(1)))
          .isPresent();
    }
  }

  /** A row as V18 knew it, with only the columns it requires and the person's key. */
  private static void caseBefore19(Connection c, String id, String key, String state)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "insert into verification_case (id, ticket_system, ticket_key, attempt,"
                + " requester_account_id, requester_name, fingerprint, operation, confidence,"
                + " evidence, provider, state, active, provider_user_id, push_target_key,"
                + " next_action_at, failures, step_attempts, version, created_at, updated_at)"
                + " values (?, 'jira', ?, 1, 'acc-1', 'Ana', 'f', 'CREDENTIAL_RESET', 0.9, '[]',"
                + " 'duo', ?, true, 'Ana@Example.com', 'ana@example.com', ?, 0, 0, 1, ?, ?)")) {
      OffsetDateTime at = OffsetDateTime.ofInstant(T0.minus(Duration.ofHours(3)), ZoneOffset.UTC);
      ps.setString(1, id);
      ps.setString(2, key);
      ps.setString(3, state);
      ps.setObject(4, at);
      ps.setObject(5, at);
      ps.setObject(6, at);
      ps.executeUpdate();
    }
  }

  private static void history(Connection c, String id, Instant at, String from, String to)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "insert into case_history (case_id, at, from_state, to_state, actor, detail)"
                + " values (?, ?, ?, ?, 'node-a', '')")) {
      ps.setString(1, id);
      ps.setObject(2, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
      ps.setString(3, from);
      ps.setString(4, to);
      ps.executeUpdate();
    }
  }
}
