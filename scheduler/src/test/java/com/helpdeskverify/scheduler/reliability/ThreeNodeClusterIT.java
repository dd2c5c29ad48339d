package com.helpdeskverify.scheduler.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.helpdeskverify.core.CaseId;
import com.helpdeskverify.core.store.CaseStore;
import com.helpdeskverify.simulators.ServiceProcess;
import com.helpdeskverify.simulators.SimulatedDuo;
import com.helpdeskverify.simulators.SimulatedJira;
import com.helpdeskverify.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Three nodes of the packaged service, clustered on one PostgreSQL schema, work 600 sensitive Jira
 * tickets through Duo while one of them is killed with SIGKILL: no ticket is worked twice (one
 * push, one notice, one outcome comment and one transition each, no state change written twice) and
 * every ticket ends. Skipped without PostgreSQL at 127.0.0.1:5432, unless {@code CI=true}.
 */
class ThreeNodeClusterIT {
  private static final long SEED = Long.getLong("hv.cluster.seed", 20_240_612L);
  private static final int TICKETS = 600;
  private static final int NODES = 3;

  @Test
  void threeNodesWorkEveryTicketExactlyOnceAlthoughOneIsKilled() throws Exception {
    Instant began = Instant.now();
    Random random = new Random(SEED);
    Path dir = ServiceProcess.workDir("three-node-cluster");
    List<RunAudit.Filed> filed = Collections.synchronizedList(new ArrayList<>());
    List<ServiceProcess> nodes = new ArrayList<>();
    ScheduledExecutorService filing = Executors.newSingleThreadScheduledExecutor();
    try (TestDatabase db = TestDatabase.postgres();
        SimulatedJira jira = new SimulatedJira(Clock.systemUTC());
        SimulatedDuo duo = new SimulatedDuo(Clock.systemUTC());
        // Closed before the schema is dropped: no node outlives a failed test.
        AutoCloseable stopAll =
            () -> {
              for (ServiceProcess node : nodes) {
                node.close();
              }
            }) {
      String schemaUrl;
      try (Connection c = db.dataSource().getConnection()) {
        schemaUrl = c.getMetaData().getURL();
      }
      for (int i = 1; i <= NODES; i++) {
        Path config = dir.resolve("node-" + i + ".yml");
        Files.writeString(
            config,
            Workload.config(
                "node-" + i,
                dir.resolve("data-" + i).toString(),
                jira,
                duo,
                "45s",
                """
                scheduler:
                  clustered: true
                  advance-interval: 150ms
                  batch-size: 10
                store:
                  url: "%s"
                  pool-size: 5
                """
                    .formatted(schemaUrl)));
        nodes.add(new ServiceProcess("node-" + i, config, dir, Workload.ENV));
      }
      // All three at once, as an orchestrator starts them: migrations race on one schema.
      for (ServiceProcess node : nodes) {
        node.spawn();
      }
      for (ServiceProcess node : nodes) {
        node.awaitRunning(Duration.ofSeconds(120));
      }
      ServiceProcess.await(
          "the first scan",
          Duration.ofSeconds(60),
          () -> nodes.stream().anyMatch(n -> n.scanned("jira")));
      Workload workload = new Workload(jira, duo, SEED);
      // 600 tickets over about 18 s.
      filing.scheduleAtFixedRate(
          () -> {
            for (int i = 0; i < 20 && filed.size() < TICKETS; i++) {
              filed.add(workload.fileNext());
            }
          },
          0,
          600,
          TimeUnit.MILLISECONDS);

      Thread.sleep(8_000 + random.nextInt(12_000));
      ServiceProcess victim = nodes.get(random.nextInt(NODES));
      victim.kill();
      Instant killedAt = Instant.now();
      int filedAtKill = filed.size();
      List<CaseId> held = claimedBy(db, victim.toString());

      ServiceProcess.await(
          "every ticket to be filed", Duration.ofSeconds(90), () -> filed.size() >= TICKETS);
      filing.shutdown();
      CaseStore store = CaseStore.migrate(db.dataSource());
      // Cases that do not end are reported by the audit, with the rest of what it finds.
      boolean ended = awaitEveryCaseEnded(store);
      if (!ended) {
        System.out.println("ThreeNodeClusterIT: cases still open\n" + openCases(db));
      }
      for (ServiceProcess node : nodes) {
        if (node.alive()) {
          node.stop();
        }
      }

      RunAudit audit = RunAudit.of(List.copyOf(filed), jira, duo, store);
      List<Duration> takeover = movedOnAfter(store, held, victim.toString(), killedAt);
      System.out.printf(
          "ThreeNodeClusterIT: %d tickets on %d nodes, %s killed (SIGKILL) with %d filed, %s,"
              + " cases worked by several nodes %d, state changes by node %s, in %d s%n",
          filed.size(),
          NODES,
          victim,
          filedAtKill,
          audit.figures(),
          audit.casesWorkedByManyNodes,
          audit.movesByNode,
          Duration.between(began, Instant.now()).toSeconds());
      // A figure for BENCHMARKS.md (target: within 30 s of the kill), not a timed assertion.
      System.out.printf(
          "ThreeNodeClusterIT: %d cases held by the killed node; moved on by another node after the"
              + " kill: median %d ms, slowest %d ms%n",
          held.size(),
          takeover.isEmpty() ? 0 : takeover.get(takeover.size() / 2).toMillis(),
          takeover.isEmpty() ? 0 : takeover.get(takeover.size() - 1).toMillis());

      assertThat(filed).hasSize(TICKETS);
      assertThat(audit.problems).as("violations" + audit.firstProblems()).isEmpty();
      assertThat(audit.ticketsWithDuplicatePushes).as("tickets pushed more than once").isZero();
      assertThat(audit.duplicateComments).as("comments posted twice").isZero();
      assertThat(audit.extraTransitions).as("tickets moved more than once").isZero();
      assertThat(audit.movesByNode).as("every node worked cases").hasSize(NODES);
      assertThat(takeover).as("every case the killed node held moved on").hasSize(held.size());
    } finally {
      filing.shutdownNow();
    }
  }

