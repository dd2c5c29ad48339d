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
import com.helpdeskverify.core.spi.UserLookup;
import com.helpdeskverify.http.Calls;
import com.helpdeskverify.http.CircuitBreaker;
import com.helpdeskverify.http.RetryInterceptor;
import com.helpdeskverify.providers.support.AccountMapping;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import retrofit2.Call;

/**
 * Duo's help-desk verification push through the Admin API: the user and a phone activated for Duo
 * Push, {@code send_verification_push} to that phone, whose answer carries the push's id and the
 * confirmation code the push shows (the code is put on the ticket, so the requester sees that the
 * prompt is this ticket's), then {@code verification_push_response} until approve, deny, fraud or,
 * after Duo's 120 seconds, 404: a timeout.
 *
 * <p>The push handle is {@code <user_id>:<push_id>}, since the answer is read under the user.
 */
public final class DuoVerificationPushProvider implements PushProvider {
  static final String USERS = "GET /admin/v1/users";
  static final String USER = "GET /admin/v1/users/{user_id}";
  static final String SEND = "POST /admin/v1/users/{user_id}/send_verification_push";
  static final String RESPONSE = "GET /admin/v1/users/{user_id}/verification_push_response";

  /** Duo's object ids; a handle with anything else was not made here. */
  private static final Pattern DUO_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private final String id;
  private final String displayName;
  private final DuoAdminApi api;
  private final AccountMapping mapping;
  private final Duration pushTimeout;
  private final CircuitBreaker breaker;

  DuoVerificationPushProvider(
      String id,
      String displayName,
      DuoAdminApi api,
      AccountMapping mapping,
      Duration pushTimeout,
      CircuitBreaker breaker) {
    this.id = id;
    this.displayName = displayName;
    this.api = api;
    this.mapping = mapping;
    this.pushTimeout = pushTimeout;
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
    List<DuoDtos.AdminUser> users = call(USERS, () -> api.usersByName(username.get()));
    if (users.isEmpty()) {
      return new NotVerifiable(
          ReasonCode.UNKNOWN_USER, "no Duo user with user name " + username.get());
    }
    if (users.size() > 1) {
      return new NotVerifiable(
          ReasonCode.UNKNOWN_USER, "several Duo users answer to " + username.get());
    }
    DuoDtos.AdminUser user = users.get(0);
    Optional<NotVerifiable> refused = refusal(user, username.get());
    return refused.isPresent() ? refused.get() : new UserLookup.Enrolled(user.userId());
  }

  @Override
  public PushStart startPush(PushRequest request) {
    Optional<String> username = mapping.username(request.requester());
    if (username.isEmpty() || !DUO_ID.matcher(request.providerUserId()).matches()) {
      return new NotVerifiable(
          ReasonCode.NOT_ACCOUNT_OWNER, "the Duo user of the case is not the requester's own");
    }
    // Read again: the phone may have been removed, or the user renamed, since the look-up.
    DuoDtos.AdminUser user = call(USER, () -> api.user(request.providerUserId()));
    Optional<NotVerifiable> refused = refusal(user, username.get());
    if (refused.isPresent()) {
      return refused.get();
    }
    String phoneId = pushPhone(user).orElseThrow();
    DuoDtos.VerificationPush push =
        call(SEND, () -> api.sendVerificationPush(user.userId(), phoneId));
    if (push.pushId() == null || !DUO_ID.matcher(push.pushId()).matches()) {
      throw Calls.malformed(id, SEND, "no push_id", true);
    }
    PushHandle handle = new PushHandle(user.userId() + ":" + push.pushId());
    if (push.confirmationCode() == null || push.confirmationCode().isBlank()) {
      // The code ties the prompt on the phone to this ticket; without it the requester could not
      // tell this push from another, so nobody is asked to approve it.
      return new NotVerifiable(
          ReasonCode.PROVIDER_REFUSED,
          "Duo sent verification push " + push.pushId() + " without a confirmation code");
    }
    return new PushStart.Started(handle, Optional.of(push.confirmationCode().strip()));
  }

