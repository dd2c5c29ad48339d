package com.helpdeskverify.providers.entra;

import com.azure.core.credential.TokenCredential;
import com.helpdeskverify.core.CaseId;
import com.helpdeskverify.core.PushHandle;
import com.helpdeskverify.core.ReasonCode;
import com.helpdeskverify.core.spi.IntegrationFailure;
import com.helpdeskverify.core.spi.NotVerifiable;
import com.helpdeskverify.core.spi.PermanentFailure;
import com.helpdeskverify.core.spi.ProviderNotes;
import com.helpdeskverify.core.spi.PushStart;
import com.helpdeskverify.core.spi.PushStatus;
import com.helpdeskverify.core.spi.TransientFailure;
import com.helpdeskverify.http.Calls;
import com.helpdeskverify.http.Redaction;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okhttp3.ResponseBody;
import retrofit2.Call;
import retrofit2.Callback;
import retrofit2.Response;

/**
 * The push the NPS extension for Entra MFA and the AD FS adapter send: {@code
 * BeginTwoWayAuthentication} with a token of the tenant's Azure MFA client application, then {@code
 * EndTwoWayAuthentication} until the user answers. It offers approve/deny without number matching.
 * The service is undocumented; see providers/README.md for the sources of every shape used here.
 */
final class StrongAuthenticationChannel implements EntraPushChannel {
  static final String CALL_BEGIN = "POST BeginTwoWayAuthentication";
  static final String CALL_END = "POST EndTwoWayAuthentication";
  static final String CALL_TOKEN = "token for the MFA client application";

  private static final MediaType XML = MediaType.get("application/xml; charset=utf-8");

  // Result values the public traces show. Anything else is not an approval.
  private static final Set<String> DENIED =
      Set.of("PhoneAppDenied", "UserVoiceAuthFailedPhoneHungUp");
  private static final Set<String> FRAUD = Set.of("PhoneAppFraudReported", "FraudCodeEntered");
  private static final Set<String> EXPIRED = Set.of("PhoneAppNoResponse", "InvalidSession");
  private static final Set<String> NO_USER = Set.of("UserNotFound");
  private static final Set<String> NO_DEVICE =
      Set.of("ProofDataNotFound", "NoDefaultAuthenticationMethodIsConfigured");

  private final String system;
  private final StrongAuthenticationApi api;
  private final URI baseUrl;
  private final EntraTokens tokens;
  private final String lcid;
  private final Optional<SyncCalls> sync;

  /**
   * {@code SyncCall=true}, as the public callers send Begin: the call is held until the user
   * answers, so it runs on OkHttp's own threads ({@code syncApi} has a read timeout beyond the
   * push's life) and its answer is kept in {@code notes} for {@link #status}, on whichever node
   * polls. No worker waits for it.
   */
  record SyncCalls(StrongAuthenticationApi syncApi, ProviderNotes notes, Clock clock) {}

  private static final String SYNC_PREFIX = "sas-sync|";
  private static final Duration NOTE_LIFETIME = Duration.ofDays(1);

  StrongAuthenticationChannel(
      String system,
      StrongAuthenticationApi api,
      URI baseUrl,
      TokenCredential credential,
      String resource,
      String lcid) {
    this(system, api, baseUrl, credential, resource, lcid, Optional.empty());
  }

  StrongAuthenticationChannel(
      String system,
      StrongAuthenticationApi api,
      URI baseUrl,
      TokenCredential credential,
      String resource,
      String lcid,
      Optional<SyncCalls> sync) {
    this.system = system;
    this.api = api;
    this.baseUrl = baseUrl;
    this.tokens =
        new EntraTokens(
            credential,
            resource + "/.default",
            system,
            "Entra refused the MFA client application's credential: check the certificate added to"
                + " the Azure MFA service principal and the tenant id");
    this.lcid = lcid;
    this.sync = sync;
  }

