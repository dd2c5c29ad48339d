package com.helpdeskverify.providers.entra;

import com.helpdeskverify.core.spi.PermanentFailure;
import com.helpdeskverify.http.Calls;
import com.helpdeskverify.http.PercentEncoding;
import java.util.List;
import java.util.Optional;
import retrofit2.Call;
import retrofit2.Response;

/**
 * Finds users and their registered authentication methods through Microsoft Graph's REST API
 * ({@link GraphApi}): two reads, for which the Graph SDK's 50,000 classes are not worth their cost
 * in every deployment (BENCHMARKS.md, "The service jar's table of contents").
 */
final class EntraDirectory {
  static final String CALL_USERS = "GET /users";
  static final String CALL_METHODS = "GET /users/{id}/authentication/methods";
  private static final String ACCOUNT_FIELDS = "id,userPrincipalName,accountEnabled";

  /** One directory account. */
  record Account(String id, String userPrincipalName, boolean enabled) {}

  private final String system;
  private final GraphApi graph;
  private final EntraTokens tokens;

  EntraDirectory(String system, GraphApi graph, EntraTokens tokens) {
    this.system = system;
    this.graph = graph;
    this.tokens = tokens;
  }

  /** The accounts whose user principal name or primary e-mail is {@code email}. */
  List<Account> accountsFor(String email) {
    String literal = literal(email);
    return accounts(
        users("userPrincipalName eq " + literal + " or mail eq " + literal, ACCOUNT_FIELDS, null));
  }

  /**
   * The users whose property {@code attribute} equals {@code value} (a directory extension or
   * another property Graph filters with {@code eq}); the value is quoted as an OData literal.
   */
  List<Account> accountsWith(String attribute, String value) {
    return accounts(users(attribute + " eq " + literal(value), ACCOUNT_FIELDS, 2));
  }

  /** Reads one user: proves the Graph credential and the permission to list users. */
  void check() {
    users(null, "id", 1);
  }

  /**
   * How the user can be asked: Microsoft Authenticator when registered, else a call to a mobile
   * phone; empty when neither is registered or the user no longer exists.
   */
  Optional<EntraPushChannel.Method> pushMethod(String userIdOrPrincipalName) {
    Optional<GraphApi.MethodList> methods =
        read(
            CALL_METHODS,
            graph.methods(
                tokens.bearer(CALL_METHODS), PercentEncoding.encode(userIdOrPrincipalName)));
    if (methods.isEmpty()) {
      return Optional.empty();
    }
    List<GraphApi.Method> all = methods.get().value();
    if (all == null) {
      throw Calls.malformed(system, CALL_METHODS, "no value", true);
    }
    if (all.stream().anyMatch(m -> GraphApi.Method.AUTHENTICATOR.equals(m.type()))) {
      return Optional.of(EntraPushChannel.Method.AUTHENTICATOR_PUSH);
    }
    if (all.stream()
        .anyMatch(m -> GraphApi.Method.PHONE.equals(m.type()) && "mobile".equals(m.phoneType()))) {
      return Optional.of(EntraPushChannel.Method.PHONE_CALL);
    }
    return Optional.empty();
  }

  private GraphApi.UserList users(String filter, String select, Integer top) {
    GraphApi.UserList users =
        read(CALL_USERS, graph.users(tokens.bearer(CALL_USERS), filter, select, top))
            .orElseThrow(
                () ->
                    new PermanentFailure(
                        system,
                        CALL_USERS,
                        "HTTP 404 from Microsoft Graph: check graph-url (such as"
                            + " https://graph.microsoft.com/v1.0)",
                        null));
    if (users.value() == null) {
      throw Calls.malformed(system, CALL_USERS, "no value", true);
    }
    return users;
  }

  private static List<Account> accounts(GraphApi.UserList users) {
    return users.value().stream()
        .filter(u -> u.id() != null && u.userPrincipalName() != null)
        .map(
            u ->
                new Account(
                    u.id(), u.userPrincipalName(), !Boolean.FALSE.equals(u.accountEnabled())))
        .toList();
  }

  /** The answer's body; empty for a 404 (a user that no longer exists). */
  private <T> Optional<T> read(String callName, Call<T> call) {
    Response<T> response = Calls.run(call, system, callName);
    int code = response.code();
    if (code == 401 || code == 403) {
      // Graph's own words for these help an admin less than what to check.
      response.errorBody().close();
      throw new PermanentFailure(
          system,
          callName,
          "HTTP "
              + code
              + " from Microsoft Graph"
              + (code == 401
                  ? ": check the tenant id and the Graph application's credential"
                  : ": grant the Graph application the application permissions User.Read.All"
                      + " and UserAuthenticationMethod.Read.All, with admin consent"),
          null);
    }
    // 404: empty; 429 and 5xx: transient, Retry-After kept, as for every vendor.
    return Calls.optionalBody(response, system, callName);
  }

  /** An OData string literal: quoted, quotes inside doubled. */
  private static String literal(String value) {
    return "'" + value.replace("'", "''") + "'";
  }
}
