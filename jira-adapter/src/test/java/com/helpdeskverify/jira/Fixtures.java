package com.helpdeskverify.jira;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.helpdeskverify.core.config.Secret;
import com.helpdeskverify.http.HttpPolicy;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Jira Cloud REST v3 answers in the shapes the site returns. */
final class Fixtures {
  static final String SYSTEM = "jira-test";
  static final String API_TOKEN = "ATATT3xFfGF0-very-secret-token";
  static final String ALICE = "5b10a2844c20165700ede21g";
  static final String BOB = "5b10ac8d82e05b22cc7d4ef5";

  /** The integration account the adapter signs in as ({@code /myself}). */
  static final String HV = "5b10a2844c20165700ede99a";

  static final ObjectMapper JSON = new ObjectMapper();

  private Fixtures() {}

  static HttpPolicy fastPolicy() {
    return new HttpPolicy(
        Duration.ofSeconds(10),
        Duration.ofSeconds(10),
        3,
        Duration.ofMillis(1),
        Duration.ofMillis(5),
        Duration.ofSeconds(2));
  }

  static JiraSettings settings(String baseUrl, JiraSettings.CommentApi commentApi) {
    return settings(JiraSettings.Deployment.CLOUD, baseUrl, commentApi);
  }

  static JiraSettings settings(
      JiraSettings.Deployment deployment, String baseUrl, JiraSettings.CommentApi commentApi) {
    return JiraSettings.builder()
        .deployment(deployment)
        .baseUrl(URI.create(baseUrl))
        .auth(new JiraSettings.Auth.Basic("hv@acme.example", new Secret(API_TOKEN)))
        .scopeJql("project = HD AND status = \"Waiting for verification\"")
        .overlap(Duration.ofMinutes(2))
        .userZone(ZoneOffset.UTC)
        .commentApi(commentApi)
        .moves(
            Map.of(
                JiraSettings.Move.EXECUTE,
                new JiraSettings.MoveSettings("Verified", Optional.of("In Progress")),
                JiraSettings.Move.REJECT,
                new JiraSettings.MoveSettings("Decline", Optional.empty()),
                JiraSettings.Move.ESCALATE,
                new JiraSettings.MoveSettings("Escalate", Optional.empty())))
        .escalation(
            new JiraSettings.Escalation(
                Optional.of(BOB), List.of("hv-escalated"), Optional.of("High"), Map.of()))
        .build();
  }

  static JiraTicketSystem connect(String baseUrl) {
    return connect(settings(baseUrl, JiraSettings.CommentApi.SERVICEDESK));
  }

  /** A Data Center site with platform comments, the settings most Data Center tests use. */
  static JiraTicketSystem connectDataCenter(String baseUrl) {
    return connect(
        settings(JiraSettings.Deployment.DATA_CENTER, baseUrl, JiraSettings.CommentApi.PLATFORM));
  }

