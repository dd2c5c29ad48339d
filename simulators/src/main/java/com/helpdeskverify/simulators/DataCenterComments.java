package com.helpdeskverify.simulators;

import com.fasterxml.jackson.databind.JsonNode;
import com.helpdeskverify.simulators.SimulatedApi.Request;
import com.helpdeskverify.simulators.SimulatedApi.Response;
import com.helpdeskverify.simulators.SimulatedJiraDataCenter.Comment;
import com.helpdeskverify.simulators.SimulatedJiraDataCenter.User;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The comments of {@link SimulatedJiraDataCenter}'s issues over REST v2 and Service Management:
 * what a POST adds, what a GET lists, each in Jira's JSON. Not thread-safe: the site calls it under
 * its lock.
 */
final class DataCenterComments {
  private final SimulatedJiraDataCenter site;
  private int ids = 10000;

  DataCenterComments(SimulatedJiraDataCenter site) {
    this.site = site;
  }

  String nextId() {
    return Integer.toString(ids++);
  }

  /** A page of an issue's comments, as {@code GET .../comment} returns it. */
  Response list(long issueId, List<Comment> comments, Request r) {
    int startAt = SimulatedJiraDataCenter.intParam(r, "startAt", 0);
    int maxResults =
        Math.max(1, Math.min(5000, SimulatedJiraDataCenter.intParam(r, "maxResults", 5000)));
    boolean withProperties = SimulatedJira.expands(r, "properties");
    int end = Math.min(comments.size(), startAt + maxResults);
    List<Object> page = new ArrayList<>();
    for (Comment c : comments.subList(Math.min(startAt, end), end)) {
      page.add(json(issueId, c, withProperties));
    }
    return Response.json(
        Map.of(
            "startAt", startAt,
            "maxResults", maxResults,
            "total", comments.size(),
            "comments", page));
  }

  /**
   * The platform comment: {@code body} is a wiki-markup string on Data Center (an ADF document is
   * refused); {@code properties} are stored, and {@code sd.public.comment} {@code internal} or a
   * {@code visibility} keep the comment from the customer.
   */
  Response add(long issueId, List<Comment> comments, User author, Request r, Runnable touch) {
    JsonNode body = SimulatedJiraDataCenter.readJson(r);
    if (!body.path("body").isTextual()) {
      return SimulatedJiraDataCenter.badRequest("comment", "Comment body can not be empty!");
    }
    Map<String, Object> properties = new LinkedHashMap<>();
    for (JsonNode property : body.path("properties")) {
      properties.put(
          property.path("key").asText(),
          SimulatedApi.JSON.convertValue(property.path("value"), Object.class));
    }
    Map<String, String> visibility = new LinkedHashMap<>();
    if (body.has("visibility")) {
      String type = body.path("visibility").path("type").asText();
      String value = body.path("visibility").path("value").asText();
      if (!type.equals("role") && !type.equals("group") || value.isBlank()) {
        return SimulatedJiraDataCenter.badRequest(
            "commentLevel", "You are currently not a member of the project role");
      }
      visibility.put("type", type);
      visibility.put("value", value);
    }
    boolean internal = !visibility.isEmpty();
    for (JsonNode property : body.path("properties")) {
      if (property.path("key").asText().equals("sd.public.comment")
          && property.path("value").path("internal").asBoolean(false)) {
        internal = true;
      }
    }
    Comment c =
        new Comment(
            nextId(),
            author,
            body.get("body").asText(),
            internal,
            properties,
            visibility,
            site.now());
    comments.add(c);
    touch.run();
    return new Response(201, json(issueId, c, true), Map.of());
  }

  /**
   * A comment a move takes ({@code update.comment[].add}): a wiki-markup {@code body}, public.
   *
   * @return null when added; the refusal otherwise
   */
  Response addWithMove(List<Comment> comments, User author, JsonNode add) {
    if (!add.path("body").isTextual()) {
      return SimulatedJiraDataCenter.badRequest("comment", "Comment body can not be empty!");
    }
    comments.add(
        new Comment(
            nextId(), author, add.get("body").asText(), false, Map.of(), Map.of(), site.now()));
    return null;
  }

  /** Service Management's request comment: {@code public} false makes it internal. */
  Response addRequestComment(List<Comment> comments, User author, Request r, Runnable touch) {
    JsonNode body = SimulatedJiraDataCenter.readJson(r);
    boolean visible = !body.has("public") || body.get("public").asBoolean();
    Comment c =
        new Comment(
            nextId(),
            author,
            body.path("body").asText(),
            !visible,
            Map.of("sd.public.comment", Map.of("internal", !visible)),
            Map.of(),
            site.now());
    comments.add(c);
    touch.run();
    return new Response(
        201,
        Map.of("id", c.id(), "body", c.body(), "public", visible, "author", site.user(author)),
        Map.of());
  }

  private Map<String, Object> json(long issueId, Comment c, boolean withProperties) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("self", site.baseUrl() + "rest/api/2/issue/" + issueId + "/comment/" + c.id());
    json.put("id", c.id());
    json.put("author", site.user(c.author()));
    json.put("body", c.body());
    json.put("updateAuthor", site.user(c.author()));
    json.put("created", site.format(c.created()));
    json.put("updated", site.format(c.created()));
    if (!c.visibility().isEmpty()) {
      json.put("visibility", c.visibility());
    }
    if (withProperties) {
      List<Object> props = new ArrayList<>();
      c.properties().forEach((k, v) -> props.add(Map.of("key", k, "value", v)));
      json.put("properties", props);
    }
    return json;
  }
}
