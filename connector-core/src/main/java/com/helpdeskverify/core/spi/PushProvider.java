package com.helpdeskverify.core.spi;

import com.helpdeskverify.core.PushHandle;
import com.helpdeskverify.core.Requester;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * A configured push or verification-link provider (Entra, Duo, Okta Verify, Traceless, Incode).
 *
 * <p>Every method may throw {@link TransientFailure} or {@link PermanentFailure}. A provider never
 * takes the push target from anywhere but the {@link Requester} it is given.
 */
public interface PushProvider {

  /** The configured id of this instance. */
  String id();

  /** The name employees know the app by ("Duo Mobile", "Microsoft Authenticator"). */
  default String displayName() {
    return id();
  }

  /** How long a push stays answerable; no approval counts after it. */
  Duration pushTimeout();

  /**
   * How often this provider's pending pushes should be asked about, when it wants a pace of its own
   * (Traceless: every 3 s); the workflow polls at the shorter of this and its own interval.
   */
  default Optional<Duration> pollInterval() {
    return Optional.empty();
  }

  /** Finds the requester's account and whether they can receive a push. */
  UserLookup lookup(Requester requester);

  /**
   * Sends one push. {@code request.caseId()} identifies the attempt; providers that can, use it as
   * an idempotency key so that {@link #recover} finds the push again.
   */
  PushStart startPush(PushRequest request);

  /** What became of a push. */
  PushStatus status(PushHandle push);

  /**
   * What became of a push, asked without holding the caller's thread: the stage completes with the
   * status, or exceptionally with a {@link TransientFailure} or {@link PermanentFailure}. A
   * provider whose status call waits on the network for a change (Duo's long poll) overrides this
   * with a non-blocking call and {@link #statusWaitsForChange()}; cancelling the returned stage
   * then abandons the call. The default runs {@link #status} on {@code blocking}, a small bounded
   * pool the caller owns, so that a slow vendor holds one of its threads and never a workflow
   * worker.
   */
  default CompletionStage<PushStatus> statusAsync(PushHandle push, Executor blocking) {
    return CompletableFuture.supplyAsync(() -> status(push), blocking);
  }

  /**
   * Whether a {@link PushStatus.Pending} answer of {@link #statusAsync} came after waiting for a
   * change (a long poll that ran out), so that the next question may follow at once; otherwise the
   * caller waits its poll interval between questions.
   */
  default boolean statusWaitsForChange() {
    return false;
  }

  /**
   * After a crash or an ambiguous failure while sending: whether the push for this request went
   * out. The default answers {@link PushRecovery.Unknown}, and the workflow then escalates rather
   * than prompting the requester a second time.
   */
  default PushRecovery recover(PushRequest request) {
    return new PushRecovery.Unknown();
  }

  /** Withdraws a pending push where the provider supports it; otherwise does nothing. */
  default void cancel(PushHandle push) {}

  /**
   * Proves the configured endpoint and credentials work without prompting anyone (Duo's {@code
   * /auth/v2/check}, say); throws the failure otherwise. {@code check-config} calls it.
   *
   * @throws UnsupportedOperationException when the provider offers no such check
   */
  default void checkConnection() {
    throw new UnsupportedOperationException(id() + " offers no connection check");
  }

  /**
   * Whether calls to the vendor are paused now because they kept failing (its circuit is open):
   * cases wait for it, and readiness says so.
   */
  default boolean paused() {
    return false;
  }

  /** The receiver of this instance's webhooks, if it takes any. */
  default Optional<WebhookReceiver> webhookReceiver() {
    return Optional.empty();
  }
}
