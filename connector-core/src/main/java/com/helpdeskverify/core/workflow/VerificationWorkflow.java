package com.helpdeskverify.core.workflow;

import com.helpdeskverify.core.CaseId;
import com.helpdeskverify.core.CaseState;
import com.helpdeskverify.core.Challenge;
import com.helpdeskverify.core.CommentMarker;
import com.helpdeskverify.core.HistoryEntry;
import com.helpdeskverify.core.Reason;
import com.helpdeskverify.core.ReasonCode;
import com.helpdeskverify.core.Requester;
import com.helpdeskverify.core.Ticket;
import com.helpdeskverify.core.VerificationCase;
import com.helpdeskverify.core.spi.NotVerifiable;
import com.helpdeskverify.core.spi.PermanentFailure;
import com.helpdeskverify.core.spi.PushProvider;
import com.helpdeskverify.core.spi.PushRecovery;
import com.helpdeskverify.core.spi.PushRequest;
import com.helpdeskverify.core.spi.PushStart;
import com.helpdeskverify.core.spi.PushStatus;
import com.helpdeskverify.core.spi.TicketSystem;
import com.helpdeskverify.core.spi.TransientFailure;
import com.helpdeskverify.core.spi.UserLookup;
import com.helpdeskverify.core.store.CaseStore;
import com.helpdeskverify.core.store.ClaimLost;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

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
 */
public final class VerificationWorkflow {
  /** Where a renderer starts a link on its own: a URL scheme before "://", "mailto:", "www.". */
  private static final Pattern LINK_START =
      Pattern.compile("(?i)\\b(?:[a-z][a-z0-9+.-]*(?=://)|mailto(?=:)|www(?=\\.))");

  private static final Logger LOG = System.getLogger(VerificationWorkflow.class.getName());

