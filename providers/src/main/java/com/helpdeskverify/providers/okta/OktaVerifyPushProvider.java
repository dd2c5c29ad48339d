package com.helpdeskverify.providers.okta;

import com.helpdeskverify.core.PushHandle;
import com.helpdeskverify.core.ReasonCode;
import com.helpdeskverify.core.Requester;
import com.helpdeskverify.core.spi.IntegrationFailure;
import com.helpdeskverify.core.spi.NotVerifiable;
import com.helpdeskverify.core.spi.PermanentFailure;
import com.helpdeskverify.core.spi.PushProvider;
import com.helpdeskverify.core.spi.PushRequest;
import com.helpdeskverify.core.spi.PushStart;
import com.helpdeskverify.core.spi.PushStatus;
import com.helpdeskverify.core.spi.UserLookup;
import com.helpdeskverify.http.Calls;
import com.helpdeskverify.http.CircuitBreaker;
import com.helpdeskverify.providers.support.AccountMapping;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/**
 * Okta Verify push through Okta's Factors API: the user by login and their enrolled factors ({@link
 * OktaUsers}), a {@code push} factor challenge (with number matching where enabled), then the
 * transaction's {@code poll} link until SUCCESS, REJECTED or TIMEOUT. The push handle is the poll
 * link itself, as Okta asks clients to follow it rather than build the URL; it is only followed on
 * the configured Okta org.
 *
 * <p>The Factors API cannot tell a plain rejection from a fraud report. With {@code
 * fraud-from-system-log} on, a rejection is looked up in the System Log: a {@value
 * #SUSPICIOUS_ACTIVITY} event of the same user within the push timeout before the rejection was
 * seen makes it a denial with fraud reported. That look-up is fail-soft: whatever goes wrong with
 * it, a rejection stays a denial.
 */
public final class OktaVerifyPushProvider implements PushProvider {
  static final String VERIFY = "POST /api/v1/users/{userId}/factors/{factorId}/verify";
  static final String POLL = "GET /api/v1/users/{userId}/factors/{factorId}/transactions/{id}";
  static final String CANCEL = "DELETE /api/v1/users/{userId}/factors/{factorId}/transactions/{id}";
  static final String CURRENT_USER = "GET /api/v1/users/me";
  static final String LOGS = "GET /api/v1/logs";

  /** The System Log event Okta records when a user reports activity as not theirs. */
  static final String SUSPICIOUS_ACTIVITY = "user.account.report_suspicious_activity_by_enduser";

  private static final Logger LOG = System.getLogger(OktaVerifyPushProvider.class.getName());

  /** Okta object ids; anything else is never put into a System Log filter. */
  private static final Pattern OKTA_ID = Pattern.compile("[A-Za-z0-9]{1,64}");

  private final String id;
  private final String displayName;
  private final OktaFactorsApi api;
  private final HttpUrl org;
  private final Duration pushTimeout;
  private final boolean numberMatching;
  private final boolean fraudFromSystemLog;
  private final Clock clock;
  private final CircuitBreaker breaker;
  private final OktaUsers users;

  OktaVerifyPushProvider(
      String id,
      String displayName,
      OktaFactorsApi api,
      HttpUrl org,
      AccountMapping mapping,
      Duration pushTimeout,
      boolean numberMatching,
      boolean fraudFromSystemLog,
      Clock clock,
      CircuitBreaker breaker) {
    this(
        id,
        displayName,
        api,
        org,
        mapping,
        pushTimeout,
        numberMatching,
        fraudFromSystemLog,
        clock,
        breaker,
        Optional.empty(),
        Duration.ofMinutes(15));
  }

  /**
   * @param accountIdAttribute the Okta profile attribute that holds the ticket system's account id
   *     (an Atlassian account id), searched when the ticket system hides the requester's address
   * @param directoryCacheTtl how long an account id's Okta user is remembered
   */
  OktaVerifyPushProvider(
      String id,
      String displayName,
      OktaFactorsApi api,
      HttpUrl org,
      AccountMapping mapping,
      Duration pushTimeout,
      boolean numberMatching,
      boolean fraudFromSystemLog,
      Clock clock,
      CircuitBreaker breaker,
      Optional<String> accountIdAttribute,
      Duration directoryCacheTtl) {
    this.id = id;
    this.displayName = displayName;
    this.api = api;
    this.org = org;
    this.pushTimeout = pushTimeout;
    this.numberMatching = numberMatching;
    this.fraudFromSystemLog = fraudFromSystemLog;
    this.clock = clock;
    this.breaker = breaker;
    this.users =
        new OktaUsers(id, api, mapping, clock, breaker, accountIdAttribute, directoryCacheTtl);
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
    return users.lookup(requester);
  }

