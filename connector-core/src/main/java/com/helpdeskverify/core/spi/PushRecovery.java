package com.helpdeskverify.core.spi;

/** The answer of {@link PushProvider#recover}. */
public sealed interface PushRecovery {
  /** The push went out; here is what the provider said when it did. */
  record Sent(PushStart.Started started) implements PushRecovery {}

  /** The provider knows no push was sent for the request; sending one now is safe. */
  record NotSent() implements PushRecovery {}

  /** The provider cannot tell. */
  record Unknown() implements PushRecovery {}
}
