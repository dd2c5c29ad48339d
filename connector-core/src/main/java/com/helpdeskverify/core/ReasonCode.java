package com.helpdeskverify.core;

/** Why a case left the happy path, or how it ended, in words for technicians. */
public enum ReasonCode {
  APPROVED("the requester approved the push"),
  DENIED("the requester denied the push"),
  FRAUD_REPORTED("the push was denied with signs of fraud"),
  TIMED_OUT("the push was not answered in time"),
  NO_ENROLLED_DEVICE("the requester has no device enrolled for push verification"),
  UNKNOWN_USER("the push provider does not know the requester"),
  NOT_ACCOUNT_OWNER("the requester is not the owner of the account at the push provider"),
  OPENED_ON_BEHALF("the ticket was opened by someone other than the requester"),
  THIRD_PARTY_TARGET(
      "the request seems to be for another person's account, so the requester's own approval cannot"
          + " verify it"),
  PROVIDER_UNAVAILABLE("the push provider is unavailable"),
  IDENTITY_UNCONFIRMED(
      "the verification did not confirm that the person who answered owns the requester's"
          + " account"),
  PROVIDER_REFUSED(
      "the push provider's policy denies this requester or lets them in without a push, so no push"
          + " can verify them"),
  PUSH_RATE_LIMIT("the requester has received too many pushes recently"),
  PUSH_OUTCOME_UNKNOWN(
      "a push may already have been sent for this attempt, and it is not sent twice"),
  TICKET_UPDATE_FAILED("the ticket could not be updated"),
  TICKET_CLOSED("the ticket was closed or withdrawn"),
  TICKET_OUT_OF_SCOPE(
      "the ticket was moved out of the verification queue (another status, group or queue)"),
  APPROVAL_EXPIRED("the approval is too old to act on, so a new attempt sends a fresh push"),
  TICKET_DELETED("the ticket no longer exists"),
  REQUEST_EDITED("the request was edited, so it needs a new verification");

  private final String description;

  ReasonCode(String description) {
    this.description = description;
  }

  public String description() {
    return description;
  }
}