  @Override
  public PushStatus status(PushHandle push) {
    String[] parts = push.id().split(":", -1);
    if (parts.length != 2
        || !DUO_ID.matcher(parts[0]).matches()
        || !DUO_ID.matcher(parts[1]).matches()) {
      throw new PermanentFailure(id, RESPONSE, "not a verification push handle of Duo", null);
    }
    Optional<DuoDtos.Envelope<DuoDtos.VerificationPushResponse>> answer =
        breaker.call(
            RESPONSE,
            () ->
                Calls.executeOptional(
                    api.verificationPushResponse(
                        parts[0], parts[1], RetryInterceptor.Idempotent.INSTANCE),
                    id,
                    RESPONSE));
    if (answer.isEmpty()) {
      // Duo keeps the answer 120 seconds after sending; after that, none came: a timeout.
      return new PushStatus.Expired();
    }
    DuoDtos.VerificationPushResponse response = unwrap(RESPONSE, answer.get());
    String result = response.result() == null ? "" : response.result();
    switch (result) {
      case "waiting":
        return new PushStatus.Pending();
      case "approve":
        return new PushStatus.Approved();
      case "deny":
        return new PushStatus.Denied(false, "denied in Duo Mobile");
      case "fraud":
        return new PushStatus.Denied(true, "reported as fraud in Duo Mobile");
      default:
        throw Calls.malformed(id, RESPONSE, "unknown result '" + result + "'", false);
    }
  }

  /** One user of the Admin API: keys, signature and the read permission work; nobody prompted. */
  @Override
  public void checkConnection() {
    call(USERS, () -> api.users(1, 0));
  }

  private Optional<NotVerifiable> refusal(DuoDtos.AdminUser user, String username) {
    if (user.userId() == null || !DUO_ID.matcher(user.userId()).matches()) {
      throw Calls.malformed(id, USER, "user without user_id", false);
    }
    if (user.username() == null
        || !user.username().toLowerCase(Locale.ROOT).equals(username.toLowerCase(Locale.ROOT))) {
      return Optional.of(
          new NotVerifiable(
              ReasonCode.NOT_ACCOUNT_OWNER,
              "the Duo user found for " + username + " has another user name"));
    }
    if (!"active".equals(user.status())) {
      return Optional.of(
          new NotVerifiable(
              ReasonCode.PROVIDER_REFUSED,
              "the Duo user's status is '" + user.status() + "', not active"));
    }
    if (pushPhone(user).isEmpty()) {
      return Optional.of(
          new NotVerifiable(
              ReasonCode.NO_ENROLLED_DEVICE, "Duo user has no phone activated for Duo Push"));
    }
    return Optional.empty();
  }

  private static Optional<String> pushPhone(DuoDtos.AdminUser user) {
    return user.phones() == null
        ? Optional.empty()
        : user.phones().stream()
            .filter(p -> Boolean.TRUE.equals(p.activated()))
            .filter(p -> p.capabilities() != null && p.capabilities().contains("push"))
            .map(DuoDtos.AdminPhone::phoneId)
            .filter(phone -> phone != null && DUO_ID.matcher(phone).matches())
            .findFirst();
  }

  private <T> T call(String callName, java.util.function.Supplier<Call<DuoDtos.Envelope<T>>> call) {
    DuoDtos.Envelope<T> envelope =
        breaker.call(callName, () -> Calls.execute(call.get(), id, callName));
    return unwrap(callName, envelope);
  }

  private <T> T unwrap(String callName, DuoDtos.Envelope<T> envelope) {
    boolean mayHaveTakenEffect = callName.equals(SEND);
    if (envelope == null || !"OK".equals(envelope.stat())) {
      throw Calls.malformed(
          id,
          callName,
          "stat "
              + (envelope == null ? "missing" : envelope.stat())
              + (envelope == null || envelope.code() == null ? "" : " code " + envelope.code()),
          mayHaveTakenEffect);
    }
    if (envelope.response() == null) {
      throw Calls.malformed(id, callName, "no response object", mayHaveTakenEffect);
    }
    return envelope.response();
  }

  @Override
  public boolean paused() {
    return breaker.isOpen();
  }
}
