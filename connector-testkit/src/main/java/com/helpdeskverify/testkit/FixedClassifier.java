package com.helpdeskverify.testkit;

import com.helpdeskverify.core.Classification;
import com.helpdeskverify.core.classify.SensitivityClassifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link SensitivityClassifier} that answers one scripted decision whatever the text, and keeps
 * the summaries it was asked about: a stand-in for the offline classifier where a test needs its
 * decision fixed (a stage wrapped around it), not its judgement.
 */
public final class FixedClassifier implements SensitivityClassifier {
  private final Classification decision;
  private final List<String> asked = new ArrayList<>();

  public FixedClassifier(Classification decision) {
    this.decision = Objects.requireNonNull(decision, "decision");
  }

  @Override
  public synchronized Classification classify(
      String summary, String description, Optional<String> requesterEmail) {
    asked.add(summary);
    return decision;
  }

  /** The summaries classified so far, in order. */
  public synchronized List<String> asked() {
    return List.copyOf(asked);
  }
}
