package com.helpdeskverify.core.config;

import java.util.Objects;

/** A credential from configuration. Prints as {@code ****} so it cannot leak through a log line. */
public record Secret(String value) {
  public Secret {
    Objects.requireNonNull(value, "value");
  }

  /** The secret itself, for the one place that sends it. */
  public String reveal() {
    return value;
  }

  @Override
  public String toString() {
    return "****";
  }
}
