package com.helpdeskverify.core.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The settings of one configuration section, each declared once with its type, default and
 * documentation, so that validation, error messages and documentation come from the same place.
 */
public final class ConfigDef {

  /** One declared setting. */
  public record Setting(
      String name, String type, boolean required, Optional<Object> defaultValue, String doc) {}

  private interface Parser {
    Object parse(Object raw);
  }

  private static final class Invalid extends RuntimeException {
    Invalid(String expected) {
      super(expected, null, false, false);
    }
  }

  private record Entry(Setting setting, Parser parser) {}

  /** The switch that lets a section's URLs use plain http:// to a host other than loopback. */
  public static final String ALLOW_INSECURE_HTTP = "allow-insecure-http";

  private static final Entry ALLOW_INSECURE_HTTP_ENTRY =
      new Entry(
          new Setting(
              ALLOW_INSECURE_HTTP,
              "boolean",
              false,
              Optional.of(false),
              "let this section's URLs use plain http:// to a host other than loopback; credentials"
                  + " and tokens then cross the network in clear, so only for a test rig"),
          ConfigDef::bool);

  private static final Pattern IPV4_LOOPBACK = Pattern.compile("127(?:\\.\\d{1,3}){3}");

  private final Map<String, Entry> entries = new LinkedHashMap<>();

  public List<Setting> settings() {
    return allEntries().stream().map(Entry::setting).toList();
  }

  /** The declared settings and, in a section with a URL, {@link #ALLOW_INSECURE_HTTP} last. */
  private List<Entry> allEntries() {
    List<Entry> all = new ArrayList<>(entries.values());
    if (all.stream().anyMatch(e -> e.setting().type().equals("url"))) {
      all.add(ALLOW_INSECURE_HTTP_ENTRY);
    }
    return all;
  }

  public ConfigDef string(String name, String doc) {
    return add(name, "string", true, null, doc, ConfigDef::nonBlank);
  }

  public ConfigDef string(String name, String defaultValue, String doc) {
    return add(name, "string", false, defaultValue, doc, ConfigDef::nonBlank);
  }

  public ConfigDef optionalString(String name, String doc) {
    return add(name, "string", false, null, doc, ConfigDef::nonBlank);
  }

  /** A credential; write it as {@code ${ENV_VAR}} in the file rather than in clear. */
  public ConfigDef secret(String name, String doc) {
    return add(name, "secret", true, null, doc, raw -> new Secret(nonBlank(raw)));
  }

  public ConfigDef optionalSecret(String name, String doc) {
    return add(name, "secret", false, null, doc, raw -> new Secret(nonBlank(raw)));
  }

  /** An absolute http(s) URL. */
  public ConfigDef url(String name, String doc) {
    return add(name, "url", true, null, doc, ConfigDef::url);
  }

  /** An absolute http(s) URL that may be left out (a section whose other settings decide). */
  public ConfigDef optionalUrl(String name, String doc) {
    return add(name, "url", false, null, doc, ConfigDef::url);
  }

  public ConfigDef url(String name, String defaultValue, String doc) {
    return add(name, "url", false, url(defaultValue), doc, ConfigDef::url);
  }

  /**
   * A duration such as {@code 30s}, {@code 5m}, {@code 2h}, {@code 500ms} or ISO-8601 {@code
   * PT30S}.
   */
  public ConfigDef duration(String name, Duration defaultValue, String doc) {
    return add(name, "duration", defaultValue == null, defaultValue, doc, ConfigDef::duration);
  }

  /**
   * A rate of requests such as {@code 50/s}, {@code 600/min} or {@code 1000/h}, read as requests
   * per second; {@code off} (0) for none.
   */
  public ConfigDef rate(String name, double defaultPerSecond, String doc) {
    return add(name, "rate", false, defaultPerSecond, doc, ConfigDef::rate);
  }

  public ConfigDef integer(String name, int defaultValue, int min, int max, String doc) {
    return add(
        name,
        "integer " + min + ".." + max,
        false,
        defaultValue,
        doc,
        raw -> integer(raw, min, max));
  }

  public ConfigDef bool(String name, boolean defaultValue, String doc) {
    return add(name, "boolean", false, defaultValue, doc, ConfigDef::bool);
  }

