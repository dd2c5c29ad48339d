package com.helpdeskverify.core.spi;

/** The answer of {@link PushProvider#lookup}. */
public sealed interface UserLookup permits UserLookup.Enrolled, NotVerifiable {

  /** The requester has an account with at least one device that can receive a push. */
  record Enrolled(String providerUserId) implements UserLookup {
    public Enrolled {
      com.helpdeskverify.core.Text.requireNonBlank(providerUserId, "providerUserId");
    }
  }
}
