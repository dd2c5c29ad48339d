package com.helpdeskverify.testkit;

import com.helpdeskverify.core.CaseId;
import com.helpdeskverify.core.PushHandle;
import com.helpdeskverify.core.ReasonCode;
import com.helpdeskverify.core.Requester;
import com.helpdeskverify.core.spi.NotVerifiable;
import com.helpdeskverify.core.spi.PushProvider;
import com.helpdeskverify.core.spi.PushRecovery;
import com.helpdeskverify.core.spi.PushRequest;
import com.helpdeskverify.core.spi.PushStart;
import com.helpdeskverify.core.spi.PushStatus;
import com.helpdeskverify.core.spi.UserLookup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A push provider whose users answer as scripted. Keeps every push it sent, so pushes per case can
 * be counted. Thread-safe.
 */
public final class SimulatedPushProvider implements PushProvider {

  /** How a user answers a push. */
  public enum Answer {
    APPROVE,
    DENY,
    REPORT_FRAUD,
    /** Never answers: the push stays pending. */
    IGNORE,
    /** The provider itself reports the push expired. */
    EXPIRE,
    /** The provider verified someone it cannot confirm to be the requester. */
    UNCONFIRMED
  }

  private record User(String providerId, boolean enrolled, Answer answer, int pendingPolls) {}

  public record Push(PushHandle handle, PushRequest request) {}

  private final String id;
  private final Duration timeout;
  private final CallHook hook;
  private final Map<String, User> users = new HashMap<>();
  private final List<Push> pushes = new ArrayList<>();
  private final Map<String, Integer> polls = new HashMap<>();
  private final List<PushHandle> cancelled = new ArrayList<>();
  private boolean recovers = true;
  private Optional<String> matchNumber = Optional.empty();
  private Optional<String> link = Optional.empty();
  private String displayName = "Simulated Authenticator";
  private Optional<Duration> pollInterval = Optional.empty();
  private String via = "";

  private boolean paused;

  public SimulatedPushProvider(String id, Duration timeout, CallHook hook) {
    this.id = id;
    this.timeout = timeout;
    this.hook = hook;
  }

  /** An enrolled user who answers after {@code pendingPolls} polls that find the push pending. */
  public synchronized SimulatedPushProvider user(Requester r, Answer answer, int pendingPolls) {
    users.put(r.accountId(), new User("u-" + r.accountId(), true, answer, pendingPolls));
    return this;
  }

  public SimulatedPushProvider user(Requester r, Answer answer) {
    return user(r, answer, 0);
  }

  public synchronized SimulatedPushProvider userWithoutDevice(Requester r) {
    users.put(r.accountId(), new User("u-" + r.accountId(), false, Answer.IGNORE, 0));
    return this;
  }

  /** Makes {@link #lookup} say it found users another way (a directory attribute, say). */
  public synchronized SimulatedPushProvider foundVia(String via) {
    this.via = via;
    return this;
  }

  /** Makes {@link #recover} answer "unknown", as providers without a lookup do. */
  public synchronized SimulatedPushProvider withoutRecovery() {
    recovers = false;
    return this;
  }

  /** The name employees know this provider by. */
  public synchronized SimulatedPushProvider withDisplayName(String name) {
    this.displayName = name;
    return this;
  }

  /** Pushes start with a link the requester opens, as a Verified ID presentation does. */
  public synchronized SimulatedPushProvider withLink(String link) {
    this.link = Optional.of(link);
    return this;
  }

  public synchronized SimulatedPushProvider withNumberMatching(String number) {
    matchNumber = Optional.of(number);
    return this;
  }

  /** Asks to be polled at this pace. */
  public synchronized SimulatedPushProvider withPollInterval(Duration interval) {
    pollInterval = Optional.of(interval);
    return this;
  }

  @Override
  public synchronized Optional<Duration> pollInterval() {
    return pollInterval;
  }

  /** Pauses (as an open circuit would) or resumes the provider, as {@link #paused} reports. */
  public synchronized SimulatedPushProvider paused(boolean paused) {
    this.paused = paused;
    return this;
  }

  @Override
  public synchronized boolean paused() {
    return paused;
  }

  public synchronized List<Push> pushes() {
    return List.copyOf(pushes);
  }

  public synchronized long pushesFor(CaseId caseId) {
    return pushes.stream().filter(p -> p.request().caseId().equals(caseId)).count();
  }

  public synchronized List<PushHandle> cancelled() {
    return List.copyOf(cancelled);
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public synchronized String displayName() {
    return displayName;
  }

  @Override
  public Duration pushTimeout() {
    return timeout;
  }

  @Override
  public UserLookup lookup(Requester requester) {
    return hook.call(
        id + ".lookup",
        () -> {
          synchronized (this) {
            User u = users.get(requester.accountId());
            if (u == null) {
              return new NotVerifiable(ReasonCode.UNKNOWN_USER, "no user " + requester.accountId());
            }
            if (!u.enrolled()) {
              return new NotVerifiable(ReasonCode.NO_ENROLLED_DEVICE, "no push device");
            }
            return new UserLookup.Enrolled(u.providerId(), via);
          }
        });
  }

  @Override
  public PushStart startPush(PushRequest request) {
    return hook.call(
        id + ".startPush",
        () -> {
          synchronized (this) {
            PushHandle handle = new PushHandle("push-" + (pushes.size() + 1));
            pushes.add(new Push(handle, request));
            return new PushStart.Started(handle, matchNumber, link);
          }
        });
  }

  @Override
  public PushStatus status(PushHandle push) {
    return hook.call(
        id + ".status",
        () -> {
          synchronized (this) {
            Push p = pushes.stream().filter(x -> x.handle().equals(push)).findFirst().orElseThrow();
            User u = users.get(p.request().requester().accountId());
            int seen = polls.merge(push.id(), 1, Integer::sum);
            if (seen <= u.pendingPolls()) {
              return new PushStatus.Pending();
            }
            return switch (u.answer()) {
              case APPROVE -> new PushStatus.Approved();
              case DENY -> new PushStatus.Denied(false, "denied on device");
              case REPORT_FRAUD -> new PushStatus.Denied(true, "reported as fraud");
              case IGNORE -> new PushStatus.Pending();
              case EXPIRE -> new PushStatus.Expired();
              case UNCONFIRMED ->
                  new PushStatus.Unconfirmed("verified someone, not confirmed as the requester");
            };
          }
        });
  }

  @Override
  public PushRecovery recover(PushRequest request) {
    return hook.call(
        id + ".recover",
        () -> {
          synchronized (this) {
            if (!recovers) {
              return new PushRecovery.Unknown();
            }
            return pushes.stream()
                .filter(p -> p.request().caseId().equals(request.caseId()))
                .findFirst()
                .<PushRecovery>map(
                    p -> new PushRecovery.Sent(new PushStart.Started(p.handle(), matchNumber)))
                .orElse(new PushRecovery.NotSent());
          }
        });
  }

  @Override
  public void cancel(PushHandle push) {
    hook.run(
        id + ".cancel",
        () -> {
          synchronized (this) {
            cancelled.add(push);
          }
        });
  }
}
