package com.helpdeskverify.core.workflow;

import static com.helpdeskverify.testkit.WorkflowHarness.requester;
import static org.assertj.core.api.Assertions.assertThat;

import com.helpdeskverify.core.CaseState;
import com.helpdeskverify.core.CommentMarker.Step;
import com.helpdeskverify.core.HistoryEntry;
import com.helpdeskverify.core.Requester;
import com.helpdeskverify.core.Ticket;
import com.helpdeskverify.core.VerificationCase;
import com.helpdeskverify.core.Watermark;
import com.helpdeskverify.testkit.SimulatedPushProvider.Answer;
import com.helpdeskverify.testkit.SimulatedTicketSystem.Disposition;
import com.helpdeskverify.testkit.TestDatabase;
import com.helpdeskverify.testkit.WorkflowHarness;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Two workflow nodes on one PostgreSQL database, each scanning and working the same 200 tickets at
 * the same time, must never both work a case: one push, one notice and one move per ticket.
 */
class TwoNodesOnPostgresTest {
  private static final int TICKETS = 200;
  private static final Set<CaseState> UP_TO_THE_PUSH =
      EnumSet.of(
          CaseState.DETECTED, CaseState.NOTIFIED, CaseState.PUSH_SENDING, CaseState.CHALLENGED);

  @Test
  void twoNodesWorkingTheSameCasesNeverDoubleClaim() throws Exception {
    try (WorkflowHarness h = new WorkflowHarness(TestDatabase.postgres())) {
      h.faults.latency(500);
      List<Ticket> tickets = new ArrayList<>();
      for (int i = 0; i < TICKETS; i++) {
        Requester r = requester("user" + i);
        h.provider.user(r, i % 4 == 0 ? Answer.DENY : Answer.APPROVE, i % 3);
        tickets.add(h.passwordReset(r));
      }
      List<VerificationWorkflow> nodes = List.of(h.workflow("node-a"), h.workflow("node-b"));
      List<TicketScanner> scanners =
          List.of(
              new TicketScanner(h.store, h.intake("node-a"), h.clock),
              new TicketScanner(h.store, h.intake("node-b"), h.clock));

      ExecutorService pool = Executors.newFixedThreadPool(2);
      List<Future<?>> running = new ArrayList<>();
      for (int n = 0; n < 2; n++) {
        VerificationWorkflow node = nodes.get(n);
        TicketScanner scanner = scanners.get(n);
        running.add(
            pool.submit(
                () -> {
                  // Each node scans from the beginning in small pages, racing the other to open
                  // cases.
                  scanner.scan(h.tickets, Watermark.at(Instant.EPOCH), 7);
                  long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                  while (h.store.activeCount() > 0 && System.nanoTime() < deadline) {
                    if (node.runDue(5) == 0) {
                      Thread.onSpinWait();
                    }
                  }
                  return null;
                }));
      }
      // Time runs ten times faster than real time: polls come due, claims stay far from expiring.
      while (running.stream().anyMatch(f -> !f.isDone())) {
        Thread.sleep(10);
        h.clock.advance(Duration.ofMillis(100));
      }
      for (Future<?> f : running) {
        f.get();
      }
      pool.shutdown();

      Set<String> actors = new java.util.HashSet<>();
      for (int i = 0; i < TICKETS; i++) {
        Ticket t = tickets.get(i);
        VerificationCase c = h.onlyCase(t);
        boolean denies = i % 4 == 0;
        assertThat(c.state())
            .as("case of %s", t.ref())
            .isEqualTo(denies ? CaseState.REJECTED : CaseState.EXECUTE_REQUESTED);
        assertThat(h.provider.pushesFor(c.id())).as("pushes for %s", t.ref()).isEqualTo(1);
        assertThat(h.tickets.commentsWith(t.ref(), Step.NOTICE))
            .as("notices on %s", t.ref())
            .isEqualTo(1);
        assertThat(h.tickets.moveCalls(t.ref())).as("moves of %s", t.ref()).isEqualTo(1);
        assertThat(h.tickets.disposition(t.ref()))
            .isEqualTo(denies ? Disposition.REJECTED : Disposition.EXECUTE);
        actors.addAll(
            h.store.history(c.id()).stream().map(HistoryEntry::actor).collect(Collectors.toSet()));
      }
      assertThat(h.provider.pushes()).hasSize(TICKETS);
      assertThat(actors).as("both nodes did work").contains("node-a", "node-b");
    }
  }

