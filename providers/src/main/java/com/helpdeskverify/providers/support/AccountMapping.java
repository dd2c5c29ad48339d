package com.helpdeskverify.providers.support;

import com.helpdeskverify.core.ReasonCode;
import com.helpdeskverify.core.Requester;
import com.helpdeskverify.core.config.ConfigDef;
import com.helpdeskverify.core.config.ConfigException;
import com.helpdeskverify.core.config.ConfigValues;
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

  /** Adds {@code username-from} and {@code email-domains} to a provider's definition. */
  public static ConfigDef declare(ConfigDef def) {
    return def.enumOf(
            "username-from",
            Form.class,
            Form.EMAIL,
            "which part of the requester's e-mail address is the user name at the provider")
        .stringList(
            "email-domains",
            "the organisation's e-mail domains; addresses in other domains are refused (required"
                + " with username-from: email-local-part)");
  }

  /** The mapping a section declared with {@link #declare} configures. */
  public static AccountMapping from(ConfigValues config) {
    try {
      return new AccountMapping(
          config.enumValue("username-from", Form.class), config.strings("email-domains"));
    } catch (IllegalArgumentException e) {
      throw ConfigException.of(
          config.path()
              + ".email-domains: expected the organisation's e-mail domains when username-from is"
              + " email-local-part, got none");
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
