package com.helpdeskverify.servicenow;

import java.util.Map;
import java.util.Optional;

/**
 * One record as the Table API returns it with raw values: every field a string, dot-walked fields
 * under their dotted name ({@code caller_id.email}). A reference still returned as {@code
 * {"link":..,"value":..}} (reference links not excluded) is read through its {@code value}.
 */
record SnRecord(Map<String, Object> fields) {
  SnRecord {
    fields = Map.copyOf(withoutNulls(fields));
  }

  private static Map<String, Object> withoutNulls(Map<String, Object> raw) {
    Map<String, Object> copy = new java.util.HashMap<>();
    raw.forEach(
        (k, v) -> {
          if (k != null && v != null) {
            copy.put(k, v);
          }
        });
    return copy;
  }

  /** The field's raw value; empty string when absent or empty. */
  String get(String name) {
    return optional(name).orElse("");
  }

  /** The field's raw value when present and not empty. */
  Optional<String> optional(String name) {
    Object v = fields.get(name);
    if (v instanceof Map<?, ?> ref) {
      v = ref.get("value");
    }
    if (v == null) {
      return Optional.empty();
    }
    String text = String.valueOf(v);
    return text.isEmpty() ? Optional.empty() : Optional.of(text);
  }

  /** Whether the answer carried the field at all (ACLs and unknown fields leave it out). */
  boolean has(String name) {
    return fields.containsKey(name);
  }
}