  @Test
  void casesANodeOpensClaimedAreWorkedByItAloneWhileOtherNodesWorkersRace() throws Exception {
    try (WorkflowHarness h = new WorkflowHarness(TestDatabase.postgres())) {
      h.faults.latency(500);
      int count = 100;
      List<Ticket> tickets = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        Requester r = requester("user" + i);
        h.provider.user(r, Answer.APPROVE, i % 3);
        tickets.add(h.passwordReset(r));
      }
      VerificationWorkflow opener = h.workflow("node-a");
      TicketIntake webhookIntake = h.intake("node-a");
      List<VerificationWorkflow> workers = List.of(h.workflow("node-b"), h.workflow("node-c"));

      ExecutorService pool = Executors.newFixedThreadPool(3);
      List<Future<?>> running = new ArrayList<>();
      running.add(
          pool.submit(
              () -> {
                // The webhook path: each ticket opened claimed and worked at once.
                for (Ticket t : tickets) {
                  if (webhookIntake.considerClaiming(t) instanceof IntakeDecision.Opened opened) {
                    opener.advance(opened.verificationCase());
                  }
                }
                return null;
              }));
      for (VerificationWorkflow node : workers) {
        running.add(
            pool.submit(
                () -> {
                  long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                  while ((h.store.all().size() < count || h.store.activeCount() > 0)
                      && System.nanoTime() < deadline) {
                    if (node.runDue(5) == 0) {
                      Thread.onSpinWait();
                    }
                  }
                  return null;
                }));
      }
      while (running.stream().anyMatch(f -> !f.isDone())) {
        Thread.sleep(10);
        h.clock.advance(Duration.ofMillis(100));
      }
      for (Future<?> f : running) {
        f.get();
      }
      pool.shutdown();

      for (Ticket t : tickets) {
        VerificationCase c = h.onlyCase(t);
        assertThat(c.state()).as("case of %s", t.ref()).isEqualTo(CaseState.EXECUTE_REQUESTED);
        assertThat(h.provider.pushesFor(c.id())).as("pushes for %s", t.ref()).isEqualTo(1);
        assertThat(h.tickets.commentsWith(t.ref(), Step.NOTICE))
            .as("notices on %s", t.ref())
            .isEqualTo(1);
        // Up to the push, the opener alone: no worker took the case while it was being worked.
        assertThat(
                h.store.history(c.id()).stream()
                    .filter(e -> UP_TO_THE_PUSH.contains(e.to()))
                    .filter(e -> !e.from().equals(Optional.of(e.to())))
                    .map(HistoryEntry::actor))
            .as("who opened, notified and pushed %s", t.ref())
            .containsOnly("node-a");
      }
    }
  }

  @Test
  void twoNodesRacingToPromptOnePersonStayWithinThePushLimit() throws Exception {
    try (WorkflowHarness h = new WorkflowHarness(TestDatabase.postgres())) {
      h.faults.latency(2000);
      Requester target = requester("target");
      h.provider.user(target, Answer.DENY);
      List<Ticket> tickets = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        tickets.add(h.passwordReset(target));
      }
      h.scan();
      List<VerificationWorkflow> nodes = List.of(h.workflow("node-a"), h.workflow("node-b"));
      ExecutorService pool = Executors.newFixedThreadPool(2);
      List<Future<?>> running = new ArrayList<>();
      for (VerificationWorkflow node : nodes) {
        running.add(
            pool.submit(
                () -> {
                  long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                  while (h.store.activeCount() > 0 && System.nanoTime() < deadline) {
                    node.runDue(1);
                  }
                  return null;
                }));
      }
      while (running.stream().anyMatch(f -> !f.isDone())) {
        Thread.sleep(10);
        h.clock.advance(Duration.ofMillis(100));
      }
      for (Future<?> f : running) {
        f.get();
      }
      pool.shutdown();

      assertThat(h.provider.pushes()).hasSize(h.policy.maxPushesPerHour());
      assertThat(tickets.stream().map(h::onlyCase).filter(c -> c.state() == CaseState.ESCALATED))
          .hasSize(tickets.size() - h.policy.maxPushesPerHour());
    }
  }
}
