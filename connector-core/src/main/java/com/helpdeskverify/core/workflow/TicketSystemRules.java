package com.helpdeskverify.core.workflow;

import com.helpdeskverify.core.RequestDetails;
import com.helpdeskverify.core.SensitiveOperation;
import com.helpdeskverify.core.Text;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What one ticket system's configuration says about intake and verification, beyond the classifier.
 *
 * @param onBehalf what happens to a ticket an agent opened for the requester
 * @param alwaysVerify request types, catalog items, categories that are sensitive whatever the text
 *     says, tried in order before the classifier
 * @param hintBelow a ticket the classifier finds not sensitive, but with signs of a sensitive
 *     request, gets one "possibly sensitive" note when the classifier's confidence is below this; 0
 *     sends no hints
 */
public record TicketSystemRules(
    OnBehalf onBehalf, List<AlwaysVerify> alwaysVerify, double hintBelow) {

  /** The default: on-behalf tickets verified, no rules, hints below 0.9. */
  public static final TicketSystemRules DEFAULTS =
      new TicketSystemRules(OnBehalf.VERIFY, List.of(), 0.9);

  public TicketSystemRules {
    Objects.requireNonNull(onBehalf, "onBehalf");
    alwaysVerify = List.copyOf(alwaysVerify);
    if (!(hintBelow >= 0.0 && hintBelow <= 1.0)) {
      throw new IllegalArgumentException("hintBelow must be within 0..1, was " + hintBelow);
    }
  }

  /** What happens to a ticket an agent opened on the requester's behalf. */
  public enum OnBehalf {
    /** The requester the ticket names is pushed; the agent gets internal notes. */
    VERIFY,
    /** Nobody is pushed; a technician verifies (the behaviour before on-behalf verification). */
    ESCALATE
  }

  /**
   * One rule: a ticket whose {@code field} has {@code value} (letter case and outer spaces aside)
   * asks for {@code operation}.
   *
   * @param field one of {@link #FIELDS}
   */
  public record AlwaysVerify(String field, String value, SensitiveOperation operation) {
    /** The {@link RequestDetails#fields()} keys a rule may test. */
    public static final Set<String> FIELDS =
        Set.of(
            RequestDetails.REQUEST_TYPE,
            RequestDetails.CATALOG_ITEM,
            RequestDetails.CATEGORY,
            RequestDetails.SUBCATEGORY);

    public AlwaysVerify {
      if (!FIELDS.contains(field)) {
        throw new IllegalArgumentException(
            "unknown field '"
                + field
                + "'; known are "
                + String.join(", ", FIELDS.stream().sorted().toList()));
      }
      value = Text.requireNonBlank(value, "value").strip();
      Objects.requireNonNull(operation, "operation");
      if (!operation.sensitive()) {
        throw new IllegalArgumentException("a rule needs a sensitive category, not " + operation);
      }
    }

    boolean matches(RequestDetails details) {
      String actual = details.fields().get(field);
      return actual != null
          && actual.strip().toLowerCase(Locale.ROOT).equals(value.toLowerCase(Locale.ROOT));
    }

    /** How the evidence names this rule. */
    String describe() {
      return "always-verify rule " + field + " = \"" + value + "\"";
    }
  }

  /** The first rule the details match. */
  public Optional<AlwaysVerify> ruleFor(RequestDetails details) {
    return alwaysVerify.stream().filter(r -> r.matches(details)).findFirst();
  }
}
