package com.helpdeskverify.core.workflow;

import java.util.Set;

/**
 * Every text the workflow posts, with its default wording and the placeholders it may use. Admins
 * override the wording per message key ({@link #key()}) in configuration.
 */
public enum Message {
  NOTICE(
      "notice",
      "To protect your account, we need to confirm that this request comes from you. You will get"
          + " a {provider} prompt on your registered device in a moment. Approve it only if you"
          + " asked for {operation} in {ticket}; deny it otherwise. The prompt expires"
          + " after {timeout}.",
      Set.of("provider", "operation", "ticket", "timeout", "requester")),
  MATCH_NUMBER(
      "match-number",
      "When the {provider} prompt asks for a number, enter {number}.",
      Set.of("provider", "number", "ticket")),
  VERIFY_LINK(
      "verify-link",
      "Open this link on the phone that holds your {provider} and follow its steps to confirm"
          + " this request: {link} The link expires after {timeout}.",
      Set.of("provider", "link", "ticket", "timeout")),
  EXECUTED(
      "executed",
      "Thank you, your identity is confirmed. Your request for {operation} is being carried out.",
      Set.of("operation", "ticket", "requester")),
  REJECTED_DENIED(
      "rejected-denied",
      "The verification prompt was denied, so this request has been rejected and nothing was"
          + " changed. If you did make this request, please submit it again.",
      Set.of("operation", "ticket", "provider")),
  REJECTED_TIMED_OUT(
      "rejected-timed-out",
      "The verification prompt was not answered within {timeout}, so this request has"
          + " been rejected and nothing was changed. Please submit it again when you can answer"
          + " the prompt.",
      Set.of("operation", "ticket", "provider", "timeout")),
  ESCALATED_PUBLIC(
      "escalated",
      "We could not confirm this request automatically. A technician will contact you to verify"
          + " your identity before anything is changed.",
      Set.of("operation", "ticket")),
  ESCALATED_INTERNAL(
      "escalated-internal",
      "helpdesk-verify could not verify the requester: {reason}.\n"
          + "Requested: {operation} (confidence {confidence}; evidence: {evidence}).\n"
          + "Requester: {requester}.\n"
          + "Verify the requester's identity through an independent channel before acting.\n"
          + "Case {case}, attempt {attempt}.",
      Set.of(
          "reason",
          "operation",
          "confidence",
          "evidence",
          "requester",
          "case",
          "attempt",
          "ticket")),
  FRAUD_INTERNAL(
      "fraud-internal",
      // The provider's own words, because providers know fraud differently: Duo from the button
      // the requester pressed, Okta only by inference from a report in its System Log.
      "SECURITY: the verification push for this ticket was denied with signs of fraud: {detail}."
          + " The request was rejected. Treat it as a possible social-engineering attempt or a"
          + " compromised account of {requester}, and inform the security team. Case {case},"
          + " attempt {attempt}.",
      Set.of("requester", "detail", "case", "attempt", "ticket")),
  LEFT_ALONE_INTERNAL(
      "left-alone-internal",
      "helpdesk-verify stopped verifying this ticket and left it as it is: {reason}. It was not"
          + " moved on and nothing was carried out. Requested: {operation}. Requester:"
          + " {requester}. Case {case}, attempt {attempt}.",
      Set.of("reason", "operation", "requester", "case", "attempt", "ticket")),
  REJECT_REASON_DENIED(
      "reject-reason-denied", "Identity verification was denied.", Set.of("operation", "ticket")),
  REJECT_REASON_TIMED_OUT(
      "reject-reason-timed-out",
      "Identity verification was not answered in time.",
      Set.of("operation", "ticket"));

  private final String key;
  private final String defaultText;
  private final Set<String> placeholders;

  Message(String key, String defaultText, Set<String> placeholders) {
    this.key = key;
    this.defaultText = defaultText;
    this.placeholders = placeholders;
  }

  /** The name of this message in configuration. */
  public String key() {
    return key;
  }

  public String defaultText() {
    return defaultText;
  }

  public Set<String> placeholders() {
    return placeholders;
  }
}
