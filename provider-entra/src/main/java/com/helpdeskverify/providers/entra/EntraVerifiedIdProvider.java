package com.helpdeskverify.providers.entra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.helpdeskverify.core.PushHandle;
import com.helpdeskverify.core.ReasonCode;
import com.helpdeskverify.core.Requester;
import com.helpdeskverify.core.spi.NotVerifiable;
import com.helpdeskverify.core.spi.PermanentFailure;
import com.helpdeskverify.core.spi.ProviderNotes;
import com.helpdeskverify.core.spi.PushProvider;
import com.helpdeskverify.core.spi.PushRequest;
import com.helpdeskverify.core.spi.PushStart;
import com.helpdeskverify.core.spi.PushStatus;
import com.helpdeskverify.core.spi.UserLookup;
import com.helpdeskverify.core.spi.WebhookReceiver;
import com.helpdeskverify.http.Calls;
import com.helpdeskverify.http.CircuitBreaker;
import com.helpdeskverify.http.TokenCache;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Microsoft's supported help-desk verification: a Microsoft Entra Verified ID presentation request
 * for the requester's {@code VerifiedEmployee} credential with Face Check (a live selfie matched
 * against the credential's photo). The requester opens the request's link on the phone with
 * Microsoft Authenticator; Microsoft posts the result to our callback, which keeps it for {@link
 * #status}. An approval needs all of: a verified presentation, of one credential of the configured
 * type, from an accepted issuer, with a Face Check score at or above the configured threshold,
 * whose {@code revocationId} (the UPN) is the UPN that the requester's object id has in Entra now.
 */
public final class EntraVerifiedIdProvider implements PushProvider {
  static final String TOKEN = "POST /oauth2/v2.0/token";
  static final String FIND_USER = "GET /users";
  static final String GET_USER = "GET /users/{id}";
  static final String CREATE = "POST /verifiableCredentials/createPresentationRequest";
  static final String READ_RESULT = "callback result";

  /** How long notes about a request are kept: beyond any deadline, then swept. */
  static final Duration NOTE_LIFETIME = Duration.ofDays(1);

  /** Entra object ids are GUIDs; nothing else reaches a Graph URL. */
  private static final Pattern OBJECT_ID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  private static final ObjectMapper JSON = new ObjectMapper();

  /** What is known of a request while its result is awaited. */
  record Pending(String objectId, String state) {}

  /** Settings of one instance. */
  record Settings(
      String graphUrl,
      String requestServiceUrl,
      String verifierAuthority,
      String credentialType,
      List<String> acceptedIssuers,
      String photoClaim,
      int threshold,
      String clientName,
      String purpose,
      String callbackUrl,
      com.helpdeskverify.core.config.Secret callbackApiKey,
      Duration deadline,
      String displayName) {}

  private final String id;
  private final VerifiedIdApi api;
  private final TokenCache graphTokens;
  private final TokenCache requestTokens;
  private final Settings settings;
  private final ProviderNotes notes;
  private final Clock clock;
  private final CircuitBreaker breaker;
  private final WebhookReceiver callbacks;

  EntraVerifiedIdProvider(
      String id,
      VerifiedIdApi api,
      TokenCache graphTokens,
      TokenCache requestTokens,
      Settings settings,
      ProviderNotes notes,
      Clock clock,
      CircuitBreaker breaker,
      WebhookReceiver callbacks) {
    this.id = id;
    this.api = api;
    this.graphTokens = graphTokens;
    this.requestTokens = requestTokens;
    this.settings = settings;
    this.notes = notes;
    this.clock = clock;
    this.breaker = breaker;
    this.callbacks = callbacks;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String displayName() {
    return settings.displayName();
  }

  @Override
  public Duration pushTimeout() {
    return settings.deadline();
  }

  @Override
  public Optional<WebhookReceiver> webhookReceiver() {
    return Optional.of(callbacks);
  }

  @Override
  public UserLookup lookup(Requester requester) {
    Optional<String> email = requester.email().map(String::strip).filter(e -> e.contains("@"));
    if (email.isEmpty()) {
      return new NotVerifiable(
          ReasonCode.UNKNOWN_USER,
          "the ticket system disclosed no e-mail address for the requester");
    }
    String literal = "'" + email.get().replace("'", "''") + "'";
    GraphApi.UserList found =
        breaker.call(
            FIND_USER,
            () ->
                Calls.execute(
                    api.users(
                        settings.graphUrl() + "/users",
                        "Bearer " + graphTokens.get(),
                        "userPrincipalName eq " + literal + " or mail eq " + literal,
                        "id,userPrincipalName,accountEnabled"),
                    id,
                    FIND_USER));
    List<GraphApi.User> users = found == null || found.value() == null ? List.of() : found.value();
    if (users.size() != 1) {
      return new NotVerifiable(
          ReasonCode.UNKNOWN_USER,
          users.isEmpty() ? "no Entra user with this address" : "several Entra users share it");
    }
    GraphApi.User user = users.get(0);
    if (user.id() == null || !OBJECT_ID.matcher(user.id()).matches()) {
      throw Calls.malformed(id, FIND_USER, "user without an object id", false);
    }
    if (!Boolean.TRUE.equals(user.accountEnabled())) {
      return new NotVerifiable(ReasonCode.UNKNOWN_USER, "the Entra account is disabled");
    }
    return new UserLookup.Enrolled(user.id());
  }

  @Override
  public PushStart startPush(PushRequest request) {
    String objectId = request.providerUserId();
    if (!OBJECT_ID.matcher(objectId).matches()) {
      return new NotVerifiable(ReasonCode.UNKNOWN_USER, "the case holds no Entra object id");
    }
    // The credential asked for is the one of the account behind this object id as it is now.
    GraphApi.User user = currentUser(objectId);
    if (user.userPrincipalName() == null || !Boolean.TRUE.equals(user.accountEnabled())) {
      return new NotVerifiable(ReasonCode.UNKNOWN_USER, "the Entra account is gone or disabled");
    }
    String state = request.caseId().value();
    VerifiedIdApi.PresentationRequest body =
        new VerifiedIdApi.PresentationRequest(
            settings.verifierAuthority(),
            false,
            false,
            new VerifiedIdApi.Registration(settings.clientName(), settings.purpose()),
            new VerifiedIdApi.Callback(
                settings.callbackUrl(),
                state,
                Map.of(
                    VerifiedIdCallbackReceiver.API_KEY_HEADER, settings.callbackApiKey().reveal())),
            List.of(
                new VerifiedIdApi.RequestedCredential(
                    settings.credentialType(),
                    settings.purpose(),
                    settings.acceptedIssuers(),
                    new VerifiedIdApi.Configuration(
                        new VerifiedIdApi.Validation(
                            false,
                            true,
                            new VerifiedIdApi.FaceCheck(
                                settings.photoClaim(), settings.threshold()))),
                    List.of(
                        new VerifiedIdApi.Constraint(
                            "revocationId", List.of(user.userPrincipalName()))))));
    VerifiedIdApi.PresentationResponse created =
        breaker.call(
            CREATE,
            () ->
                Calls.execute(
                    api.createPresentationRequest(
                        settings.requestServiceUrl()
                            + "/verifiableCredentials/createPresentationRequest",
                        "Bearer " + requestTokens.get(),
                        body),
                    id,
                    CREATE));
    if (created == null
        || created.requestId() == null
        || created.requestId().isBlank()
        || created.url() == null
        || !created.url().startsWith("openid-vc://")) {
      // Without its id the request can never be matched to a result; without the link nobody
      // can answer it. It expires unanswered; the case escalates.
      throw Calls.malformed(id, CREATE, "no requestId or openid-vc link", true);
    }
    notes.put(pendingKey(id, created.requestId()), objectId + "\n" + state, notesUntil());
    return new PushStart.Started(
        new PushHandle(created.requestId()), Optional.empty(), Optional.of(created.url()));
  }

  @Override
  public PushStatus status(PushHandle push) {
    Optional<Pending> pending = pending(notes, id, push.id());
    if (pending.isEmpty()) {
      throw new PermanentFailure(
          id, READ_RESULT, "no presentation request " + push.id() + " was made here", null);
    }
    Optional<String> note = notes.get(resultKey(id, push.id()));
    if (note.isEmpty()) {
      return new PushStatus.Pending();
    }
    JsonNode result;
    try {
      result = JSON.readTree(note.get());
    } catch (IOException e) {
      throw Calls.malformed(id, READ_RESULT, "unreadable note", false);
    }
    String status = result.path("status").asText("");
    switch (status) {
      case "request_retrieved":
        return new PushStatus.Pending();
      case "presentation_error":
        return new PushStatus.Denied(
            false, "Verified ID presentation failed: " + result.path("error").asText("no detail"));
      case "presentation_verified":
        return verified(result, pending.get());
      default:
        throw Calls.malformed(id, READ_RESULT, "unknown requestStatus '" + status + "'", false);
    }
  }

  /** A verified presentation approves only if every condition holds; otherwise it escalates. */
  private PushStatus verified(JsonNode result, Pending pending) {
    if (result.path("credentials").asInt(0) != 1) {
      return refused(
          "the presentation carries " + result.path("credentials").asInt(0) + " credentials");
    }
    Set<String> types = new java.util.HashSet<>();
    result.path("types").forEach(t -> types.add(t.asText()));
    if (!types.contains(settings.credentialType())) {
      return refused("the credential is no " + settings.credentialType() + " but " + types);
    }
    String issuer = result.path("issuer").asText("");
    if (!settings.acceptedIssuers().contains(issuer)) {
      return refused("the credential's issuer " + issuer + " is not an accepted issuer");
    }
    if (!result.path("score").isNumber()) {
      return refused("the presentation reports no Face Check score");
    }
    double score = result.path("score").asDouble();
    if (score < settings.threshold()) {
      return new PushStatus.Denied(
          false,
          String.format(
              Locale.ROOT,
              "Face Check confidence %.1f is below the threshold %d",
              score,
              settings.threshold()));
    }
    GraphApi.User user = currentUser(pending.objectId());
    String presented = result.path("revocationId").asText("");
    if (user.userPrincipalName() == null
        || !user.userPrincipalName().equalsIgnoreCase(presented)
        || !Boolean.TRUE.equals(user.accountEnabled())) {
      return refused(
          "the credential belongs to "
              + presented
              + ", not to the requester's account "
              + user.userPrincipalName()
              + " (object id "
              + pending.objectId()
              + ")");
    }
    return new PushStatus.Approved();
  }

  private GraphApi.User currentUser(String objectId) {
    GraphApi.User user =
        breaker.call(
            GET_USER,
            () ->
                Calls.execute(
                    api.user(
                        settings.graphUrl() + "/users/" + objectId,
                        "Bearer " + graphTokens.get(),
                        "id,userPrincipalName,accountEnabled"),
                    id,
                    GET_USER));
    if (user == null || !objectId.equalsIgnoreCase(user.id())) {
      throw Calls.malformed(id, GET_USER, "another user than the one asked for", false);
    }
    return user;
  }

  /** Both tokens, once each: proves the tenant, the client credentials and both permissions. */
  @Override
  public void checkConnection() {
    graphTokens.invalidate();
    breaker.call(TOKEN, graphTokens::get);
    requestTokens.invalidate();
    breaker.call(TOKEN, requestTokens::get);
  }

  static String pendingKey(String providerId, String requestId) {
    return "entra-vid/" + providerId + "/" + requestId + "/request";
  }

  static String resultKey(String providerId, String requestId) {
    return "entra-vid/" + providerId + "/" + requestId + "/result";
  }

  static Optional<Pending> pending(ProviderNotes notes, String providerId, String requestId) {
    return notes
        .get(pendingKey(providerId, requestId))
        .map(v -> v.split("\n", 2))
        .filter(parts -> parts.length == 2)
        .map(parts -> new Pending(parts[0], parts[1]));
  }

  private java.time.Instant notesUntil() {
    return clock.instant().plus(NOTE_LIFETIME);
  }

  private static PushStatus.Unconfirmed refused(String why) {
    return new PushStatus.Unconfirmed("Verified ID presentation not accepted: " + why);
  }

  @Override
  public boolean paused() {
    return breaker.isOpen();
  }
}
