package com.helpdeskverify.servicenow;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Map;

/** The {@code {"result": {...}}} envelope of a Table API read or update of one record. */
@JsonIgnoreProperties(ignoreUnknown = true)
record SingleRecord(Map<String, Object> result) {
  SnRecord record() {
    return new SnRecord(result == null ? Map.of() : result);
  }
}
