package com.helpdeskverify.core;

import java.util.Objects;

/**
 * Marks a comment as posted by one step of one case, so a step that runs again after a crash can
 * see that its comment is already there. Ticket-system adapters embed {@link #token()} in the
 * comment.
 */
public record CommentMarker(CaseId caseId, Step step) {
  /** The comments a case may post, at most one of each. */
  public enum Step {
    NOTICE,
    MATCH_NUMBER,
    VERIFY_LINK,
    EXECUTED,
    REJECTED,
    ESCALATED_PUBLIC,
    ESCALATED_INTERNAL,
    FRAUD_INTERNAL,
    LEFT_ALONE_INTERNAL
  }

  public CommentMarker {
    Objects.requireNonNull(caseId, "caseId");
    Objects.requireNonNull(step, "step");
  }

  /** A compact, greppable token such as {@code hv:5f0c...:notice}. */
  public String token() {
    return "hv:" + caseId.value() + ":" + step.name().toLowerCase(java.util.Locale.ROOT);
  }
}
