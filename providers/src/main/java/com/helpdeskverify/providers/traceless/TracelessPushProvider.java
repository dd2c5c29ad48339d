package com.helpdeskverify.providers.traceless;

import com.helpdeskverify.core.EmailAddresses;
import com.helpdeskverify.core.PushHandle;
import com.helpdeskverify.core.ReasonCode;
import com.helpdeskverify.core.Requester;
import com.helpdeskverify.core.spi.NotVerifiable;
import com.helpdeskverify.core.spi.PushProvider;
import com.helpdeskverify.core.spi.PushRequest;
import com.helpdeskverify.core.spi.PushStart;
import com.helpdeskverify.core.spi.PushStatus;
import com.helpdeskverify.core.spi.UserLookup;
import com.helpdeskverify.http.Calls;
import com.helpdeskverify.http.CircuitBreaker;
import com.helpdeskverify.http.HttpClients;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import okhttp3.ResponseBody;
import retrofit2.Response;

/**
 * Traceless: one connection that routes the push to the employee's own authenticator, Microsoft
 * Authenticator or Duo Mobile, by the configured default push method. Traceless matches the work
 * e-mail to the device itself, so unknown users and missing devices show when the push is
 * requested. Its result is polled. See {@link TracelessApi} on what of the API is unverified.
 */
public final class TracelessPushProvider implements PushProvider {
  static final String CALL_CREATE = "POST /v1/verifications";
  static final String CALL_GET = "GET /v1/verifications/{id}";

  /** Where Traceless sends the push. */
  public enum PushMethod {
    MICROSOFT_AUTHENTICATOR("microsoft_authenticator", "Microsoft Authenticator"),
    DUO_PUSH("duo_push", "Duo Mobile");

    private final String wire;
    private final String app;

    PushMethod(String wire, String app) {
      this.wire = wire;
      this.app = app;
    }
  }

  private final String id;
  private final TracelessApi api;
  private final PushMethod method;
  private final Duration deadline;
  private final Duration pollInterval;
  private final CircuitBreaker circuit;

  TracelessPushProvider(
      String id,
      TracelessApi api,
      PushMethod method,
      Duration deadline,
      Duration pollInterval,
      CircuitBreaker circuit) {
    this.id = id;
    this.api = api;
    this.method = method;
    this.deadline = deadline;
    this.pollInterval = pollInterval;
    this.circuit = circuit;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String displayName() {
    return method.app;
  }

  @Override
  public Duration pushTimeout() {
    return deadline;
  }

  /** How often Traceless asks to be polled (see providers/README.md); the workflow keeps to it. */
  @Override
  public Optional<Duration> pollInterval() {
    return Optional.of(pollInterval);
  }

  @Override
  public UserLookup lookup(Requester requester) {
    Optional<String> email =
        requester.email().map(EmailAddresses::normalize).filter(e -> e.contains("@"));
    if (email.isEmpty()) {
      return new NotVerifiable(
          ReasonCode.UNKNOWN_USER,
          "the ticket system disclosed no e-mail address for the requester, and Traceless finds"
              + " the device by it");
    }
    return new UserLookup.Enrolled(email.get().toLowerCase(Locale.ROOT));
  }

  @Override
  public PushStart startPush(PushRequest request) {
    return circuit.call(CALL_CREATE, () -> create(request));
  }

  private PushStart create(PushRequest request) {
    Response<TracelessApi.Verification> response =
        Calls.run(
            api.create(
                new TracelessApi.CreateVerification(
                    request.providerUserId(), method.wire, request.caseId().value())),
            id,
            CALL_CREATE);
    if (!response.isSuccessful()) {
      Optional<String> error =
          response.code() == 404 || response.code() == 422
              ? errorCode(response.errorBody())
              : Optional.empty();
      if (error.filter("user_not_found"::equals).isPresent()) {
        return new NotVerifiable(ReasonCode.UNKNOWN_USER, "Traceless knows no user by this e-mail");
      }
      if (error.filter("no_enrolled_device"::equals).isPresent()) {
        return new NotVerifiable(
            ReasonCode.NO_ENROLLED_DEVICE,
            "Traceless finds no " + method.app + " device for the user");
      }
      throw Calls.failure(response, id, CALL_CREATE);
    }
    TracelessApi.Verification created = response.body();
    if (created == null || created.id() == null || created.id().isBlank()) {
      throw Calls.malformed(id, CALL_CREATE, "no verification id", true);
    }
    return new PushStart.Started(new PushHandle(created.id()), Optional.empty());
  }

  @Override
  public PushStatus status(PushHandle push) {
    TracelessApi.Verification verification =
        circuit.call(CALL_GET, () -> Calls.execute(api.get(push.id()), id, CALL_GET));
    String status = verification.status();
    if (status == null) {
      throw Calls.malformed(id, CALL_GET, "no status", false);
    }
    switch (status) {
      case "pending":
        return new PushStatus.Pending();
      case "approved":
        return new PushStatus.Approved();
      case "denied":
        return new PushStatus.Denied(false, "denied in " + method.app);
      case "fraud_reported":
        return new PushStatus.Denied(true, "reported as fraud in " + method.app);
      case "expired":
        return new PushStatus.Expired();
      default:
        throw Calls.malformed(id, CALL_GET, "unknown status " + status, false);
    }
  }

  private static Optional<String> errorCode(ResponseBody body) {
    if (body == null) {
      return Optional.empty();
    }
    try (body) {
      return Optional.ofNullable(
          HttpClients.json().readValue(body.bytes(), TracelessApi.ErrorBody.class).error());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  @Override
  public boolean paused() {
    return circuit.isOpen();
  }
}