  static JiraTicketSystem connect(JiraSettings settings) {
    return JiraTicketSystem.connect(
        SYSTEM, settings, fastPolicy(), Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
  }

  /** Connected with a clock standing at {@code now}, later than the issues a test serves. */
  static JiraTicketSystem connectAt(JiraSettings settings, Instant now) {
    return JiraTicketSystem.connect(
        SYSTEM, settings, fastPolicy(), Clock.fixed(now, ZoneOffset.UTC));
  }

  /** A Data Center user: named by key and name, with no accountId. */
  static ObjectNode dataCenterUser(String name, String key, String displayName) {
    ObjectNode u = JSON.createObjectNode();
    u.put("self", "https://jira.acme.example/rest/api/2/user?username=" + name);
    u.put("name", name);
    u.put("key", key);
    u.put("emailAddress", name + "@acme.example");
    u.put("displayName", displayName);
    u.put("active", true);
    u.put("timeZone", "Europe/Berlin");
    return u;
  }

  /** The issue as Data Center shows it: the same, but its people have no accountId. */
  static ObjectNode asDataCenter(ObjectNode issue) {
    ObjectNode copy = issue.deepCopy();
    ObjectNode alice = dataCenterUser("alice", "JIRAUSER10007", "Alice Example");
    ((ObjectNode) copy.get("fields")).set("reporter", alice);
    ((ObjectNode) copy.get("fields")).set("creator", alice);
    return copy;
  }

  static ObjectNode user(String accountId, String email, String name) {
    ObjectNode u = JSON.createObjectNode();
    u.put("self", "https://acme.atlassian.net/rest/api/3/user?accountId=" + accountId);
    u.put("accountId", accountId);
    if (email != null) {
      u.put("emailAddress", email);
    }
    u.putObject("avatarUrls").put("48x48", "https://avatar-management.example/48");
    u.put("displayName", name);
    u.put("active", true);
    u.put("timeZone", "Europe/Berlin");
    u.put("accountType", "atlassian");
    return u;
  }

  /** The integration account as {@code /myself} and comment authors show it. */
  static ObjectNode connector() {
    return user(HV, null, "helpdesk-verify");
  }

  static ObjectNode alice() {
    return user(ALICE, "alice@acme.example", "Alice Example");
  }

  static ObjectNode status(String name, String categoryKey) {
    ObjectNode s = JSON.createObjectNode();
    s.put("self", "https://acme.atlassian.net/rest/api/3/status/10010");
    s.put("description", "");
    s.put("name", name);
    s.put("id", "10010");
    ObjectNode c = s.putObject("statusCategory");
    c.put("self", "https://acme.atlassian.net/rest/api/3/statuscategory/4");
    c.put("id", "done".equals(categoryKey) ? 3 : 4);
    c.put("key", categoryKey);
    c.put("colorName", "yellow");
    c.put("name", "done".equals(categoryKey) ? "Done" : "In Progress");
    return s;
  }

  static ObjectNode adf(String... paragraphs) {
    ObjectNode doc = JSON.createObjectNode().put("type", "doc").put("version", 1);
    ArrayNode content = doc.putArray("content");
    for (String p : paragraphs) {
      content
          .addObject()
          .put("type", "paragraph")
          .putArray("content")
          .addObject()
          .put("type", "text")
          .put("text", p);
    }
    return doc;
  }

  /** An issue as search and get-issue return it, filed by Alice for herself. */
  static ObjectNode issue(String key, String updated) {
    ObjectNode i = JSON.createObjectNode();
    i.put("expand", "renderedFields,names,schema,operations,editmeta,changelog");
    i.put("id", String.valueOf(10000 + Math.abs(key.hashCode() % 1000)));
    i.put("self", "https://acme.atlassian.net/rest/api/3/issue/" + key);
    i.put("key", key);
    ObjectNode f = i.putObject("fields");
    f.put("summary", "Please reset my MFA");
    f.set("description", adf("I lost my phone.", "Please reset my MFA."));
    f.put("created", "2026-11-02T08:55:00.000+0000");
    f.put("updated", updated);
    f.set("status", status("Waiting for verification", "indeterminate"));
    f.set("reporter", alice());
    f.set("creator", alice());
    return i;
  }

  /** A Data Center search page: offset pagination with {@code startAt}, {@code total}. */
  static String offsetPage(int maxResults, int startAt, int total, ObjectNode... issues) {
    ObjectNode p = JSON.createObjectNode();
    p.put("expand", "schema,names");
    p.put("startAt", startAt);
    p.put("maxResults", maxResults);
    p.put("total", total);
    ArrayNode list = p.putArray("issues");
    for (ObjectNode i : issues) {
      list.add(i);
    }
    return p.toString();
  }

  static String page(String nextPageToken, ObjectNode... issues) {
    ObjectNode p = JSON.createObjectNode();
    ArrayNode list = p.putArray("issues");
    for (ObjectNode i : issues) {
      list.add(i);
    }
    if (nextPageToken != null) {
      p.put("nextPageToken", nextPageToken);
    }
    p.put("isLast", nextPageToken == null);
    return p.toString();
  }

  static String transitions(String... nameIdTo) {
    ObjectNode t = JSON.createObjectNode();
    t.put("expand", "transitions");
    ArrayNode list = t.putArray("transitions");
    for (int k = 0; k + 2 < nameIdTo.length; k += 3) {
      ObjectNode tr = list.addObject();
      tr.put("id", nameIdTo[k + 1]);
      tr.put("name", nameIdTo[k]);
      tr.set("to", status(nameIdTo[k + 2], "indeterminate"));
      tr.put("hasScreen", false);
      tr.put("isGlobal", false);
      tr.put("isInitial", false);
      tr.put("isAvailable", true);
      tr.put("isConditional", false);
      tr.put("isLooped", false);
    }
    return t.toString();
  }

  /** The same answer (transitions, or an issue offering them) with a screen on every transition. */
  static String withScreens(String json) {
    try {
      JsonNode answer = JSON.readTree(json);
      for (JsonNode t : answer.path("transitions")) {
        ((ObjectNode) t).put("hasScreen", true);
      }
      return answer.toString();
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * An issue read with {@code fields=status&expand=transitions}: its status and the transitions it
   * offers (name, id, target status), as {@link #transitions} lists them.
   */
  static String issueOffering(String key, String status, String... nameIdTo) {
    try {
      ObjectNode i = (ObjectNode) JSON.readTree(issueStatus(key, status));
      i.put("expand", "transitions");
      i.set("transitions", JSON.readTree(transitions(nameIdTo)).get("transitions"));
      return i.toString();
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static String issueStatus(String key, String status) {
    ObjectNode i = JSON.createObjectNode();
    i.put("id", "10001");
    i.put("key", key);
    i.putObject("fields").set("status", status(status, "indeterminate"));
    return i.toString();
  }

  /** A page of comments, all written by Alice (the requester). */
  static String comments(int startAt, int total, ObjectNode... bodies) {
    return commentsBy(alice(), startAt, total, bodies);
  }

  /** A page of comments, all written by {@code author}. */
  static String commentsBy(ObjectNode author, int startAt, int total, ObjectNode... bodies) {
    ObjectNode p = JSON.createObjectNode();
    p.put("startAt", startAt);
    p.put("maxResults", 100);
    p.put("total", total);
    ArrayNode list = p.putArray("comments");
    int n = startAt;
    for (ObjectNode b : bodies) {
      ObjectNode c = list.addObject();
      c.put("id", String.valueOf(10000 + n++));
      c.set("author", author);
      c.set("body", b);
      c.set("updateAuthor", author);
      c.put("created", "2026-11-02T09:00:00.000+0000");
      c.put("jsdPublic", true);
    }
    return p.toString();
  }
}
