package com.helpdeskverify.core.workflow;

import com.helpdeskverify.core.Language;
import com.helpdeskverify.core.SensitiveOperation;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The texts the workflow posts, with admins' overrides, checked when they are loaded.
 *
 * <p>What the requester reads ({@link Message#requesterFacing()}) is written in the ticket's
 * language when it is known, else in the configured default language; technicians' notes are always
 * in the operator's language, English unless an admin rewrote them. For a requester-facing message
 * in language L the first of these is used: the admin's text for L ({@code messages.<L>.<key>}),
 * the admin's text for every language ({@code messages.<key>}), the built-in text for L ({@code
 * messages_<L>.properties} beside this class), the English default.
 */
public final class MessageTemplates {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z-]+)}");

  /** The built-in texts of every language but English, whose texts are {@link Message}'s own. */
  private static final Map<Language, Map<String, String>> BUILT_IN = builtIn();

  private final Language defaultLanguage;
  private final Map<Message, String> overrides;
  private final Map<Language, Map<Message, String>> languageOverrides;

  private MessageTemplates(
      Language defaultLanguage,
      Map<Message, String> overrides,
      Map<Language, Map<Message, String>> languageOverrides) {
    this.defaultLanguage = defaultLanguage;
    this.overrides = overrides;
    this.languageOverrides = languageOverrides;
  }

  public static MessageTemplates defaults() {
    return withOverrides(Map.of());
  }

  /**
   * The defaults with some texts replaced in every language.
   *
   * @param overrides message key (see {@link Message#key()}) to text
   * @throws IllegalArgumentException naming the key when it is unknown, the text is blank, or it
   *     uses a placeholder the message does not offer
   */
  public static MessageTemplates withOverrides(Map<String, String> overrides) {
    return of(Language.EN, overrides, Map.of());
  }

  /**
   * The defaults with some texts replaced.
   *
   * @param defaultLanguage the requester's language when the ticket's is not known
   * @param overrides message key to text, for every language
   * @param languageOverrides per language, message key to text; only requester-facing messages have
   *     texts per language
   * @throws IllegalArgumentException naming the setting ({@code messages.de.notice}) when a key is
   *     unknown, a text is blank, uses a placeholder the message does not offer, or is a
   *     technician's note given for one language
   */
  public static MessageTemplates of(
      Language defaultLanguage,
      Map<String, String> overrides,
      Map<Language, Map<String, String>> languageOverrides) {
    Map<Message, String> common = checked("messages.", overrides);
    Map<Language, Map<Message, String>> perLanguage = new EnumMap<>(Language.class);
    languageOverrides.forEach(
        (language, texts) -> {
          String path = "messages." + language.tag() + ".";
          Map<Message, String> checked = checked(path, texts);
          checked.keySet().stream()
              .filter(m -> !m.requesterFacing())
              .findFirst()
              .ifPresent(
                  m -> {
                    throw new IllegalArgumentException(
                        path
                            + m.key()
                            + ": technicians' notes are written in one language, whatever the"
                            + " ticket's; set messages."
                            + m.key()
                            + " instead");
                  });
          perLanguage.put(language, checked);
        });
    return new MessageTemplates(defaultLanguage, common, perLanguage);
  }

  private static Map<Message, String> checked(String path, Map<String, String> texts) {
    Map<Message, String> out = new EnumMap<>(Message.class);
    texts.forEach(
        (key, text) -> {
          Message message = byKey(path, key);
          if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(path + key + ": must not be empty");
          }
          for (String used : placeholders(text)) {
            if (!message.placeholders().contains(used)) {
              throw new IllegalArgumentException(
                  path
                      + key
                      + ": unknown placeholder {"
                      + used
                      + "}; this message offers "
                      + message.placeholders().stream()
                          .sorted()
                          .map(p -> "{" + p + "}")
                          .collect(Collectors.joining(", ")));
            }
          }
          out.put(message, text);
        });
    return out;
  }

  /** The placeholders a text uses, by name, in order of name. */
  static Set<String> placeholders(String text) {
    Set<String> names = new TreeSet<>();
    Matcher m = PLACEHOLDER.matcher(text);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  private static Message byKey(String path, String key) {
    return Arrays.stream(Message.values())
        .filter(m -> m.key().equals(key))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    path
                        + key
                        + ": unknown message; known are "
                        + Arrays.stream(Message.values())
                            .map(Message::key)
                            .collect(Collectors.joining(", "))));
  }

  /** The language requester-facing messages of a ticket are written in. */
  public Language requesterLanguage(Optional<Language> ticketLanguage) {
    return ticketLanguage.orElse(defaultLanguage);
  }

  public Language defaultLanguage() {
    return defaultLanguage;
  }

  /** The text of a message in a language, as {@link MessageTemplates} chooses it. */
  String text(Message message, Language language) {
    if (!message.requesterFacing()) {
      return overrides.getOrDefault(message, message.defaultText());
    }
    String own = languageOverrides.getOrDefault(language, Map.of()).get(message);
    if (own != null) {
      return own;
    }
    String common = overrides.get(message);
    if (common != null) {
      return common;
    }
    return builtIn(language, message.key()).orElse(message.defaultText());
  }

  /** The words for an operation in a message to the requester ("das Entsperren eines Kontos"). */
  public String operation(SensitiveOperation operation, Language language) {
    return builtIn(
            language, "operation." + operation.name().toLowerCase(Locale.ROOT).replace('_', '-'))
        .orElse(operation.description());
  }

  /** "3 minutes", "90 Sekunden", "1 minuto": how requesters read a timeout. */
  public static String duration(Duration d, Language language) {
    long seconds = Math.max(1, d.toSeconds());
    long n = seconds % 60 != 0 ? seconds : seconds / 60;
    String unit = seconds % 60 != 0 ? "second" : "minute";
    String key = "duration." + unit + (n == 1 ? "" : "s");
    return builtIn(language, key)
        .map(t -> t.replace("{n}", Long.toString(n)))
        .orElse(n + " " + unit + (n == 1 ? "" : "s"));
  }

  private static Optional<String> builtIn(Language language, String key) {
    return Optional.ofNullable(BUILT_IN.getOrDefault(language, Map.of()).get(key));
  }

  /** The built-in keys of a language, for the test that every language says everything. */
  static Map<String, String> builtIn(Language language) {
    return BUILT_IN.getOrDefault(language, Map.of());
  }

  private static Map<Language, Map<String, String>> builtIn() {
    Map<Language, Map<String, String>> all = new EnumMap<>(Language.class);
    for (Language language : Language.values()) {
      if (language == Language.EN) {
        continue;
      }
      String name = "messages_" + language.tag() + ".properties";
      try (InputStream in = MessageTemplates.class.getResourceAsStream(name)) {
        if (in == null) {
          throw new IllegalStateException(name + " is missing from the class path");
        }
        Properties p = new Properties();
        p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        Map<String, String> texts = new java.util.HashMap<>();
        p.stringPropertyNames().forEach(k -> texts.put(k, p.getProperty(k)));
        all.put(language, Map.copyOf(texts));
      } catch (IOException e) {
        throw new UncheckedIOException(name, e);
      }
    }
    return all;
  }

  /** The text with each {name} replaced by its value, in the operator's language. */
  public String render(Message message, Map<String, String> values) {
    return render(message, Language.EN, values);
  }

  /**
   * The text with each {name} replaced by its value; values are inserted as they are. Technicians'
   * notes ignore {@code language}: they are in the operator's language.
   */
  public String render(Message message, Language language, Map<String, String> values) {
    Matcher m = PLACEHOLDER.matcher(text(message, language));
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = Optional.ofNullable(values.get(m.group(1))).orElse(m.group());
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** Languages with built-in texts besides English. */
  static List<Language> translated() {
    return List.copyOf(BUILT_IN.keySet());
  }
}