  /** The cases {@code node} held a claim on, read straight after it was killed. */
  private static List<CaseId> claimedBy(TestDatabase db, String node) throws Exception {
    List<CaseId> held = new ArrayList<>();
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "select id from verification_case where claim_owner = ? and active = true")) {
      ps.setString(1, node);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          held.add(new CaseId(rs.getString(1)));
        }
      }
    }
    return held;
  }

  /**
   * Waits while the cluster keeps ending cases. A loaded machine works a burst off slowly (the 45 s
   * push timeout alone comes after a queue that can take a minute), so a fixed bound fails runs
   * that are merely slow; a case that no node moves on shows as a stretch without any case ending,
   * longer than a push's whole life, and the audit names it.
   */
  private static boolean awaitEveryCaseEnded(CaseStore store) throws InterruptedException {
    Duration quiet = Duration.ofSeconds(90);
    Instant giveUp = Instant.now().plus(Duration.ofSeconds(420));
    long open = Long.MAX_VALUE;
    Instant lastEnded = Instant.now();
    while (Instant.now().isBefore(giveUp)) {
      long now = store.activeCount();
      if (now == 0 && store.all().size() >= TICKETS) {
        return true;
      }
      if (now != open) {
        open = now;
        lastEnded = Instant.now();
      } else if (Duration.between(lastEnded, Instant.now()).compareTo(quiet) > 0) {
        return false;
      }
      Thread.sleep(500);
    }
    return false;
  }

  /** The rows of the cases still open and their push watches, for the report of a failed run. */
  private static String openCases(TestDatabase db) throws Exception {
    StringBuilder out = new StringBuilder("now " + Instant.now() + "\n");
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "select v.ticket_key, v.state, v.next_action_at, v.claim_owner, v.claim_until,"
                    + " v.push_deadline, v.failures, v.step_attempts, v.version, w.owner"
                    + " from verification_case v left join push_watch w on"
                    + " w.case_id = v.id where v.active = true order by v.ticket_key")) {
      try (ResultSet rs = ps.executeQuery()) {
        int columns = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          for (int i = 1; i <= columns; i++) {
            out.append(rs.getMetaData().getColumnLabel(i)).append('=').append(rs.getObject(i));
            out.append(i < columns ? ", " : "\n");
          }
        }
      }
    }
    return out.toString();
  }

  /** For each held case, how long after the kill another node first wrote its history. */
  private static List<Duration> movedOnAfter(
      CaseStore store, List<CaseId> held, String victim, Instant killedAt) {
    List<Duration> delays = new ArrayList<>();
    for (CaseId id : held) {
      store.history(id).stream()
          .filter(e -> e.at().isAfter(killedAt) && !e.actor().equals(victim))
          .findFirst()
          .ifPresent(e -> delays.add(Duration.between(killedAt, e.at())));
    }
    delays.sort(null);
    return delays;
  }
}
