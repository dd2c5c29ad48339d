package com.helpdeskverify.providers.entra;

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
import com.helpdeskverify.http.CircuitBreaker;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Microsoft Entra ID: finds the requester with Microsoft Graph and asks them in Microsoft
 * Authenticator (approve/deny, no number matching), or by a call to their mobile phone when no
 * Authenticator is registered, through an {@link EntraPushChannel}.
 */
public final class EntraPushProvider implements PushProvider {
  private final String id;
  private final EntraDirectory directory;
  private final EntraPushChannel channel;
  private final Duration deadline;
  private final CircuitBreaker graphCircuit;
  private final CircuitBreaker mfaCircuit;
  private final Optional<String> accountIdAttribute;

  EntraPushProvider(
      String id,
      EntraDirectory directory,
      EntraPushChannel channel,
      Duration deadline,
      CircuitBreaker graphCircuit,
      CircuitBreaker mfaCircuit) {
    this(id, directory, channel, deadline, graphCircuit, mfaCircuit, Optional.empty());
  }

  /**
   * @param accountIdAttribute the user property (a directory extension such as {@code
   *     extension_<appId>_atlassianAccountId}, or {@code employeeId}) that holds the ticket
   *     system's account id, searched when the ticket system hides the requester's address
   */
  EntraPushProvider(
      String id,
      EntraDirectory directory,
      EntraPushChannel channel,
      Duration deadline,
      CircuitBreaker graphCircuit,
      CircuitBreaker mfaCircuit,
      Optional<String> accountIdAttribute) {
    this.accountIdAttribute = accountIdAttribute;
    this.id = id;
    this.directory = directory;
    this.channel = channel;
    this.deadline = deadline;
    this.graphCircuit = graphCircuit;
    this.mfaCircuit = mfaCircuit;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String displayName() {
    return "Microsoft Authenticator";
  }

  @Override
  public Duration pushTimeout() {
    return deadline;
  }

  @Override
  public UserLookup lookup(Requester requester) {
    Optional<String> email = requester.email().map(EmailAddresses::normalize);
    if (email.isEmpty() && accountIdAttribute.isPresent()) {
      return byAccountId(requester.accountId(), accountIdAttribute.get());
    }
    if (email.isEmpty()) {
      return new NotVerifiable(
          ReasonCode.UNKNOWN_USER,
          "the ticket system disclosed no e-mail address for the requester");
    }
    List<EntraDirectory.Account> accounts =
        graphCircuit.call(EntraDirectory.CALL_USERS, () -> directory.accountsFor(email.get()));
    if (accounts.isEmpty()) {
      return new NotVerifiable(
          ReasonCode.UNKNOWN_USER, "no Entra user has this user principal name or e-mail");
    }
    if (accounts.size() > 1) {
      return new NotVerifiable(
          ReasonCode.UNKNOWN_USER,
          accounts.size() + " Entra users share this e-mail address; none is pushed to");
    }
    return reachable(accounts.get(0), "");
  }

  /**
   * The one Entra user whose {@code attribute} holds the requester's account id (the ticket system
   * hid the address); none or several: nobody is pushed.
   */
  private UserLookup byAccountId(String accountId, String attribute) {
    List<EntraDirectory.Account> accounts =
        graphCircuit.call(
            EntraDirectory.CALL_USERS, () -> directory.accountsWith(attribute, accountId));
    if (accounts.isEmpty()) {
      return new NotVerifiable(
          ReasonCode.UNKNOWN_USER, "no Entra user whose " + attribute + " is " + accountId);
    }
    if (accounts.size() > 1) {
      return new NotVerifiable(
          ReasonCode.NOT_ACCOUNT_OWNER,
          accounts.size()
              + " Entra users have "
              + attribute
              + " "
              + accountId
              + "; fix the"
              + " directory");
    }
    return reachable(accounts.get(0), "by " + attribute + " = the requester's account id");
  }

  private UserLookup reachable(EntraDirectory.Account found, String via) {
    EntraDirectory.Account account = found;
    if (!account.enabled()) {
      return new NotVerifiable(ReasonCode.UNKNOWN_USER, "the Entra account is disabled");
    }
    Optional<EntraPushChannel.Method> method =
        graphCircuit.call(EntraDirectory.CALL_METHODS, () -> directory.pushMethod(account.id()));
    if (method.isEmpty()) {
      return noDevice();
    }
    return new UserLookup.Enrolled(account.userPrincipalName(), via);
  }

  /** Reads the registered methods again: one removed since the look-up is not pushed to. */
  @Override
  public PushStart startPush(PushRequest request) {
    String upn = request.providerUserId();
    Optional<EntraPushChannel.Method> method =
        graphCircuit.call(EntraDirectory.CALL_METHODS, () -> directory.pushMethod(upn));
    if (method.isEmpty()) {
      return noDevice();
    }
    return mfaCircuit.call(
        StrongAuthenticationChannel.CALL_BEGIN,
        () -> channel.begin(upn, method.get(), request.caseId()));
  }

  @Override
  public PushStatus status(PushHandle push) {
    return mfaCircuit.call(StrongAuthenticationChannel.CALL_END, () -> channel.status(push));
  }

  /** Proves both credentials: Graph's by reading one user, the MFA client's by a token. */
  @Override
  public void checkConnection() {
    graphCircuit.call(
        EntraDirectory.CALL_USERS,
        () -> {
          directory.check();
          return null;
        });
    mfaCircuit.call(
        StrongAuthenticationChannel.CALL_TOKEN,
        () -> {
          channel.checkConnection();
          return null;
        });
  }

  private static NotVerifiable noDevice() {
    return new NotVerifiable(
        ReasonCode.NO_ENROLLED_DEVICE,
        "neither Microsoft Authenticator nor a mobile phone is registered for the user");
  }

  @Override
  public boolean paused() {
    return graphCircuit.isOpen() || mfaCircuit.isOpen();
  }
}
