package com.helpdeskverify.core;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A push that the provider accepted for a case.
 *
 * @param deadline after this instant no approval counts
 * @param matchNumber the number the requester must enter, where the provider does number matching
 */
public record Challenge(PushHandle push, Instant deadline, Optional<String> matchNumber) {
  public Challenge {
    Objects.requireNonNull(push, "push");
    Objects.requireNonNull(deadline, "deadline");
    Objects.requireNonNull(matchNumber, "matchNumber");
  }
}
