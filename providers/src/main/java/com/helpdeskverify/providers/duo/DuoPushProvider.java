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
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import retrofit2.Call;

/**
 * Duo Push through Duo's Auth API v2: {@code preauth} to learn whether the requester can get a
 * push, {@code auth} with {@code factor=push} and {@code async=1} to send it, {@code auth_status}
 * to learn its answer. Only a push the requester approved counts: Duo letting a user in without a
 * push (bypass status, remembered device, "allow" policy) is never taken for an approval.
 */
public final class DuoPushProvider implements PushProvider {
  static final String PREAUTH = "POST /auth/v2/preauth";
  static final String AUTH = "POST /auth/v2/auth";
  static final String AUTH_STATUS = "GET /auth/v2/auth_status";
  static final String CHECK = "GET /auth/v2/check";

  private final String id;
  private final String displayName;
  private final DuoAuthApi api;
  private final AccountMapping mapping;
  private final Duration pushTimeout;
  private final String pushType;
  private final CircuitBreaker breaker;

  DuoPushProvider(
      String id,
      String displayName,
      DuoAuthApi api,
      AccountMapping mapping,
      Duration pushTimeout,
      String pushType,
      CircuitBreaker breaker) {
    this.id = id;
    this.displayName = displayName;
    this.api = api;
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
  public PushStatus status(PushHandle push) {
    DuoDtos.AuthStatus status = call(AUTH_STATUS, () -> api.authStatus(push.id()));
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

  /**
   * What Duo Mobile shows with the push: the ticket and what it asks for, and, when the service
   * desk is behind it (a phone call, a technician's request), that it comes from there.
   */
  static String pushInfo(PushRequest request) {
    String info =
        DuoSignature.encode("ticket")
            + "="
            + DuoSignature.encode(request.ticket().label())
            + "&"
            + DuoSignature.encode("request")
            + "="
            + DuoSignature.encode(request.operation().description());
    return request.serviceDesk()
        ? info + "&" + DuoSignature.encode("from") + "=" + DuoSignature.encode("IT service desk")
        : info;
  }

  private static boolean hasPushDevice(List<DuoDtos.Device> devices) {
    return devices != null
        && devices.stream()
            .anyMatch(d -> d.capabilities() != null && d.capabilities().contains("push"));
  }

  private <T> T call(String callName, Supplier<Call<DuoDtos.Envelope<T>>> call) {
    DuoDtos.Envelope<T> envelope =
        breaker.call(callName, () -> Calls.execute(call.get(), id, callName));
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
