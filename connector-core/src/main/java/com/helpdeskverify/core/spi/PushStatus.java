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

  /**
   * The provider verified someone, but its answer does not confirm that this is the requester, the
   * owner of the account the ticket changes (an Incode session that passed without a documented
   * match with the enrolled employee; a Verified ID credential of another account). Never an
   * approval: the case escalates with {@code detail}, for a technician to check.
   */
  record Unconfirmed(String detail) implements PushStatus {}
}
