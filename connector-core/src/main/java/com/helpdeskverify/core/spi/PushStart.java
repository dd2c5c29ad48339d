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
   * @param link where the requester starts the verification, for providers that do not reach the
   *     requester themselves (a Microsoft Entra Verified ID presentation request); posted on the
   *     ticket for the requester
   */
  record Started(PushHandle push, Optional<String> matchNumber, Optional<String> link)
      implements PushStart {
    public Started {
      Objects.requireNonNull(push, "push");
      Objects.requireNonNull(matchNumber, "matchNumber");
      Objects.requireNonNull(link, "link");
    }

    /** A push the provider delivers itself: no link to post. */
    public Started(PushHandle push, Optional<String> matchNumber) {
      this(push, matchNumber, Optional.empty());
    }
  }
}
