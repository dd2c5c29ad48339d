package com.helpdeskverify.providers.entra;

import com.helpdeskverify.core.CaseId;
import com.helpdeskverify.core.PushHandle;
import com.helpdeskverify.core.spi.PushStart;
import com.helpdeskverify.core.spi.PushStatus;

/**
 * Sends a Microsoft Authenticator push (or phone call) to an Entra user and reads its answer.
 *
 * <p>Microsoft publishes no Graph API that sends such a push. The one implementation, {@link
 * StrongAuthenticationChannel}, uses the StrongAuthenticationService calls the NPS extension for
 * Entra MFA and the AD FS adapter make; this interface keeps it replaceable by a supported API when
 * Microsoft ships one. Both methods may throw the core's failure types.
 */
public interface EntraPushChannel {

  /** How the requester is asked. */
  enum Method {
    /** An approve/deny notification in Microsoft Authenticator. */
    AUTHENTICATOR_PUSH,
    /** A call to the registered phone, answered with the # key. */
    PHONE_CALL
  }

  /**
   * Starts one verification.
   *
   * @param userPrincipalName the user's UPN, as the directory knows it
   * @param caseId the attempt; sent as correlation id
   */
  PushStart begin(String userPrincipalName, Method method, CaseId caseId);

  /** What became of a verification {@link #begin} started. */
  PushStatus status(PushHandle push);

  /** Proves the channel's credentials work without prompting anyone. */
  void checkConnection();
}