  /**
   * The request context Okta Verify shows with the push (its User-Agent): the ticket, and that the
   * service desk is behind it when it is. Header values must be ASCII, so anything else in a ticket
   * label becomes '_'.
   */
  static String userAgent(PushRequest request) {
    String label = request.ticket().label().replaceAll("[^A-Za-z0-9 ._:#-]", "_");
    return request.serviceDesk()
        ? "helpdesk-verify (IT service desk identity check, ticket " + label + ")"
        : "helpdesk-verify (helpdesk identity verification, ticket " + label + ")";
  }

  @Override
  public PushStart startPush(PushRequest request) {
    String userId = request.providerUserId();
    Optional<String> factorId = users.pushFactor(userId);
    if (factorId.isEmpty()) {
      return new NotVerifiable(
          ReasonCode.NO_ENROLLED_DEVICE, "no active Okta Verify push factor enrolled");
    }
    OktaDtos.Transaction tx =
        breaker.call(
            VERIFY,
            () ->
                Calls.execute(
                    numberMatching
                        ? api.verify(
                            userId,
                            factorId.get(),
                            userAgent(request),
                            new OktaDtos.VerifyRequest(Boolean.TRUE))
                        : api.verifyPlain(userId, factorId.get(), userAgent(request)),
                    id,
                    VERIFY));
    String result = required(tx.factorResult(), VERIFY, "factorResult", true);
    if (!result.equals("WAITING")) {
      return new NotVerifiable(
          ReasonCode.NO_ENROLLED_DEVICE,
          "Okta answered the push challenge with " + result + " instead of sending a push");
    }
    String poll = tx.links() == null || tx.links().poll() == null ? null : tx.links().poll().href();
    required(poll, VERIFY, "poll link", true);
    if (!onOrg(poll)) {
      throw Calls.malformed(id, VERIFY, "poll link outside the configured Okta org", true);
    }
    Optional<String> matchNumber =
        Optional.ofNullable(tx.embedded())
            .map(OktaDtos.Embedded::challenge)
            .map(OktaDtos.Challenge::correctAnswer)
            .filter(s -> !s.isBlank());
    if (numberMatching && matchNumber.isEmpty()) {
      // Okta sent a push without the number we asked for (number matching off in its policy, an
      // old Okta Verify): the requester would approve a prompt we cannot tie to this ticket. The
      // transaction is withdrawn and a technician takes over.
      withdraw(new PushHandle(poll));
      return new NotVerifiable(
          ReasonCode.PROVIDER_REFUSED,
          "a number challenge was requested, but Okta's answer carries no correctAnswer;"
              + " the push was withdrawn");
    }
    return new PushStart.Started(new PushHandle(poll), matchNumber);
  }

