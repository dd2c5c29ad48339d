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
import com.helpdeskverify.http.CircuitBreaker;
import com.helpdeskverify.http.OpenCalls;
import com.helpdeskverify.http.PercentEncoding;
import com.helpdeskverify.http.RetryInterceptor;
import com.helpdeskverify.providers.support.AccountMapping;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import retrofit2.Call;
import retrofit2.Callback;
import retrofit2.Response;

/**
 * Duo Push through Duo's Auth API v2: {@code preauth} to learn whether the requester can get a
 * push, {@code auth} with {@code factor=push} and {@code async=1} to send it, {@code auth_status}
 * to learn its answer. Only a push the requester approved counts: Duo letting a user in without a
 * push (bypass status, remembered device, "allow" policy) is never taken for an approval.
 *
 * <p>With {@code verified-push} (the default) {@code preauth} says {@code
 * client_supports_verified_push=1}; where Duo's policy requires Verified Duo Push its answer
 * carries a {@code txid} for {@code auth}, and the code the requester must type into Duo Mobile is
 * shown on the ticket as the push's match number.
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
  private final boolean verifiedPush;
  private final CircuitBreaker breaker;
  private final boolean lookupServesPush;
  private final Clock clock;

  /**
   * The open {@code auth_status} long polls, no more than the long-poll client's dispatcher runs: a
   * pending push beyond them waits here as a small entry rather than as a whole OkHttp call.
   */
  private final OpenCalls openPolls = new OpenCalls(DuoPushProviderFactory.MAX_OPEN_LONG_POLLS);

  /**
   * How long the answer of the look-up's {@code preauth} stands in for the push's own (unless
   * {@code lookup-serves-push: false}): the notice between them takes a moment, and a push sent
   * that soon after the look-up needs no second {@code preauth} (with Verified Duo Push, one Duo
   * call in five a push). Duo's own client sends {@code auth} with the {@code txid} of a {@code
   * preauth} made before it waited for a person to choose a factor (duo_unix {@code duo_login}:
   * {@code _duo_preauth}, then {@code _duo_prompt}, then {@code /auth}), so a txid outlives
   * seconds; ten are far within that.
   */
  static final Duration LOOKUP_SERVES_PUSH = Duration.ofSeconds(10);

  /** At most this many look-ups are kept for their push; older ones go first when it is reached. */
  private static final int MAX_LOOKUPS = 2_000;

  /** The last look-up's answer by Duo user name, until its push takes it (once) or it is old. */
  private final Map<String, LookedUp> lookedUp = new ConcurrentHashMap<>();

  /** A look-up that found the user able to take a push, and the txid it named, if any. */
  private record LookedUp(Optional<String> txid, Instant at) {}

  DuoPushProvider(
      String id,
      String displayName,
      DuoAuthApi api,
      DuoAuthApi statusApi,
      AccountMapping mapping,
      Duration pushTimeout,
      String pushType,
      boolean verifiedPush,
      CircuitBreaker breaker,
      boolean lookupServesPush,
      Clock clock) {
    this.id = id;
    this.displayName = displayName;
    this.api = api;
    this.statusApi = statusApi;
    this.mapping = mapping;
    this.pushTimeout = pushTimeout;
    this.pushType = pushType;
    this.verifiedPush = verifiedPush;
    this.breaker = breaker;
    this.lookupServesPush = lookupServesPush;
    this.clock = clock;
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
    DuoDtos.Preauth preauth = preauth(username.get());
    Optional<NotVerifiable> refused = refusal(preauth);
    if (refused.isPresent()) {
      lookedUp.remove(username.get());
      return refused.get();
    }
    if (verifiedPush && lookupServesPush) {
      remember(username.get(), Optional.ofNullable(preauth.txid()).filter(t -> !t.isBlank()));
    }
    return new UserLookup.Enrolled(username.get());
  }

  private void remember(String username, Optional<String> txid) {
    Instant now = clock.instant();
    if (lookedUp.size() >= MAX_LOOKUPS) {
      lookedUp.values().removeIf(l -> !now.isBefore(l.at().plus(LOOKUP_SERVES_PUSH)));
      if (lookedUp.size() >= MAX_LOOKUPS) {
        lookedUp.clear();
      }
    }
    lookedUp.put(username, new LookedUp(txid, now));
  }

  /** The look-up of {@code username} made within {@link #LOOKUP_SERVES_PUSH}, taken once. */
  private Optional<LookedUp> recentLookup(String username) {
    Optional<LookedUp> taken = Optional.ofNullable(lookedUp.remove(username));
    Instant now = clock.instant();
    return taken.filter(l -> !l.at().isAfter(now) && now.isBefore(l.at().plus(LOOKUP_SERVES_PUSH)));
  }

  private DuoDtos.Preauth preauth(String username) {
    return call(
        PREAUTH,
        () ->
            api.preauth(username, verifiedPush ? "1" : null, RetryInterceptor.Idempotent.INSTANCE));
  }

  /** Why a preauth answer rules out a push, or empty when the user can take one. */
  private Optional<NotVerifiable> refusal(DuoDtos.Preauth preauth) {
    String result = required(preauth.result(), PREAUTH, "result");
    return Optional.ofNullable(refusalOf(result, preauth));
  }

  private NotVerifiable refusalOf(String result, DuoDtos.Preauth preauth) {
    switch (result) {
      case "auth":
        if (hasPushDevice(preauth.devices())) {
          return null;
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
        throw Calls.malformed(id, PREAUTH, "unknown result " + result, false);
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
    Optional<String> verifiedTxid = Optional.empty();
    Optional<LookedUp> recent = verifiedPush ? recentLookup(username.get()) : Optional.empty();
    if (recent.isPresent()) {
      // The look-up a moment ago found the user able to take a push and named the txid to tie it
      // to (or none, where the policy does not ask for Verified Duo Push): its preauth serves.
      verifiedTxid = recent.get().txid();
    } else if (verifiedPush) {
      // A fresh preauth for this push: with Verified Duo Push required, its txid ties the push
      // that follows to it (duo_unix passes it from preauth straight to auth).
      DuoDtos.Preauth preauth;
      try {
        preauth = preauth(username.get());
      } catch (TransientFailure f) {
        if (f.deferred()) {
          throw f; // nothing was done, and Duo said when to come back
        }
        // preauth prompts nobody: whatever became of it, no push went out, and sending later is
        // no second prompt (a push that may have gone out is never sent again).
        String prefix = f.system() + " " + f.call() + ": ";
        String detail =
            f.getMessage().startsWith(prefix)
                ? f.getMessage().substring(prefix.length())
                : f.getMessage();
        throw new TransientFailure(f.system(), f.call(), detail, f.retryAfter(), false, f);
      }
      Optional<NotVerifiable> refused = refusal(preauth);
      if (refused.isPresent()) {
        return refused.get();
      }
      verifiedTxid = Optional.ofNullable(preauth.txid()).filter(t -> !t.isBlank());
    }
    String preauthTxid = verifiedTxid.orElse(null);
    DuoDtos.Auth auth =
        call(
            AUTH,
            () ->
                api.auth(
                    username.get(), "push", "auto", "1", pushType, pushInfo(request), preauthTxid));
    if (auth.txid() != null && !auth.txid().isBlank()) {
      PushHandle push = new PushHandle(auth.txid());
      if (verifiedTxid.isEmpty()) {
        return new PushStart.Started(push, Optional.empty());
      }
      return verifiedPushStarted(push);
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
    throw Calls.malformed(id, AUTH, "unknown result " + result, true);
  }

  /** Matches the code in the status message of a Verified Duo Push that is waiting. */
  private static final Pattern VERIFICATION_CODE =
      Pattern.compile("(?i)\\bverification code (\\d{2,8})\\b");

  /**
   * A Verified Duo Push asks the requester to type into Duo Mobile a code the client shows. Duo
   * returns the code nowhere but in the human-readable {@code status_msg} of the transaction's
   * first {@code auth_status} answer while it is {@code waiting} ("Please enter verification code
   * 376 into Duo Mobile...", duo_unix {@code tests/mockduo.py}; duo_unix {@code lib/duo.c} shows
   * each {@code status_msg} of its {@code auth_status} loop to the user). It is read once, here,
   * and shown on the ticket as the match number. Without it the requester cannot answer the push,
   * so the case escalates: the push has gone out, and is never sent a second time.
   */
  private PushStart verifiedPushStarted(PushHandle push) {
    DuoDtos.AuthStatus first;
    try {
      first = call(AUTH_STATUS, () -> api.authStatus(push.id()));
    } catch (TransientFailure | PermanentFailure e) {
      return new NotVerifiable(
          ReasonCode.PROVIDER_UNAVAILABLE,
          "Verified Duo Push "
              + push.id()
              + " was sent, but its code could not be read: "
              + e.getMessage());
    }
    if (!"waiting".equals(first.result())) {
      // Already answered (a denial, a fraud report) or ended: the usual status polling records it,
      // so a denial stays a denial and a fraud report keeps its warning, note and alert.
      return new PushStart.Started(push, Optional.empty());
    }
    Matcher code = VERIFICATION_CODE.matcher(first.statusMsg() == null ? "" : first.statusMsg());
    if (!code.find()) {
      return new NotVerifiable(
          ReasonCode.PROVIDER_REFUSED,
          "Verified Duo Push "
              + push.id()
              + " was sent, but Duo's first status ("
              + text(first.result())
              + ") carries no verification code to show the requester");
    }
    return new PushStart.Started(push, Optional.of(code.group(1)));
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
   * blocking} is not needed. At most {@link DuoPushProviderFactory#MAX_OPEN_LONG_POLLS} are open at
   * once; the polls of further pending pushes wait in {@link #openPolls}, and are built and sent as
   * open ones end, first come first sent.
   */
  @Override
  public CompletionStage<PushStatus> statusAsync(PushHandle push, Executor blocking) {
    return openPolls.call(() -> poll(push));
  }

  private CompletableFuture<PushStatus> poll(PushHandle push) {
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
              answer.completeExceptionally(Calls.malformed(id, AUTH_STATUS, "empty body", false));
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
        throw Calls.malformed(id, AUTH_STATUS, "unknown result " + result, false);
    }
  }

  /**
   * What Duo Mobile shows with the push: the ticket and what it asks for, and, when the service
   * desk is behind it (a phone call, a technician's request), that it comes from there.
   */
  static String pushInfo(PushRequest request) {
    String info =
        PercentEncoding.encode("ticket")
            + "="
            + PercentEncoding.encode(request.ticket().label())
            + "&"
            + PercentEncoding.encode("request")
            + "="
            + PercentEncoding.encode(request.operation().description());
    return request.serviceDesk()
        ? info
            + "&"
            + PercentEncoding.encode("from")
            + "="
            + PercentEncoding.encode("IT service desk")
        : info;
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
      throw Calls.malformed(
          id,
          callName,
          "stat "
              + envelope.stat()
              + (envelope.code() == null ? "" : " code " + envelope.code())
              + " "
              + text(envelope.message()),
          mayHaveTakenEffect);
    }
    if (envelope.response() == null) {
      throw Calls.malformed(id, callName, "no response object", mayHaveTakenEffect);
    }
    return envelope.response();
  }

  private String required(String value, String callName, String field) {
    if (value == null || value.isBlank()) {
      throw Calls.malformed(id, callName, "no " + field, callName.equals(AUTH));
    }
    return value;
  }

  private static String text(String s) {
    return s == null ? "" : s;
  }

  @Override
  public boolean paused() {
    return breaker.isOpen();
  }
}
