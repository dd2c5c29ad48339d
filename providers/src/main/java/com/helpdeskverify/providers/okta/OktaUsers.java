package com.helpdeskverify.providers.okta;

import com.helpdeskverify.core.ReasonCode;
import com.helpdeskverify.core.Requester;
import com.helpdeskverify.core.spi.NotVerifiable;
import com.helpdeskverify.core.spi.UserLookup;
import com.helpdeskverify.http.Calls;
import com.helpdeskverify.http.CircuitBreaker;
import com.helpdeskverify.providers.support.AccountMapping;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Who a push goes to in Okta: the user by login (or, when the ticket system hides the address, by a
 * profile attribute holding their account id), whether they can answer a push now, and their Okta
 * Verify push factor. {@link OktaVerifyPushProvider} sends and polls the push itself.
 */
final class OktaUsers {
  static final String GET_USER = "GET /api/v1/users/{login}";
  static final String LIST_FACTORS = "GET /api/v1/users/{userId}/factors";
  static final String SEARCH_USERS = "GET /api/v1/users?search";

  /** Account ids that can be put into a search expression as they are (Atlassian's, sys_ids). */
  private static final Pattern ACCOUNT_ID = Pattern.compile("[A-Za-z0-9:_-]{1,128}");

  /** User states in which the person can still answer a push (a locked-out user, say). */
  private static final Set<String> REACHABLE =
      Set.of("ACTIVE", "PASSWORD_EXPIRED", "LOCKED_OUT", "RECOVERY");

  private final String id;
  private final OktaFactorsApi api;
  private final AccountMapping mapping;
  private final Clock clock;
  private final CircuitBreaker breaker;
  private final Optional<String> accountIdAttribute;
  private final Duration directoryCacheTtl;

  private record Found(String userId, Instant until) {}

  /** Account id → Okta user id found by {@link #accountIdAttribute}. */
  private final Map<String, Found> byAccountId = new ConcurrentHashMap<>();

  /**
   * @param accountIdAttribute the Okta profile attribute that holds the ticket system's account id
   *     (an Atlassian account id), searched when the ticket system hides the requester's address
   * @param directoryCacheTtl how long an account id's Okta user is remembered
   */
  OktaUsers(
      String id,
      OktaFactorsApi api,
      AccountMapping mapping,
      Clock clock,
      CircuitBreaker breaker,
      Optional<String> accountIdAttribute,
      Duration directoryCacheTtl) {
    this.id = id;
    this.api = api;
    this.mapping = mapping;
    this.clock = clock;
    this.breaker = breaker;
    this.accountIdAttribute = accountIdAttribute;
    this.directoryCacheTtl = directoryCacheTtl;
  }

  /** The Okta user a push for {@code requester} goes to, or why there is none. */
  UserLookup lookup(Requester requester) {
    Optional<String> login = mapping.username(requester);
    if (login.isEmpty()) {
      if (requester.email().isEmpty() && accountIdAttribute.isPresent()) {
        return lookupByAccountId(requester.accountId());
      }
      return mapping.refusal(requester);
    }
    Optional<OktaDtos.User> found =
        breaker.call(GET_USER, () -> Calls.executeOptional(api.user(login.get()), id, GET_USER));
    if (found.isEmpty()) {
      return new NotVerifiable(ReasonCode.UNKNOWN_USER, "no Okta user with login " + login.get());
    }
    OktaDtos.User user = found.get();
    if (user.id() == null || user.id().isBlank()) {
      throw Calls.malformed(id, GET_USER, "user without id", false);
    }
    if (!sameLogin(user, login.get())) {
      return new NotVerifiable(
          ReasonCode.NOT_ACCOUNT_OWNER,
          "the Okta user found for " + login.get() + " has another login");
    }
    return reachable(user, "");
  }

  /** The user, if they can answer a push now: a reachable state and an Okta Verify push factor. */
  private UserLookup reachable(OktaDtos.User user, String via) {
    if (!REACHABLE.contains(user.status())) {
      return new NotVerifiable(
          ReasonCode.UNKNOWN_USER, "the Okta user is " + user.status() + ", not active");
    }
    if (pushFactor(user.id()).isEmpty()) {
      return new NotVerifiable(
          ReasonCode.NO_ENROLLED_DEVICE, "no active Okta Verify push factor enrolled");
    }
    return new UserLookup.Enrolled(user.id(), via);
  }

  /**
   * The Okta user whose profile attribute holds the requester's account id (the ticket system hid
   * the address): exactly one must match. The match is remembered for the cache's time; the user is
   * read again each time, so a deactivated one is not pushed.
   */
  private UserLookup lookupByAccountId(String accountId) {
    String attribute = "profile." + accountIdAttribute.orElseThrow();
    if (!ACCOUNT_ID.matcher(accountId).matches()) {
      return new NotVerifiable(
          ReasonCode.UNKNOWN_USER, "the requester's account id cannot be searched for in Okta");
    }
    String via = "by " + attribute + " = the requester's account id";
    Instant now = clock.instant();
    Found known = byAccountId.get(accountId);
    if (known != null && now.isBefore(known.until())) {
      Optional<OktaDtos.User> user =
          breaker.call(
              GET_USER, () -> Calls.executeOptional(api.user(known.userId()), id, GET_USER));
      // The attribute may have moved to another person since (an account id reassigned, a
      // profile corrected): the remembered user counts only while it still holds the id.
      if (user.isPresent() && holds(user.get(), accountIdAttribute.orElseThrow(), accountId)) {
        return reachable(user.get(), via);
      }
      byAccountId.remove(accountId);
    }
    String search = attribute + " eq \"" + accountId + "\"";
    List<OktaDtos.User> found =
        breaker.call(
            SEARCH_USERS, () -> Calls.execute(api.searchUsers(search, 2), id, SEARCH_USERS));
    if (found.isEmpty()) {
      return new NotVerifiable(
          ReasonCode.UNKNOWN_USER, "no Okta user whose " + attribute + " is " + accountId);
    }
    if (found.size() > 1) {
      return new NotVerifiable(
          ReasonCode.NOT_ACCOUNT_OWNER,
          "more than one Okta user has " + attribute + " " + accountId + "; fix the directory");
    }
    OktaDtos.User user = found.get(0);
    if (user.id() == null || user.id().isBlank()) {
      throw Calls.malformed(id, SEARCH_USERS, "user without id", false);
    }
    if (byAccountId.size() >= 10_000) {
      byAccountId.clear();
    }
    byAccountId.put(accountId, new Found(user.id(), now.plus(directoryCacheTtl)));
    return reachable(user, via);
  }

  /** The id of the user's active Okta Verify push factor, if they have one. */
  Optional<String> pushFactor(String userId) {
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

  private static boolean holds(OktaDtos.User user, String attribute, String accountId) {
    return user.profile() != null
        && user.profile().attribute(attribute).map(accountId::equals).orElse(false);
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
}
