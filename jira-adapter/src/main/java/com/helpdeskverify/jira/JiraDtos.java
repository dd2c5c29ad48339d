package com.helpdeskverify.jira;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/** The parts of Jira's JSON answers the adapter reads. */
final class JiraDtos {
  private JiraDtos() {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record SearchPage(
      List<Issue> issues, String nextPageToken, Boolean isLast, Integer startAt, Integer total) {
    List<Issue> issuesOrEmpty() {
      return issues == null ? List.of() : issues;
    }
  }

  /**
   * @param transitions the transitions the issue offers now; only in answers to reads with {@code
   *     expand=transitions}
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Issue(String id, String key, Fields fields, List<Transition> transitions) {}

  /**
   * @param other every field not named here, such as the custom fields listed in {@code
   *     request-fields}, as Jira sent them
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Fields(
      String summary,
      JsonNode description,
      String created,
      String updated,
      Status status,
      User reporter,
      User creator,
      List<String> labels,
      @JsonAnySetter Map<String, JsonNode> other) {
    Fields {
      other = other == null ? Map.of() : other;
    }

    List<String> labelsOrEmpty() {
      return labels == null ? List.of() : labels;
    }

    /** A field the record does not name (custom fields), or a missing node. */
    JsonNode other(String name) {
      JsonNode node = other.get(name);
      return node == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : node;
    }
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Status(String id, String name, StatusCategory statusCategory) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record StatusCategory(String key, String name) {}

  /**
   * A user: Cloud identifies users by {@code accountId}; Data Center by {@code key} (stable across
   * renames) and {@code name} (the user name), and has no accountId.
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record User(String accountId, String emailAddress, String displayName, String key, String name) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record CommentPage(Integer startAt, Integer maxResults, Integer total, List<Comment> comments) {
    List<Comment> commentsOrEmpty() {
      return comments == null ? List.of() : comments;
    }
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Comment(String id, User author, JsonNode body) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Transitions(List<Transition> transitions) {
    List<Transition> transitionsOrEmpty() {
      return transitions == null ? List.of() : transitions;
    }
  }

  /**
   * @param hasScreen whether the transition has a screen, which takes a comment with the move; null
   *     where the answer leaves it out
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Transition(String id, String name, Status to, Boolean hasScreen) {}

  /** A page of Service Management's service desks ({@code start}/{@code limit} paging). */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record ServiceDeskPage(
      Integer size, Integer start, Integer limit, Boolean isLastPage, List<ServiceDesk> values) {
    List<ServiceDesk> valuesOrEmpty() {
      return values == null ? List.of() : values;
    }
  }

  /** A service desk and the Jira project it is. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record ServiceDesk(String id, String projectId, String projectName, String projectKey) {}

  /** {@code /serverInfo}: {@code deploymentType} is Cloud on Jira Cloud, Server otherwise. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record ServerInfo(String baseUrl, String version, String deploymentType) {}
}
