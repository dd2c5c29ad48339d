package com.helpdeskverify.providers.incode;

import com.helpdeskverify.core.PushHandle;
import com.helpdeskverify.core.ReasonCode;
import com.helpdeskverify.core.Requester;
import com.helpdeskverify.core.spi.NotVerifiable;
import com.helpdeskverify.core.spi.PushProvider;
import com.helpdeskverify.core.spi.PushRequest;
import com.helpdeskverify.core.spi.PushStart;
import com.helpdeskverify.core.spi.PushStatus;
import com.helpdeskverify.core.spi.UserLookup;
import com.helpdeskverify.core.spi.WebhookReceiver;
import com.helpdeskverify.http.Calls;
import com.helpdeskverify.http.CircuitBreaker;
import com.helpdeskverify.http.TokenCache;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Incode Helpdesk verification: instead of a push, the requester gets an Incode link (by e-mail or
 * SMS) and proves who they are with their ID document and a selfie. The session is started with
 * Request New Onboarding under the configured Helpdesk integration (its integration reference) and
 * the requester's e-mail as login hint; its result is read on demand from the session's status and
 * overall score with the Omni API key and an executive token, and Incode's webhooks only hasten
 * that reading.
 *
 * <p>A passing score is never taken for an approval on its own: it says that someone with a genuine
 * ID passed liveness, not that this someone is the enrolled employee whose account the ticket
 * changes. Incode's public documentation names no field of these answers that states a match with
 * the enrolled identity, so a passing session escalates to a technician, who checks the session
 * against the employee's Identity in Incode's Dashboard (Incode's own Helpdesk flow: "the agent
 * views the verification result in Dashboard"). Failures still deny.
 */
public final class IncodePushProvider implements PushProvider {
  static final String CALL_START = "POST /omni/b2b/onboarding/request-new";
  static final String CALL_STATUS = "GET /omni/get/onboarding/status";
  static final String CALL_SCORE = "GET /omni/get/score";

  /** How Incode delivers the verification link. */
  public enum Delivery {
    EMAIL,
    SMS
  }

  private final String id;
  private final IncodeApi api;
  private final TokenCache b2bTokens;
  private final TokenCache executiveTokens;
  private final IncodeSettings settings;
  private final CircuitBreaker circuit;
  private final Optional<WebhookReceiver> webhooks;

  IncodePushProvider(
      String id,
      IncodeApi api,
      TokenCache b2bTokens,
      TokenCache executiveTokens,
      IncodeSettings settings,
      CircuitBreaker circuit,
      Optional<WebhookReceiver> webhooks) {
    this.id = id;
    this.api = api;
    this.b2bTokens = b2bTokens;
    this.executiveTokens = executiveTokens;
    this.settings = settings;
    this.circuit = circuit;
    this.webhooks = webhooks;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String displayName() {
    return "Incode";
  }

  @Override
  public Duration pushTimeout() {
    return settings.deadline();
  }

  /**
   * Incode offers no directory look-up by e-mail to a B2B integration, so the requester counts as
   * verifiable when the ticket system vouches for their e-mail address: the login hint Incode
   * matches against the enrolled workforce identity. Whether Incode knows them shows when the link
   * is requested.
   */
  @Override
  public UserLookup lookup(Requester requester) {
    Optional<String> email = requester.email().map(String::strip);
    if (email.isEmpty() || !email.get().contains("@")) {
      return new NotVerifiable(
          ReasonCode.UNKNOWN_USER,
          "the ticket system disclosed no e-mail address for the requester, and Incode needs it as"
              + " the login hint");
    }
    return new UserLookup.Enrolled(email.get().toLowerCase(Locale.ROOT));
  }

  @Override
  public PushStart startPush(PushRequest request) {
    IncodeApi.OnboardingRequest body =
        new IncodeApi.OnboardingRequest(
            settings.integrationReference(),
            request.providerUserId(),
            new IncodeApi.Notification(settings.delivery().name()));
    IncodeApi.OnboardingResponse started =
        circuit.call(
            CALL_START,
            () -> Calls.execute(api.requestNew("Bearer " + b2bTokens.get(), body), id, CALL_START));
    if (started == null || started.interviewId() == null || started.interviewId().isBlank()) {
      // The session may exist without our knowing its id: never request a second link blindly.
      throw Calls.malformed(id, CALL_START, "no interviewId", true);
    }
    return new PushStart.Started(new PushHandle(started.interviewId()), Optional.empty());
  }

  @Override
  public PushStatus status(PushHandle push) {
    return circuit.call(CALL_STATUS, () -> readStatus(push.id()));
  }

  private PushStatus readStatus(String interviewId) {
    IncodeApi.StatusResponse status =
        Calls.execute(
            api.onboardingStatus(
                settings.apiKey().reveal(),
                IncodeApi.API_VERSION,
                executiveTokens.get(),
                interviewId),
            id,
            CALL_STATUS);
    if (status == null || status.onboardingStatus() == null) {
      throw Calls.malformed(id, CALL_STATUS, "no onboardingStatus", false);
    }
    switch (status.onboardingStatus()) {
      case "MANUAL_REVIEW_APPROVED":
        return noExplicitMatch("Incode's manual review approved session " + interviewId);
      case "MANUAL_REVIEW_REJECTED":
        return new PushStatus.Denied(false, "Incode manual review rejected the verification");
      case "ONBOARDING_FINISHED":
        return verdict(interviewId);
      default:
        // Not started yet, or modules still running.
        return new PushStatus.Pending();
    }
  }

  /** The overall score decides a failure; a warning waits for Incode's manual review. */
  private PushStatus verdict(String interviewId) {
    IncodeApi.ScoreResponse score =
        Calls.execute(
            api.score(
                settings.apiKey().reveal(),
                IncodeApi.API_VERSION,
                executiveTokens.get(),
                interviewId),
            id,
            CALL_SCORE);
    if (score == null || score.overall() == null || score.overall().status() == null) {
      throw Calls.malformed(id, CALL_SCORE, "no overall status", false);
    }
    switch (score.overall().status()) {
      case "OK":
        return noExplicitMatch("session " + interviewId + " passed (overall OK)");
      case "FAIL":
        return new PushStatus.Denied(false, "Incode identity verification failed");
      default:
        return new PushStatus.Pending();
    }
  }

  /**
   * A passing session is not yet a verified employee: the case escalates with what Incode said
   * (never an approval), so that a technician compares the session with the employee's Identity in
   * Incode's Dashboard.
   */
  private static PushStatus.Unconfirmed noExplicitMatch(String what) {
    return new PushStatus.Unconfirmed(
        what
            + ", but Incode's answer states no match with the enrolled employee (a passing"
            + " liveness and ID check is not one); check the session against the employee's"
            + " Identity in Incode's Dashboard before acting");
  }

  /** Requests fresh tokens: proves the auth URL, the client credentials and the executive login. */
  @Override
  public void checkConnection() {
    b2bTokens.invalidate();
    circuit.call(IncodePushProviderFactory.CALL_TOKEN, b2bTokens::get);
    executiveTokens.invalidate();
    circuit.call(IncodePushProviderFactory.CALL_EXECUTIVE, executiveTokens::get);
  }

  @Override
  public Optional<WebhookReceiver> webhookReceiver() {
    return webhooks;
  }

  @Override
  public boolean paused() {
    return circuit.isOpen();
  }
}
