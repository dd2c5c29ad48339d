package com.helpdeskverify.core.workflow;

import static com.helpdeskverify.core.workflow.CaseWrites.earliest;

import com.helpdeskverify.core.CaseState;
import com.helpdeskverify.core.Challenge;
import com.helpdeskverify.core.CommentMarker;
import com.helpdeskverify.core.Reason;
import com.helpdeskverify.core.ReasonCode;
import com.helpdeskverify.core.VerificationCase;
import com.helpdeskverify.core.spi.NotVerifiable;
import com.helpdeskverify.core.spi.PushProvider;
import com.helpdeskverify.core.spi.PushRecovery;
import com.helpdeskverify.core.spi.PushRequest;
import com.helpdeskverify.core.spi.PushStart;
import com.helpdeskverify.core.spi.PushStatus;
import com.helpdeskverify.core.spi.TransientFailure;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The push phase of a case (NOTIFIED, PUSH_SENDING, CHALLENGED): one of the hour's pushes is
 * reserved, the push is sent (or, after an interruption, the provider is asked whether it went
 * out), and its answer is awaited until the deadline, by polling or through the {@link
 * PushWatcher}.
 */
record PushSteps(
    Integrations integrations,
    CaseWrites writes,
    Comments comments,
    TicketRecheck recheck,
    WorkflowPolicy policy,
    Hooks hooks) {
  /** Takes one of the push target's pushes for the hour, or escalates when they are spent. */
  Progress reservePush(VerificationCase c) {
    VerificationCase next =
        c.toBuilder().state(CaseState.PUSH_SENDING).failures(0).nextActionAt(writes.now()).build();
    Optional<VerificationCase> saved = writes.saveWithinPushBudget(c, next);
    if (saved.isEmpty()) {
      return writes.escalate(
          c,
          ReasonCode.PUSH_RATE_LIMIT,
          policy.maxPushesPerHour() + " pushes to this person within the last hour already");
    }
    return new Progress.Continue(saved.get());
  }

  /** A run was interrupted while it may have been sending: ask, never push blindly again. */
  Progress resumeSending(VerificationCase c) {
    PushProvider provider = integrations.provider(c);
    PushRecovery recovery = ProviderFailure.call(() -> provider.recover(pushRequest(c)));
    if (recovery instanceof PushRecovery.Sent sent) {
      // The push can have gone out no earlier than the case entered PUSH_SENDING.
      return challenged(c, sent.started(), true, writes.enteredAt(c, CaseState.PUSH_SENDING));
    }
    if (recovery instanceof PushRecovery.NotSent) {
      return send(c, true);
    }
    return writes.escalate(c, ReasonCode.PUSH_OUTCOME_UNKNOWN, "sending was interrupted");
  }

  Progress send(VerificationCase read, boolean repeat) {
    Optional<Progress> gone;
    VerificationCase.Builder checked = read.toBuilder();
    try {
      gone = recheck.ifStale(read, checked);
    } catch (TransientFailure f) {
      // Nothing was sent: back to NOTIFIED, lest the retry take the push for one that may have
      // gone out and escalate.
      return writes.ticketSystemFailed(read, read.toBuilder().state(CaseState.NOTIFIED), f);
    }
    if (gone.isPresent()) {
      return gone.get();
    }
    // The re-read is written with whatever this step writes next, so that the push's first look
    // does not read the ticket once more (in a burst, pushes wait beyond ticket-recheck).
    VerificationCase c = checked.build();
    PushProvider provider = integrations.provider(c);
    Instant sentAt = writes.now();
    PushStart start;
    try {
      writes.holdClaim(c);
      start = ProviderFailure.call(() -> provider.startPush(pushRequest(c)));
    } catch (ProviderFailure f) {
      if (f.failure instanceof TransientFailure t && t.deferred()) {
        return writes.deferred(c, c.toBuilder().state(CaseState.NOTIFIED), t);
      }
      if (f.failure instanceof TransientFailure t && !t.mayHaveTakenEffect()) {
        // The provider certainly did not send it: sending later is no second prompt.
        int failures = c.failures() + 1;
        if (failures >= policy.maxProviderFailures()) {
          return writes.escalate(c, ReasonCode.PROVIDER_UNAVAILABLE, t.getMessage());
        }
        return writes.retry(
            c,
            c.toBuilder().state(CaseState.NOTIFIED).failures(failures),
            t.retryAfter(),
            "push not sent: " + t.getMessage());
      }
      throw f;
    }
    if (start instanceof NotVerifiable nv) {
      return writes.escalate(c, nv.reason(), nv.detail());
    }
    return challenged(c, (PushStart.Started) start, repeat, sentAt);
  }

  private Progress challenged(
      VerificationCase c, PushStart.Started started, boolean repeat, Instant sentAt) {
    PushProvider provider = integrations.provider(c);
    Challenge challenge =
        new Challenge(
            started.push(),
            // Rounded down: our deadline never outlasts the provider's.
            sentAt.plus(provider.pushTimeout()).truncatedTo(ChronoUnit.MILLIS),
            started.matchNumber());
    if (started.matchNumber().isPresent()) {
      comments.postAsIs(
          c,
          repeat,
          CommentMarker.Step.MATCH_NUMBER,
          Message.MATCH_NUMBER,
          provider,
          Map.of("number", started.matchNumber().get()));
    }
    if (started.link().isPresent()) {
      comments.postAsIs(
          c,
          repeat,
          CommentMarker.Step.VERIFY_LINK,
          Message.VERIFY_LINK,
          provider,
          Map.of("link", started.link().get()));
    }
    if (TicketIntake.serviceDesk(c)) {
      // The agent on the phone learns whom the push prompts and what to read out, where the
      // prompt asks for a number; the push itself still goes to the requester only.
      Map<String, String> extra = new HashMap<>();
      extra.put("deadline", challenge.deadline().toString());
      started.matchNumber().ifPresent(n -> extra.put("number", n));
      comments.postOnce(
          c,
          repeat,
          CommentMarker.Step.AGENT_PROMPTING,
          true,
          comments.render(
              started.matchNumber().isPresent()
                  ? Message.AGENT_PROMPTING_NUMBER
                  : Message.AGENT_PROMPTING,
              c,
              extra));
    }
    VerificationCase next =
        writes.save(
            c,
            c.toBuilder()
                .state(CaseState.CHALLENGED)
                .challenge(challenge)
                .failures(0)
                .nextActionAt(earliest(writes.now().plus(pollInterval(c)), challenge.deadline()))
                .build(),
            Optional.empty(),
            Optional.of(
                "push " + started.push().id() + " sent, answerable until " + challenge.deadline()));
    PushWatcher w = hooks.watcher;
    if (w != null) {
      w.watch(next);
    }
    return new Progress.Parked(next);
  }

  Progress challenged(VerificationCase c) {
    PushWatcher w = hooks.watcher;
    if (w != null) {
      return watched(c, w);
    }
    Challenge challenge = c.challenge().orElseThrow();
    PushProvider provider = integrations.provider(c);
    PushStatus status = ProviderFailure.call(() -> provider.status(challenge.push()));
    // The case's failure count also counts a failed re-read of the ticket in this state, so the
    // reason names the case's failed steps, not only status calls.
    Optional<String> failedBefore =
        c.failures() > 0
            ? Optional.of("the case's last " + c.failures() + " step(s) failed")
            : Optional.empty();
    return decide(c, status, writes.now(), writes.now(), failedBefore);
  }

  /**
   * A challenged case whose push the watcher asks about: no provider call here. An answer the
   * watcher has seen is decided as a polled one; without one the ticket is re-read when stale, the
   * push is (still) watched, and the case parks until its next re-read or its deadline, whichever
   * comes first. The watcher wakes it sooner when the answer comes. The next re-read is {@code
   * ticket-recheck} away, or further when this node watches more pushes than its re-read rate
   * serves at that pace ({@link WorkflowPolicy#rereadInterval}).
   */
  private Progress watched(VerificationCase c, PushWatcher w) {
    Challenge challenge = c.challenge().orElseThrow();
    Optional<PushWatcher.Seen> seen = w.seen(c.id(), challenge.push());
    if (seen.isPresent() && seen.get() instanceof PushWatcher.Seen.Answered answered) {
      return decide(
          c,
          answered.status(),
          answered.at(),
          writes.now(),
          answered.failedBefore().map(Throwable::getMessage));
    }
    if (seen.isPresent() && seen.get() instanceof PushWatcher.Seen.Failed failed) {
      return writes.providerUnavailable(c, failed.failure().getMessage(), "");
    }
    Instant now = writes.now();
    Instant giveUp = challenge.deadline().plus(PushWatcher.answerGrace(policy));
    if (!now.isBefore(giveUp)) {
      Optional<TransientFailure> failing = w.failing(c.id(), challenge.push());
      if (failing.isPresent()) {
        int failures = c.failures() + 1;
        if (failures < policy.maxProviderFailures()) {
          // One passing fault is no reason to hand the ticket to a technician: the watcher asks
          // again (the push has ended, so the answer comes at once) and a denial still wins.
          w.watch(c);
          return writes.park(
              c, c.toBuilder().failures(failures).nextActionAt(now.plus(policy.retryBase())));
        }
        return writes.providerUnavailable(c, failing.get().getMessage(), " at the deadline");
      }
      return timedOut(c, "no answer by " + challenge.deadline());
    }
    VerificationCase.Builder next = c.toBuilder().failures(0);
    Optional<Progress> gone = recheck.ifStale(c, next);
    if (gone.isPresent()) {
      return gone.get();
    }
    Instant checked = next.build().ticketCheckedAt().orElse(now);
    w.watch(c);
    Instant due = earliest(checked.plus(policy.rereadInterval(w.watching())), giveUp);
    if (due.isBefore(now.plus(claimGap()))) {
      due = now.plus(claimGap());
    }
    return writes.park(c, next.nextActionAt(due));
  }

  /** The least time between two looks at a watched case, lest a clock skew spin a worker. */
  private static Duration claimGap() {
    return Duration.ofMillis(200);
  }

  /**
   * Decides on a provider's answer to a push, seen at {@code seenAt}.
   *
   * @param now when this is decided; a pending answer past the deadline times the case out
   * @param failedBefore why the provider could not be asked right before this answer, if it could
   *     not: an approval seen late may then have come in time
   */
  private Progress decide(
      VerificationCase c,
      PushStatus status,
      Instant seenAt,
      Instant now,
      Optional<String> failedBefore) {
    Challenge challenge = c.challenge().orElseThrow();
    boolean late = seenAt.isAfter(challenge.deadline());
    // A denial wins whenever it comes; an approval counts only before the deadline.
    if (status instanceof PushStatus.Denied denied) {
      ReasonCode code = denied.fraudReported() ? ReasonCode.FRAUD_REPORTED : ReasonCode.DENIED;
      Reason reason = new Reason(code, denied.detail());
      return writes.move(
          c, c.toBuilder().state(CaseState.DENIED).reason(reason), code.description());
    }
    if (status instanceof PushStatus.Unconfirmed unconfirmed) {
      // Someone was verified, not necessarily the requester: a technician decides.
      return writes.escalate(c, ReasonCode.IDENTITY_UNCONFIRMED, unconfirmed.detail());
    }
    if (status instanceof PushStatus.Approved) {
      if (late && failedBefore.isPresent()) {
        // The deadline has passed, so the approval does not count; but the looks before it failed,
        // so it may have come in time, and telling the requester they did not answer could be
        // untrue. Verification could not be done: a technician decides.
        return writes.providerUnavailable(
            c,
            "approval seen only after the deadline "
                + challenge.deadline()
                + ", the provider could not be asked before it: "
                + failedBefore.get(),
            " until after the deadline");
      }
      if (late) {
        return timedOut(c, "approval came after the deadline " + challenge.deadline());
      }
      return writes.move(
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
    Optional<Progress> gone = recheck.ifStale(c, next);
    return gone.isPresent() ? gone.get() : writes.park(c, next);
  }

  private Progress timedOut(VerificationCase c, String detail) {
    integrations.cancelPush(c);
    return writes.move(
        c,
        c.toBuilder().state(CaseState.TIMED_OUT).reason(new Reason(ReasonCode.TIMED_OUT, detail)),
        detail);
  }

  /** The shorter of the workflow's poll interval and the case provider's own pace. */
  private Duration pollInterval(VerificationCase c) {
    Duration own = policy.pollInterval();
    return integrations
        .providerIfConfigured(c)
        .flatMap(PushProvider::pollInterval)
        .filter(p -> p.compareTo(own) < 0)
        .orElse(own);
  }

  private static PushRequest pushRequest(VerificationCase c) {
    return new PushRequest(
        c.id(),
        c.ticket(),
        c.requester(),
        c.providerUserId().orElseThrow(() -> new IllegalStateException("no provider user id")),
        c.classification().operation(),
        TicketIntake.serviceDesk(c));
  }
}
