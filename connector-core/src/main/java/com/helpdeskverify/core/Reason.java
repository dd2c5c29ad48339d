package com.helpdeskverify.core;

import java.util.Objects;

/** A reason code with the detail a technician needs (never a secret). */
public record Reason(ReasonCode code, String detail) {
  public Reason {
    Objects.requireNonNull(code, "code");
    detail = Text.orEmpty(detail);
  }
}
