package com.helpdeskverify.core.spi;

/** The answer of {@link PushProvider#lookup}. */
public sealed interface UserLookup permits UserLookup.Enrolled, NotVerifiable {

  /**
   * The requester has an account with at least one device that can receive a push.
   *
   * @param via how the provider found the account when not by the requester's e-mail address (such
   *     as a directory attribute holding the ticket system's account id), for the audit history;
   *     empty otherwise
   */
  record Enrolled(String providerUserId, String via) implements UserLookup {
    public Enrolled {
      com.helpdeskverify.core.Text.requireNonBlank(providerUserId, "providerUserId");
      via = com.helpdeskverify.core.Text.orEmpty(via);
    }

    /** Found the usual way, by what the ticket system says of the requester. */
    public Enrolled(String providerUserId) {
      this(providerUserId, "");
    }
  }
}
