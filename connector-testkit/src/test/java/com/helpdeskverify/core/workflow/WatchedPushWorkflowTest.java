package com.helpdeskverify.core.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.helpdeskverify.core.CaseId;
import com.helpdeskverify.core.CaseState;
import com.helpdeskverify.core.PushHandle;
import com.helpdeskverify.core.ReasonCode;
import com.helpdeskverify.core.Requester;
import com.helpdeskverify.core.Ticket;
import com.helpdeskverify.core.VerificationCase;
import com.helpdeskverify.core.spi.PushProvider;
import com.helpdeskverify.core.spi.PushRequest;
import com.helpdeskverify.core.spi.PushStart;
import com.helpdeskverify.core.spi.PushStatus;
import com.helpdeskverify.core.spi.TransientFailure;
import com.helpdeskverify.core.spi.UserLookup;
import com.helpdeskverify.core.store.PushWatchStore;
import com.helpdeskverify.testkit.SimulatedPushProvider;
import com.helpdeskverify.testkit.SimulatedTicketSystem;
import com.helpdeskverify.testkit.SimulatedTicketSystem.Disposition;
import com.helpdeskverify.testkit.WorkflowHarness;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The workflow with a {@link PushWatcher}, against a provider whose status call blocks until the
 * test answers it (as Duo's long poll holds): a waiting push holds no worker, the ticket is re-read
 * on its own clock, an edit cancels the attempt and a fresh one gets a fresh push, and one push
 * never has two status calls open.
 */
class WatchedPushWorkflowTest {
  private final WorkflowHarness h = new WorkflowHarness();
  private final HeldStatusProvider held = new HeldStatusProvider(h.provider);
  private final AtomicInteger wakes = new AtomicInteger();
  private VerificationWorkflow workflow;
  private PushWatcher watcher;

  WatchedPushWorkflowTest() {
    start("node-1");
  }

  private void start(String node) {
    start(node, h.policy);
  }

  private void start(String node, WorkflowPolicy policy) {
    h.store.startNode(node, h.clock.instant()); // as the service registers its node at start
    workflow =
        new VerificationWorkflow(
            h.store,
            List.of(h.tickets),
            List.of(held),
            MessageTemplates.defaults(),
            policy,
            h.clock,
            new java.util.SplittableRandom(1),
            node);
    watcher = watcher(node, policy);
    workflow.watchPushesWith(watcher);
    workflow.reconsiderEditedWith(h.intake(node));
  }

  /** A watcher of the node's, checking the watches it holds every second of the test's clock. */
  private PushWatcher watcher(String node, WorkflowPolicy policy) {
    return new PushWatcher(
        h.store,
        new PushWatchStore(h.database.dataSource()),
        List.of(held),
        policy,
        h.clock,
        node,
        wakes::incrementAndGet,
        new PushWatcher.Timing(
            Duration.ofMillis(20), Duration.ofSeconds(1), Duration.ofMillis(50), 2, 4));
  }

  @AfterEach
  void close() {
    watcher.close();
    held.releaseAll();
    h.close();
  }

  @Test
  void waitingPushHoldsNoWorkerAndANewTicketIsPushedMeanwhile() {
    Requester ann = WorkflowHarness.requester("ann");
    Requester ben = WorkflowHarness.requester("ben");
    h.provider.user(ann, SimulatedPushProvider.Answer.IGNORE);
    h.provider.user(ben, SimulatedPushProvider.Answer.IGNORE);
    Ticket first = h.passwordReset(ann);
    h.scan();
    workflow.runDue(10);
    await(() -> held.open(pushOf(first)) == 1, "the watcher asks about the first push");

    Ticket second = h.passwordReset(ben);
    h.scan();
    long started = System.nanoTime();
    workflow.runDue(10);

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    assertThat(h.stateOf(second)).isEqualTo(CaseState.CHALLENGED);
    assertThat(h.provider.pushes()).hasSize(2);

    held.answer(pushOf(second), new PushStatus.Approved());
    await(() -> answered(second), "the watcher sees the answer");
    workflow.runDue(10);

    assertThat(h.stateOf(second)).isEqualTo(CaseState.EXECUTE_REQUESTED);
    assertThat(h.stateOf(first)).isEqualTo(CaseState.CHALLENGED);
    assertThat(wakes.get()).isPositive();
  }

  @Test
  void ticketEditedWhilePushWaitsIsCancelledWithinTicketRecheckAndTheNewAttemptIsVerified() {
    Ticket ticket = pushedAndAskedOnce();
    PushHandle firstPush = pushOf(ticket);

    h.clock.advance(Duration.ofSeconds(2));
    h.tickets.edit(ticket.ref(), "Please reset the password of my account, I am locked out.");
    h.clock.advance(h.policy.ticketRecheck());
    workflow.runDue(10);

    VerificationCase cancelled = attempt(ticket, 1);
    assertThat(cancelled.state()).isEqualTo(CaseState.CANCELLED);
    assertThat(cancelled.reason().orElseThrow().code()).isEqualTo(ReasonCode.REQUEST_EDITED);
    assertThat(h.provider.cancelled()).containsExactly(firstPush);

    // The edited request was handed to intake as attempt 2 before attempt 1 ended: no scan needed
    // (the scan that would have delivered the edit may have passed it by while attempt 1 ran).
    // The old push is approved after all: void, it decides nothing.
    held.answer(firstPush, new PushStatus.Approved());
    workflow.runDue(10);
    List<VerificationCase> cases = h.store.casesOf(ticket.ref());
    assertThat(cases).hasSize(2);
    VerificationCase second = attempt(ticket, 2);
    assertThat(second.attempt()).isEqualTo(2);
    assertThat(second.state()).isEqualTo(CaseState.CHALLENGED);
    PushHandle secondPush = second.challenge().orElseThrow().push();
    assertThat(secondPush).isNotEqualTo(firstPush);
    assertThat(h.tickets.disposition(ticket.ref()))
        .isNotEqualTo(SimulatedTicketSystem.Disposition.EXECUTE);

    held.answer(secondPush, new PushStatus.Approved());
    await(() -> answered(ticket), "the watcher sees the answer");
    workflow.runDue(10);

    assertThat(h.stateOf(ticket)).isEqualTo(CaseState.EXECUTE_REQUESTED);
    assertThat(attempt(ticket, 1).state()).isEqualTo(CaseState.CANCELLED);
    assertThat(h.tickets.disposition(ticket.ref()))
        .isEqualTo(SimulatedTicketSystem.Disposition.EXECUTE);
  }

  @Test
  void scanDeliveringTheEditMakesTheRecheckDueAtOnce() {
    Requester ann = WorkflowHarness.requester("ann");
    h.provider.user(ann, SimulatedPushProvider.Answer.IGNORE);
    Ticket ticket = h.passwordReset(ann);
    h.scan();
    workflow.runDue(10);
    h.clock.advance(Duration.ofSeconds(4));
    workflow.runDue(10); // the ticket was read just now: the next re-read is ticket-recheck away
    await(() -> held.open(pushOf(ticket)) == 1, "the watcher asks");
    h.clock.advance(Duration.ofSeconds(2));
    h.tickets.edit(ticket.ref(), "Please reset the password of my account, I am locked out.");

    h.scan(); // or a webhook: the running attempt's re-read is made due now
    workflow.runDue(10);

    VerificationCase c = h.store.casesOf(ticket.ref()).get(0);
    assertThat(c.state()).isEqualTo(CaseState.CANCELLED);
    assertThat(c.reason().orElseThrow().code()).isEqualTo(ReasonCode.REQUEST_EDITED);
  }

  @Test
  void ticketIsRecheckedOnItsOwnClockWhileTheStatusCallIsHeld() {
    Ticket ticket = pushedAndAskedOnce();

    h.tickets.close(ticket.ref());
    h.clock.advance(h.policy.ticketRecheck());
    workflow.runDue(10);

    assertThat(h.stateOf(ticket)).isEqualTo(CaseState.CANCELLED);
    assertThat(held.totalAnswered()).isZero();
  }

  /**
   * A mass event: with more pushes pending than the node's re-read rate serves every {@code
   * ticket-recheck}, each ticket is re-read less often, instead of the re-reads running behind
   * without end (10,000 pending pushes re-read every 30 s were more than two workers and the ticket
   * system's budget could serve).
   */
  @Test
  void withMorePushesWatchedThanTheReReadRateServesEachTicketIsReReadLessOften() {
    WorkflowPolicy p = h.policy;
    // A re-read a second at most, a 2 s ticket-recheck: four pushes watched make it every 4 s.
    WorkflowPolicy paced =
        new WorkflowPolicy(
            p.claim(),
            p.pollInterval(),
            Duration.ofSeconds(2),
            p.retryBase(),
            p.retryMax(),
            p.maxProviderFailures(),
            p.reopenGrace(),
            p.maxPushesPerHour(),
            p.approvalMaxAge(),
            1);
    watcher.close();
    start("node-1", paced);
    List<Ticket> tickets = new ArrayList<>();
    for (String name : List.of("ann", "ben", "cid", "dot")) {
      Requester r = WorkflowHarness.requester(name);
      h.provider.user(r, SimulatedPushProvider.Answer.IGNORE);
      tickets.add(h.passwordReset(r));
    }
    h.scan();
    workflow.runDue(10);
    for (Ticket t : tickets) {
      await(() -> held.open(pushOf(t)) == 1, "the watcher asks about " + t.ref());
    }
    assertThat(watcher.watching()).isEqualTo(4);

    h.clock.advance(Duration.ofSeconds(5)); // each is due for its re-read, whatever came before
    workflow.runDue(10);
    long reads = h.ticketReads();
    for (Ticket t : tickets) {
      VerificationCase c = h.store.latestFor(t.ref()).orElseThrow();
      assertThat(c.state()).isEqualTo(CaseState.CHALLENGED);
      assertThat(c.nextActionAt()).isEqualTo(c.ticketCheckedAt().orElseThrow().plusSeconds(4));
    }

    h.clock.advance(Duration.ofSeconds(2)); // ticket-recheck, but not the paced interval
    workflow.runDue(10);
    assertThat(h.ticketReads()).isEqualTo(reads);

    h.tickets.close(tickets.get(0).ref());
    h.clock.advance(Duration.ofSeconds(2));
    workflow.runDue(10);
    assertThat(h.stateOf(tickets.get(0))).isEqualTo(CaseState.CANCELLED);
    assertThat(h.ticketReads()).isGreaterThan(reads);
  }

  @Test
  void theReReadBeforeALatePushServesThePushsFirstLooks() {
    Requester ann = WorkflowHarness.requester("ann");
    h.provider.user(ann, SimulatedPushProvider.Answer.IGNORE);
    Ticket ticket = h.passwordReset(ann);
    h.scan();
    // The push waits beyond ticket-recheck (a burst's pushes queue behind the provider's rate
    // limit), so the ticket is read again right before it is sent.
    h.clock.advance(h.policy.ticketRecheck().plusSeconds(1));
    workflow.runDue(10);
    assertThat(h.stateOf(ticket)).isEqualTo(CaseState.CHALLENGED);
    assertThat(h.ticketReads()).isEqualTo(1);
    await(() -> held.open(pushOf(ticket)) == 1, "the watcher asks");

    // The case's looks while the answer is awaited come within ticket-recheck of that read.
    for (int i = 0; i < 4; i++) {
      h.clock.advance(h.policy.pollInterval());
      workflow.runDue(10);
    }
    assertThat(h.ticketReads()).isEqualTo(1);

    // And the read after ticket-recheck still comes: a withdrawal is seen while the push waits.
    h.tickets.close(ticket.ref());
    h.clock.advance(h.policy.ticketRecheck());
    workflow.runDue(10);
    assertThat(h.stateOf(ticket)).isEqualTo(CaseState.CANCELLED);
    assertThat(h.ticketReads()).isEqualTo(3); // through the scope, then plainly to tell why
  }

  @Test
  void ticketMovedOutOfScopeWhilePushWaitsIsCancelledAndItsLaterApprovalIsVoid() {
    Ticket ticket = pushedAndAskedOnce();
    PushHandle push = pushOf(ticket);

    h.tickets.moveOutOfScope(ticket.ref());
    h.clock.advance(h.policy.ticketRecheck());
    workflow.runDue(10);
    held.answer(push, new PushStatus.Approved());
    h.clock.advance(Duration.ofSeconds(5));
    workflow.runDue(10);

    VerificationCase c = attempt(ticket, 1);
    assertThat(c.state()).isEqualTo(CaseState.CANCELLED);
    assertThat(c.reason().orElseThrow().detail()).contains("left the intake scope");
    assertThat(h.store.casesOf(ticket.ref())).hasSize(1);
    assertThat(h.provider.cancelled()).containsExactly(push);
    assertThat(h.tickets.disposition(ticket.ref()))
        .isEqualTo(SimulatedTicketSystem.Disposition.OPEN);
  }

  @Test
  void onePushNeverHasTwoStatusCallsOpenHoweverOftenItsCaseIsWorked() {
    Ticket ticket = pushedAndAskedOnce();
    PushHandle push = pushOf(ticket);

    for (int i = 0; i < 5; i++) {
      h.store.nudgePush(held.id(), push.id(), h.clock.instant()); // a webhook says "news"
      h.clock.advance(Duration.ofSeconds(5));
      workflow.runDue(10);
    }

    assertThat(held.mostOpen(push)).isEqualTo(1);
    assertThat(h.stateOf(ticket)).isEqualTo(CaseState.CHALLENGED);
  }

  @Test
  void pendingAnswersAreNoFailuresAndTheDeadlineTimesTheCaseOut() {
    Requester ann = WorkflowHarness.requester("ann");
    h.provider.user(ann, SimulatedPushProvider.Answer.IGNORE);
    Ticket ticket = h.passwordReset(ann);
    h.scan();
    workflow.runDue(10);
    PushHandle push = pushOf(ticket);
    for (int i = 0; i < 8; i++) {
      await(() -> held.open(push) == 1, "the watcher asks");
      int asked = held.calls(push);
      held.answer(push, new PushStatus.Pending());
      await(
          () -> {
            h.clock.advance(Duration.ofMillis(100)); // until the watcher asks again
            return held.calls(push) > asked;
          },
          "the watcher asks again");
    }
    assertThat(h.store.latestFor(ticket.ref()).orElseThrow().failures()).isZero();

    h.clock.advance(WorkflowHarness.PUSH_TIMEOUT);
    workflow.runDue(10);

    VerificationCase c = h.store.latestFor(ticket.ref()).orElseThrow();
    assertThat(c.state()).isEqualTo(CaseState.REJECTED);
    assertThat(c.reason().orElseThrow().code()).isEqualTo(ReasonCode.TIMED_OUT);
  }

  @Test
  void statusFailuresBeforeTheDeadlineOnlyDelayTheNextLook() {
    Requester ann = WorkflowHarness.requester("ann");
    h.provider.user(ann, SimulatedPushProvider.Answer.IGNORE);
    Ticket ticket = h.passwordReset(ann);
    h.scan();
    workflow.runDue(10);
    PushHandle push = pushOf(ticket);
    for (int i = 0; i < h.policy.maxProviderFailures() + 2; i++) {
      await(() -> held.open(push) == 1, "the watcher asks");
      int asked = held.calls(push);
      held.fail(push, unavailable());
      await(
          () -> {
            h.clock.advance(Duration.ofMillis(200)); // until the backoff has passed
            return held.calls(push) > asked;
          },
          "the watcher asks again");
    }
    held.answer(push, new PushStatus.Approved());
    await(() -> answered(ticket), "the watcher sees the answer");
    workflow.runDue(10);

    assertThat(h.stateOf(ticket)).isEqualTo(CaseState.EXECUTE_REQUESTED);
  }

  @Test
  void providerFailingOnEveryLookAtTheDeadlineEscalatesRatherThanTimingOut() {
    Ticket ticket = pushedAndAskedOnce();
    PushHandle push = pushOf(ticket);
    VerificationCase c = h.store.latestFor(ticket.ref()).orElseThrow();
    held.fail(push, unavailable());
    await(() -> watcher.failing(c.id(), push).isPresent(), "the watcher notes the failure");

    h.clock.advance(WorkflowHarness.PUSH_TIMEOUT.plusMinutes(1));
    // One failed look is retried; a provider failing on every look escalates.
    for (int look = 0; look <= h.policy.maxProviderFailures(); look++) {
      workflow.runDue(10);
      h.clock.advance(h.policy.retryBase());
    }

    VerificationCase ended = h.store.latestFor(ticket.ref()).orElseThrow();
    assertThat(ended.state()).isEqualTo(CaseState.ESCALATED);
    assertThat(ended.reason().orElseThrow().code()).isEqualTo(ReasonCode.PROVIDER_UNAVAILABLE);
  }

  /**
   * The looks failed until the deadline had passed (an outage, or the provider's circuit open), and
   * the next one finds the push approved: the deadline wins, so nothing executes, but the approval
   * may have come in time, so the ticket goes to a technician rather than back to the requester as
   * unanswered.
   */
  @Test
  void approvalSeenLateBecauseTheLooksBeforeItFailedEscalatesRatherThanTimingOut() {
    Ticket ticket = pushedAndAskedOnce();
    PushHandle push = pushOf(ticket);
    CaseId id = h.store.latestFor(ticket.ref()).orElseThrow().id();
    held.fail(push, unavailable());
    await(() -> watcher.failing(id, push).isPresent(), "the watcher notes the failure");
    h.clock.advance(WorkflowHarness.PUSH_TIMEOUT.plusSeconds(1));
    await(
        () -> held.calls(push) == 2 && held.open(push) == 1,
        "the watcher asks once more after the deadline");
    held.answer(push, new PushStatus.Approved());

    VerificationCase ended = settled(ticket);

    assertThat(ended.state()).isEqualTo(CaseState.ESCALATED);
    assertThat(ended.reason().orElseThrow().code()).isEqualTo(ReasonCode.PROVIDER_UNAVAILABLE);
    assertThat(ended.reason().get().detail())
        .contains("approval seen only after the deadline")
        .contains("HTTP 503");
    assertThat(h.tickets.disposition(ticket.ref())).isNotEqualTo(Disposition.EXECUTE);
  }

  /** The provider said "pending" until the deadline: an approval after it came late, a timeout. */
  @Test
  void approvalSeenLateAfterLooksThatSaidPendingTimesOut() {
    Ticket ticket = pushedAndAskedOnce();
    PushHandle push = pushOf(ticket);
    held.answer(push, new PushStatus.Pending());
    await(
        () -> {
          h.clock.advance(Duration.ofMillis(100)); // until the watcher asks again
          return held.calls(push) == 2 && held.open(push) == 1;
        },
        "the watcher asks again");
    h.clock.advance(WorkflowHarness.PUSH_TIMEOUT);
    held.answer(push, new PushStatus.Approved());

    VerificationCase ended = settled(ticket);

    assertThat(ended.state()).isEqualTo(CaseState.REJECTED);
    assertThat(ended.reason().orElseThrow().code()).isEqualTo(ReasonCode.TIMED_OUT);
    assertThat(ended.reason().get().detail()).contains("approval came after the deadline");
  }

  private static TransientFailure unavailable() {
    return new TransientFailure(
        "duo", "status", "HTTP 503", java.util.Optional.empty(), false, null);
  }

  @Test
  void anotherNodeTakesOverTheWatchOfANodeThatStopped() {
    Ticket ticket = pushedAndAskedOnce(); // by node-1
    PushHandle push = pushOf(ticket);
    watcher.close(); // node-1 dies with its status call open
    held.releaseOpen();
    await(() -> held.open(push) == 0, "node-1's call is gone");

    start("node-2");
    for (int i = 0; i < 6; i++) { // node-2's pickups, while node-1 is still registered
      h.clock.advance(Duration.ofMillis(100));
      pause(Duration.ofMillis(50));
    }
    assertThat(held.calls(push)).as("node-1 is registered: its watch holds").isEqualTo(1);

    h.clock.advance(Duration.ofSeconds(31));
    takeOverSilentNodes("node-2"); // what node-2's next check-in does
    h.clock.advance(Duration.ofMillis(100)); // node-2's next pickup is due
    await(() -> held.open(push) == 1, "node-2 takes the push over from the store");
    held.answer(push, new PushStatus.Approved());
    await(() -> answered(ticket), "the watcher sees the answer");
    workflow.runDue(10);

    assertThat(h.stateOf(ticket)).isEqualTo(CaseState.EXECUTE_REQUESTED);
  }

  @Test
  void aNodeTakingOverMorePushesThanOneSearchReadsWatchesThemAll() {
    List<PushHandle> pushes = new ArrayList<>();
    for (String name : List.of("ann", "ben", "cyd")) { // the test's searches read two at a time
      Requester r = WorkflowHarness.requester(name);
      h.provider.user(r, SimulatedPushProvider.Answer.IGNORE);
      Ticket t = h.passwordReset(r);
      h.scan();
      workflow.runDue(10);
      pushes.add(pushOf(t));
    }
    await(() -> pushes.stream().allMatch(p -> held.open(p) == 1), "node-1 asks about all three");
    watcher.close(); // node-1 dies with its calls open
    held.releaseOpen();
    await(() -> pushes.stream().allMatch(p -> held.open(p) == 0), "node-1's calls are gone");

    start("node-2");
    h.clock.advance(Duration.ofSeconds(31));
    takeOverSilentNodes("node-2");
    watcher.pickUpNow(); // as the service does when its check-in took a node over

    await(() -> watcher.watching() == 3, "node-2 watches all three");
    await(() -> pushes.stream().allMatch(p -> held.open(p) == 1), "node-2 asks about all three");
  }

  @Test
  void restartedNodeTakesItsOwnPushesBackAtOnce() {
    Ticket ticket = pushedAndAskedOnce();
    PushHandle push = pushOf(ticket);
    watcher.close(); // the process stops; its watch is still its own
    held.releaseOpen();
    await(() -> held.open(push) == 0, "its call is gone");

    start("node-1"); // the same node, restarted: no waiting for a takeover
    await(() -> held.open(push) == 1, "the restarted node asks again");
    held.answer(push, new PushStatus.Approved());
    await(() -> answered(ticket), "the watcher sees the answer");
    workflow.runDue(10);

    assertThat(h.stateOf(ticket)).isEqualTo(CaseState.EXECUTE_REQUESTED);
  }

  @Test
  void aNodeTakenOverWhileOnlyPausedStopsAskingAndTheNewHolderAsks() {
    Ticket ticket = pushedAndAskedOnce(); // by node-1, which goes on running
    PushHandle push = pushOf(ticket);
    PushWatcher second = watcher("node-2", h.policy);
    try {
      h.store.startNode("node-2", h.clock.instant());
      h.clock.advance(Duration.ofSeconds(31)); // node-1 missed its check-ins (a long pause)
      takeOverSilentNodes("node-2");
      h.clock.advance(Duration.ofMillis(1100)); // node-1's next check of its watches is due

      await(() -> second.watching() == 1, "node-2 takes the push over");
      await(() -> held.calls(push) == 2, "node-2 asks");
      await(() -> watcher.watching() == 0, "node-1 learns the push is not its own any more");
      assertThat(new PushWatchStore(h.database.dataSource()).held("node-2"))
          .containsExactly(caseOf(ticket));
    } finally {
      second.close();
    }
  }

  @Test
  void aWatchTheNodeHoldsButDoesNotKeepIsGivenUp() {
    PushWatchStore leases = new PushWatchStore(h.database.dataSource());
    CaseId gone = new CaseId("3f1c3a56-0000-4000-8000-000000000009");
    leases.lease(gone, "node-1"); // left by an earlier run of node-1, its case no longer waiting
    h.clock.advance(Duration.ofSeconds(2)); // a check of the watches held is due

    await(() -> leases.held("node-1").isEmpty(), "node-1 gives the watch up");
  }

  // --- helpers -----------------------------------------------------------------------------------

  /** Files a password reset, sends its push and waits until the watcher's first look is open. */
  private Ticket pushedAndAskedOnce() {
    Requester ann = WorkflowHarness.requester("ann");
    h.provider.user(ann, SimulatedPushProvider.Answer.IGNORE);
    Ticket ticket = h.passwordReset(ann);
    h.scan();
    workflow.runDue(10);
    PushHandle push = pushOf(ticket);
    await(() -> held.open(push) == 1, "the watcher asks");
    return ticket;
  }

  /** Works the ticket's case until it has ended. */
  private VerificationCase settled(Ticket ticket) {
    await(
        () -> {
          workflow.runDue(10);
          return h.store.latestFor(ticket.ref()).orElseThrow().state().terminal();
        },
        "the case ends");
    return h.store.latestFor(ticket.ref()).orElseThrow();
  }

  private CaseId caseOf(Ticket t) {
    return h.store.latestFor(t.ref()).orElseThrow().id();
  }

  /** What {@code self}'s check-in does now: the nodes silent for 20 s are taken over. */
  private void takeOverSilentNodes(String self) {
    h.store.heartbeat(self, h.clock.instant());
    h.store.takeOverSilentNodes(self, h.clock.instant(), Duration.ofSeconds(20));
  }

  private static void pause(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private PushHandle pushOf(Ticket t) {
    return h.store.latestFor(t.ref()).orElseThrow().challenge().orElseThrow().push();
  }

  /** The watcher saw the answer, and made the case due. */
  private boolean answered(Ticket t) {
    VerificationCase c = h.store.latestFor(t.ref()).orElseThrow();
    return watcher.seen(c.id(), c.challenge().orElseThrow().push()).isPresent()
        && !h.store.find(c.id()).orElseThrow().nextActionAt().isAfter(h.clock.instant());
  }

  private VerificationCase attempt(Ticket t, int attempt) {
    return h.store.casesOf(t.ref()).stream()
        .filter(c -> c.attempt() == attempt)
        .findFirst()
        .orElseThrow();
  }

  private static void await(BooleanSupplier condition, String what) {
    Instant giveUp = Instant.now().plusSeconds(10);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(giveUp)) {
        throw new AssertionError("timed out waiting until " + what);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /**
   * The simulated provider, except that a status call blocks until the test answers it, the way Duo
   * holds {@code auth_status}; it counts the calls open per push.
   */
  static final class HeldStatusProvider implements PushProvider {
    private static final PushStatus RELEASED = new PushStatus.Pending();
    private final SimulatedPushProvider delegate;
    private final Map<String, BlockingQueue<Object>> answers = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> open = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> most = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final AtomicInteger answered = new AtomicInteger();
    private volatile boolean released;

    HeldStatusProvider(SimulatedPushProvider delegate) {
      this.delegate = delegate;
    }

    void answer(PushHandle push, PushStatus status) {
      queue(push.id()).add(status);
    }

    /** Ends the calls open now, as a dying process's connections end. */
    void releaseOpen() {
      open.forEach(
          (push, n) -> {
            for (int i = 0; i < n.get(); i++) {
              queue(push).add(RELEASED);
            }
          });
    }

    void releaseAll() {
      released = true;
      answers.values().forEach(q -> q.add(RELEASED));
    }

    int open(PushHandle push) {
      return open.computeIfAbsent(push.id(), k -> new AtomicInteger()).get();
    }

    int calls(PushHandle push) {
      return calls.computeIfAbsent(push.id(), k -> new AtomicInteger()).get();
    }

    int mostOpen(PushHandle push) {
      return most.computeIfAbsent(push.id(), k -> new AtomicInteger()).get();
    }

    int totalAnswered() {
      return answered.get();
    }

    void fail(PushHandle push, RuntimeException failure) {
      queue(push.id()).add(failure);
    }

    private BlockingQueue<Object> queue(String push) {
      return answers.computeIfAbsent(push, k -> new LinkedBlockingQueue<>());
    }

    @Override
    public PushStatus status(PushHandle push) {
      calls.computeIfAbsent(push.id(), k -> new AtomicInteger()).incrementAndGet();
      AtomicInteger now = open.computeIfAbsent(push.id(), k -> new AtomicInteger());
      most.computeIfAbsent(push.id(), k -> new AtomicInteger())
          .accumulateAndGet(now.incrementAndGet(), Math::max);
      try {
        Object next = released ? RELEASED : queue(push.id()).take();
        if (next instanceof RuntimeException failure) {
          throw failure;
        }
        PushStatus status = (PushStatus) next;
        if (status != RELEASED) {
          answered.incrementAndGet();
        }
        return status;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new PushStatus.Pending();
      } finally {
        now.decrementAndGet();
      }
    }

    @Override
    public boolean statusWaitsForChange() {
      return true;
    }

    @Override
    public String id() {
      return delegate.id();
    }

    @Override
    public Duration pushTimeout() {
      return delegate.pushTimeout();
    }

    @Override
    public UserLookup lookup(Requester requester) {
      return delegate.lookup(requester);
    }

    @Override
    public PushStart startPush(PushRequest request) {
      return delegate.startPush(request);
    }

    @Override
    public void cancel(PushHandle push) {
      delegate.cancel(push);
    }
  }
}
