package com.helpdeskverify.jira;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Jira's published OpenAPI document, asked whether a request the adapter sent fits it. */
final class OpenApiSpec {
  private final JsonNode root;

  private OpenApiSpec(JsonNode root) {
    this.root = root;
  }

  static OpenApiSpec load(Path file) throws IOException {
    return new OpenApiSpec(new ObjectMapper().readTree(file.toFile()));
  }

  /** The operation whose path template matches {@code path}, if the spec has one for the method. */
  Optional<JsonNode> operation(String method, String path) {
    Iterator<Map.Entry<String, JsonNode>> paths = root.path("paths").fields();
    while (paths.hasNext()) {
      Map.Entry<String, JsonNode> p = paths.next();
      String regex = Pattern.quote(p.getKey()).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q");
      if (path.matches(regex) && p.getValue().has(method.toLowerCase(java.util.Locale.ROOT))) {
        return Optional.of(p.getValue().get(method.toLowerCase(java.util.Locale.ROOT)));
      }
    }
    return Optional.empty();
  }

  /** Query parameter names the operation declares. */
  List<String> queryParameters(JsonNode operation) {
    List<String> names = new ArrayList<>();
    for (JsonNode p : operation.path("parameters")) {
      JsonNode param = resolve(p);
      if ("query".equals(param.path("in").asText())) {
        names.add(param.path("name").asText());
      }
    }
    return names;
  }

  /**
   * Whether the operation declares query parameter {@code name} as an array, which the default
   * style ({@code form}, exploded) sends as the parameter repeated, once a value.
   */
  boolean arrayQueryParameter(JsonNode operation, String name) {
    for (JsonNode p : operation.path("parameters")) {
      JsonNode param = resolve(p);
      if ("query".equals(param.path("in").asText()) && name.equals(param.path("name").asText())) {
        return "array".equals(resolve(param.path("schema")).path("type").asText())
            && !"false".equals(param.path("explode").asText());
      }
    }
    return false;
  }

  /** Body properties the schema does not declare, as dotted paths. */
  List<String> undeclaredProperties(JsonNode operation, JsonNode body) {
    JsonNode schema =
        operation.path("requestBody").path("content").path("application/json").path("schema");
    List<String> problems = new ArrayList<>();
    check(schema, body, "", problems);
    return problems;
  }

  private void check(JsonNode schemaNode, JsonNode value, String at, List<String> problems) {
    if (value.isArray()) {
      JsonNode items = resolve(schemaNode).path("items");
      for (int i = 0; i < value.size() && !items.isMissingNode(); i++) {
        check(
            items,
            value.get(i),
            at.substring(0, Math.max(0, at.length() - 1)) + "[" + i + "].",
            problems);
      }
      return;
    }
    if (!value.isObject()) {
      return;
    }
    JsonNode properties = properties(resolve(schemaNode));
    if (properties.size() == 0) {
      return; // free-form (additionalProperties) or untyped: nothing to hold the body against
    }
    Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      if (!properties.has(f.getKey())) {
        problems.add(at + f.getKey());
      } else {
        check(properties.get(f.getKey()), f.getValue(), at + f.getKey() + ".", problems);
      }
    }
  }

  private JsonNode properties(JsonNode schema) {
    var merged = new ObjectMapper().createObjectNode();
    if (schema.has("properties")) {
      merged.setAll((com.fasterxml.jackson.databind.node.ObjectNode) schema.get("properties"));
    }
    for (JsonNode part : schema.path("allOf")) {
      merged.setAll((com.fasterxml.jackson.databind.node.ObjectNode) properties(resolve(part)));
    }
    return merged;
  }

  private JsonNode resolve(JsonNode node) {
    JsonNode current = node;
    while (current.has("$ref")) {
      String ref = current.get("$ref").asText();
      if (!ref.startsWith("#/")) {
        throw new IllegalArgumentException("external $ref " + ref);
      }
      current = root.at(ref.substring(1));
    }
    return current;
  }
}
