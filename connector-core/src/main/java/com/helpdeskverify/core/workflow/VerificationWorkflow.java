package com.helpdeskverify.core.workflow;

import com.helpdeskverify.core.CaseState;
import com.helpdeskverify.core.CommentMarker;
import com.helpdeskverify.core.VerificationCase;
import com.helpdeskverify.core.spi.PermanentFailure;
import com.helpdeskverify.core.spi.PushProvider;
import com.helpdeskverify.core.spi.TicketSystem;
import com.helpdeskverify.core.spi.TransientFailure;
import com.helpdeskverify.core.store.CaseStore;
import com.helpdeskverify.core.store.ClaimLost;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * Drives verification cases through their lifecycle (DESIGN.md), one step at a time. Each step
 * writes its outcome to the {@link CaseStore} before the next side effect, so that a crash at any
 * point resumes on any node from the last written state:
 *
 * <ul>
 *   <li>a comment is checked for by its {@link CommentMarker} before a repeated step posts it
 *       again;
 *   <li>a push is sent only from {@link CaseState#PUSH_SENDING}, written before the send; a case
 *       found there later asks the provider what became of it and is never pushed blindly twice;
 *   <li>ticket moves are idempotent by the {@link TicketSystem} contract.
 * </ul>
 *
 * <p>This class is the entry point and the dispatch by state; the steps of each phase live in
 * {@link NoticeSteps}, {@link PushSteps} and {@link OutcomeSteps}, and every write of a case in
 * {@link CaseWrites}, where each side effect is fenced by the claim. These collaborators hold
 * nothing but what the workflow is built with (most are records); what is attached later is in
 * {@link Hooks}.
 */
public final class VerificationWorkflow {
  private static final Logger LOG = System.getLogger(VerificationWorkflow.class.getName());

  private final String node;
  private final Hooks hooks = new Hooks();
  private final CaseWrites writes;
  private final NoticeSteps notice;
  private final PushSteps push;
  private final OutcomeSteps outcome;

  /**
   * @param node this process's name in claims and the audit log; unique among the nodes that share
   *     the store
   */
  public VerificationWorkflow(
      CaseStore store,
      List<TicketSystem> ticketSystems,
      List<PushProvider> providers,
      MessageTemplates messages,
      WorkflowPolicy policy,
      Clock clock,
      RandomGenerator random,
      String node) {
    this(store, ticketSystems, providers, Map.of(), messages, policy, clock, random, node);
  }

  /**
   * @param fallbacks per ticket system id, the providers tried in order: when one does not know the
   *     requester or finds no enrolled device, the next is asked before the case escalates
   */
  public VerificationWorkflow(
      CaseStore store,
      List<TicketSystem> ticketSystems,
      List<PushProvider> providers,
      Map<String, List<String>> fallbacks,
      MessageTemplates messages,
      WorkflowPolicy policy,
      Clock clock,
      RandomGenerator random,
      String node) {
    this(
        store,
        ticketSystems,
        providers,
        fallbacks,
        messages,
        policy,
        clock,
        random,
        node,
        id -> null);
  }

  /**
   * @param rules each ticket system's rules by its id; null for the defaults ({@link
   *     TicketSystemRules#DEFAULTS})
   */
  public VerificationWorkflow(
      CaseStore store,
      List<TicketSystem> ticketSystems,
      List<PushProvider> providers,
      MessageTemplates messages,
      WorkflowPolicy policy,
      Clock clock,
      RandomGenerator random,
      String node,
      Function<String, TicketSystemRules> rules) {
    this(store, ticketSystems, providers, Map.of(), messages, policy, clock, random, node, rules);
  }

  /**
   * @param fallbacks per ticket system id, the providers tried in order: when one does not know the
   *     requester or finds no enrolled device, the next is asked before the case escalates
   * @param rules each ticket system's rules by its id; null for the defaults ({@link
   *     TicketSystemRules#DEFAULTS})
   */
  public VerificationWorkflow(
      CaseStore store,
      List<TicketSystem> ticketSystems,
      List<PushProvider> providers,
      Map<String, List<String>> fallbacks,
      MessageTemplates messages,
      WorkflowPolicy policy,
      Clock clock,
      RandomGenerator random,
      String node,
      Function<String, TicketSystemRules> rules) {
    Objects.requireNonNull(rules, "rules");
    Objects.requireNonNull(store, "store");
    Integrations integrations = new Integrations(ticketSystems, providers, fallbacks, rules);
    Objects.requireNonNull(messages, "messages");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(random, "random");
    this.node = Objects.requireNonNull(node, "node");
    this.writes = new CaseWrites(store, node, clock, policy, random, hooks);
    Comments comments = new Comments(messages, integrations, writes);
    this.notice = new NoticeSteps(integrations, writes, comments);
    this.push =
        new PushSteps(
            integrations,
            writes,
            comments,
            new TicketRecheck(integrations, writes, policy, hooks),
            policy,
            hooks);
    this.outcome = new OutcomeSteps(integrations, writes, comments, policy, random, hooks);
  }

  /** Registers the one listener told of every state change. */
  public void listen(WorkflowListener listener) {
    hooks.listener = Objects.requireNonNull(listener);
  }

  /**
   * Hands pending pushes to {@code watcher} instead of asking the provider from a worker: a case
   * waiting for its answer then holds no worker, its ticket is re-read every {@code ticketRecheck}
   * whatever the provider is doing, and the answer wakes the case when it comes. Without a watcher
   * the workflow polls the provider from its workers.
   */
  public void watchPushesWith(PushWatcher watcher) {
    hooks.watcher = Objects.requireNonNull(watcher);
  }

  /**
   * Hands a ticket whose request was edited under a running attempt to {@code intake} before that
   * attempt ends, so that the edited request starts its new attempt at once: the scan that
   * delivered the edit while the attempt ran has passed it by and will not deliver it again.
   */
  public void reconsiderEditedWith(TicketSink intake) {
    hooks.reconsider = Objects.requireNonNull(intake);
  }

  /**
   * Lets a waiting case take what this node's scans read of its ticket within {@code
   * ticket-recheck} for its re-read, instead of asking the ticket system once more (a burst's
   * pushes wait beyond ticket-recheck while the scan reads the same tickets every few seconds).
   */
  public void trustScanReadsOf(TicketSightings sightings) {
    hooks.sightings = Objects.requireNonNull(sightings);
  }

  /**
   * Claims up to {@code limit} due cases and works each as far as it goes now. The batch is claimed
   * for a short pickup lease only, and each case's claim is renewed to the full claim when its step
   * begins: a case still waiting in the batch of a node that turned slow is free to another node
   * within seconds, not after the full claim, and the renewal's fence leaves it to that node.
   */
  public int runDue(int limit) {
    List<VerificationCase> claimed = writes.claimDue(limit);
    for (VerificationCase c : claimed) {
      advance(c);
    }
    return claimed.size();
  }

  /**
   * Works a case this node has claimed until it must wait (for the requester, a retry) or ends: one
   * of a batch {@link #runDue} claimed, or one intake opened claimed ({@link
   * TicketIntake#considerClaiming}) for the thread that opened it to work at once, the same way.
   *
   * @return the case as last written
   */
  public VerificationCase advance(VerificationCase claimed) {
    VerificationCase c = claimed;
    // Only the step a claim starts with can resume an interrupted one; later steps of this run are
    // fresh, because this run wrote the state they start from.
    boolean resumed = true;
    try {
      while (!c.state().terminal()) {
        Progress progress = step(c, resumed);
        c = progress.current();
        if (progress instanceof Progress.Parked) {
          return c;
        }
        resumed = false;
      }
      return c;
    } catch (ClaimLost lost) {
      LOG.log(Level.INFO, "{0}: {1}", node, lost.getMessage());
      return c;
    }
  }

  /**
   * Steps that do nothing outside the store before a write that checks the claim: reserving a push
   * writes the case (version-checked) and nothing else; sending it renews the claim right before
   * the push, after the ticket's re-read.
   */
  private static boolean fencesItself(CaseState state) {
    return state == CaseState.NOTIFIED || state == CaseState.PUSH_SENDING;
  }

  /**
   * Runs the step of the case's state. Each step writes the case once, at its end, so a failure
   * anywhere in it leaves the case as it was read and the step can be retried whole.
   *
   * @param resumed whether this is the first step of a claim; then an earlier run may have been
   *     interrupted in it, and {@code stepAttempts > 1} says it was
   */
  private Progress step(VerificationCase c, boolean resumed) {
    boolean repeat = resumed && c.stepAttempts() > 1;
    try {
      // The step a claim starts with turns the pickup lease into the full claim; the renewal also
      // fences a step whose first act is a side effect. A later step of this run follows at once
      // the write that ended the step before it, which checked the version and kept the full
      // claim, so a step that fences its own side effect needs no renewal here: in a burst, one
      // store transaction fewer for each of the two steps every push goes through.
      if (resumed || !fencesItself(c.state())) {
        writes.holdClaim(c);
      }
      return switch (c.state()) {
        case DETECTED -> notice.detected(c, repeat);
        case NOTIFIED -> push.reservePush(c);
        case PUSH_SENDING -> resumed ? push.resumeSending(c) : push.send(c, false);
        case CHALLENGED -> push.challenged(c);
        case APPROVED -> outcome.approved(c, repeat);
        case DENIED, TIMED_OUT -> outcome.rejecting(c, repeat);
        case ESCALATING -> outcome.escalating(c, repeat);
        case CANCELLING -> outcome.cancelling(c, repeat);
        case EXECUTE_REQUESTED, REJECTED, ESCALATED, CANCELLED ->
            throw new IllegalStateException("terminal case " + c.id() + " has no step");
      };
    } catch (ProviderFailure f) {
      return writes.providerFailed(c, f.failure);
    } catch (TransientFailure f) {
      return writes.ticketSystemFailed(c, c.toBuilder(), f);
    } catch (PermanentFailure f) {
      return writes.ticketSystemRefused(c, f);
    }
  }

  // The tests pin the quoting, the wording of timeouts and the backoff here, where they have
  // always been asked for; the rules themselves live with the texts and the writes.

  static String printable(String value) {
    return Comments.printable(value);
  }

  static String humanize(Duration d) {
    return Comments.humanize(d);
  }

  Duration backoff(int failures, Optional<Duration> retryAfter) {
    return writes.backoff(failures, retryAfter);
  }
}
