package com.helpdeskverify.core;

/**
 * What a ticket asks for, as far as verification is concerned. Names are part of the CLI output.
 */
public enum SensitiveOperation {
  CREDENTIAL_RESET("a password or credential reset"),
  MFA_RESET("a reset of multi-factor authentication"),
  ACCOUNT_UNLOCK("an account unlock"),
  ADMIN_ACCOUNT_CREATION("the creation of an administrator account"),
  PRIVILEGE_CHANGE("a change of privileges"),
  ACCESS_GRANT("a grant of access or permissions"),
  /**
   * A check of the requester's identity that a technician asked for (a label, a field), whatever
   * the ticket asks; never what the classifier finds in a text.
   */
  IDENTITY_CHECK("an identity check the service desk asked for"),
  NONE("nothing that needs verification");

  private final String description;

  SensitiveOperation(String description) {
    this.description = description;
  }

  /** Words for employee-facing messages ("a password or credential reset"). */
  public String description() {
    return description;
  }

  public boolean sensitive() {
    return this != NONE;
  }
}
