package com.helpdeskverify.core.spi;

import com.helpdeskverify.core.PushHandle;
import java.util.Objects;
import java.util.Optional;

/** The answer of {@link PushProvider#startPush}. */
public sealed interface PushStart permits PushStart.Started, NotVerifiable {

  /**
   * The provider accepted the push.
   *
   * @param matchNumber the number the requester must enter, where the provider does number matching
   */
  record Started(PushHandle push, Optional<String> matchNumber) implements PushStart {
    public Started {
      Objects.requireNonNull(push, "push");
      Objects.requireNonNull(matchNumber, "matchNumber");
    }
  }
}
