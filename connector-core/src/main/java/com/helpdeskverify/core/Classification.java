package com.helpdeskverify.core;

import java.util.List;
import java.util.Objects;

/**
 * The classifier's verdict on a ticket.
 *
 * @param confidence 0.0 to 1.0
 * @param evidence the words or phrases that decided, shown to technicians
 * @param thirdParty what in the text says the sensitive request is for someone else's account (an
 *     e-mail address other than the requester's, "for my manager", "das Passwort meines Kollegen");
 *     empty when nothing does. Such a request is not verified by pushing to the requester.
 */
public record Classification(
    SensitiveOperation operation,
    double confidence,
    List<String> evidence,
    List<String> thirdParty) {
  public Classification {
    Objects.requireNonNull(operation, "operation");
    if (!(confidence >= 0.0 && confidence <= 1.0)) {
      throw new IllegalArgumentException("confidence must be within 0..1, was " + confidence);
    }
    evidence = List.copyOf(evidence);
    thirdParty = List.copyOf(thirdParty);
  }

  /** A verdict with no sign of a third party. */
  public Classification(SensitiveOperation operation, double confidence, List<String> evidence) {
    this(operation, confidence, evidence, List.of());
  }

  public boolean sensitive() {
    return operation.sensitive();
  }

  /** True when a sensitive request seems to be for another person's account. */
  public boolean targetsThirdParty() {
    return sensitive() && !thirdParty.isEmpty();
  }

  public static Classification none() {
    return new Classification(SensitiveOperation.NONE, 1.0, List.of());
  }
}
