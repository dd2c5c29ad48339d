package com.helpdeskverify.core.workflow;

import com.helpdeskverify.core.SensitiveOperation;
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
  NOTICE_IDENTITY_CHECK(
      "notice-identity-check",
      "The service desk asked us to confirm your identity for {ticket}. You will get a {provider}"
          + " prompt on your registered device in a moment. Approve it only if you are in touch"
          + " with the service desk about {ticket} right now; deny it otherwise. The prompt expires"
          + " after {timeout}.",
      Set.of("provider", "ticket", "timeout", "requester")),
  EXECUTED_IDENTITY_CHECK(
      "executed-identity-check",
      "Thank you, your identity is confirmed. The service desk will go on with {ticket}.",
      Set.of("ticket", "requester")),
  REJECTED_DENIED_IDENTITY_CHECK(
      "rejected-denied-identity-check",
      "The verification prompt was denied, so your identity could not be confirmed and this"
          + " request has been rejected; nothing was changed. If you are in touch with the service"
          + " desk, tell them.",
      Set.of("ticket", "provider")),
  REJECTED_TIMED_OUT_IDENTITY_CHECK(
      "rejected-timed-out-identity-check",
      "The verification prompt was not answered within {timeout}, so your identity could not be"
          + " confirmed and this request has been rejected; nothing was changed. Contact the service"
          + " desk again when you can answer the prompt.",
      Set.of("ticket", "provider", "timeout")),
  ESCALATED_PUBLIC_IDENTITY_CHECK(
      "escalated-identity-check",
      "We could not confirm your identity automatically. A technician will contact you to verify"
          + " it before anything is changed.",
      Set.of("ticket")),
  AGENT_PROMPTING(
      "agent-prompting",
      "helpdesk-verify is prompting {requester} ({account}) on {provider} now, for {operation};"
          + " the prompt can be answered until {deadline}. Ask the caller to approve the"
          + " {provider} prompt now. If the caller is not {requester}, or does not get the prompt,"
          + " do not act on this ticket. The outcome will be noted here. Case {case}, attempt"
          + " {attempt}.",
      Set.of(
          "requester",
          "account",
          "provider",
          "operation",
          "deadline",
          "case",
          "attempt",
          "ticket",
          "opened-by")),
  AGENT_PROMPTING_NUMBER(
      "agent-prompting-number",
      "helpdesk-verify is prompting {requester} ({account}) on {provider} now, for {operation};"
          + " the prompt can be answered until {deadline}. Ask the caller to approve the"
          + " {provider} prompt now; it asks for {number}: read that to the caller, who enters it"
          + " in the prompt. If the caller is not {requester}, or does not get the prompt, do not"
          + " act on this ticket. The outcome will be noted here. Case {case}, attempt {attempt}.",
      Set.of(
          "requester",
          "account",
          "provider",
          "operation",
          "deadline",
          "number",
          "case",
          "attempt",
          "ticket",
          "opened-by")),
  OUTCOME_INTERNAL(
      "outcome-internal",
      "Verification of {requester} ended: {reason}. The request was rejected; do not carry it out."
          + " Case {case}, attempt {attempt}.",
      Set.of("requester", "reason", "case", "attempt", "ticket")),
  VERIFIED_ACCOUNT(
      "verified-account",
      "Verified: {requester} approved {provider} push {push} at {approved-at}.\n"
          + "Account in {system}: {account}; e-mail: {email}; {provider} user: {provider-user}.\n"
          + "Act only on this person's own account: the approval verifies {requester} and nobody"
          + " else.\n"
          + "Case {case}, attempt {attempt}.",
      Set.of(
          "requester",
          "provider",
          "push",
          "approved-at",
          "system",
          "account",
          "email",
          "provider-user",
          "operation",
          "case",
          "attempt",
          "ticket")),
  POSSIBLY_SENSITIVE(
      "possibly-sensitive",
      "helpdesk-verify did not start verification for this ticket, but it shows signs of a"
          + " sensitive request: {evidence}. If the ticket asks for a password, MFA, access or"
          + " privilege change, verify the requester first: {how-to-ask}. This note is posted once.",
      Set.of("evidence", "how-to-ask", "ticket", "requester")),
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

  /**
   * The wording of this message for a case of the given category: an identity check a technician
   * asked for has texts of its own wherever the request's words would not fit.
   */
  public Message of(SensitiveOperation operation) {
    if (operation != SensitiveOperation.IDENTITY_CHECK) {
      return this;
    }
    return switch (this) {
      case NOTICE -> NOTICE_IDENTITY_CHECK;
      case EXECUTED -> EXECUTED_IDENTITY_CHECK;
      case REJECTED_DENIED -> REJECTED_DENIED_IDENTITY_CHECK;
      case REJECTED_TIMED_OUT -> REJECTED_TIMED_OUT_IDENTITY_CHECK;
      case ESCALATED_PUBLIC -> ESCALATED_PUBLIC_IDENTITY_CHECK;
      default -> this;
    };
  }

  /**
   * True for what the requester reads (public comments, the reject reason): written in the ticket's
   * language. Internal notes are for technicians and stay in the operator's language.
   */
  public boolean requesterFacing() {
    return switch (this) {
      case NOTICE,
          MATCH_NUMBER,
          VERIFY_LINK,
          EXECUTED,
          REJECTED_DENIED,
          REJECTED_TIMED_OUT,
          ESCALATED_PUBLIC,
          NOTICE_IDENTITY_CHECK,
          EXECUTED_IDENTITY_CHECK,
          REJECTED_DENIED_IDENTITY_CHECK,
          REJECTED_TIMED_OUT_IDENTITY_CHECK,
          ESCALATED_PUBLIC_IDENTITY_CHECK,
          REJECT_REASON_DENIED,
          REJECT_REASON_TIMED_OUT ->
          true;
      case ESCALATED_INTERNAL,
          FRAUD_INTERNAL,
          LEFT_ALONE_INTERNAL,
          AGENT_PROMPTING,
          AGENT_PROMPTING_NUMBER,
          OUTCOME_INTERNAL,
          VERIFIED_ACCOUNT,
          POSSIBLY_SENSITIVE ->
          false;
    };
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
