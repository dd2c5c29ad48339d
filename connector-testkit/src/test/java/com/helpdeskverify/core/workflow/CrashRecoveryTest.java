package com.helpdeskverify.core.workflow;

import static com.helpdeskverify.testkit.WorkflowHarness.requester;
import static org.assertj.core.api.Assertions.assertThat;

import com.helpdeskverify.core.CommentMarker.Step;
import com.helpdeskverify.core.Outcome;
import com.helpdeskverify.core.ReasonCode;
import com.helpdeskverify.core.Requester;
import com.helpdeskverify.core.Ticket;
import com.helpdeskverify.core.VerificationCase;
import com.helpdeskverify.testkit.Faults.When;
import com.helpdeskverify.testkit.SimulatedCrash;
import com.helpdeskverify.testkit.SimulatedPushProvider.Answer;
import com.helpdeskverify.testkit.SimulatedTicketSystem.Comment;
import com.helpdeskverify.testkit.SimulatedTicketSystem.Disposition;
import com.helpdeskverify.testkit.WorkflowHarness;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Stops the process at every single call the workflow makes to a ticket system or provider, once
 * before the call takes effect and once after it did (and before the store learns of it), then
 * starts a fresh workflow on the same store and lets it finish. Each path must end as it would have
 * without the crash, with every comment posted once and exactly one push.
 */
class CrashRecoveryTest {
  private static final Requester ALICE = requester("alice");
  private static final Requester AGENT = requester("agent");

  /**
   * @param phoneIn the ticket is opened by an agent for Alice, so the agent's notes join the path
   */
  private record Path(
      String name,
      Consumer<WorkflowHarness> setUp,
      Outcome outcome,
      Disposition disposition,
      int pushes,
      List<Step> comments,
      boolean phoneIn) {
    Path(
        String name,
        Consumer<WorkflowHarness> setUp,
        Outcome outcome,
        Disposition disposition,
        int pushes,
        List<Step> comments) {
      this(name, setUp, outcome, disposition, pushes, comments, false);
    }

    Ticket file(WorkflowHarness h) {
      return phoneIn
          ? h.tickets.fileFor(
              ALICE,
              AGENT,
              "Password reset",
              "Caller on the phone forgot the password and asks for a reset.")
          : h.passwordReset(ALICE);
    }
  }

  private static final List<Path> PATHS =
      List.of(
          new Path(
              "approved",
              h -> h.provider.user(ALICE, Answer.APPROVE, 1),
              new Outcome.Executed(),
              Disposition.EXECUTE,
              1,
              List.of(Step.NOTICE, Step.EXECUTED, Step.VERIFIED_ACCOUNT)),
          new Path(
              "phone-in approved with number matching",
              h -> h.provider.user(ALICE, Answer.APPROVE).withNumberMatching("47"),
              new Outcome.Executed(),
              Disposition.EXECUTE,
              1,
              List.of(
                  Step.NOTICE,
                  Step.MATCH_NUMBER,
                  Step.AGENT_PROMPTING,
                  Step.EXECUTED,
                  Step.VERIFIED_ACCOUNT),
              true),
          new Path(
              "phone-in denied",
              h -> h.provider.user(ALICE, Answer.DENY, 1),
              new Outcome.Rejected(ReasonCode.DENIED),
              Disposition.REJECTED,
              1,
              List.of(Step.NOTICE, Step.AGENT_PROMPTING, Step.REJECTED, Step.OUTCOME_INTERNAL),
              true),
          new Path(
              "approved with number matching",
              h -> h.provider.user(ALICE, Answer.APPROVE).withNumberMatching("57"),
              new Outcome.Executed(),
              Disposition.EXECUTE,
              1,
              List.of(Step.NOTICE, Step.MATCH_NUMBER, Step.EXECUTED, Step.VERIFIED_ACCOUNT)),
          new Path(
              "reported as fraud",
              h -> h.provider.user(ALICE, Answer.REPORT_FRAUD, 1),
              new Outcome.Rejected(ReasonCode.FRAUD_REPORTED),
              Disposition.REJECTED,
              1,
              List.of(Step.NOTICE, Step.REJECTED, Step.FRAUD_INTERNAL)),
          new Path(
              "timed out",
              h -> h.provider.user(ALICE, Answer.IGNORE),
              new Outcome.Rejected(ReasonCode.TIMED_OUT),
              Disposition.REJECTED,
              1,
              List.of(Step.NOTICE, Step.REJECTED)),
          new Path(
              "no enrolled device",
              h -> h.provider.userWithoutDevice(ALICE),
              new Outcome.Escalated(ReasonCode.NO_ENROLLED_DEVICE),
              Disposition.ESCALATED,
              0,
              List.of(Step.ESCALATED_INTERNAL, Step.ESCALATED_PUBLIC)));