  /** A list of strings; a single string is taken as a list of one. */
  public ConfigDef stringList(String name, String doc) {
    return add(name, "list of strings", false, List.of(), doc, ConfigDef::strings);
  }

  public <E extends Enum<E>> ConfigDef enumOf(
      String name, Class<E> type, E defaultValue, String doc) {
    String choices =
        Arrays.stream(type.getEnumConstants())
            .map(e -> e.name().toLowerCase(Locale.ROOT).replace('_', '-'))
            .collect(Collectors.joining(" | "));
    return add(
        name,
        "one of " + choices,
        defaultValue == null,
        defaultValue,
        doc,
        raw -> enumValue(raw, type, choices));
  }

  /** A free-form nested section, handed over as a map. */
  public ConfigDef map(String name, String doc) {
    return add(name, "section", false, Map.of(), doc, ConfigDef::map);
  }

  private ConfigDef add(
      String name, String type, boolean required, Object defaultValue, String doc, Parser parser) {
    if (entries.containsKey(name)) {
      throw new IllegalArgumentException("setting " + name + " declared twice");
    }
    entries.put(
        name,
        new Entry(
            new Setting(name, type, required, Optional.ofNullable(defaultValue), doc), parser));
    return this;
  }

  /**
   * Checks a section against the declarations and returns its typed values.
   *
   * @param path where the section is in the file, such as {@code ticket-systems.jira-eu}
   * @throws ConfigException listing every problem: missing required settings, values of the wrong
   *     form, unknown settings (with the known ones)
   */
  public ConfigValues parse(String path, Map<String, ?> raw) {
    List<String> problems = new ArrayList<>();
    Map<String, Object> values = new LinkedHashMap<>();
    List<Entry> all = allEntries();
    for (Entry e : all) {
      Setting s = e.setting();
      Object value = raw.get(s.name());
      if (value == null) {
        if (s.required()) {
          problems.add(path + "." + s.name() + ": required (" + s.type() + ": " + s.doc() + ")");
        } else {
          s.defaultValue().ifPresent(d -> values.put(s.name(), d));
        }
        continue;
      }
      try {
        values.put(s.name(), e.parser().parse(value));
      } catch (Invalid invalid) {
        problems.add(
            path
                + "."
                + s.name()
                + ": expected "
                + invalid.getMessage()
                + ", got "
                + describe(value, s.type().equals("secret")));
      }
    }
    List<String> known = all.stream().map(e -> e.setting().name()).toList();
    for (String key : raw.keySet()) {
      if (!known.contains(key)) {
        problems.add(path + "." + key + ": unknown setting; known are " + String.join(", ", known));
      }
    }
    if (!Boolean.TRUE.equals(values.get(ALLOW_INSECURE_HTTP))) {
      for (Entry e : entries.values()) {
        if (values.get(e.setting().name()) instanceof URI uri
            && uri.getScheme().equals("http")
            && !loopback(uri.getHost())) {
          problems.add(
              path
                  + "."
                  + e.setting().name()
                  + ": http:// would send credentials and tokens to "
                  + uri.getHost()
                  + " in clear; use https://, or set "
                  + ALLOW_INSECURE_HTTP
                  + ": true in this section (loopback hosts need neither)");
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new ConfigValues(path, Collections.unmodifiableMap(values));
  }

  private static String describe(Object value, boolean secret) {
    if (value instanceof String text && text.isBlank()) {
      return "an empty value";
    }
    if (value instanceof java.util.Map<?, ?>) {
      return "a section (key: value lines)";
    }
    if (value instanceof java.util.List<?>) {
      return "a list";
    }
    if (secret) {
      return "a value that is not shown, as it is a secret";
    }
    String text = String.valueOf(value);
    return "'" + (text.length() > 60 ? text.substring(0, 57) + "..." : text) + "'";
  }

  // --- parsers -----------------------------------------------------------------------------------

  private static String nonBlank(Object raw) {
    if (!(raw instanceof String s) || s.isBlank()) {
      if (raw instanceof Number || raw instanceof Boolean) {
        return raw.toString();
      }
      throw new Invalid("a non-empty string");
    }
    return s.strip();
  }

  private static URI url(Object raw) {
    String text = raw instanceof String s ? s.strip() : "";
    try {
      URI uri = new URI(text);
      if (uri.getScheme() == null
          || !(uri.getScheme().equals("https") || uri.getScheme().equals("http"))
          || uri.getHost() == null) {
        throw new Invalid("an absolute http(s) URL such as https://example.atlassian.net");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new Invalid("an absolute http(s) URL such as https://example.atlassian.net");
    }
  }

  /**
   * Whether a URL's host is this machine by its literal form alone (localhost, 127.0.0.0/8, ::1):
   * no name is looked up, so a DNS answer cannot make a remote host count as loopback.
   */
  static boolean loopback(String host) {
    if (host == null) {
      return false;
    }
    String h = host.toLowerCase(Locale.ROOT);
    if (h.equals("localhost") || IPV4_LOOPBACK.matcher(h).matches()) {
      return true;
    }
    if (h.startsWith("[") && h.endsWith("]")) {
      try {
        // An IPv6 literal is parsed, never resolved.
        return java.net.InetAddress.getByName(h).isLoopbackAddress();
      } catch (java.net.UnknownHostException e) {
        return false;
      }
    }
    return false;
  }

  private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

  static Duration duration(Object raw) {
    String text = String.valueOf(raw).strip().toLowerCase(Locale.ROOT);
    Matcher m = SHORT_DURATION.matcher(text);
    Duration d;
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      d =
          switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
          };
    } else {
      try {
        d = Duration.parse(text.toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException e) {
        throw new Invalid("a duration such as 30s, 5m, 2h or PT30S");
      }
    }
    if (d.isNegative() || d.isZero()) {
      throw new Invalid("a positive duration");
    }
    return d;
  }

  private static final Pattern RATE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*/\\s*(s|min|h)");

  static double rate(Object raw) {
    String text = String.valueOf(raw).strip().toLowerCase(Locale.ROOT);
    // YAML 1.1 (SnakeYAML) reads an unquoted "off" as the boolean false: the admin wrote off.
    if (text.equals("off") || text.equals("false")) {
      return 0;
    }
    Matcher m = RATE.matcher(text);
    double n = m.matches() ? Double.parseDouble(m.group(1)) : 0;
    if (n <= 0) {
      throw new Invalid("a rate such as 50/s, 600/min or 1000/h, or off");
    }
    return switch (m.group(2)) {
      case "s" -> n;
      case "min" -> n / 60;
      default -> n / 3600;
    };
  }

  private static int integer(Object raw, int min, int max) {
    long n;
    if (raw instanceof Integer || raw instanceof Long) {
      n = ((Number) raw).longValue();
    } else {
      try {
        n = Long.parseLong(String.valueOf(raw).strip());
      } catch (NumberFormatException e) {
        throw new Invalid("a whole number from " + min + " to " + max);
      }
    }
    if (n < min || n > max) {
      throw new Invalid("a whole number from " + min + " to " + max);
    }
    return (int) n;
  }

  private static boolean bool(Object raw) {
    if (raw instanceof Boolean b) {
      return b;
    }
    String text = String.valueOf(raw).strip().toLowerCase(Locale.ROOT);
    if (text.equals("true") || text.equals("false")) {
      return Boolean.parseBoolean(text);
    }
    throw new Invalid("true or false");
  }

  private static List<String> strings(Object raw) {
    if (raw instanceof String s) {
      return List.of(nonBlank(s));
    }
    if (raw instanceof List<?> list) {
      return list.stream().map(ConfigDef::nonBlank).toList();
    }
    throw new Invalid("a list of strings");
  }

  private static <E extends Enum<E>> E enumValue(Object raw, Class<E> type, String choices) {
    String text = String.valueOf(raw).strip().toUpperCase(Locale.ROOT).replace('-', '_');
    return Arrays.stream(type.getEnumConstants())
        .filter(e -> e.name().equals(text))
        .findFirst()
        .orElseThrow(() -> new Invalid("one of " + choices));
  }

  private static Map<String, Object> map(Object raw) {
    if (!(raw instanceof Map<?, ?> m)) {
      throw new Invalid("a section (key: value lines)");
    }
    Map<String, Object> copy = new LinkedHashMap<>();
    m.forEach((k, v) -> copy.put(String.valueOf(k), v));
    return Collections.unmodifiableMap(copy);
  }
}
