package com.helpdeskverify.servicenow;

/** The three ways the connector moves a record on. */
enum Move {
  EXECUTE,
  REJECT,
  ESCALATE;

  String configName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
