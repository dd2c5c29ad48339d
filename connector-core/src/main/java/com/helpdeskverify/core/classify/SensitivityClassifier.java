package com.helpdeskverify.core.classify;

import com.helpdeskverify.core.Classification;
import com.helpdeskverify.core.Requester;
import java.util.Optional;

/** Decides from a ticket's text whether it asks for something that needs verification. */
public interface SensitivityClassifier {
  /** Classifies a ticket whose requester's e-mail address is not known. */
  default Classification classify(String summary, String description) {
    return classify(summary, description, Optional.empty());
  }

  /**
   * @param requesterEmail the authenticated requester's own address, when the ticket system
   *     discloses it; an address in the text that differs from it marks a third party
   */
  Classification classify(String summary, String description, Optional<String> requesterEmail);

  /**
   * Classifies a ticket knowing what the ticket system says about its requester; a classifier that
   * uses only the address need not override this.
   */
  default Classification classify(String summary, String description, Requester requester) {
    return classify(summary, description, requester.email());
  }

  /**
   * Classifies a ticket an agent wrote for the requester (a phone call logged by the service desk):
   * "she", "her password", "for him" then speak of the requester, the caller, not of someone else.
   * Everything that names an account or person other than the requester still counts. A classifier
   * that cannot tell need not override this; it then errs towards escalation.
   */
  default Classification classifyWrittenForRequester(
      String summary, String description, Requester requester) {
    return classify(summary, description, requester);
  }
}
