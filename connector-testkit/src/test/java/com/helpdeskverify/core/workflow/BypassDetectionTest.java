package com.helpdeskverify.core.workflow;

import static com.helpdeskverify.testkit.WorkflowHarness.requester;
import static org.assertj.core.api.Assertions.assertThat;

import com.helpdeskverify.core.CaseState;
import com.helpdeskverify.core.Outcome;
import com.helpdeskverify.core.ReasonCode;
import com.helpdeskverify.core.Requester;
import com.helpdeskverify.core.Ticket;
import com.helpdeskverify.core.VerificationCase;
import com.helpdeskverify.core.spi.TransientFailure;
import com.helpdeskverify.testkit.SimulatedPushProvider.Answer;
import com.helpdeskverify.testkit.WorkflowHarness;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A sensitive ticket someone else closed or moved before its case had an outcome is a bypassed
 * verification: a warning naming ticket, case, attempt and what was found, and one {@link
 * WorkflowListener#bypassed} event. The connector's own moves and a requester's edit are not.
 */
class BypassDetectionTest {
  private final WorkflowHarness h = new WorkflowHarness();
  private final Requester alice = requester("alice");
  private final List<WorkflowListener.Bypass> bypasses = new CopyOnWriteArrayList<>();

  /** What the workflow logs; without a logging bridge on this class path, System.Logger is JUL. */
  private final Logger log = Logger.getLogger(VerificationWorkflow.class.getName());

  private final List<LogRecord> warnings = new CopyOnWriteArrayList<>();
  private final Handler handler =
      new Handler() {
        @Override
        public void publish(LogRecord r) {
          if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
            warnings.add(r);
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @BeforeEach
  void listen() {
    log.addHandler(handler);
    listenOn(h.workflow());
  }

  private void listenOn(VerificationWorkflow workflow) {
    workflow.listen(
        new WorkflowListener() {
          @Override
          public void moved(VerificationCase before, VerificationCase after) {}

          @Override
          public void bypassed(Bypass bypass) {
            bypasses.add(bypass);
          }
        });
  }

  @AfterEach
  void close() {
    log.removeHandler(handler);
    h.close();
  }

  private List<String> bypassWarnings() {
    return warnings.stream()
        .map(r -> java.text.MessageFormat.format(r.getMessage(), r.getParameters()))
        .filter(m -> m.contains("verification bypassed"))
        .toList();
  }

  /** Files a password reset whose push stays pending, and runs it to CHALLENGED. */
  private Ticket challenged() {
    h.provider.user(alice, Answer.IGNORE);
    Ticket t = h.passwordReset(alice);
    h.scan();
    h.workflow().runDue(10);
    assertThat(h.stateOf(t)).isEqualTo(CaseState.CHALLENGED);
    return t;
  }

  @Test
  void ticketATechnicianResolvesWhileThePushIsPendingIsABypassWarnedAndReported() {
    Ticket t = challenged();
    h.tickets.closeAs(t.ref(), "Resolved");

    h.runUntilSettled();

    VerificationCase c = h.onlyCase(t);
    assertThat(c.outcome()).contains(new Outcome.Cancelled(ReasonCode.TICKET_CLOSED));
    assertThat(bypasses)
        .singleElement()
        .satisfies(
            b -> {
              assertThat(b.cancelled().id()).isEqualTo(c.id());
              assertThat(b.code()).isEqualTo(ReasonCode.TICKET_CLOSED);
              assertThat(b.foundIn()).isEqualTo(CaseState.CHALLENGED);
              assertThat(b.ticketStatus()).isEqualTo("Resolved");
            });
    assertThat(bypassWarnings())
        .singleElement()
        .satisfies(
            w ->
                assertThat(w)
                    .contains(t.ref().label())
                    .contains("case " + c.id().value())
                    .contains("attempt 1")
                    .contains("found Resolved")
                    .contains("CHALLENGED")
                    .contains("TICKET_CLOSED"));
  }

  @Test
  void ticketATechnicianExecutesBeforeTheApprovalIsUsedIsABypassFoundAtTheLastLook() {
    h.provider.user(alice, Answer.APPROVE, 2);
    Ticket t = h.passwordReset(alice);
    h.scan();
    h.workflow().runDue(10);
    h.tickets.execute(t.ref()); // a technician, without waiting for the verification

    h.runUntilSettled();

    assertThat(h.onlyCase(t).outcome())
        .contains(new Outcome.Cancelled(ReasonCode.TICKET_OUT_OF_SCOPE));
    assertThat(bypasses)
        .singleElement()
        .satisfies(
            b -> {
              assertThat(b.code()).isEqualTo(ReasonCode.TICKET_OUT_OF_SCOPE);
              assertThat(b.foundIn()).isEqualTo(CaseState.APPROVED);
            });
    assertThat(bypassWarnings()).hasSize(1);
  }

  @Test
  void ticketMovedOutOfTheScopeWhileThePushIsPendingIsABypass() {
    Ticket t = challenged();
    h.tickets.moveOutOfScope(t.ref());

    h.runUntilSettled();

    assertThat(bypasses)
        .singleElement()
        .satisfies(
            b -> {
              assertThat(b.code()).isEqualTo(ReasonCode.TICKET_OUT_OF_SCOPE);
              assertThat(b.ticketStatus()).isEqualTo("Waiting for vendor");
            });
  }

  @Test
  void aBypassIsReportedOnceThoughTheLeftAloneStepIsRepeated() {
    Ticket t = challenged();
    h.tickets.closeAs(t.ref(), "Resolved");
    h.faults.fail(
        "jira.postInternalNote",
        1,
        () ->
            new TransientFailure(
                "jira",
                "POST comment",
                "HTTP 503",
                Optional.of(Duration.ofSeconds(5)),
                false,
                null));

    h.runUntilSettled();

    assertThat(h.onlyCase(t).state()).isEqualTo(CaseState.CANCELLED);
    assertThat(bypasses).hasSize(1);
    assertThat(bypassWarnings()).hasSize(1);
  }

  @Test
  void theConnectorsOwnMovesAreNeverABypass() {
    Requester bob = requester("bob");
    Requester carol = requester("carol");
    Requester dave = requester("dave");
    h.provider.user(alice, Answer.APPROVE, 1);
    h.provider.user(bob, Answer.DENY);
    h.provider.user(carol, Answer.IGNORE);
    h.provider.userWithoutDevice(dave);
    List<Ticket> tickets =
        List.of(
            h.passwordReset(alice),
            h.passwordReset(bob),
            h.passwordReset(carol),
            h.passwordReset(dave));
    h.scan();

    h.runUntilSettled();

    assertThat(tickets)
        .extracting(h::stateOf)
        .containsExactly(
            CaseState.EXECUTE_REQUESTED,
            CaseState.REJECTED,
            CaseState.REJECTED,
            CaseState.ESCALATED);
    assertThat(bypasses).isEmpty();
    assertThat(bypassWarnings()).isEmpty();
  }

  @Test
  void ourOwnExecuteFoundOnARepeatedStepIsNoBypass() {
    h.provider.user(alice, Answer.APPROVE, 2);
    Ticket t = h.passwordReset(alice);
    h.scan();
    h.workflow().runDue(10);
    // The confirmation fails after the ticket was moved: the retry finds it where our move put it.
    h.faults.fail(
        "jira.postPublicComment",
        1,
        () ->
            new TransientFailure(
                "jira",
                "POST comment",
                "HTTP 503",
                Optional.of(Duration.ofSeconds(5)),
                false,
                null));

    h.runUntilSettled();

    assertThat(h.onlyCase(t).outcome()).contains(new Outcome.Executed());
    assertThat(bypasses).isEmpty();
  }

  @Test
  void aRequesterEditingTheRequestIsNoBypass() {
    Ticket t = challenged();
    h.tickets.edit(t.ref(), "Actually, please reset my MFA instead.");

    h.clock.advance(h.policy.ticketRecheck());
    h.workflow().runDue(10);

    assertThat(h.store.casesOf(t.ref()).get(0).outcome())
        .contains(new Outcome.Cancelled(ReasonCode.REQUEST_EDITED));
    assertThat(bypasses).isEmpty();
    assertThat(bypassWarnings()).isEmpty();
  }
}