  @Override
  public PushStart begin(String userPrincipalName, Method method, CaseId caseId) {
    String contextId = caseId.value();
    if (sync.isPresent()) {
      return beginHeld(userPrincipalName, method, contextId, sync.get());
    }
    String body =
        StrongAuthenticationXml.beginRequest(userPrincipalName, methodId(method), contextId, lcid);
    StrongAuthenticationXml.Reply reply =
        read(
            Calls.execute(
                api.begin(tokens.bearer(CALL_TOKEN), RequestBody.create(body, XML)),
                system,
                CALL_BEGIN),
            CALL_BEGIN,
            true);
    String value = reply.resultValue();
    if (value.equals("Success")) {
      String sessionId =
          reply
              .sessionId()
              .orElseThrow(
                  () -> Calls.malformed(system, CALL_BEGIN, "Success without a SessionId", true));
      MfaSession session =
          new MfaSession(
              sessionId, contextId, userPrincipalName, reply.affinityUrl().filter(this::trusted));
      return new PushStart.Started(session.toHandle(), Optional.empty());
    }
    if (NO_USER.contains(value)) {
      return new NotVerifiable(ReasonCode.UNKNOWN_USER, "Entra MFA answered " + value);
    }
    if (NO_DEVICE.contains(value)) {
      return new NotVerifiable(ReasonCode.NO_ENROLLED_DEVICE, "Entra MFA answered " + value);
    }
    throw refused(CALL_BEGIN, reply, true);
  }

  /** Sends Begin with SyncCall=true without waiting for it; its answer lands in the notes. */
  private PushStart beginHeld(
      String userPrincipalName, Method method, String contextId, SyncCalls calls) {
    String body =
        StrongAuthenticationXml.beginRequest(
            userPrincipalName, methodId(method), contextId, lcid, true);
    String key = noteKey(contextId);
    Instant until = calls.clock().instant().plus(NOTE_LIFETIME);
    calls
        .syncApi()
        .begin(tokens.bearer(CALL_TOKEN), RequestBody.create(body, XML))
        .enqueue(
            new Callback<>() {
              @Override
              public void onResponse(Call<ResponseBody> call, Response<ResponseBody> response) {
                String note;
                if (!response.isSuccessful() || response.body() == null) {
                  note = "ERROR|HTTP " + response.code();
                } else {
                  try {
                    StrongAuthenticationXml.Reply reply = read(response.body(), CALL_BEGIN, true);
                    note =
                        reply.resultValue()
                            + "|"
                            + reply.authenticationResult().map(String::valueOf).orElse("");
                  } catch (IntegrationFailure e) {
                    note = "ERROR|" + e.getMessage();
                  }
                }
                calls
                    .notes()
                    .put(key, note.length() > 1000 ? note.substring(0, 1000) : note, until);
              }

              @Override
              public void onFailure(Call<ResponseBody> call, Throwable t) {
                // The prompt may have reached the user: the case escalates, never re-sends.
                calls.notes().put(key, "ERROR|" + t.getClass().getSimpleName(), until);
              }
            });
    return new PushStart.Started(new PushHandle(SYNC_PREFIX + contextId), Optional.empty());
  }

  private String noteKey(String contextId) {
    return "entra-sas/" + system + "/" + contextId;
  }

  /** The answer of a held Begin, once it came. */
  private PushStatus heldStatus(String contextId, SyncCalls calls) {
    Optional<String> note = calls.notes().get(noteKey(contextId));
    if (note.isEmpty()) {
      return new PushStatus.Pending();
    }
    String[] parts = note.get().split("\\|", 2);
    String value = parts[0];
    String detail = parts.length > 1 ? parts[1] : "";
    if (value.equals("ERROR")) {
      throw new PermanentFailure(
          system, CALL_BEGIN, "the held Begin call failed (" + detail + ")", null);
    }
    if (value.equals("Success")) {
      if (detail.equals("true")) {
        return new PushStatus.Approved();
      }
      throw Calls.malformed(system, CALL_BEGIN, "Success without AuthenticationResult true", false);
    }
    if (FRAUD.contains(value)) {
      return new PushStatus.Denied(true, "Entra MFA answered " + value);
    }
    if (DENIED.contains(value)) {
      return new PushStatus.Denied(false, "Entra MFA answered " + value);
    }
    if (EXPIRED.contains(value)) {
      return new PushStatus.Expired();
    }
    throw new PermanentFailure(system, CALL_BEGIN, "Entra MFA answered " + value, null);
  }

