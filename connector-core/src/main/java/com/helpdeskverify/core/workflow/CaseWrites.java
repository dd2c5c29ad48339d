package com.helpdeskverify.core.workflow;

import com.helpdeskverify.core.CaseState;
import com.helpdeskverify.core.HistoryEntry;
import com.helpdeskverify.core.Reason;
import com.helpdeskverify.core.ReasonCode;
import com.helpdeskverify.core.VerificationCase;
import com.helpdeskverify.core.spi.PermanentFailure;
import com.helpdeskverify.core.spi.TransientFailure;
import com.helpdeskverify.core.store.CaseStore;
import com.helpdeskverify.core.store.ClaimLost;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * The steps' one way to the {@link CaseStore}: every write of a case goes through here, under this
 * node's claim, so that the listener and the push watcher hear of each change and no write skips
 * the fence. A step writes the case once, at its end; the failures a step meets are written here
 * too, as a retry or an escalation.
 */
record CaseWrites(
    CaseStore store,
    String node,
    Clock clock,
    WorkflowPolicy policy,
    RandomGenerator random,
    Hooks hooks) {
  // Under the workflow's name: its log lines keep the logger operators filter by.
  private static final Logger LOG = System.getLogger(VerificationWorkflow.class.getName());
  private static final Pattern CONTROL = Pattern.compile("[\\p{Cc}\\p{Zl}\\p{Zp}]+");

  Instant now() {
    return clock.instant();
  }

  static Instant earliest(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  /** Claims a batch of due cases for the pickup lease; {@link #holdClaim} extends each. */
  List<VerificationCase> claimDue(int limit) {
    return store.claimDue(node, now(), policy.pickupLease(), limit);
  }

  /**
   * Fences a side effect: the claim is renewed for a whole lease, or {@link ClaimLost} stops the
   * step. A claim only runs out while its holder is slow, not dead (a case waiting in a claimed
   * batch, a call held up by a rate limit); another node may meanwhile have claimed and worked the
   * case, and what it posted or pushed must not be posted or pushed again.
   */
  void holdClaim(VerificationCase c) {
    store.renewClaim(c, node, now(), policy.claim());
  }

  /** What a case's history notes when a run of its execute step is about to send the move. */
  static final String EXECUTE_SENT = "execute move about to be sent";

  /**
   * Notes in the case's history, before the execute move goes out, that this case sends it; fences
   * the move as {@link #holdClaim} does (the claim is renewed, or {@link ClaimLost} stops the
   * step), and leaves the case's version as it is. A repeat of the step then knows whether a ticket
   * in the execute status may be its own doing.
   */
  void executeSent(VerificationCase c) {
    store.noteWhileHeld(c, node, now(), policy.claim(), EXECUTE_SENT);
  }

  /** Whether a run of this case's execute step got as far as sending the move. */
  boolean executeWasSent(VerificationCase c) {
    return store.history(c.id()).stream()
        .anyMatch(e -> e.to() == CaseState.APPROVED && e.detail().equals(EXECUTE_SENT));
  }

  /** Writes a case and tells the listener when its state changed. */
  VerificationCase save(
      VerificationCase c,
      VerificationCase next,
      Optional<Duration> keepClaim,
      Optional<String> note) {
    VerificationCase saved = store.save(c, next, node, now(), keepClaim, node, note);
    if (saved.state() != c.state()) {
      hooks.listener.moved(c, saved);
    }
    return saved;
  }

  /**
   * Writes {@code next} if the push target has a push left for the hour.
   *
   * @return the case as written; empty when the pushes are spent and nothing was written
   */
  Optional<VerificationCase> saveWithinPushBudget(VerificationCase c, VerificationCase next) {
    Optional<VerificationCase> saved =
        store.saveWithinPushBudget(
            c, next, node, now(), policy.claim(), policy.maxPushesPerHour(), Duration.ofHours(1));
    saved.ifPresent(s -> hooks.listener.moved(c, s));
    return saved;
  }

  /** Opens a further attempt of the case's ticket beside the case. */
  void insert(VerificationCase fresh, String note) {
    store.insert(fresh, node, note);
  }

  /** An attempt of the case's ticket opened after it. */
  Optional<VerificationCase> newerAttempt(VerificationCase c) {
    return store.latestFor(c.ticket()).filter(l -> l.attempt() > c.attempt());
  }

  /** When the case last entered {@code state}, as the audit history has it. */
  Instant enteredAt(VerificationCase c, CaseState state) {
    List<HistoryEntry> history = store.history(c.id());
    for (int i = history.size() - 1; i >= 0; i--) {
      HistoryEntry e = history.get(i);
      if (e.to() == state && e.from().orElse(null) != state) {
        return e.at();
      }
    }
    return c.updatedAt();
  }

  /** Writes the case's next state and keeps the claim: the next step follows at once. */
  Progress move(VerificationCase c, VerificationCase.Builder next, String note) {
    VerificationCase saved =
        save(
            c,
            next.failures(0).nextActionAt(now()).build(),
            Optional.of(policy.claim()),
            Optional.of(note));
    PushWatcher w = hooks.watcher;
    if (w != null && c.state() == CaseState.CHALLENGED && saved.state() != CaseState.CHALLENGED) {
      w.forget(c.id());
    }
    return new Progress.Continue(saved);
  }

  Progress park(VerificationCase c, VerificationCase.Builder next) {
    return new Progress.Parked(save(c, next.build(), Optional.empty(), Optional.empty()));
  }

  Progress cancel(VerificationCase c, ReasonCode code, String detail) {
    return move(
        c, c.toBuilder().state(CaseState.CANCELLING).reason(new Reason(code, detail)), detail);
  }

  /**
   * Cancels a case whose ticket someone else closed or moved out of the intake scope before the
   * case had an outcome, and reports the bypass: a warning an operator sees and the listener's
   * {@link WorkflowListener#bypassed} (counted by the service). Only after the cancellation was
   * written, so a step that lost its claim reports nothing and the case's next holder reports it
   * once.
   *
   * @param code {@link ReasonCode#TICKET_CLOSED} or {@link ReasonCode#TICKET_OUT_OF_SCOPE}
   * @param status the ticket system's status of the ticket as it was found
   */
  Progress bypassed(VerificationCase c, ReasonCode code, String status, String detail) {
    if (code != ReasonCode.TICKET_CLOSED && code != ReasonCode.TICKET_OUT_OF_SCOPE) {
      throw new IllegalArgumentException("not a bypass: " + code);
    }
    Progress cancelled = cancel(c, code, detail);
    LOG.log(
        Level.WARNING,
        "{0} [{1}] case {2} attempt {3}: verification bypassed: the ticket was found {4} while the"
            + " case was {5}, before any outcome ({6}); the ticket is left as it is",
        oneLine(c.ticket().label()),
        c.ticket().system(),
        c.id().value(),
        Integer.toString(c.attempt()),
        oneLine(status),
        c.state(),
        code.name());
    hooks.listener.bypassed(new WorkflowListener.Bypass(cancelled.current(), c.state(), status));
    return cancelled;
  }

  /** Ticket text in a log line: no line breaks or control characters that could forge a line. */
  private static String oneLine(String text) {
    return CONTROL.matcher(text).replaceAll(" ");
  }

  Progress escalate(VerificationCase c, ReasonCode code, String detail) {
    return move(
        c,
        c.toBuilder().state(CaseState.ESCALATING).reason(new Reason(code, detail)),
        code.description() + (detail.isBlank() ? "" : ": " + detail));
  }

  /** Parks the case until a retry is due; {@code next} carries the raised failure count. */
  Progress retry(
      VerificationCase c,
      VerificationCase.Builder next,
      Optional<Duration> retryAfter,
      String note) {
    VerificationCase draft = next.build();
    return parkFor(c, next, backoff(draft.failures(), retryAfter), note);
  }

  private Progress parkFor(
      VerificationCase c, VerificationCase.Builder next, Duration wait, String note) {
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

  /**
   * Parks the case as {@code next} until the system's turn, which the client told (a {@linkplain
   * TransientFailure#deferred deferred} call): nothing was sent and nothing failed, so the failure
   * count stays as it was and the wait is the one told, not a backoff. Logged at INFO: under a
   * burst this is flow control, not trouble.
   */
  Progress deferred(VerificationCase c, VerificationCase.Builder next, TransientFailure failure) {
    Duration wait = failure.retryAfter().orElse(policy.retryBase());
    LOG.log(
        Level.INFO,
        "{0} [{1}] case {2}: a call to {3} is deferred by its rate limit for {4} ms",
        oneLine(c.ticket().label()),
        c.ticket().system(),
        c.id().value(),
        failure.system(),
        wait.toMillis());
    return parkFor(c, next, wait, "deferred by the rate limit of " + failure.system());
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

  // --- a step's failures -------------------------------------------------------------------------

  Progress providerFailed(VerificationCase c, RuntimeException failure) {
    String detail = failure.getMessage();
    if (failure instanceof TransientFailure t && t.deferred()) {
      return deferred(c, c.toBuilder(), t);
    }
    if (failure instanceof TransientFailure t) {
      // Past the deadline too: the answer still decides between denied (maybe fraud) and timed
      // out, so one failed look is no reason to hand the ticket to a technician.
      int failures = c.failures() + 1;
      if (failures < policy.maxProviderFailures()) {
        return retry(
            c, c.toBuilder().failures(failures), t.retryAfter(), "provider failed: " + detail);
      }
    }
    return providerUnavailable(c, detail, "");
  }

  /**
   * Escalates a case whose provider keeps failing.
   *
   * @param when where in the case's life it failed, for the log: "" or " at the deadline"
   */
  Progress providerUnavailable(VerificationCase c, String detail, String when) {
    LOG.log(
        Level.WARNING, "case {0}: push provider failing{1}, escalating: {2}", c.id(), when, detail);
    return escalate(c, ReasonCode.PROVIDER_UNAVAILABLE, detail);
  }

  /** Parks the case as {@code next} until the retry; the failure count goes up. */
  Progress ticketSystemFailed(
      VerificationCase c, VerificationCase.Builder next, TransientFailure failure) {
    if (failure.deferred()) {
      return deferred(c, next, failure);
    }
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

  Progress ticketSystemRefused(VerificationCase c, PermanentFailure failure) {
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
}
