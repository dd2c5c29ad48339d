package com.helpdeskverify.core.workflow;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The texts the workflow posts, with admins' overrides, checked when they are loaded. */
public final class MessageTemplates {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z-]+)}");

  private final Map<Message, String> texts;

  private MessageTemplates(Map<Message, String> texts) {
    this.texts = texts;
  }

  public static MessageTemplates defaults() {
    return withOverrides(Map.of());
  }

  /**
   * The defaults with some texts replaced.
   *
   * @param overrides message key (see {@link Message#key()}) to text
   * @throws IllegalArgumentException naming the key when it is unknown, the text is blank, or it
   *     uses a placeholder the message does not offer
   */
  public static MessageTemplates withOverrides(Map<String, String> overrides) {
    Map<Message, String> texts = new EnumMap<>(Message.class);
    for (Message m : Message.values()) {
      texts.put(m, m.defaultText());
    }
    overrides.forEach(
        (key, text) -> {
          Message message = byKey(key);
          if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("messages." + key + ": must not be empty");
          }
          Matcher m = PLACEHOLDER.matcher(text);
          while (m.find()) {
            if (!message.placeholders().contains(m.group(1))) {
              throw new IllegalArgumentException(
                  "messages."
                      + key
                      + ": unknown placeholder {"
                      + m.group(1)
                      + "}; this message offers "
                      + message.placeholders().stream()
                          .sorted()
                          .map(p -> "{" + p + "}")
                          .collect(Collectors.joining(", ")));
            }
          }
          texts.put(message, text);
        });
    return new MessageTemplates(texts);
  }

  private static Message byKey(String key) {
    return Arrays.stream(Message.values())
        .filter(m -> m.key().equals(key))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "messages."
                        + key
                        + ": unknown message; known are "
                        + Arrays.stream(Message.values())
                            .map(Message::key)
                            .collect(Collectors.joining(", "))));
  }

  /** The text with each {name} replaced by its value; values are inserted as they are. */
  public String render(Message message, Map<String, String> values) {
    Matcher m = PLACEHOLDER.matcher(texts.get(message));
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = Optional.ofNullable(values.get(m.group(1))).orElse(m.group());
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }
}