  @Override
  public PushStatus status(PushHandle push) {
    if (push.id().startsWith(SYNC_PREFIX)) {
      SyncCalls calls =
          sync.orElseThrow(
              () ->
                  new PermanentFailure(
                      system, CALL_BEGIN, "a held push but sync-call is off", null));
      return heldStatus(push.id().substring(SYNC_PREFIX.length()), calls);
    }
    MfaSession session =
        MfaSession.fromHandle(push)
            .orElseThrow(
                () ->
                    new PermanentFailure(
                        system,
                        CALL_END,
                        "the push handle is not a StrongAuthentication session",
                        null));
    String url = session.endUrl().orElse("EndTwoWayAuthentication");
    String body =
        StrongAuthenticationXml.endRequest(
            session.sessionId(), session.contextId(), session.userPrincipalName());
    StrongAuthenticationXml.Reply reply =
        read(
            Calls.execute(
                api.end(url, tokens.bearer(CALL_TOKEN), RequestBody.create(body, XML)),
                system,
                CALL_END),
            CALL_END,
            false);
    String value = reply.resultValue();
    if (value.equals("AuthenticationPending")) {
      return new PushStatus.Pending();
    }
    if (value.equals("Success")) {
      // Only an explicit true counts: a Success that does not say the user authenticated is not
      // one.
      if (reply.authenticationResult().orElse(false)) {
        return new PushStatus.Approved();
      }
      throw Calls.malformed(system, CALL_END, "Success without AuthenticationResult true", false);
    }
    if (FRAUD.contains(value)) {
      return new PushStatus.Denied(true, "Entra MFA answered " + value);
    }
    if (DENIED.contains(value)) {
      return new PushStatus.Denied(false, "Entra MFA answered " + value);
    }
    if (EXPIRED.contains(value)) {
      return new PushStatus.Expired();
    }
    throw refused(CALL_END, reply, false);
  }

  /** Requests the MFA client application's token; the service has no call that prompts nobody. */
  @Override
  public void checkConnection() {
    tokens.bearer(CALL_TOKEN);
  }

  private static String methodId(Method method) {
    switch (method) {
      case PHONE_CALL:
        return "TwoWayVoiceMobile";
      case AUTHENTICATOR_PUSH:
      default:
        return "PhoneAppNotification";
    }
  }

  /**
   * Whether the affinity URL may receive our token: on the configured host, or on one of
   * Microsoft's MFA hosts over https.
   */
  private boolean trusted(String url) {
    try {
      URI uri = URI.create(url);
      String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
      if (host.equals(baseUrl.getHost()) && uri.getScheme().equals(baseUrl.getScheme())) {
        return true;
      }
      return "https".equals(uri.getScheme())
          && (host.equals("adnotifications.windowsazure.com")
              || host.endsWith(".auth.microsoft.com"));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private StrongAuthenticationXml.Reply read(ResponseBody body, String call, boolean sending) {
    try (body) {
      return StrongAuthenticationXml.parse(body.bytes());
    } catch (StrongAuthenticationXml.Malformed e) {
      throw Calls.malformed(system, call, e.getMessage(), sending);
    } catch (IOException e) {
      throw new TransientFailure(
          system,
          call,
          "answer cut off: " + e.getClass().getSimpleName(),
          Optional.empty(),
          sending,
          null);
    }
  }

  private IntegrationFailure refused(
      String call, StrongAuthenticationXml.Reply reply, boolean sending) {
    String detail =
        "Entra MFA answered "
            + reply.resultValue()
            + reply.message().map(m -> " (" + Redaction.redact(m) + ")").orElse("");
    if (reply.retry()) {
      return new TransientFailure(system, call, detail, Optional.empty(), sending, null);
    }
    return new PermanentFailure(system, call, detail, null);
  }
}
