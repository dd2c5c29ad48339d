package com.helpdeskverify.core;

import java.util.Objects;

/**
 * A ticket as named by the configured ticket system it lives in ("servicenow-eu",
 * "incident:9d38..."). {@code system} and {@code key} identify it; {@code label} is how people know
 * it ("INC0010001"), for messages and push prompts only, and takes no part in equality.
 */
public record TicketRef(String system, String key, String label) {
  public TicketRef {
    Text.requireNonBlank(system, "system");
    Text.requireNonBlank(key, "key");
    label = label == null || label.isBlank() ? key : label;
  }

  /** A ticket whose key is also what people call it. */
  public TicketRef(String system, String key) {
    this(system, key, key);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TicketRef other && system.equals(other.system) && key.equals(other.key);
  }

  @Override
  public int hashCode() {
    return Objects.hash(system, key);
  }

  @Override
  public String toString() {
    return system + "/" + key;
  }
}
