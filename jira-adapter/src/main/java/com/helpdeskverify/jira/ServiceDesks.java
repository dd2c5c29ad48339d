package com.helpdeskverify.jira;

import com.helpdeskverify.http.Calls;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which Jira projects are Jira Service Management service desks. Only there does the comment
 * property {@code sd.public.comment} keep a platform comment from the customer; on any other
 * project a note needs a {@code visibility} (role or group), or it is public.
 *
 * @param projects the keys, ids and names of every service desk project, in lower case
 */
record ServiceDesks(Set<String> projects) {
  private static final int PAGE = 50;

  /** Bounds the pages read: 50 pages of 50 service desks. */
  private static final int MAX_PAGES = 50;

  private static final String CALL = "GET /rest/servicedeskapi/servicedesk";
  private static final Pattern PROJECT_EQUALS =
      Pattern.compile(
          "\\bproject\\s*=\\s*(\"[^\"]+\"|'[^']+'|[A-Za-z0-9_]+)", Pattern.CASE_INSENSITIVE);
  private static final Pattern PROJECT_IN =
      Pattern.compile("\\bproject\\s+in\\s*\\(([^)]*)\\)", Pattern.CASE_INSENSITIVE);
  private static final Pattern WIDENS =
      Pattern.compile(
          "\\bor\\b|\\bnot\\b|!=|\\bproject\\s+(?:was|changed)\\b", Pattern.CASE_INSENSITIVE);

  ServiceDesks {
    projects = Set.copyOf(projects);
  }

  /**
   * Reads the list of service desks the account can see, all pages. Jira without Service Management
   * has no such resource (404): no project is a service desk.
   */
  static ServiceDesks read(String system, JiraApi api) {
    Set<String> projects = new HashSet<>();
    int start = 0;
    for (int page = 0; page < MAX_PAGES; page++) {
      Optional<JiraDtos.ServiceDeskPage> answer =
          Calls.executeOptional(api.serviceDesks(start, PAGE), system, CALL);
      if (answer.isEmpty()) {
        break;
      }
      List<JiraDtos.ServiceDesk> desks = answer.get().valuesOrEmpty();
      for (JiraDtos.ServiceDesk desk : desks) {
        add(projects, desk.projectKey());
        add(projects, desk.projectId());
        add(projects, desk.projectName());
      }
      if (desks.isEmpty() || !Boolean.FALSE.equals(answer.get().isLastPage())) {
        break;
      }
      start += desks.size();
    }
    return new ServiceDesks(projects);
  }

  private static void add(Set<String> projects, String name) {
    if (name != null && !name.isBlank()) {
      projects.add(name.strip().toLowerCase(Locale.ROOT));
    }
  }

  /** Whether the project (key, id or name, in any letter case) is a service desk. */
  boolean contains(String project) {
    return projects.contains(project.strip().toLowerCase(Locale.ROOT));
  }

  /** The project of an issue key: what comes before its last hyphen. */
  static String projectOf(String issueKey) {
    int dash = issueKey.lastIndexOf('-');
    return dash <= 0 ? issueKey : issueKey.substring(0, dash);
  }

  /**
   * The projects a scope JQL is confined to, when it names them plainly ({@code project = X},
   * {@code project in (X, Y)}) and nothing in it can widen the scope beyond them ({@code OR},
   * {@code NOT}, {@code !=}); empty when the projects cannot be told from the text.
   */
  static Optional<List<String>> scopeProjects(String jql) {
    if (jql.isBlank() || WIDENS.matcher(jql).find()) {
      return Optional.empty();
    }
    Set<String> named = new java.util.LinkedHashSet<>();
    Matcher in = PROJECT_IN.matcher(jql);
    while (in.find()) {
      for (String part : in.group(1).split(",")) {
        if (!unquote(part).isEmpty()) {
          named.add(unquote(part));
        }
      }
    }
    Matcher eq = PROJECT_EQUALS.matcher(jql);
    while (eq.find()) {
      named.add(unquote(eq.group(1)));
    }
    return named.isEmpty() ? Optional.empty() : Optional.of(List.copyOf(named));
  }

  private static String unquote(String s) {
    String t = s.strip();
    if (t.length() >= 2
        && (t.startsWith("\"") && t.endsWith("\"") || t.startsWith("'") && t.endsWith("'"))) {
      t = t.substring(1, t.length() - 1).strip();
    }
    return t;
  }
}
