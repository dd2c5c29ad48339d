package com.helpdeskverify.providers.duo;

import com.helpdeskverify.core.PushHandle;
import com.helpdeskverify.core.ReasonCode;
import com.helpdeskverify.core.Requester;
import com.helpdeskverify.core.spi.NotVerifiable;
import com.helpdeskverify.core.spi.PermanentFailure;
import com.helpdeskverify.core.spi.PushProvider;
import com.helpdeskverify.core.spi.PushRequest;
import com.helpdeskverify.core.spi.PushStart;
import com.helpdeskverify.core.spi.PushStatus;
import com.helpdeskverify.core.spi.TransientFailure;
import com.helpdeskverify.core.spi.UserLookup;
import com.helpdeskverify.http.Calls;
import com.helpdeskverify.http.RetryInterceptor;
import com.helpdeskverify.providers.support.AccountMapping;
import com.helpdeskverify.providers.support.CircuitBreaker;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import retrofit2.Call;
import retrofit2.Callback;
import retrofit2.Response;

/**
 * Duo Push through Duo's Auth API v2: {@code preauth} to learn whether the requester can get a
 * push, {@code auth} with {@code factor=push} and {@code async=1} to send it, {@code auth_status}
 * to learn its answer. Only a push the requester approved counts: Duo letting a user in without a
 * push (bypass status, remembered device, "allow" policy) is never taken for an approval.
 *
 * <p>{@code auth_status} is a long poll: Duo answers the first question at once and later ones when
 * the status changes, up to the push's life (providers/README.md cites Duo's clients). It is asked
 * on a client of its own, asynchronously (OkHttp's dispatcher, never a workflow worker), with a
 * read timeout beyond the push's life and without the shared retry of timeouts; a long poll that
 * runs out is "still pending", neither a failure nor a count on the circuit breaker.
 */
public final class DuoPushProvider implements PushProvider {
  static final String PREAUTH = "POST /auth/v2/preauth";
  static final String AUTH = "POST /auth/v2/auth";
  static final String AUTH_STATUS = "GET /auth/v2/auth_status";
  static final String CHECK = "GET /auth/v2/check";

  private final String id;
  private final String displayName;
  private final DuoAuthApi api;
  private final DuoAuthApi statusApi;
  private final AccountMapping mapping;
  private final Duration pushTimeout;
  private final String pushType;
  private final CircuitBreaker breaker;

