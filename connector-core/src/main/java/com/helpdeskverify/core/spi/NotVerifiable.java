package com.helpdeskverify.core.spi;

import com.helpdeskverify.core.ReasonCode;
import java.util.Objects;

/** The provider cannot verify this requester (no enrolled device, unknown user, ...). */
public record NotVerifiable(ReasonCode reason, String detail) implements UserLookup, PushStart {
  public NotVerifiable {
    Objects.requireNonNull(reason, "reason");
    detail = detail == null ? "" : detail;
  }
}
