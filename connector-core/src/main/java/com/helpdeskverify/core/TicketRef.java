package com.helpdeskverify.core;

/** A ticket as named by the configured ticket system it lives in ("jira-eu", "PROJ-42"). */
public record TicketRef(String system, String key) {
  public TicketRef {
    Text.requireNonBlank(system, "system");
    Text.requireNonBlank(key, "key");
  }

  @Override
  public String toString() {
    return system + "/" + key;
  }
}
