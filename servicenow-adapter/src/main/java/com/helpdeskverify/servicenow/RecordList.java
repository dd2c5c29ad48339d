package com.helpdeskverify.servicenow;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Map;

/** The {@code {"result": [...]}} envelope of a Table API list. */
@JsonIgnoreProperties(ignoreUnknown = true)
record RecordList(List<Map<String, Object>> result) {
  RecordList {
    result = result == null ? List.of() : result;
  }

  List<SnRecord> records() {
    return result.stream().map(SnRecord::new).toList();
  }
}