  @TestFactory
  Stream<DynamicTest> everyPathSurvivesACrashAtEveryCall() {
    return crashesOnEveryPath(false);
  }

  /**
   * The same where the ticket system takes the comment of an execution or rejection with the move,
   * as one call: a crash after it must not bring the comment a second time.
   */
  @TestFactory
  Stream<DynamicTest> everyPathSurvivesACrashAtEveryCallWithCommentsTakenWithMoves() {
    return crashesOnEveryPath(true);
  }

  private static Stream<DynamicTest> crashesOnEveryPath(boolean together) {
    List<DynamicTest> tests = new ArrayList<>();
    for (Path path : PATHS) {
      int calls = callsWithoutCrash(path, together);
      assertThat(calls).as("calls on path %s", path.name()).isGreaterThan(3);
      for (int at = 0; at < calls; at++) {
        for (When when : When.values()) {
          int callIndex = at;
          tests.add(
              DynamicTest.dynamicTest(
                  path.name() + ": crash " + when + " call " + at,
                  () -> crashAndRecover(path, callIndex, when, together)));
        }
      }
    }
    return tests.stream();
  }

  private static int callsWithoutCrash(Path path, boolean together) {
    try (WorkflowHarness h = new WorkflowHarness()) {
      h.tickets.takeCommentsWithMoves(together);
      path.setUp().accept(h);
      Ticket t = path.file(h);
      h.scan();
      h.runUntilSettled();
      assertEnded(h, t, path);
      if (together && path.disposition() != Disposition.ESCALATED) {
        // Without a crash the move and its comment are one call, never two.
        assertThat(h.faults.calls())
            .as("calls")
            .containsAnyOf("jira.executeWithComment", "jira.rejectWithComment")
            .doesNotContain("jira.execute", "jira.reject");
      }
      return h.faults.calls().size();
    }
  }

  private static void crashAndRecover(Path path, int callIndex, When when, boolean together) {
    try (WorkflowHarness h = new WorkflowHarness()) {
      h.tickets.takeCommentsWithMoves(together);
      path.setUp().accept(h);
      Ticket t = path.file(h);
      h.faults.crashAt(callIndex, when);
      boolean crashed = false;
      try {
        h.scan();
        h.runUntilSettled();
      } catch (SimulatedCrash expected) {
        crashed = true;
      }
      assertThat(crashed).as("the crash point was reached").isTrue();

      h.faults.noCrash();
      h.restart();
      h.scan();
      h.runUntilSettled();

      assertEnded(h, t, path);
    }
  }

  private static void assertEnded(WorkflowHarness h, Ticket t, Path path) {
    VerificationCase c = h.onlyCase(t);
    assertThat(c.outcome()).as("outcome").contains(path.outcome());
    assertThat(h.tickets.disposition(t.ref())).as("ticket").isEqualTo(path.disposition());
    assertThat(h.provider.pushesFor(c.id())).as("pushes").isEqualTo(path.pushes());
    Map<Step, Long> posted =
        h.tickets.comments(t.ref()).stream()
            .collect(Collectors.groupingBy(cm -> cm.marker().step(), Collectors.counting()));
    assertThat(posted)
        .as("comments, each once")
        .isEqualTo(
            path.comments().stream().collect(Collectors.toMap(Function.identity(), s -> 1L)));
    assertThat(h.tickets.comments(t.ref())).extracting(Comment::marker).doesNotHaveDuplicates();
  }
}
