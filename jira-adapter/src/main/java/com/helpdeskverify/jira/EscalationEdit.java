package com.helpdeskverify.jira;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.helpdeskverify.http.HttpClients;

/**
 * The edit-issue body that sets the configured escalation fields; setting them twice is harmless.
 */
final class EscalationEdit {
  private EscalationEdit() {}

  static ObjectNode body(JiraSettings.Escalation escalation) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    ObjectNode fields = body.putObject("fields");
    escalation.assigneeAccountId().ifPresent(a -> fields.putObject("assignee").put("accountId", a));
    escalation.priority().ifPresent(p -> fields.putObject("priority").put("name", p));
    escalation.fields().forEach((k, v) -> fields.set(k, HttpClients.json().valueToTree(v)));
    if (!escalation.labels().isEmpty()) {
      ArrayNode labels = body.putObject("update").putArray("labels");
      escalation.labels().forEach(l -> labels.addObject().put("add", l));
    }
    return body;
  }
}
