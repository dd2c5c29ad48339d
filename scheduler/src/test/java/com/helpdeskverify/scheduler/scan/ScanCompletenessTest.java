package com.helpdeskverify.scheduler.scan;

import com.helpdeskverify.core.store.CaseStore;
import com.helpdeskverify.simulators.SimulatedJira;
import com.helpdeskverify.testkit.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scan completeness of every adapter against its stateful simulator, over thousands of random
 * interleavings of page reads with arrivals, edits, moves out of and back into the scope, deletions
 * and crashes (see {@link CompletenessProperty}).
 */
class ScanCompletenessTest {
  private static final int TRIALS = Integer.getInteger("hv.scan.trials", 60);
  private static TestDatabase db;
  private static CaseStore store;

  @BeforeAll
  static void open() {
    db = TestDatabase.h2();
    store = CaseStore.migrate(db.dataSource());
  }

  @AfterAll
  static void close() {
    db.close();
  }

  @Test
  void jiraCloudWithOffsetTokensDeliversEveryTicketThatStaysInScope() {
    new CompletenessProperty(
            store,
            (clock, random) -> JiraScope.cloud(clock, random, SimulatedJira.PageTokens.OFFSET))
        .check(1, TRIALS);
  }

  @Test
  void jiraCloudWithSnapshotTokensDeliversEveryTicketThatStaysInScope() {
    new CompletenessProperty(
            store,
            (clock, random) -> JiraScope.cloud(clock, random, SimulatedJira.PageTokens.SNAPSHOT))
        .check(2, TRIALS);
  }

  @Test
  void jiraCloudWithCursorTokensDeliversEveryTicketThatStaysInScope() {
    new CompletenessProperty(
            store,
            (clock, random) -> JiraScope.cloud(clock, random, SimulatedJira.PageTokens.CURSOR))
        .check(3, TRIALS);
  }

  @Test
  void jiraDataCenterWithOffsetPagingDeliversEveryTicketThatStaysInScope() {
    new CompletenessProperty(store, JiraScope::dataCenter).check(4, TRIALS);
  }

  @Test
  void serviceNowWithOffsetPagingDeliversEveryTicketThatStaysInScope() {
    new CompletenessProperty(store, ServiceNowScope::new).check(5, 2 * TRIALS);
  }
}
