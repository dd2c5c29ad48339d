package com.helpdeskverify.providers.support;

import com.helpdeskverify.core.EmailAddresses;
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
 * @param form which part of the requester's e-mail address, or which directory attribute, is the
 *     provider's user name
 * @param attribute with {@link Form#ATTRIBUTE}: the requester attribute the ticket system vouches
 *     for ({@code user_name}, {@code employee_number}) that is the user name
 * @param emailDomains the domains whose addresses belong to the organisation's accounts; when not
 *     empty, an address in any other domain is refused, so that an outside address such as {@code
 *     alice@example.net} never reaches the account {@code alice}. Required with {@link
 *     Form#EMAIL_LOCAL_PART}.
 */
public record AccountMapping(Form form, Optional<String> attribute, List<String> emailDomains) {

  /** Which part of the address, or which attribute, is the user name. */
  public enum Form {
    /** The whole address, {@code alice@corp.example}, in its normalised form. */
    EMAIL,
    /** The part before the {@code @}, {@code alice}. */
    EMAIL_LOCAL_PART,
    /**
     * A directory attribute the ticket system delivers with the requester and users cannot edit
     * themselves (ServiceNow {@code user_name}, {@code employee_number}): safe where the directory
     * lets users change their own e-mail address.
     */
    ATTRIBUTE
  }

  public AccountMapping {
    Objects.requireNonNull(form, "form");
    Objects.requireNonNull(attribute, "attribute");
    attribute = attribute.map(String::strip).filter(a -> !a.isEmpty());
    emailDomains = emailDomains.stream().map(d -> d.strip().toLowerCase(Locale.ROOT)).toList();
    if (form == Form.EMAIL_LOCAL_PART && emailDomains.isEmpty()) {
      throw new IllegalArgumentException(
          "mapping by the e-mail local part needs the organisation's e-mail domains");
    }
    if (form == Form.ATTRIBUTE && attribute.isEmpty()) {
      throw new IllegalArgumentException("mapping by an attribute needs the attribute's name");
    }
  }

  /** A mapping by the e-mail address. */
  public AccountMapping(Form form, List<String> emailDomains) {
    this(form, Optional.empty(), emailDomains);
  }

  /** Adds {@code username-from} and {@code email-domains} to a provider's definition. */
  public static ConfigDef declare(ConfigDef def) {
    return def.enumOf(
            "username-from",
            Form.class,
            Form.EMAIL,
            "which part of the requester's e-mail address, or which attribute (username-from:"
                + " attribute), is the user name at the provider")
        .optionalString(
            "username-attribute",
            "with username-from: attribute, the requester attribute the ticket system delivers"
                + " that users cannot edit (ServiceNow: user_name or employee_number)")
        .stringList(
            "email-domains",
            "the organisation's e-mail domains; addresses in other domains are refused (required"
                + " with username-from: email-local-part)");
  }

  /**
   * What is inconsistent in the mapping settings of a section declared with {@link #declare}, each
   * problem starting with the setting's full path; empty when {@link #from} will succeed.
   */
  public static List<String> problems(ConfigValues config) {
    Form form = config.enumValue("username-from", Form.class);
    if (form == Form.ATTRIBUTE
        && config.optionalString("username-attribute").filter(a -> !a.isBlank()).isEmpty()) {
      return List.of(
          config.path()
              + ".username-attribute: required when username-from is attribute; name the"
              + " requester attribute to map by, such as user_name or employee_number");
    }
    if (form == Form.EMAIL_LOCAL_PART && config.strings("email-domains").isEmpty()) {
      return List.of(
          config.path()
              + ".email-domains: required when username-from is email-local-part; list the"
              + " organisation's e-mail domains, such as [corp.example]");
    }
    return List.of();
  }

  /** The mapping a section declared with {@link #declare} configures. */
  public static AccountMapping from(ConfigValues config) {
    ConfigException.throwIfAny(problems(config));
    return new AccountMapping(
        config.enumValue("username-from", Form.class),
        config.optionalString("username-attribute"),
        config.strings("email-domains"));
  }

  /** The provider user name of the requester, or empty when it has none (see {@link #refusal}). */
  public Optional<String> username(Requester requester) {
    if (form == Form.ATTRIBUTE) {
      return requester.attribute(attribute.orElseThrow());
    }
    Optional<String> email = requester.email().map(EmailAddresses::normalize);
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
    if (form == Form.ATTRIBUTE) {
      return new NotVerifiable(
          ReasonCode.UNKNOWN_USER,
          "the ticket system delivered no " + attribute.orElseThrow() + " for the requester");
    }
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
