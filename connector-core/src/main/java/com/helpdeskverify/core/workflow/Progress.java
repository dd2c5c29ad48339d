package com.helpdeskverify.core.workflow;

import com.helpdeskverify.core.VerificationCase;

/**
 * Where a step left the case: ready for the next step, or parked until it is due again. Sealed, so
 * that {@link VerificationWorkflow#advance} knows every way a step can end.
 */
sealed interface Progress {
  VerificationCase current();

  record Continue(VerificationCase current) implements Progress {}

  record Parked(VerificationCase current) implements Progress {}
}
