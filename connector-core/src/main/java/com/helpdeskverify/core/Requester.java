package com.helpdeskverify.core;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The person a ticket is for, exactly as the ticket system authenticated them. The push goes to
 * this identity and to nothing written in the ticket text.
 *
 * @param accountId the ticket system's stable account id (Jira accountId, ServiceNow sys_id)
 * @param email the account's e-mail address when the ticket system discloses it
 * @param displayName for messages only; never used to find the push target
 * @param attributes directory attributes the ticket system holds for the account and its users
 *     cannot edit themselves, by the ticket system's name ({@code user_name}, {@code
 *     employee_number}); a provider may map the push target by one of them instead of the e-mail
 *     address, which some directories let users change
 */
public record Requester(
    String accountId,
    Optional<String> email,
    String displayName,
    SortedMap<String, String> attributes) {
  public Requester {
    Text.requireNonBlank(accountId, "accountId");
    Objects.requireNonNull(email, "email");
    email = email.filter(e -> !e.isBlank());
    displayName = Text.orEmpty(displayName);
    SortedMap<String, String> copy = new TreeMap<>();
    attributes.forEach(
        (k, v) -> {
          if (v != null && !v.isBlank()) {
            copy.put(Text.requireNonBlank(k, "attribute name"), v.strip());
          }
        });
    attributes = Collections.unmodifiableSortedMap(copy);
  }

  /**
   * The attribute that names where the e-mail address came from when it is not the ticket system's
   * own record of the account (a directory the admin chose, because the ticket system hides it);
   * the audit history names it.
   */
  public static final String EMAIL_SOURCE = "email_source";

  /** A requester without directory attributes. */
  public Requester(String accountId, Optional<String> email, String displayName) {
    this(accountId, email, displayName, new TreeMap<>());
  }

  /** This requester with the given directory attributes (blank values are left out). */
  public Requester withAttributes(Map<String, String> attributes) {
    return new Requester(accountId, email, displayName, new TreeMap<>(attributes));
  }

  /** A directory attribute of the account, when the ticket system delivered it. */
  public Optional<String> attribute(String name) {
    return Optional.ofNullable(attributes.get(name));
  }

  public static Requester of(String accountId, String email, String displayName) {
    return new Requester(accountId, Optional.ofNullable(email), displayName);
  }

  public boolean sameAccount(Requester other) {
    return accountId.equals(other.accountId);
  }
}