  private void withdraw(PushHandle push) {
    try {
      Calls.executeVoid(api.cancel(push.id()), id, CANCEL);
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "{0}: could not withdraw a push without a number; it expires by itself: {1}",
          id,
          e.getMessage());
    }
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
        return rejected(push);
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
        throw Calls.malformed(id, POLL, "unknown factorResult " + result, false);
    }
  }

  /**
   * Withdraws the transaction while Okta still reports it {@code WAITING}; a finished one
   * (approved, rejected, timed out) is left alone, since cancelling it has nothing to withdraw.
   */
  @Override
  public void cancel(PushHandle push) {
    requireOnOrg(push, CANCEL);
    OktaDtos.Transaction tx = Calls.execute(api.poll(push.id()), id, POLL);
    if (tx != null && "WAITING".equals(tx.factorResult())) {
      Calls.executeVoid(api.cancel(push.id()), id, CANCEL);
    }
  }

  /**
   * {@code GET /api/v1/users/me}: the user the API token belongs to. A wrong org URL or a revoked
   * or mistyped token fails here (401 and 403 as permanent failures that never show the token);
   * nobody is prompted. With {@code fraud-from-system-log} on, one bounded System Log query also
   * proves the token may read the System Log.
   */
  @Override
  public void checkConnection() {
    OktaDtos.User me =
        breaker.call(CURRENT_USER, () -> Calls.execute(api.currentUser(), id, CURRENT_USER));
    if (me == null || me.id() == null || me.id().isBlank()) {
      throw Calls.malformed(id, CURRENT_USER, "no user for the API token", false);
    }
    if (fraudFromSystemLog) {
      Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
      try {
        Calls.execute(
            api.logs(
                now.minus(Duration.ofMinutes(1)).toString(),
                now.toString(),
                "eventType eq \"" + SUSPICIOUS_ACTIVITY + "\"",
                1),
            id,
            LOGS);
      } catch (PermanentFailure e) {
        String prefix = id + " " + LOGS + ": ";
        String answer =
            e.getMessage().startsWith(prefix)
                ? e.getMessage().substring(prefix.length())
                : e.getMessage();
        throw new PermanentFailure(
            id,
            LOGS,
            "fraud-from-system-log needs an API token whose admin may read the System Log"
                + " (Report, Read-only, Org or Super admin); Okta answered "
                + answer,
            null);
      }
    }
  }

  /**
   * A rejection, with fraud reported when the user reported suspicious activity in Okta within the
   * push timeout before now (the handle carries no send time, so the window may begin before the
   * push). The look-up never turns a rejection into anything but a denial.
   */
  private PushStatus.Denied rejected(PushHandle push) {
    PushStatus.Denied plain = new PushStatus.Denied(false, "rejected in Okta Verify");
    if (!fraudFromSystemLog) {
      return plain;
    }
    Optional<String> userId = userOfTransaction(push);
    if (userId.isEmpty()) {
      return plain;
    }
    Instant until = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    Instant since = until.minus(pushTimeout);
    String filter =
        "eventType eq \""
            + SUSPICIOUS_ACTIVITY
            + "\" and (actor.id eq \""
            + userId.get()
            + "\" or target.id eq \""
            + userId.get()
            + "\")";
    try {
      List<OktaDtos.LogEvent> events =
          Calls.execute(api.logs(since.toString(), until.toString(), filter, 20), id, LOGS);
      return events == null
          ? plain
          : events.stream()
              .filter(Objects::nonNull)
              .filter(e -> SUSPICIOUS_ACTIVITY.equals(e.eventType()))
              .filter(e -> concerns(e, userId.get()))
              .findFirst()
              .map(
                  e ->
                      new PushStatus.Denied(
                          true,
                          "rejected in Okta Verify, and the user reported suspicious activity"
                              + (e.published() == null ? "" : " at " + e.published())
                              + " (System Log event "
                              + e.uuid()
                              + "); Okta does not say that the report concerns this push"))
              .orElse(plain);
    } catch (IntegrationFailure e) {
      LOG.log(
          Level.WARNING,
          "{0}: System Log look-up for a fraud report failed, the rejection stays a plain denial:"
              + " {1}",
          id,
          e.getMessage());
      return plain;
    } catch (RuntimeException e) {
      // Whatever else goes wrong here, the user rejected the push: it stays a denial.
      LOG.log(
          Level.WARNING,
          "{0}: System Log look-up for a fraud report failed ({1}), the rejection stays a plain"
              + " denial",
          id,
          e.getClass().getSimpleName());
      return plain;
    }
  }

  private static boolean concerns(OktaDtos.LogEvent event, String userId) {
    if (event.actor() != null && userId.equals(event.actor().id())) {
      return true;
    }
    return event.target() != null
        && event.target().stream().anyMatch(t -> t != null && userId.equals(t.id()));
  }

  /** The user id in a poll link {@code /api/v1/users/{userId}/factors/...}, if it is one. */
  private static Optional<String> userOfTransaction(PushHandle push) {
    HttpUrl url = HttpUrl.parse(push.id());
    if (url == null
        || url.pathSize() < 4
        || !url.pathSegments().subList(0, 3).equals(List.of("api", "v1", "users"))) {
      return Optional.empty();
    }
    String userId = url.pathSegments().get(3);
    return OKTA_ID.matcher(userId).matches() ? Optional.of(userId) : Optional.empty();
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
      throw Calls.malformed(id, callName, "no " + field, mayHaveTakenEffect);
    }
    return value;
  }

  @Override
  public boolean paused() {
    return breaker.isOpen();
  }
}
