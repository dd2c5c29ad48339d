package com.helpdeskverify.providers.entra;

import com.azure.core.exception.ClientAuthenticationException;
import com.helpdeskverify.core.spi.IntegrationFailure;
import com.helpdeskverify.core.spi.PermanentFailure;
import com.helpdeskverify.core.spi.TransientFailure;
import com.helpdeskverify.http.Calls;
import com.helpdeskverify.http.Redaction;
import com.microsoft.graph.models.AuthenticationMethod;
import com.microsoft.graph.models.AuthenticationMethodCollectionResponse;
import com.microsoft.graph.models.AuthenticationPhoneType;
import com.microsoft.graph.models.MicrosoftAuthenticatorAuthenticationMethod;
import com.microsoft.graph.models.PhoneAuthenticationMethod;
import com.microsoft.graph.models.User;
import com.microsoft.graph.models.UserCollectionResponse;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.ApiException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/** Finds users and their registered authentication methods with the Microsoft Graph SDK. */
final class EntraDirectory {
  static final String CALL_USERS = "GET /users";
  static final String CALL_METHODS = "GET /users/{id}/authentication/methods";

  /** One directory account. */
  record Account(String id, String userPrincipalName, boolean enabled) {}

  private final String system;
  private final GraphServiceClient graph;

  EntraDirectory(String system, GraphServiceClient graph) {
    this.system = system;
    this.graph = graph;
  }

  /** The accounts whose user principal name or primary e-mail is {@code email}. */
  List<Account> accountsFor(String email) {
    String literal = "'" + email.replace("'", "''") + "'";
    UserCollectionResponse users =
        call(
            CALL_USERS,
            () ->
                graph
                    .users()
                    .get(
                        r -> {
                          r.queryParameters.filter =
                              "userPrincipalName eq " + literal + " or mail eq " + literal;
                          r.queryParameters.select =
                              new String[] {"id", "userPrincipalName", "accountEnabled"};
                        }));
    if (users == null || users.getValue() == null) {
      throw Calls.malformed(system, CALL_USERS, "no value", true);
    }
    return users.getValue().stream()
        .filter(u -> u.getId() != null && u.getUserPrincipalName() != null)
        .map(EntraDirectory::account)
        .toList();
  }

  /**
   * The users whose property {@code attribute} equals {@code value} (a directory extension or
   * another property Graph filters with {@code eq}); the value is quoted as an OData literal.
   */
  List<Account> accountsWith(String attribute, String value) {
    String literal = "'" + value.replace("'", "''") + "'";
    UserCollectionResponse users =
        call(
            CALL_USERS,
            () ->
                graph
                    .users()
                    .get(
                        r -> {
                          r.queryParameters.filter = attribute + " eq " + literal;
                          r.queryParameters.select =
                              new String[] {"id", "userPrincipalName", "accountEnabled"};
                          r.queryParameters.top = 2;
                        }));
    if (users == null || users.getValue() == null) {
      throw Calls.malformed(system, CALL_USERS, "no value", true);
    }
    return users.getValue().stream()
        .filter(u -> u.getId() != null && u.getUserPrincipalName() != null)
        .map(EntraDirectory::account)
        .toList();
  }

  private static Account account(User u) {
    return new Account(
        u.getId(), u.getUserPrincipalName(), !Boolean.FALSE.equals(u.getAccountEnabled()));
  }

  /** Reads one user: proves the Graph credential and the permission to list users. */
  void check() {
    call(
        CALL_USERS,
        () ->
            graph
                .users()
                .get(
                    r -> {
                      r.queryParameters.top = 1;
                      r.queryParameters.select = new String[] {"id"};
                    }));
  }

  /**
   * How the user can be asked: Microsoft Authenticator when registered, else a call to a mobile
   * phone; empty when neither is registered or the user no longer exists.
   */
  Optional<EntraPushChannel.Method> pushMethod(String userIdOrPrincipalName) {
    AuthenticationMethodCollectionResponse methods;
    try {
      methods =
          call(
              CALL_METHODS,
              () -> graph.users().byUserId(userIdOrPrincipalName).authentication().methods().get());
    } catch (NotFound e) {
      return Optional.empty();
    }
    if (methods == null || methods.getValue() == null) {
      throw Calls.malformed(system, CALL_METHODS, "no value", true);
    }
    List<AuthenticationMethod> all = methods.getValue();
    if (all.stream().anyMatch(m -> m instanceof MicrosoftAuthenticatorAuthenticationMethod)) {
      return Optional.of(EntraPushChannel.Method.AUTHENTICATOR_PUSH);
    }
    if (all.stream()
        .anyMatch(
            m ->
                m instanceof PhoneAuthenticationMethod p
                    && p.getPhoneType() == AuthenticationPhoneType.Mobile)) {
      return Optional.of(EntraPushChannel.Method.PHONE_CALL);
    }
    return Optional.empty();
  }

  /** Graph answered 404. */
  private static final class NotFound extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotFound() {
      super(null, null, false, false);
    }
  }

  private <T> T call(String callName, Supplier<T> call) {
    try {
      return call.get();
    } catch (ApiException e) {
      throw failure(callName, e);
    } catch (IntegrationFailure e) {
      throw e;
    } catch (UncheckedIOException e) {
      throw connection(callName, e.getCause());
    } catch (RuntimeException e) {
      if (causedBy(e, ClientAuthenticationException.class)) {
        throw new PermanentFailure(
            system,
            callName,
            "Entra refused the Graph application's credential: check tenant-id, client-id and"
                + " its secret or certificate",
            null);
      }
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw connection(callName, io);
      }
      // The SDK's parsers throw unchecked exceptions for answers they cannot read.
      throw Calls.malformed(system, callName, e.getClass().getSimpleName(), true);
    }
  }

  private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  private RuntimeException failure(String callName, ApiException e) {
    int code = e.getResponseStatusCode();
    if (code == 404) {
      return new NotFound();
    }
    if (code == 429 || code >= 500) {
      // Graph's throttling maps as connector-http maps any other vendor's.
      return Calls.unavailable(system, callName, code, "Microsoft Graph", retryAfter(e), "");
    }
    String hint =
        switch (code) {
          case 401 -> ": check the tenant id and the Graph application's credential";
          case 403 ->
              ": grant the Graph application the application permissions User.Read.All and"
                  + " UserAuthenticationMethod.Read.All, with admin consent";
          default -> ": " + Redaction.redact(String.valueOf(e.getMessage()));
        };
    return new PermanentFailure(
        system, callName, "HTTP " + code + " from Microsoft Graph" + hint, null);
  }

  private static Optional<Duration> retryAfter(ApiException e) {
    if (e.getResponseHeaders() == null) {
      return Optional.empty();
    }
    Set<String> values = e.getResponseHeaders().get("retry-after");
    if (values == null || values.isEmpty()) {
      values = e.getResponseHeaders().get("Retry-After");
    }
    if (values == null || values.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Duration.ofSeconds(Long.parseLong(values.iterator().next().strip())));
    } catch (NumberFormatException ex) {
      return Optional.empty();
    }
  }

  private TransientFailure connection(String callName, Throwable cause) {
    return new TransientFailure(
        system,
        callName,
        "cannot reach Microsoft Graph: " + cause.getClass().getSimpleName(),
        Optional.empty(),
        true,
        null);
  }
}