  DuoPushProvider(
      String id,
      String displayName,
      DuoAuthApi api,
      DuoAuthApi statusApi,
      AccountMapping mapping,
      Duration pushTimeout,
      String pushType,
      CircuitBreaker breaker) {
    this.id = id;
    this.displayName = displayName;
    this.api = api;
    this.statusApi = statusApi;
    this.mapping = mapping;
    this.pushTimeout = pushTimeout;
    this.pushType = pushType;
    this.breaker = breaker;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String displayName() {
    return displayName;
  }

  @Override
  public Duration pushTimeout() {
    return pushTimeout;
  }

  @Override
  public UserLookup lookup(Requester requester) {
    Optional<String> username = mapping.username(requester);
    if (username.isEmpty()) {
      return mapping.refusal(requester);
    }
    DuoDtos.Preauth preauth =
        call(PREAUTH, () -> api.preauth(username.get(), RetryInterceptor.Idempotent.INSTANCE));
    String result = required(preauth.result(), PREAUTH, "result");
    switch (result) {
      case "auth":
        if (hasPushDevice(preauth.devices())) {
          return new UserLookup.Enrolled(username.get());
        }
        return new NotVerifiable(
            ReasonCode.NO_ENROLLED_DEVICE, "Duo user has no device that takes Duo Push");
      case "enroll":
        // Duo answers "enroll" both for unknown user names and for users without a device.
        return new NotVerifiable(
            ReasonCode.NO_ENROLLED_DEVICE,
            "Duo user is not enrolled (unknown to Duo or without a device)");
      case "deny":
        return new NotVerifiable(
            ReasonCode.PROVIDER_REFUSED,
            "Duo denies authentication for this user: " + text(preauth.statusMsg()));
      case "allow":
        return new NotVerifiable(
            ReasonCode.PROVIDER_REFUSED,
            "Duo lets this user in without a push (bypass or policy), so no push can verify them");
      default:
        throw malformed(PREAUTH, "unknown result " + result, false);
    }
  }

  @Override
  public PushStart startPush(PushRequest request) {
    Optional<String> username = mapping.username(request.requester());
    if (username.isEmpty() || !username.get().equals(request.providerUserId())) {
      return new NotVerifiable(
          ReasonCode.NOT_ACCOUNT_OWNER,
          "the Duo user name of the case is not the requester's own any more");
    }
    DuoDtos.Auth auth =
        call(
            AUTH, () -> api.auth(username.get(), "push", "auto", "1", pushType, pushInfo(request)));
    if (auth.txid() != null && !auth.txid().isBlank()) {
      return new PushStart.Started(new PushHandle(auth.txid()), Optional.empty());
    }
    String result = required(auth.result(), AUTH, "txid or result");
    if (result.equals("allow")) {
      return new NotVerifiable(
          ReasonCode.PROVIDER_REFUSED,
          "Duo allowed without sending a push (status "
              + text(auth.status())
              + "); that is no verification");
    }
    if (result.equals("deny")) {
      return new NotVerifiable(
          ReasonCode.PROVIDER_REFUSED, "Duo refused to send a push: " + text(auth.statusMsg()));
    }
    throw malformed(AUTH, "unknown result " + result, true);
  }

  /** Duo's {@code /auth/v2/check}: keys and signature work, and nobody is prompted. */
  @Override
  public void checkConnection() {
    call(CHECK, api::check);
  }

  @Override
  public boolean statusWaitsForChange() {
    return true;
  }

  /** One long poll, waited for on the calling thread; see {@link #statusAsync}. */
  @Override
  public PushStatus status(PushHandle push) {
    try {
      return statusAsync(push, Runnable::run).toCompletableFuture().join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  /**
   * One long poll of {@code auth_status}, on OkHttp's dispatcher: completes when Duo answers (a
   * change of status, or the first question of a transaction) or with {@link PushStatus.Pending}
   * when the read timeout runs out first. Cancelling the stage cancels the HTTP call. {@code
   * blocking} is not needed.
   */
  @Override
  public CompletionStage<PushStatus> statusAsync(PushHandle push, Executor blocking) {
    CompletableFuture<PushStatus> result = new CompletableFuture<>();
    Call<DuoDtos.Envelope<DuoDtos.AuthStatus>> call = statusApi.authStatus(push.id());
    breaker
        .callAsync(AUTH_STATUS, () -> longPoll(call), Optional::isEmpty)
        .whenComplete(
            (envelope, error) -> {
              try {
                if (error != null) {
                  Throwable cause = error instanceof CompletionException c ? c.getCause() : error;
                  throw cause instanceof RuntimeException r
                      ? r
                      : Calls.noAnswer(call, cause, id, AUTH_STATUS);
                }
                result.complete(
                    envelope.isEmpty()
                        ? new PushStatus.Pending()
                        : status(push, opened(AUTH_STATUS, envelope.get())));
              } catch (RuntimeException e) {
                result.completeExceptionally(e);
              }
            });
    result.whenComplete(
        (status, error) -> {
          if (result.isCancelled()) {
            call.cancel();
          }
        });
    return result;
  }

  /** The answer of one long poll; empty when it ran out (or was abandoned) without news. */
  private CompletableFuture<Optional<DuoDtos.Envelope<DuoDtos.AuthStatus>>> longPoll(
      Call<DuoDtos.Envelope<DuoDtos.AuthStatus>> call) {
    CompletableFuture<Optional<DuoDtos.Envelope<DuoDtos.AuthStatus>>> answer =
        new CompletableFuture<>();
    call.enqueue(
        new Callback<>() {
          @Override
          public void onResponse(
              Call<DuoDtos.Envelope<DuoDtos.AuthStatus>> c,
              Response<DuoDtos.Envelope<DuoDtos.AuthStatus>> response) {
            if (!response.isSuccessful()) {
              answer.completeExceptionally(Calls.failure(response, id, AUTH_STATUS));
            } else if (response.body() == null) {
              answer.completeExceptionally(malformed(AUTH_STATUS, "empty body", false));
            } else {
              answer.complete(Optional.of(response.body()));
            }
          }

          @Override
          public void onFailure(Call<DuoDtos.Envelope<DuoDtos.AuthStatus>> c, Throwable t) {
            if (c.isCanceled() || ranOut(t)) {
              answer.complete(Optional.empty());
            } else {
              answer.completeExceptionally(Calls.noAnswer(c, t, id, AUTH_STATUS));
            }
          }
        });
    return answer;
  }

  /**
   * Whether the call was connected and then waited out its read or call timeout: Duo held the long
   * poll for longer than we wait, so nothing changed. A connect timeout is a failure.
   */
  private static boolean ranOut(Throwable t) {
    String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
    return t instanceof InterruptedIOException && !message.contains("connect");
  }

  private PushStatus status(PushHandle push, DuoDtos.AuthStatus status) {
    String result = required(status.result(), AUTH_STATUS, "result");
    String detail = status.statusMsg() == null ? text(status.status()) : status.statusMsg();
    switch (result) {
      case "waiting":
        return new PushStatus.Pending();
      case "allow":
        if ("allow".equals(status.status())) {
          return new PushStatus.Approved();
        }
        throw new PermanentFailure(
            id,
            AUTH_STATUS,
            "Duo allowed transaction "
                + push.id()
                + " with status "
                + text(status.status())
                + ", not by an approved push; not counted as an approval",
            null);
      case "deny":
        if ("fraud".equals(status.status())) {
          return new PushStatus.Denied(true, "reported as fraud in Duo Mobile: " + detail);
        }
        if ("timeout".equals(status.status())) {
          return new PushStatus.Expired();
        }
        return new PushStatus.Denied(false, "denied in Duo Mobile: " + detail);
      default:
        throw malformed(AUTH_STATUS, "unknown result " + result, false);
    }
  }

  /** What Duo Mobile shows with the push: the ticket and what it asks for. */
  static String pushInfo(PushRequest request) {
    return DuoSignature.encode("ticket")
        + "="
        + DuoSignature.encode(request.ticket().label())
        + "&"
        + DuoSignature.encode("request")
        + "="
        + DuoSignature.encode(request.operation().description());
  }

  private static boolean hasPushDevice(List<DuoDtos.Device> devices) {
    return devices != null
        && devices.stream()
            .anyMatch(d -> d.capabilities() != null && d.capabilities().contains("push"));
  }

  private <T> T call(String callName, Supplier<Call<DuoDtos.Envelope<T>>> call) {
    return opened(callName, breaker.call(callName, () -> Calls.execute(call.get(), id, callName)));
  }

  /** The response inside Duo's envelope, or the failure its {@code stat} stands for. */
  private <T> T opened(String callName, DuoDtos.Envelope<T> envelope) {
    boolean mayHaveTakenEffect = callName.equals(AUTH);
    if (!"OK".equals(envelope.stat())) {
      throw malformed(
          callName,
          "stat "
              + envelope.stat()
              + (envelope.code() == null ? "" : " code " + envelope.code())
              + " "
              + text(envelope.message()),
          mayHaveTakenEffect);
    }
    if (envelope.response() == null) {
      throw malformed(callName, "no response object", mayHaveTakenEffect);
    }
    return envelope.response();
  }

  private String required(String value, String callName, String field) {
    if (value == null || value.isBlank()) {
      throw malformed(callName, "no " + field, callName.equals(AUTH));
    }
    return value;
  }

  private TransientFailure malformed(String callName, String what, boolean mayHaveTakenEffect) {
    return new TransientFailure(
        id, callName, "malformed response: " + what, Optional.empty(), mayHaveTakenEffect, null);
  }

  private static String text(String s) {
    return s == null ? "" : s;
  }
}
