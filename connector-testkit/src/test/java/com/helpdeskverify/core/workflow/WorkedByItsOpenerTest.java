package com.helpdeskverify.core.workflow;

import static com.helpdeskverify.testkit.WorkflowHarness.requester;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.helpdeskverify.core.CaseState;
import com.helpdeskverify.core.CommentMarker.Step;
import com.helpdeskverify.core.HistoryEntry;
import com.helpdeskverify.core.Requester;
import com.helpdeskverify.core.Ticket;
import com.helpdeskverify.core.VerificationCase;
import com.helpdeskverify.core.Watermark;
import com.helpdeskverify.testkit.Faults.When;
import com.helpdeskverify.testkit.SimulatedCrash;
import com.helpdeskverify.testkit.SimulatedPushProvider.Answer;
import com.helpdeskverify.testkit.WorkflowHarness;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A case intake opens claimed ({@link TicketIntake#considerClaiming}, the webhook path) is worked
 * at once by the node that opened it, holding the claim as a worker would: no worker of this or any
 * node takes it meanwhile, it moves and is reported as a worker would move and report it, and a
 * crash of its opener leaves it to the usual recovery.
 */
class WorkedByItsOpenerTest {
  private static final Requester ALICE = requester("alice");
  private static final Requester BOB = requester("bob");

  private static VerificationCase opened(IntakeDecision decision) {
    assertThat(decision).isInstanceOf(IntakeDecision.Opened.class);
    return ((IntakeDecision.Opened) decision).verificationCase();
  }

  @Test
  void aCaseOpenedClaimingIsNotifiedAndPushedByItsOpenerWhileNoWorkerCanTakeIt() {
    try (WorkflowHarness h = new WorkflowHarness()) {
      h.provider.user(ALICE, Answer.APPROVE, 1);
      Ticket t = h.passwordReset(ALICE);
      VerificationWorkflow opener = h.workflow("node-a");

      VerificationCase claimed = opened(h.intake("node-a").considerClaiming(t));

      assertThat(claimed.claim()).map(VerificationCase.Claim::owner).contains("node-a");
      // Every worker, of this node or another, finds nothing it may take.
      assertThat(h.workflow("node-a").runDue(10)).isZero();
      assertThat(h.workflow("node-b").runDue(10)).isZero();
      assertThat(h.tickets.commentsWith(t.ref(), Step.NOTICE)).isZero();

      VerificationCase worked = opener.advance(claimed);

      assertThat(worked.state()).isEqualTo(CaseState.CHALLENGED);
      assertThat(h.tickets.commentsWith(t.ref(), Step.NOTICE)).isEqualTo(1);
      assertThat(h.provider.pushesFor(claimed.id())).isEqualTo(1);
      assertThat(h.store.history(claimed.id()))
          .extracting(HistoryEntry::actor)
          .containsOnly("node-a");
    }
  }

  @Test
  void workedByItsOpenerACaseMovesAndIsHeardOfExactlyAsWhenAWorkerWorksIt() {
    try (WorkflowHarness h = new WorkflowHarness()) {
      h.provider.user(ALICE, Answer.APPROVE, 1).user(BOB, Answer.APPROVE, 1);
      VerificationWorkflow node = h.workflow("node-a");
      List<String> heard = new ArrayList<>();
      node.listen((before, after) -> heard.add(before.state() + "->" + after.state()));

      Ticket scanned = h.passwordReset(ALICE);
      new TicketScanner(h.store, h.intake("node-a"), h.clock)
          .scan(h.tickets, Watermark.at(Instant.EPOCH), 50);
      assertThat(h.onlyCase(scanned).claim())
          .as("a scan leaves its cases to the workers")
          .isEmpty();
      assertThat(node.runDue(10)).isEqualTo(1);
      List<String> heardOfWorked = List.copyOf(heard);
      heard.clear();
      Ticket announced = h.passwordReset(BOB);
      node.advance(opened(h.intake("node-a").considerClaiming(announced)));

      assertThat(heard).isEqualTo(heardOfWorked).isNotEmpty();
      assertThat(steps(h, announced)).isEqualTo(steps(h, scanned));
      assertThat(h.onlyCase(announced).state()).isEqualTo(h.onlyCase(scanned).state());
    }
  }

  /** A case's history without its ids: each move, by whom, with what note. */
  private static List<String> steps(WorkflowHarness h, Ticket t) {
    return h.store.history(h.onlyCase(t).id()).stream()
        .map(
            e ->
                e.from().map(CaseState::name).orElse("-")
                    + "->"
                    + e.to()
                    + " by "
                    + e.actor()
                    + ": "
                    + e.detail()
                        .replace(h.onlyCase(t).id().value(), "<case>")
                        .replaceAll("push-\\d+", "<push>"))
        .toList();
  }

  @Test
  void aCaseItsOpenerNeverGotToIsWorkedByTheWorkersOnceTheOpenerRestarts() {
    try (WorkflowHarness h = new WorkflowHarness()) {
      h.provider.user(ALICE, Answer.APPROVE, 1);
      Ticket t = h.passwordReset(ALICE);
      h.store.startNode("node-a", h.clock.instant());
      opened(h.intake("node-a").considerClaiming(t));
      // The opener dies here, before its first step.

      assertThat(h.store.startNode("node-a", h.clock.instant().plusSeconds(2))).isEqualTo(1);
      h.clock.advance(Duration.ofSeconds(2));

      assertThat(h.workflow("node-a").runDue(10)).isEqualTo(1);
      assertThat(h.onlyCase(t).state()).isEqualTo(CaseState.CHALLENGED);
      assertThat(h.tickets.commentsWith(t.ref(), Step.NOTICE)).isEqualTo(1);
      assertThat(h.provider.pushes()).hasSize(1);
    }
  }

  @Test
  void anOpenerThatCrashedAfterPostingTheNoticeLeavesItPostedOnceWhenAWorkerResumes() {
    try (WorkflowHarness h = new WorkflowHarness()) {
      h.provider.user(ALICE, Answer.APPROVE, 1);
      Ticket t = h.passwordReset(ALICE);
      VerificationCase claimed = opened(h.intake("node-a").considerClaiming(t));
      int before = h.faults.calls().size();
      h.faults.crashAt(before + indexOfNotice(), When.AFTER);

      assertThatThrownBy(() -> h.workflow("node-a").advance(claimed))
          .isInstanceOf(SimulatedCrash.class);
      assertThat(h.tickets.commentsWith(t.ref(), Step.NOTICE)).isEqualTo(1);
      assertThat(h.onlyCase(t).state()).isEqualTo(CaseState.DETECTED);

      h.faults.noCrash();
      h.restart();
      h.runUntilSettled();

      assertThat(h.tickets.commentsWith(t.ref(), Step.NOTICE)).as("notices").isEqualTo(1);
      assertThat(h.provider.pushes()).as("pushes").hasSize(1);
      assertThat(h.onlyCase(t).state()).isEqualTo(CaseState.EXECUTE_REQUESTED);
    }
  }

  /** Which call of a first step in DETECTED posts the notice, counted from the step's start. */
  private static int indexOfNotice() {
    try (WorkflowHarness probe = new WorkflowHarness()) {
      probe.provider.user(ALICE, Answer.APPROVE, 1);
      Ticket t = probe.passwordReset(ALICE);
      VerificationCase claimed = opened(probe.intake("node-a").considerClaiming(t));
      int start = probe.faults.calls().size();
      probe.workflow("node-a").advance(claimed);
      int at =
          probe
              .faults
              .calls()
              .subList(start, probe.faults.calls().size())
              .indexOf("jira.postPublicComment");
      assertThat(at).as("the notice is posted").isNotNegative();
      return at;
    }
  }

  @Test
  void aTicketWhoseAttemptRunsOpensNothingAndClaimsNothing() {
    try (WorkflowHarness h = new WorkflowHarness()) {
      Ticket t = h.passwordReset(ALICE);
      h.scan();
      VerificationCase running = h.onlyCase(t);

      IntakeDecision again = h.intake("node-a").considerClaiming(t);

      assertThat(again).isInstanceOf(IntakeDecision.Unchanged.class);
      assertThat(h.onlyCase(t)).isEqualTo(running);
    }
  }
}
