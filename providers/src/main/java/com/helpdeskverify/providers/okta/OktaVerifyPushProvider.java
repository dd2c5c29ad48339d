package com.helpdeskverify.providers.okta;

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
import com.helpdeskverify.providers.support.AccountMapping;
import com.helpdeskverify.providers.support.CircuitBreaker;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import okhttp3.HttpUrl;

/**
 * Okta Verify push through Okta's Factors API: the user by login, their enrolled factors, a {@code
 * push} factor challenge (with number matching where enabled), then the transaction's {@code poll}
 * link until SUCCESS, REJECTED or TIMEOUT. The push handle is the poll link itself, as Okta asks
 * clients to follow it rather than build the URL; it is only followed on the configured Okta org.
 */
public final class OktaVerifyPushProvider implements PushProvider {
  static final String GET_USER = "GET /api/v1/users/{login}";
  static final String LIST_FACTORS = "GET /api/v1/users/{userId}/factors";
  static final String VERIFY = "POST /api/v1/users/{userId}/factors/{factorId}/verify";
  static final String POLL = "GET /api/v1/users/{userId}/factors/{factorId}/transactions/{id}";
  static final String CANCEL = "DELETE /api/v1/users/{userId}/factors/{factorId}/transactions/{id}";

  /** User states in which the person can still answer a push (a locked-out user, say). */
  private static final Set<String> REACHABLE =
      Set.of("ACTIVE", "PASSWORD_EXPIRED", "LOCKED_OUT", "RECOVERY");

  private final String id;
  private final String displayName;
  private final OktaFactorsApi api;
  private final HttpUrl org;
  private final AccountMapping mapping;
  private final Duration pushTimeout;
  private final boolean numberMatching;
  private final CircuitBreaker breaker;

  OktaVerifyPushProvider(
      String id,
      String displayName,
      OktaFactorsApi api,
      HttpUrl org,
      AccountMapping mapping,
      Duration pushTimeout,
      boolean numberMatching,
      CircuitBreaker breaker) {
    this.id = id;
    this.displayName = displayName;
    this.api = api;
    this.org = org;
    this.mapping = mapping;
    this.pushTimeout = pushTimeout;
    this.numberMatching = numberMatching;
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
    Optional<String> login = mapping.username(requester);
    if (login.isEmpty()) {
      return mapping.refusal(requester);
    }
    Optional<OktaDtos.User> found =
        breaker.call(GET_USER, () -> Calls.executeOptional(api.user(login.get()), id, GET_USER));
    if (found.isEmpty()) {
      return new NotVerifiable(ReasonCode.UNKNOWN_USER, "no Okta user with login " + login.get());
    }
    OktaDtos.User user = found.get();
    if (user.id() == null || user.id().isBlank()) {
      throw malformed(GET_USER, "user without id", false);
    }
    if (!sameLogin(user, login.get())) {
      return new NotVerifiable(
          ReasonCode.NOT_ACCOUNT_OWNER,
          "the Okta user found for " + login.get() + " has another login");
    }
    if (!REACHABLE.contains(user.status())) {
      return new NotVerifiable(
          ReasonCode.UNKNOWN_USER, "the Okta user is " + user.status() + ", not active");
    }
    if (pushFactor(user.id()).isEmpty()) {
      return new NotVerifiable(
          ReasonCode.NO_ENROLLED_DEVICE, "no active Okta Verify push factor enrolled");
    }
    return new UserLookup.Enrolled(user.id());
  }