  private final CaseStore store;
  private final Map<String, TicketSystem> ticketSystems;
  private final Map<String, PushProvider> providers;
  private final Map<String, List<String>> fallbacks;
  private final MessageTemplates messages;
  private final WorkflowPolicy policy;
  private final Clock clock;
  private final RandomGenerator random;
  private final String node;
  private final Function<String, TicketSystemRules> rules;
  private volatile WorkflowListener listener = WorkflowListener.NONE;
  private volatile PushWatcher watcher;
  private volatile TicketSink reconsider;

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
    this.rules = Objects.requireNonNull(rules, "rules");
    this.store = Objects.requireNonNull(store, "store");
    this.ticketSystems = byId(ticketSystems, TicketSystem::id, "ticket system");
    this.providers = byId(providers, PushProvider::id, "push provider");
    this.fallbacks = Map.copyOf(fallbacks);
    this.messages = Objects.requireNonNull(messages, "messages");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
    this.node = Objects.requireNonNull(node, "node");
  }

  private static <T> Map<String, T> byId(
      List<T> items, java.util.function.Function<T, String> id, String what) {
    Map<String, T> map = new HashMap<>();
    for (T item : items) {
      if (map.put(id.apply(item), item) != null) {
        throw new IllegalArgumentException("two " + what + "s share the id " + id.apply(item));
      }
    }
    return Map.copyOf(map);
  }

  /** Registers the one listener told of every state change. */
  public void listen(WorkflowListener listener) {
    this.listener = Objects.requireNonNull(listener);
  }

  /**
   * Hands pending pushes to {@code watcher} instead of asking the provider from a worker: a case
   * waiting for its answer then holds no worker, its ticket is re-read every {@code ticketRecheck}
   * whatever the provider is doing, and the answer wakes the case when it comes. Without a watcher
   * the workflow polls the provider from its workers.
   */
  public void watchPushesWith(PushWatcher watcher) {
    this.watcher = Objects.requireNonNull(watcher);
  }

  /**
   * Hands a ticket whose request was edited under a running attempt to {@code intake} before that
   * attempt ends, so that the edited request starts its new attempt at once: the scan that
   * delivered the edit while the attempt ran has passed it by and will not deliver it again.
   */
  public void reconsiderEditedWith(TicketSink intake) {
    this.reconsider = Objects.requireNonNull(intake);
  }

  /**
   * Claims up to {@code limit} due cases and works each as far as it goes now. The batch is claimed
   * for a short pickup lease only, and each case's claim is renewed to the full claim when its step
   * begins: a case still waiting in the batch of a node that turned slow is free to another node
   * within seconds, not after the full claim, and the renewal's fence leaves it to that node.
   */
  public int runDue(int limit) {
    List<VerificationCase> claimed = store.claimDue(node, clock.instant(), pickupLease(), limit);
    for (VerificationCase c : claimed) {
      advance(c);
    }
    return claimed.size();
  }

  /**
   * Works a case this node has claimed until it must wait (for the requester, a retry) or ends.
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

  /** Where a step left the case: ready for the next step, or parked until it is due again. */
  private sealed interface Progress {
    VerificationCase current();

    record Continue(VerificationCase current) implements Progress {}

    record Parked(VerificationCase current) implements Progress {}
  }

  /** A provider's failure, told apart from the ticket system's while it travels up a step. */
  private static final class ProviderFailure extends RuntimeException {
    final RuntimeException failure;

    ProviderFailure(RuntimeException failure) {
      super(failure);
      this.failure = failure;
    }
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
      holdClaim(c);
      return switch (c.state()) {
        case DETECTED -> detected(c, repeat);
        case NOTIFIED -> reservePush(c);
        case PUSH_SENDING -> resumed ? resumeSending(c) : send(c, false);
        case CHALLENGED -> challenged(c);
        case APPROVED -> approved(c, repeat);
        case DENIED, TIMED_OUT -> rejecting(c, repeat);
        case ESCALATING -> escalating(c, repeat);
        case CANCELLING -> cancelling(c, repeat);
        case EXECUTE_REQUESTED, REJECTED, ESCALATED, CANCELLED ->
            throw new IllegalStateException("terminal case " + c.id() + " has no step");
      };
    } catch (ProviderFailure f) {
      return providerFailed(c, f.failure);
    } catch (TransientFailure f) {
      return ticketSystemFailed(c, c.toBuilder(), f);
    } catch (PermanentFailure f) {
      return ticketSystemRefused(c, f);
    }
  }

  // --- steps -------------------------------------------------------------------------------------

  private Progress detected(VerificationCase c, boolean repeat) {
    if (c.openedBy().isPresent() && rulesOf(c).onBehalf() == TicketSystemRules.OnBehalf.ESCALATE) {
      Reason reason =
          new Reason(
              ReasonCode.OPENED_ON_BEHALF,
              "opened by "
                  + c.openedBy().get().displayName()
                  + " for "
                  + c.requester().displayName());
      return move(c, c.toBuilder().state(CaseState.ESCALATING).reason(reason), reason.detail());
    }
    if (c.classification().targetsThirdParty()) {
      // The push would reach the requester, who would approve a change to someone else's account;
      // nobody named in the text is ever pushed instead.
      return escalate(
          c,
          ReasonCode.THIRD_PARTY_TARGET,
          "found in the ticket: " + String.join("; ", c.classification().thirdParty()));
    }
    PushProvider provider = provider(c);
    UserLookup lookup = callProvider(() -> provider.lookup(c.requester()));
    if (lookup instanceof NotVerifiable nv) {
      Optional<String> next = nextProvider(c, nv.reason());
      if (next.isPresent()) {
        // Each attempt is a line of the audit history; the notice will name the method that is
        // used in the end.
        return move(
            c,
            c.toBuilder().provider(next.get()),
            provider.id()
                + ": "
                + nv.reason().description()
                + describe(nv)
                + "; trying "
                + next.get());
      }
      return escalate(c, nv.reason(), nv.detail() + triedBefore(c));
    }
    UserLookup.Enrolled enrolled = (UserLookup.Enrolled) lookup;
    postOnce(c, repeat, CommentMarker.Step.NOTICE, false, render(Message.NOTICE, c));
    return move(
        c,
        c.toBuilder().state(CaseState.NOTIFIED).providerUserId(enrolled.providerUserId()),
        "notice posted; push target found at "
            + provider.id()
            + (enrolled.via().isEmpty() ? "" : " " + enrolled.via()));
  }

  /**
   * The provider after the case's own in its ticket system's chain, when the case's provider cannot
   * reach the requester at all (unknown to it, or no device enrolled there).
   */
  private Optional<String> nextProvider(VerificationCase c, ReasonCode reason) {
    if (reason != ReasonCode.UNKNOWN_USER && reason != ReasonCode.NO_ENROLLED_DEVICE) {
      return Optional.empty();
    }
    List<String> chain = fallbacks.getOrDefault(c.ticket().system(), List.of());
    int at = chain.indexOf(c.provider());
    return at < 0 || at + 1 >= chain.size()
        ? Optional.empty()
        : Optional.of(chain.get(at + 1)).filter(providers::containsKey);
  }

  /** For an escalation after a chain: the providers asked before the case's last one. */
  private String triedBefore(VerificationCase c) {
    List<String> chain = fallbacks.getOrDefault(c.ticket().system(), List.of());
    int at = chain.indexOf(c.provider());
    return at <= 0 ? "" : " (also tried: " + String.join(", ", chain.subList(0, at)) + ")";
  }

  private static String describe(NotVerifiable nv) {
    return nv.detail().isBlank() ? "" : " (" + nv.detail() + ")";
  }

  /** Takes one of the push target's pushes for the hour, or escalates when they are spent. */
  private Progress reservePush(VerificationCase c) {
    VerificationCase next =
        c.toBuilder().state(CaseState.PUSH_SENDING).failures(0).nextActionAt(now()).build();
    Optional<VerificationCase> saved =
        store.saveWithinPushBudget(
            c, next, node, now(), policy.claim(), policy.maxPushesPerHour(), Duration.ofHours(1));
    if (saved.isEmpty()) {
      return escalate(
          c,
          ReasonCode.PUSH_RATE_LIMIT,
          policy.maxPushesPerHour() + " pushes to this person within the last hour already");
    }
    listener.moved(c, saved.get());
    return new Progress.Continue(saved.get());
  }

  /** A run was interrupted while it may have been sending: ask, never push blindly again. */
  private Progress resumeSending(VerificationCase c) {
    PushProvider provider = provider(c);
    PushRecovery recovery = callProvider(() -> provider.recover(pushRequest(c)));
    if (recovery instanceof PushRecovery.Sent sent) {
      return challenged(c, sent.started(), true, sendingSince(c));
    }
    if (recovery instanceof PushRecovery.NotSent) {
      return send(c, true);
    }
    return escalate(c, ReasonCode.PUSH_OUTCOME_UNKNOWN, "sending was interrupted");
  }

  /** When the case last entered PUSH_SENDING: the earliest the push can have gone out. */
  private Instant sendingSince(VerificationCase c) {
    List<HistoryEntry> history = store.history(c.id());
    for (int i = history.size() - 1; i >= 0; i--) {
      HistoryEntry e = history.get(i);
      if (e.to() == CaseState.PUSH_SENDING && e.from().orElse(null) != CaseState.PUSH_SENDING) {
        return e.at();
      }
    }
    return c.updatedAt();
  }

  private Progress send(VerificationCase c, boolean repeat) {
    Optional<Progress> gone;
    try {
      gone = recheckIfStale(c);
    } catch (TransientFailure f) {
      // Nothing was sent: back to NOTIFIED, lest the retry take the push for one that may have
      // gone out and escalate.
      return ticketSystemFailed(c, c.toBuilder().state(CaseState.NOTIFIED), f);
    }
    if (gone.isPresent()) {
      return gone.get();
    }
    PushProvider provider = provider(c);
    Instant sentAt = now();
    PushStart start;
    try {
      holdClaim(c);
      start = callProvider(() -> provider.startPush(pushRequest(c)));
    } catch (ProviderFailure f) {
      if (f.failure instanceof TransientFailure t && !t.mayHaveTakenEffect()) {
        // The provider certainly did not send it: sending later is no second prompt.
        int failures = c.failures() + 1;
        if (failures >= policy.maxProviderFailures()) {
          return escalate(c, ReasonCode.PROVIDER_UNAVAILABLE, t.getMessage());
        }
        return retry(
            c,
            c.toBuilder().state(CaseState.NOTIFIED).failures(failures),
            t.retryAfter(),
            "push not sent: " + t.getMessage());
      }
      throw f;
    }
    if (start instanceof NotVerifiable nv) {
      return escalate(c, nv.reason(), nv.detail());
    }
    return challenged(c, (PushStart.Started) start, repeat, sentAt);
  }

  private Progress challenged(
      VerificationCase c, PushStart.Started started, boolean repeat, Instant sentAt) {
    PushProvider provider = provider(c);
    Challenge challenge =
        new Challenge(
            started.push(),
            // Rounded down: our deadline never outlasts the provider's.
            sentAt.plus(provider.pushTimeout()).truncatedTo(ChronoUnit.MILLIS),
            started.matchNumber());
    if (started.matchNumber().isPresent()) {
      postOnce(
          c,
          repeat,
          CommentMarker.Step.MATCH_NUMBER,
          false,
          messages.render(
              Message.MATCH_NUMBER,
              Map.of(
                  "provider", provider.displayName(),
                  "number", started.matchNumber().get(),
                  "ticket", c.ticket().label())));
    }
    if (started.link().isPresent()) {
      postOnce(
          c,
          repeat,
          CommentMarker.Step.VERIFY_LINK,
          false,
          messages.render(
              Message.VERIFY_LINK,
              Map.of(
                  "provider", provider.displayName(),
                  "link", started.link().get(),
                  "ticket", c.ticket().label(),
                  "timeout", humanize(provider.pushTimeout()))));
    }
    if (serviceDesk(c)) {
      // The agent on the phone learns whom the push prompts and what to read out, where the
      // prompt asks for a number; the push itself still goes to the requester only.
      Map<String, String> extra = new HashMap<>();
      extra.put("deadline", challenge.deadline().toString());
      started.matchNumber().ifPresent(n -> extra.put("number", n));
      postOnce(
          c,
          repeat,
          CommentMarker.Step.AGENT_PROMPTING,
          true,
          render(
              started.matchNumber().isPresent()
                  ? Message.AGENT_PROMPTING_NUMBER
                  : Message.AGENT_PROMPTING,
              c,
              extra));
    }
    VerificationCase next =
        save(
            c,
            c.toBuilder()
                .state(CaseState.CHALLENGED)
                .challenge(challenge)
                .failures(0)
                .nextActionAt(earliest(now().plus(pollInterval(c)), challenge.deadline()))
                .build(),
            Optional.empty(),
            Optional.of(
                "push " + started.push().id() + " sent, answerable until " + challenge.deadline()));
    PushWatcher w = watcher;
    if (w != null) {
      w.watch(next);
    }
    return new Progress.Parked(next);
  }

  private Progress challenged(VerificationCase c) {
    PushWatcher w = watcher;
    if (w != null) {
      return watched(c, w);
    }
    Challenge challenge = c.challenge().orElseThrow();
    PushProvider provider = provider(c);
    PushStatus status = callProvider(() -> provider.status(challenge.push()));
    return decide(c, status, now(), now());
  }

  /**
   * A challenged case whose push the watcher asks about: no provider call here. An answer the
   * watcher has seen is decided as a polled one; without one the ticket is re-read when stale, the
   * push is (still) watched, and the case parks until its next re-read or its deadline, whichever
   * comes first. The watcher wakes it sooner when the answer comes.
   */
  private Progress watched(VerificationCase c, PushWatcher w) {
    Challenge challenge = c.challenge().orElseThrow();
    Optional<PushWatcher.Seen> seen = w.seen(c.id(), challenge.push());
    if (seen.isPresent() && seen.get() instanceof PushWatcher.Seen.Answered answered) {
      return decide(c, answered.status(), answered.at(), now());
    }
    if (seen.isPresent() && seen.get() instanceof PushWatcher.Seen.Failed failed) {
      LOG.log(
          Level.WARNING,
          "case {0}: push provider failing, escalating: {1}",
          c.id(),
          failed.failure().getMessage());
      return escalate(c, ReasonCode.PROVIDER_UNAVAILABLE, failed.failure().getMessage());
    }
    Instant now = now();
    Instant giveUp = challenge.deadline().plus(PushWatcher.answerGrace(policy));
    if (!now.isBefore(giveUp)) {
      Optional<TransientFailure> failing = w.failing(c.id(), challenge.push());
      if (failing.isPresent()) {
        int failures = c.failures() + 1;
        if (failures < policy.maxProviderFailures()) {
          // One passing fault is no reason to hand the ticket to a technician: the watcher asks
          // again (the push has ended, so the answer comes at once) and a denial still wins.
          w.watch(c);
          return park(
              c, c.toBuilder().failures(failures).nextActionAt(now.plus(policy.retryBase())));
        }
        LOG.log(
            Level.WARNING,
            "case {0}: push provider failing at the deadline, escalating: {1}",
            c.id(),
            failing.get().getMessage());
        return escalate(c, ReasonCode.PROVIDER_UNAVAILABLE, failing.get().getMessage());
      }
      return timedOut(c, "no answer by " + challenge.deadline());
    }
    VerificationCase.Builder next = c.toBuilder().failures(0);
    Optional<Progress> gone = recheckIfStale(c, next);
    if (gone.isPresent()) {
      return gone.get();
    }
    Instant checked = next.build().ticketCheckedAt().orElse(now);
    w.watch(c);
    Instant due = earliest(checked.plus(policy.ticketRecheck()), giveUp);
    if (due.isBefore(now.plus(claimGap()))) {
      due = now.plus(claimGap());
    }
    return park(c, next.nextActionAt(due));
  }

  /** The least time between two looks at a watched case, lest a clock skew spin a worker. */
  private static Duration claimGap() {
    return Duration.ofMillis(200);
  }

  /**
   * Decides on a provider's answer to a push, seen at {@code seenAt}.
   *
   * @param now when this is decided; a pending answer past the deadline times the case out
   */
  private Progress decide(VerificationCase c, PushStatus status, Instant seenAt, Instant now) {
    Challenge challenge = c.challenge().orElseThrow();
    boolean late = seenAt.isAfter(challenge.deadline());
    // A denial wins whenever it comes; an approval counts only before the deadline.
    if (status instanceof PushStatus.Denied denied) {
      ReasonCode code = denied.fraudReported() ? ReasonCode.FRAUD_REPORTED : ReasonCode.DENIED;
      Reason reason = new Reason(code, denied.detail());
      return move(c, c.toBuilder().state(CaseState.DENIED).reason(reason), code.description());
    }
    if (status instanceof PushStatus.Unconfirmed unconfirmed) {
      // Someone was verified, not necessarily the requester: a technician decides.
      return escalate(c, ReasonCode.IDENTITY_UNCONFIRMED, unconfirmed.detail());
    }
    if (status instanceof PushStatus.Approved) {
      if (late) {
        return timedOut(c, "approval came after the deadline " + challenge.deadline());
      }
      return move(
          c,
          c.toBuilder()
              .state(CaseState.APPROVED)
              .reason(new Reason(ReasonCode.APPROVED, "push " + challenge.push().id())),
          "push " + challenge.push().id() + " approved");
    }
    if (status instanceof PushStatus.Expired) {
      return timedOut(c, "the provider reports the push expired");
    }
    if (now.isAfter(challenge.deadline())) {
      return timedOut(c, "no answer by " + challenge.deadline());
    }
    VerificationCase.Builder next =
        c.toBuilder()
            .failures(0)
            .nextActionAt(earliest(now.plus(pollInterval(c)), challenge.deadline()));
    Optional<Progress> gone = recheckIfStale(c, next);
    return gone.isPresent() ? gone.get() : park(c, next);
  }

  private Progress timedOut(VerificationCase c, String detail) {
    cancelPush(c);
    return move(
        c,
        c.toBuilder().state(CaseState.TIMED_OUT).reason(new Reason(ReasonCode.TIMED_OUT, detail)),
        detail);
  }

  /**
   * The last look before execution. The ticket must still exist, ask for what was approved, be open
   * and inside the intake scope, and the approval must be younger than the policy's maximum age. A
   * repeat (after a crash or a failure) may find the ticket where our own execute put it: only the
   * ticket system's word that it is in the execute state counts as that, never the mere fact that
   * it is closed or out of scope.
   */
  private Progress approved(VerificationCase c, boolean repeat) {
    TicketSystem tickets = ticketSystem(c);
    Optional<VerificationCase> newer =
        store.latestFor(c.ticket()).filter(l -> l.attempt() > c.attempt());
    if (newer.isPresent()) {
      // An interrupted run of this step already opened the next attempt for an expired approval.
      return cancel(
          c,
          ReasonCode.APPROVAL_EXPIRED,
          "attempt " + newer.get().attempt() + " verifies the request again");
    }
    Optional<Ticket> fetched = tickets.fetch(c.ticket());
    if (fetched.isEmpty()) {
      return cancel(c, ReasonCode.TICKET_DELETED, "ticket not found");
    }
    Ticket t = fetched.get();
    if (!t.fingerprint().equals(c.fingerprint())) {
      return cancel(c, ReasonCode.REQUEST_EDITED, "requester or request changed");
    }
    TicketSystem.Standing standing = tickets.standing(t);
    boolean ourMoveDone = repeat && standing == TicketSystem.Standing.EXECUTED;
    if (!ourMoveDone) {
      if (!t.open()) {
        return leftAlone(c, ReasonCode.TICKET_CLOSED, "ticket status " + t.status());
      }
      if (standing != TicketSystem.Standing.IN_SCOPE) {
        return leftAlone(
            c,
            ReasonCode.TICKET_OUT_OF_SCOPE,
            "ticket status " + t.status() + ", no longer in the intake scope");
      }
      Duration age = Duration.between(approvedAt(c), now());
      if (age.compareTo(policy.approvalMaxAge()) > 0) {
        return approvalExpired(c, t, age);
      }
    }
    holdClaim(c);
    tickets.execute(c.ticket());
    postOnce(c, repeat, CommentMarker.Step.EXECUTED, false, render(Message.EXECUTED, c));
    executedNote(c, repeat);
    return move(c, c.toBuilder().state(CaseState.EXECUTE_REQUESTED), "ticket moved to execute");
  }

  /** When the push of the case was approved, as the audit history has it. */
  private Instant approvedAt(VerificationCase c) {
    List<HistoryEntry> history = store.history(c.id());
    for (int i = history.size() - 1; i >= 0; i--) {
      HistoryEntry e = history.get(i);
      if (e.to() == CaseState.APPROVED && e.from().orElse(null) != CaseState.APPROVED) {
        return e.at();
      }
    }
    return c.updatedAt();
  }

  /**
   * Someone else closed the ticket or moved it out of the scope while it was being verified: it is
   * theirs now. It is not moved; technicians get a note, and the case ends.
   */
  private Progress leftAlone(VerificationCase c, ReasonCode code, String detail) {
    LOG.log(
        Level.INFO,
        "case {0} of {1}: {2} ({3}); the ticket is left as it is",
        c.id(),
        c.ticket(),
        code.description(),
        detail);
    return cancel(c, code, detail);
  }

  /**
   * An approval older than the policy allows is not acted on. The next attempt is opened here with
   * the ticket just read (its fingerprint equals this case's), so it needs no scan to notice it;
   * the store's unique attempt number keeps a repeat of this step from opening two.
   */
  private Progress approvalExpired(VerificationCase c, Ticket t, Duration age) {
    int attempt = c.attempt() + 1;
    VerificationCase fresh =
        VerificationCase.detected(
            CaseId.random(random), t, attempt, c.classification(), c.provider(), now());
    String why =
        "approved "
            + humanize(age)
            + " ago, longer than the "
            + humanize(policy.approvalMaxAge())
            + " an approval is valid";
    store.insert(fresh, node, "new attempt: the approval of attempt " + c.attempt() + " expired");
    LOG.log(
        Level.INFO,
        "case {0} of {1}: {2}; attempt {3} sends a fresh push",
        c.id(),
        c.ticket(),
        why,
        attempt);
    return cancel(c, ReasonCode.APPROVAL_EXPIRED, why + "; attempt " + attempt + " verifies again");
  }

  private Progress rejecting(VerificationCase c, boolean repeat) {
    boolean denied = c.state() == CaseState.DENIED;
    boolean fraud = c.reason().map(r -> r.code() == ReasonCode.FRAUD_REPORTED).orElse(false);
    TicketSystem tickets = ticketSystem(c);
    tickets.reject(
        c.ticket(),
        render(denied ? Message.REJECT_REASON_DENIED : Message.REJECT_REASON_TIMED_OUT, c));
    postOnce(
        c,
        repeat,
        CommentMarker.Step.REJECTED,
        false,
        render(denied ? Message.REJECTED_DENIED : Message.REJECTED_TIMED_OUT, c));
    if (fraud) {
      postOnce(
          c, repeat, CommentMarker.Step.FRAUD_INTERNAL, true, render(Message.FRAUD_INTERNAL, c));
    }
    if (serviceDesk(c)) {
      postOnce(
          c,
          repeat,
          CommentMarker.Step.OUTCOME_INTERNAL,
          true,
          render(Message.OUTCOME_INTERNAL, c));
    }
    clearRequest(c);
    return move(c, c.toBuilder().state(CaseState.REJECTED), "ticket rejected");
  }

  private Progress escalating(VerificationCase c, boolean repeat) {
    TicketSystem tickets = ticketSystem(c);
    postOnce(
        c,
        repeat,
        CommentMarker.Step.ESCALATED_INTERNAL,
        true,
        render(Message.ESCALATED_INTERNAL, c));
    postOnce(
        c, repeat, CommentMarker.Step.ESCALATED_PUBLIC, false, render(Message.ESCALATED_PUBLIC, c));
    // The reason quotes ticket and provider text (what was found, a vendor's message) and lands in
    // a journal or field technicians trust: made inert like every other quoted value.
    tickets.escalate(c.ticket(), printable(reasonText(c)));
    clearRequest(c);
    return move(c, c.toBuilder().state(CaseState.ESCALATED), "ticket escalated");
  }

  private Progress cancelling(VerificationCase c, boolean repeat) {
    // The push's status call stops here too: an answer to it after this is void.
    cancelPush(c);
    ReasonCode code = c.reason().map(Reason::code).orElse(null);
    if (code == ReasonCode.TICKET_CLOSED || code == ReasonCode.TICKET_OUT_OF_SCOPE) {
      leftAloneNote(c, repeat);
    }
    TicketSink intake = reconsider;
    if (intake != null && code == ReasonCode.REQUEST_EDITED) {
      // Opened before this attempt ends: a crash in between repeats this step, and the intake
      // then finds the new attempt already open.
      ticketSystem(c).fetchInScope(c.ticket()).ifPresent(intake::consider);
    }
    return move(c, c.toBuilder().state(CaseState.CANCELLED), "case cancelled");
  }

  /**
   * Closed or moved by someone else: technicians learn why nothing happened to it. Best effort: a
   * ticket system that refuses the note (a project where it could not stay internal, say) must not
   * keep the case from ending, as nothing else is done to the ticket.
   */
  private void leftAloneNote(VerificationCase c, boolean repeat) {
    try {
      postOnce(
          c,
          repeat,
          CommentMarker.Step.LEFT_ALONE_INTERNAL,
          true,
          render(Message.LEFT_ALONE_INTERNAL, c));
    } catch (PermanentFailure refused) {
      LOG.log(
          Level.WARNING,
          "case {0}: the note that {1} was left alone was refused, the case ends without it: {2}",
          c.id(),
          c.ticket().label(),
          refused.getMessage());
    }
  }

  /**
   * At execution: names the verified person and account for the technician who carries the request
   * out, and takes a technician's request for verification off the ticket.
   */
  private void executedNote(VerificationCase c, boolean repeat) {
    Map<String, String> extra = new HashMap<>();
    Challenge challenge = c.challenge().orElseThrow();
    extra.put("push", challenge.push().id());
    extra.put("approved-at", approvedAt(c).toString());
    postOnce(
        c,
        repeat,
        CommentMarker.Step.VERIFIED_ACCOUNT,
        true,
        render(Message.VERIFIED_ACCOUNT, c, extra));
    clearRequest(c);
  }

  /**
   * A technician's request for verification is answered: asking again is a new request. A refusal
   * (no permission to edit labels, say) is logged and changes no outcome, which by then has
   * happened or must still happen; a transient failure repeats the step, which is idempotent.
   */
  private void clearRequest(VerificationCase c) {
    if (!TicketIntake.askedForByTechnician(c.classification())) {
      return;
    }
    try {
      ticketSystem(c).clearVerificationRequest(c.ticket());
    } catch (PermanentFailure f) {
      LOG.log(
          Level.ERROR,
          "case {0}: could not take the request for verification off {1}; remove it by hand and"
              + " check the integration's permissions: {2}",
          c.id(),
          c.ticket(),
          f.getMessage());
    }
  }

  /** Whether the service desk is behind this case: an agent opened it, or a technician asked. */
  private static boolean serviceDesk(VerificationCase c) {
    return c.openedBy().isPresent() || TicketIntake.askedForByTechnician(c.classification());
  }

  private TicketSystemRules rulesOf(VerificationCase c) {
    TicketSystemRules r = rules.apply(c.ticket().system());
    return r == null ? TicketSystemRules.DEFAULTS : r;
  }

  // --- decisions shared by the steps -------------------------------------------------------------

  private Optional<Progress> recheckIfStale(VerificationCase c) {
    return recheckIfStale(c, c.toBuilder());
  }

  /**
   * Re-reads the ticket if the case's view of it is older than the policy allows, and notes the
   * check in {@code next}.
   */
  private Optional<Progress> recheckIfStale(VerificationCase c, VerificationCase.Builder next) {
    Instant now = now();
    boolean stale =
        c.ticketCheckedAt().map(at -> !now.isBefore(at.plus(policy.ticketRecheck()))).orElse(true);
    if (!stale) {
      return Optional.empty();
    }
    next.ticketCheckedAt(now);
    return recheck(c);
  }

  /**
   * Re-reads the ticket. Deleted, closed, moved out of the intake scope or edited, the case is
   * cancelled; an edited request gets a new attempt from intake. The ticket is read through the
   * scope (one call), and read again plainly only when that finds nothing, to tell why.
   */
  private Optional<Progress> recheck(VerificationCase c) {
    TicketSystem system = ticketSystem(c);
    Optional<Ticket> inScope = system.fetchInScope(c.ticket());
    Optional<Ticket> ticket = inScope.isPresent() ? inScope : system.fetch(c.ticket());
    if (ticket.isEmpty()) {
      return Optional.of(cancel(c, ReasonCode.TICKET_DELETED, "ticket not found"));
    }
    Ticket t = ticket.get();
    if (!t.fingerprint().equals(c.fingerprint())) {
      return Optional.of(cancel(c, ReasonCode.REQUEST_EDITED, "requester or request text changed"));
    }
    if (!t.open()) {
      return Optional.of(cancel(c, ReasonCode.TICKET_CLOSED, "ticket status " + t.status()));
    }
    if (inScope.isEmpty()) {
      return Optional.of(
          cancel(
              c,
              ReasonCode.TICKET_OUT_OF_SCOPE,
              "ticket left the intake scope (status " + t.status() + ")"));
    }
    return Optional.empty();
  }

  private Progress cancel(VerificationCase c, ReasonCode code, String detail) {
    return move(
        c, c.toBuilder().state(CaseState.CANCELLING).reason(new Reason(code, detail)), detail);
  }

  private Progress escalate(VerificationCase c, ReasonCode code, String detail) {
    return move(
        c,
        c.toBuilder().state(CaseState.ESCALATING).reason(new Reason(code, detail)),
        code.description() + (detail.isBlank() ? "" : ": " + detail));
  }

  private Progress providerFailed(VerificationCase c, RuntimeException failure) {
    String detail = failure.getMessage();
    if (failure instanceof TransientFailure t) {
      // Past the deadline too: the answer still decides between denied (maybe fraud) and timed
      // out, so one failed look is no reason to hand the ticket to a technician.
      int failures = c.failures() + 1;
      if (failures < policy.maxProviderFailures()) {
        return retry(
            c, c.toBuilder().failures(failures), t.retryAfter(), "provider failed: " + detail);
      }
    }
    LOG.log(Level.WARNING, "case {0}: push provider failing, escalating: {1}", c.id(), detail);
    return escalate(c, ReasonCode.PROVIDER_UNAVAILABLE, detail);
  }

  /** Parks the case as {@code next} until the retry; the failure count goes up. */
  private Progress ticketSystemFailed(
      VerificationCase c, VerificationCase.Builder next, TransientFailure failure) {
    LOG.log(
        Level.WARNING,
        "case {0}: ticket system failed, will retry: {1}",
        c.id(),
        failure.getMessage());
    return retry(
        c,
        next.failures(c.failures() + 1),
        failure.retryAfter(),
        "ticket system failed: " + failure.getMessage());
  }

  private Progress ticketSystemRefused(VerificationCase c, PermanentFailure failure) {
    LOG.log(
        Level.ERROR,
        "case {0}: ticket system refused a call; check its configuration: {1}",
        c.id(),
        failure.getMessage());
    if (c.state() == CaseState.ESCALATING) {
      // Nobody else can take this ticket over: keep trying until an admin fixes the configuration.
      return retry(
          c,
          c.toBuilder().failures(c.failures() + 1),
          Optional.empty(),
          "escalation failed: " + failure.getMessage());
    }
    return escalate(c, ReasonCode.TICKET_UPDATE_FAILED, failure.getMessage());
  }

  // --- writes ------------------------------------------------------------------------------------

  /** Writes a case and tells the listener when its state changed. */
  private VerificationCase save(
      VerificationCase c,
      VerificationCase next,
      Optional<Duration> keepClaim,
      Optional<String> note) {
    VerificationCase saved = store.save(c, next, node, now(), keepClaim, node, note);
    if (saved.state() != c.state()) {
      listener.moved(c, saved);
    }
    return saved;
  }

  private Progress move(VerificationCase c, VerificationCase.Builder next, String note) {
    VerificationCase saved =
        save(
            c,
            next.failures(0).nextActionAt(now()).build(),
            Optional.of(policy.claim()),
            Optional.of(note));
    PushWatcher w = watcher;
    if (w != null && c.state() == CaseState.CHALLENGED && saved.state() != CaseState.CHALLENGED) {
      w.forget(c.id());
    }
    return new Progress.Continue(saved);
  }

  private Progress park(VerificationCase c, VerificationCase.Builder next) {
    return new Progress.Parked(save(c, next.build(), Optional.empty(), Optional.empty()));
  }

  /** Parks the case until a retry is due; {@code next} carries the raised failure count. */
  private Progress retry(
      VerificationCase c,
      VerificationCase.Builder next,
      Optional<Duration> retryAfter,
      String note) {
    VerificationCase draft = next.build();
    Duration wait = backoff(draft.failures(), retryAfter);
    Instant due = now().plus(wait);
    if (c.challenge().isPresent()
        && c.state() == CaseState.CHALLENGED
        && now().isBefore(c.challenge().get().deadline())) {
      // A pending push must still be seen to its deadline, even while the provider struggles.
      due = earliest(due, c.challenge().get().deadline().plusMillis(1));
    }
    VerificationCase saved =
        save(
            c,
            next.nextActionAt(due).build(),
            Optional.empty(),
            Optional.of(note + "; retry at " + due));
    return new Progress.Parked(saved);
  }

  /** The shorter of the workflow's poll interval and the case provider's own pace. */
  private Duration pollInterval(VerificationCase c) {
    Duration own = policy.pollInterval();
    PushProvider provider = providers.get(c.provider());
    return provider == null
        ? own
        : provider.pollInterval().filter(p -> p.compareTo(own) < 0).orElse(own);
  }

  /** Exponential backoff with ±20% jitter, never shorter than the server asked. */
  Duration backoff(int failures, Optional<Duration> retryAfter) {
    long base = policy.retryBase().toMillis();
    long max = policy.retryMax().toMillis();
    long exp = base << Math.min(failures - 1, 20);
    long capped = Math.min(Math.max(exp, base), max);
    long jittered = (long) (capped * (0.8 + 0.4 * random.nextDouble()));
    Duration wait = Duration.ofMillis(jittered);
    return retryAfter.filter(ra -> ra.compareTo(wait) > 0).orElse(wait);
  }

  // --- side effects ------------------------------------------------------------------------------

  /** How long a claimed case may wait in a batch before another node may take it. */
  private Duration pickupLease() {
    Duration pickup = Duration.ofSeconds(10);
    return policy.claim().compareTo(pickup) < 0 ? policy.claim() : pickup;
  }

  /**
   * Fences a side effect: the claim is renewed for a whole lease, or {@link ClaimLost} stops the
   * step. A claim only runs out while its holder is slow, not dead (a case waiting in a claimed
   * batch, a call held up by a rate limit); another node may meanwhile have claimed and worked the
   * case, and what it posted or pushed must not be posted or pushed again.
   */
  private void holdClaim(VerificationCase c) {
    store.renewClaim(c, node, now(), policy.claim());
  }

  /** Posts a comment unless this is a repeated step and the comment is already there. */
  private void postOnce(
      VerificationCase c, boolean repeat, CommentMarker.Step step, boolean internal, String text) {
    TicketSystem tickets = ticketSystem(c);
    CommentMarker marker = new CommentMarker(c.id(), step);
    if (repeat && tickets.hasComment(c.ticket(), marker)) {
      return;
    }
    holdClaim(c);
    if (internal) {
      tickets.postInternalNote(c.ticket(), text, marker);
    } else {
      tickets.postPublicComment(c.ticket(), text, marker);
    }
  }

  private void cancelPush(VerificationCase c) {
    c.challenge()
        .ifPresent(
            ch -> {
              try {
                provider(c).cancel(ch.push());
              } catch (RuntimeException e) {
                // The push expires by itself at its deadline; a failed withdrawal changes nothing.
                LOG.log(
                    Level.INFO, "case {0}: could not withdraw push: {1}", c.id(), e.getMessage());
              }
            });
  }

  private <T> T callProvider(java.util.function.Supplier<T> call) {
    try {
      return call.get();
    } catch (TransientFailure | PermanentFailure e) {
      throw new ProviderFailure(e);
    } catch (RuntimeException e) {
      // A provider that breaks its contract (a parsing bug, say) is treated as failing, not
      // trusted.
      throw new ProviderFailure(
          new TransientFailure("provider", "call", e.toString(), Optional.empty(), true, e));
    }
  }

  // --- lookups and texts -------------------------------------------------------------------------

  private PushRequest pushRequest(VerificationCase c) {
    return new PushRequest(
        c.id(),
        c.ticket(),
        c.requester(),
        c.providerUserId().orElseThrow(() -> new IllegalStateException("no provider user id")),
        c.classification().operation(),
        serviceDesk(c));
  }

  private TicketSystem ticketSystem(VerificationCase c) {
    TicketSystem system = ticketSystems.get(c.ticket().system());
    if (system == null) {
      throw new IllegalStateException(
          "case "
              + c.id()
              + " belongs to ticket system '"
              + c.ticket().system()
              + "', which is not configured");
    }
    return system;
  }

  private PushProvider provider(VerificationCase c) {
    PushProvider provider = providers.get(c.provider());
    if (provider == null) {
      throw new IllegalStateException(
          "case " + c.id() + " uses push provider '" + c.provider() + "', which is not configured");
    }
    return provider;
  }

  private String render(Message message, VerificationCase c) {
    return render(message, c, Map.of());
  }

  /** {@code extra}: values only some messages have (a deadline, a push id). */
  private String render(Message message, VerificationCase c, Map<String, String> extra) {
    PushProvider provider = providers.get(c.provider());
    Map<String, String> values = new HashMap<>();
    values.put("ticket", c.ticket().label());
    values.put("operation", c.classification().operation().description());
    values.put("requester", c.requester().displayName());
    values.put("case", c.id().value());
    values.put("attempt", Integer.toString(c.attempt()));
    values.put("reason", reasonText(c));
    values.put("detail", c.reason().map(Reason::detail).orElse(""));
    values.put("confidence", String.format(Locale.ROOT, "%.2f", c.classification().confidence()));
    values.put("evidence", String.join("; ", c.classification().evidence()));
    if (provider != null) {
      values.put("provider", provider.displayName());
      values.put("timeout", humanize(provider.pushTimeout()));
    }
    values.put("account", c.requester().accountId());
    values.put("email", c.requester().email().orElse("not disclosed by the ticket system"));
    values.put("system", c.ticket().system());
    values.put("provider-user", c.providerUserId().orElse(""));
    values.put("opened-by", c.openedBy().map(Requester::displayName).orElse("the service desk"));
    values.putAll(extra);
    values.replaceAll((k, v) -> printable(v));
    return messages.render(message.of(c.classification().operation()), values);
  }

  /**
   * A value quoted from a ticket or a provider, as it may appear in a posted text: control
   * characters (NUL, ESC, ...) and bidirectional embeddings, overrides and isolates, which could
   * make a name read as something else ("Ann\u202Etxt.exe" shows as "Annexe.txt"), become U+FFFD.
   * Line breaks, tabs and joiners (emoji sequences need them) stay. A zero-width space after each
   * start of a link ("https", "mailto", "www") keeps Jira's and ServiceNow's renderers from linking
   * it: a requester named "Bob https://evil.example/login" would otherwise put a link in a note
   * that technicians trust. The templates' own text, an admin's, keeps its links.
   */
  static String printable(String value) {
    StringBuilder out = null;
    for (int i = 0; i < value.length(); i++) {
      char ch = value.charAt(i);
      boolean control = Character.getType(ch) == Character.CONTROL && ch != '\n' && ch != '\t';
      boolean bidi = (ch >= '\u202A' && ch <= '\u202E') || (ch >= '\u2066' && ch <= '\u2069');
      if (control || bidi) {
        if (out == null) {
          out = new StringBuilder(value.length()).append(value, 0, i);
        }
        out.append('\uFFFD');
      } else if (out != null) {
        out.append(ch);
      }
    }
    return LINK_START.matcher(out == null ? value : out).replaceAll("$0\u200B");
  }

  /** "3 minutes", "90 seconds", "1 minute": how employees read a timeout. */
  static String humanize(Duration d) {
    long seconds = Math.max(1, d.toSeconds());
    if (seconds % 60 != 0) {
      return seconds + (seconds == 1 ? " second" : " seconds");
    }
    long minutes = seconds / 60;
    return minutes + (minutes == 1 ? " minute" : " minutes");
  }

  private static String reasonText(VerificationCase c) {
    return c.reason()
        .map(r -> r.code().description() + (r.detail().isBlank() ? "" : " (" + r.detail() + ")"))
        .orElse("unknown");
  }

  private Instant now() {
    return clock.instant();
  }

  private static Instant earliest(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
