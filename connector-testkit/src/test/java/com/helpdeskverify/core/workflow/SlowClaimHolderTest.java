package com.helpdeskverify.core.workflow;

import static com.helpdeskverify.testkit.WorkflowHarness.requester;
import static org.assertj.core.api.Assertions.assertThat;

import com.helpdeskverify.core.CaseState;
import com.helpdeskverify.core.CommentMarker.Step;
import com.helpdeskverify.core.HistoryEntry;
import com.helpdeskverify.core.Requester;
import com.helpdeskverify.core.Ticket;
import com.helpdeskverify.core.VerificationCase;
import com.helpdeskverify.core.spi.TransientFailure;
import com.helpdeskverify.testkit.SimulatedPushProvider.Answer;
import com.helpdeskverify.testkit.WorkflowHarness;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A node that claimed a batch of cases but is slow to reach one of them (the cases before it took
 * long, its calls waited behind a rate limit) holds a claim that ran out; another node may have
 * claimed and worked that case meanwhile. Seen in the three-node cluster run: the slow node then
 * posted the notice a second time, because a first step of a fresh claim does not look for it.
 */
class SlowClaimHolderTest {
  @Test
  void aCaseTakenFromASlowHolderIsNotWorkedAgainByIt() {
    try (WorkflowHarness h = new WorkflowHarness()) {
      Requester alice = requester("alice");
      h.provider.user(alice, Answer.APPROVE);
      Ticket t = h.passwordReset(alice);
      h.scan();
      VerificationWorkflow slow = h.workflow("node-a");
      VerificationWorkflow other = h.workflow("node-b");
      List<VerificationCase> batch =
          h.store.claimDue("node-a", h.clock.instant(), h.policy.claim(), 10);
      assertThat(batch).hasSize(1);

      h.clock.advance(h.policy.claim().plusSeconds(1));
      other.runDue(10);
      assertThat(h.tickets.commentsWith(t.ref(), Step.NOTICE)).isEqualTo(1);
      slow.advance(batch.get(0));

      assertThat(h.tickets.commentsWith(t.ref(), Step.NOTICE)).as("notices").isEqualTo(1);
      assertThat(h.provider.pushes()).as("pushes").hasSize(1);
      assertThat(h.onlyCase(t).state()).isNotEqualTo(CaseState.DETECTED);
    }
  }

  @Test
  void aSlowHolderWhoseClaimRanOutUnclaimedGoesOn() {
    try (WorkflowHarness h = new WorkflowHarness()) {
      Requester alice = requester("alice");
      h.provider.user(alice, Answer.APPROVE);
      Ticket t = h.passwordReset(alice);
      h.scan();
      List<VerificationCase> batch =
          h.store.claimDue("node-a", h.clock.instant(), h.policy.claim(), 10);

      h.clock.advance(h.policy.claim().plus(Duration.ofSeconds(1)));
      h.workflow("node-a").advance(batch.get(0));

      assertThat(h.tickets.commentsWith(t.ref(), Step.NOTICE)).isEqualTo(1);
      assertThat(h.provider.pushes()).hasSize(1);
    }
  }

  @Test
  void aCaseWaitingInASlowNodesBatchGoesToAnotherNodeWithinSeconds() {
    try (WorkflowHarness h = new WorkflowHarness()) {
      Requester alice = requester("alice");
      Requester bob = requester("bob");
      h.provider.user(alice, Answer.APPROVE);
      h.provider.user(bob, Answer.APPROVE);
      Ticket first = h.passwordReset(alice);
      h.clock.advance(Duration.ofSeconds(1));
      Ticket second = h.passwordReset(bob);
      h.scan();
      VerificationWorkflow slow = h.workflow("node-a");
      VerificationWorkflow other = h.workflow("node-b");
      // While node-a posts the first case's notice, 11 s pass (far less than the 2-minute claim)
      // and node-b looks for due work: the second case, still waiting in node-a's batch, is free.
      h.faults.fail(
          "jira.postPublicComment",
          1,
          () -> {
            h.clock.advance(Duration.ofSeconds(11));
            other.runDue(1);
            return new TransientFailure("jira", "comment", "slow", Optional.empty(), false, null);
          });

      slow.runDue(10);

      VerificationCase taken = h.onlyCase(second);
      assertThat(h.tickets.commentsWith(second.ref(), Step.NOTICE)).isEqualTo(1);
      assertThat(h.store.history(taken.id()))
          .filteredOn(e -> e.to() == CaseState.NOTIFIED)
          .extracting(HistoryEntry::actor)
          .containsExactly("node-b");
      assertThat(h.onlyCase(first).state()).isEqualTo(CaseState.DETECTED);
    }
  }

  /**
   * The step after a write follows it at once without a renewal of its own, and the push's fence is
   * what stops a node that stalled in between: here node-a stalls right after writing PUSH_SENDING,
   * longer than its claim, and node-b takes the case and sends the push.
   */
  @Test
  void aCaseTakenBetweenTwoStepsOfARunIsNotPushedAgain() {
    try (WorkflowHarness h = new WorkflowHarness()) {
      Requester alice = requester("alice");
      h.provider.user(alice, Answer.IGNORE);
      Ticket t = h.passwordReset(alice);
      h.scan();
      VerificationWorkflow slow = h.workflow("node-a");
      VerificationWorkflow other = h.workflow("node-b");
      boolean[] stalled = {false};
      slow.listen(
          (before, after) -> {
            if (after.state() == CaseState.PUSH_SENDING && !stalled[0]) {
              stalled[0] = true;
              h.clock.advance(h.policy.claim().plusSeconds(1));
              other.runDue(10);
            }
          });

      slow.runDue(10);

      assertThat(stalled[0]).isTrue();
      assertThat(h.provider.pushes()).as("pushes").hasSize(1);
      assertThat(h.onlyCase(t).state()).isEqualTo(CaseState.CHALLENGED);
      assertThat(h.store.history(h.onlyCase(t).id()))
          .filteredOn(e -> e.to() == CaseState.CHALLENGED)
          .extracting(HistoryEntry::actor)
          .containsExactly("node-b");
    }
  }
}
