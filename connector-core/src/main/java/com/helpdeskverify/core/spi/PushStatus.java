package com.helpdeskverify.core.spi;

/** What became of a push, as the provider reports it. */
public sealed interface PushStatus {
  record Pending() implements PushStatus {}

  record Approved() implements PushStatus {}

  /**
   * @param fraudReported the requester marked the push as not theirs
   */
  record Denied(boolean fraudReported, String detail) implements PushStatus {}

  /** The provider's own deadline passed without an answer. */
  record Expired() implements PushStatus {}
}
