package com.helpdeskverify.core;

import java.util.List;
import java.util.Objects;

/**
 * The classifier's verdict on a ticket.
 *
 * @param confidence 0.0 to 1.0
 * @param evidence the words or phrases that decided, shown to technicians
 */
public record Classification(
    SensitiveOperation operation, double confidence, List<String> evidence) {
  public Classification {
    Objects.requireNonNull(operation, "operation");
    if (!(confidence >= 0.0 && confidence <= 1.0)) {
      throw new IllegalArgumentException("confidence must be within 0..1, was " + confidence);
    }
    evidence = List.copyOf(evidence);
  }

  public boolean sensitive() {
    return operation.sensitive();
  }

  public static Classification none() {
    return new Classification(SensitiveOperation.NONE, 1.0, List.of());
  }
}
