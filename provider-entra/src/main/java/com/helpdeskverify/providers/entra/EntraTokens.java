package com.helpdeskverify.providers.entra;

import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.exception.ClientAuthenticationException;
import com.helpdeskverify.core.spi.IntegrationFailure;
import com.helpdeskverify.core.spi.PermanentFailure;
import com.helpdeskverify.core.spi.TransientFailure;
import java.util.Objects;
import java.util.Optional;

/**
 * An Authorization header from an Azure Identity credential (client secret or certificate). Asking
 * for each call costs no request while the token lasts: the credential looks in MSAL's token cache
 * first (azure-identity 1.19.0, {@code ClientSecretCredential.getToken}: {@code
 * authenticateWithConfidentialClientCache}, then a new token only if that is empty). Entra refusing
 * the credential is permanent (nothing changes until an admin does); any other failure to get a
 * token is transient.
 */
final class EntraTokens {
  private final TokenCredential credential;
  private final String scope;
  private final String system;
  private final String refused;

  /**
   * @param refused what to tell the admin when Entra refuses the credential
   */
  EntraTokens(TokenCredential credential, String scope, String system, String refused) {
    this.credential = Objects.requireNonNull(credential);
    this.scope = Objects.requireNonNull(scope);
    this.system = Objects.requireNonNull(system);
    this.refused = Objects.requireNonNull(refused);
  }

  /**
   * @param callName the call the token is for, as a failure names it
   */
  String bearer(String callName) {
    try {
      return "Bearer "
          + credential.getTokenSync(new TokenRequestContext().addScopes(scope)).getToken();
    } catch (ClientAuthenticationException e) {
      throw new PermanentFailure(system, callName, refused, null);
    } catch (IntegrationFailure e) {
      throw e;
    } catch (RuntimeException e) {
      throw new TransientFailure(
          system,
          callName,
          "token request failed: " + e.getClass().getSimpleName(),
          Optional.empty(),
          false,
          null);
    }
  }
}
