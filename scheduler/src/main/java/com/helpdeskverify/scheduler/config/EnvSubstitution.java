package com.helpdeskverify.scheduler.config;

import com.helpdeskverify.core.config.ConfigException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${NAME}} and {@code ${NAME:-default}} references with the environment's values,
 * and keeps which were used, so that messages can name a variable instead of echoing a value that
 * is likely a secret.
 */
final class EnvSubstitution {
  private static final Pattern ENV =
      Pattern.compile("\\$\\$\\{|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

  private final Map<String, String> env;

  EnvSubstitution(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  /**
   * A value that came from the environment is likely a secret, even where the file put it in the
   * wrong field: messages name the variable instead of echoing its value.
   */
  static ConfigException scrub(ConfigException e, Map<String, String> used) {
    List<String> scrubbed = new ArrayList<>();
    for (String problem : e.problems()) {
      String p = problem;
      for (Map.Entry<String, String> env : used.entrySet()) {
        if (env.getValue().length() >= 3) {
          p = p.replace(env.getValue(), "${" + env.getKey() + "}");
        }
      }
      scrubbed.add(p);
    }
    return new ConfigException(scrubbed);
  }

  /** Replaces ${NAME} and ${NAME:-default} in every string; $${ is a literal ${. */
  @SuppressWarnings("unchecked")
  <T> T substitute(
      String path,
      Object node,
      List<String> problems,
      Map<String, String> used,
      Set<String> referenced) {
    if (node instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach(
          (k, v) -> {
            String key = String.valueOf(k);
            out.put(
                key,
                substitute(path.isEmpty() ? key : path + "." + key, v, problems, used, referenced));
          });
      return (T) out;
    }
    if (node instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        out.add(substitute(path + "[" + i + "]", list.get(i), problems, used, referenced));
      }
      return (T) out;
    }
    if (node instanceof String s && s.contains("${")) {
      Matcher m = ENV.matcher(s);
      StringBuilder out = new StringBuilder();
      while (m.find()) {
        String replacement;
        if (m.group().equals("$${")) {
          replacement = "${";
        } else {
          // A secret setting whose path is not among these was written into the file itself.
          referenced.add(path);
          String value = env.get(m.group(1));
          if (value != null) {
            used.put(m.group(1), value);
          }
          if (value == null) {
            value = m.group(2);
          }
          if (value == null) {
            problems.add(path + ": environment variable " + m.group(1) + " is not set");
            value = "";
          }
          replacement = value;
        }
        m.appendReplacement(out, Matcher.quoteReplacement(replacement));
      }
      m.appendTail(out);
      String done = out.toString();
      // What the pattern did not take is a reference left open, such as ${OKTA_API_TOKEN.
      if (ENV.matcher(s).replaceAll("").contains("${")) {
        problems.add(
            path + ": '${' without a closing '}'; write ${NAME} (or $${ for a literal ${)");
      }
      return (T) done;
    }
    return (T) node;
  }
}
