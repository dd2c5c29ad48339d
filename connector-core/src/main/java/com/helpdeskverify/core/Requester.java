package com.helpdeskverify.core;

import java.util.Objects;
import java.util.Optional;

/**
 * The person a ticket is for, exactly as the ticket system authenticated them. The push goes to
 * this identity and to nothing written in the ticket text.
 *
 * @param accountId the ticket system's stable account id (Jira accountId, ServiceNow sys_id)
 * @param email the account's e-mail address when the ticket system discloses it
 * @param displayName for messages only; never used to find the push target
 */
public record Requester(String accountId, Optional<String> email, String displayName) {
  public Requester {
    Text.requireNonBlank(accountId, "accountId");
    Objects.requireNonNull(email, "email");
    email = email.filter(e -> !e.isBlank());
    displayName = Text.orEmpty(displayName);
  }

  public static Requester of(String accountId, String email, String displayName) {
    return new Requester(accountId, Optional.ofNullable(email), displayName);
  }

  public boolean sameAccount(Requester other) {
    return accountId.equals(other.accountId);
  }
}