  @Override
  public PushStart startPush(PushRequest request) {
    String userId = request.providerUserId();
    Optional<String> factorId = pushFactor(userId);
    if (factorId.isEmpty()) {
      return new NotVerifiable(
          ReasonCode.NO_ENROLLED_DEVICE, "no active Okta Verify push factor enrolled");
    }
    OktaDtos.VerifyRequest body = new OktaDtos.VerifyRequest(numberMatching ? Boolean.TRUE : null);
    OktaDtos.Transaction tx =
        breaker.call(
            VERIFY, () -> Calls.execute(api.verify(userId, factorId.get(), body), id, VERIFY));
    String result = required(tx.factorResult(), VERIFY, "factorResult", true);
    if (!result.equals("WAITING")) {
      return new NotVerifiable(
          ReasonCode.NO_ENROLLED_DEVICE,
          "Okta answered the push challenge with " + result + " instead of sending a push");
    }
    String poll = tx.links() == null || tx.links().poll() == null ? null : tx.links().poll().href();
    required(poll, VERIFY, "poll link", true);
    if (!onOrg(poll)) {
      throw malformed(VERIFY, "poll link outside the configured Okta org", true);
    }
    Optional<String> matchNumber =
        Optional.ofNullable(tx.embedded())
            .map(OktaDtos.Embedded::challenge)
            .map(OktaDtos.Challenge::correctAnswer)
            .filter(s -> !s.isBlank());
    return new PushStart.Started(new PushHandle(poll), matchNumber);
  }

  @Override
  public PushStatus status(PushHandle push) {
    requireOnOrg(push, POLL);
    OktaDtos.Transaction tx =
        breaker.call(POLL, () -> Calls.execute(api.poll(push.id()), id, POLL));
    String result = required(tx.factorResult(), POLL, "factorResult", false);
    switch (result) {
      case "WAITING":
        return new PushStatus.Pending();
      case "SUCCESS":
        return new PushStatus.Approved();
      case "REJECTED":
        return new PushStatus.Denied(false, "rejected in Okta Verify");
      case "TIMEOUT":
      case "EXPIRED":
      case "TIME_WINDOW_EXCEEDED":
      case "CANCELLED":
        return new PushStatus.Expired();
      case "ERROR":
      case "FAILED":
        throw new PermanentFailure(
            id, POLL, "Okta reports the push transaction as " + result, null);
      default:
        throw malformed(POLL, "unknown factorResult " + result, false);
    }
  }

  @Override
  public void cancel(PushHandle push) {
    requireOnOrg(push, CANCEL);
    Calls.executeVoid(api.cancel(push.id()), id, CANCEL);
  }

  private Optional<String> pushFactor(String userId) {
    List<OktaDtos.Factor> factors =
        breaker.call(LIST_FACTORS, () -> Calls.execute(api.factors(userId), id, LIST_FACTORS));
    return factors.stream()
        .filter(f -> "push".equals(f.factorType()))
        .filter(f -> "OKTA".equals(f.provider()))
        .filter(f -> "ACTIVE".equals(f.status()))
        .map(OktaDtos.Factor::id)
        .filter(factorId -> factorId != null && !factorId.isBlank())
        .findFirst();
  }

  /** Okta finds users by full login or by unambiguous short name (the part before the @). */
  private static boolean sameLogin(OktaDtos.User user, String login) {
    if (user.profile() == null || user.profile().login() == null) {
      return false;
    }
    String actual = user.profile().login().toLowerCase(Locale.ROOT);
    String wanted = login.toLowerCase(Locale.ROOT);
    return actual.equals(wanted) || (!wanted.contains("@") && actual.startsWith(wanted + "@"));
  }

  private boolean onOrg(String link) {
    HttpUrl url = HttpUrl.parse(link);
    return url != null
        && url.scheme().equals(org.scheme())
        && url.host().equalsIgnoreCase(org.host())
        && url.port() == org.port()
        && url.encodedPath().startsWith("/api/v1/users/");
  }

  private void requireOnOrg(PushHandle push, String callName) {
    if (!onOrg(push.id())) {
      throw new PermanentFailure(
          id,
          callName,
          "the push handle is not a transaction link of the configured Okta org",
          null);
    }
  }

  private String required(String value, String callName, String field, boolean mayHaveTakenEffect) {
    if (value == null || value.isBlank()) {
      throw malformed(callName, "no " + field, mayHaveTakenEffect);
    }
    return value;
  }

  private TransientFailure malformed(String callName, String what, boolean mayHaveTakenEffect) {
    return new TransientFailure(
        id, callName, "malformed response: " + what, Optional.empty(), mayHaveTakenEffect, null);
  }
}
