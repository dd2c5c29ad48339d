package com.helpdeskverify.providers.common;

import com.helpdeskverify.core.ReasonCode;
import com.helpdeskverify.core.Requester;
import com.helpdeskverify.core.spi.NotVerifiable;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * How a provider's user name is derived from the requester the ticket system authenticated, and
 * from nothing else: never from ticket text.
 *
 * @param form which part of the requester's e-mail address is the provider's user name
 * @param emailDomains the domains whose addresses belong to the organisation's accounts; when not
 *     empty, an address in any other domain is refused, so that an outside address such as {@code
 *     alice@example.net} never reaches the account {@code alice}. Required with {@link
 *     Form#EMAIL_LOCAL_PART}.
 */
public record AccountMapping(Form form, List<String> emailDomains) {

  /** Which part of the address is the user name. */
  public enum Form {
    /** The whole address, {@code alice@corp.example}. */
    EMAIL,
    /** The part before the {@code @}, {@code alice}. */
    EMAIL_LOCAL_PART
  }

  public AccountMapping {
    Objects.requireNonNull(form, "form");
    emailDomains = emailDomains.stream().map(d -> d.strip().toLowerCase(Locale.ROOT)).toList();
    if (form == Form.EMAIL_LOCAL_PART && emailDomains.isEmpty()) {
      throw new IllegalArgumentException(
          "mapping by the e-mail local part needs the organisation's e-mail domains");
    }
  }

  /** The provider user name of the requester, or empty when it has none (see {@link #refusal}). */
  public Optional<String> username(Requester requester) {
    Optional<String> email = requester.email().map(String::strip);
    if (email.isEmpty()) {
      return Optional.empty();
    }
    String address = email.get();
    int at = address.lastIndexOf('@');
    if (at <= 0 || at == address.length() - 1) {
      return Optional.empty();
    }
    String domain = address.substring(at + 1).toLowerCase(Locale.ROOT);
    if (!emailDomains.isEmpty() && !emailDomains.contains(domain)) {
      return Optional.empty();
    }
    return Optional.of(form == Form.EMAIL ? address : address.substring(0, at));
  }

  /** Why {@link #username} found no user name for the requester. */
  public NotVerifiable refusal(Requester requester) {
    Optional<String> email = requester.email();
    if (email.isEmpty()) {
      return new NotVerifiable(
          ReasonCode.UNKNOWN_USER,
          "the ticket system disclosed no e-mail address for the requester");
    }
    String address = email.get().strip();
    int at = address.lastIndexOf('@');
    if (at <= 0 || at == address.length() - 1) {
      return new NotVerifiable(
          ReasonCode.UNKNOWN_USER, "the requester's e-mail address is not an address");
    }
    return new NotVerifiable(
        ReasonCode.NOT_ACCOUNT_OWNER,
        "the requester's e-mail domain "
            + address.substring(at + 1)
            + " is not one of the organisation's ("
            + String.join(", ", emailDomains)
            + ")");
  }
}
