package com.helpdeskverify.llm;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.helpdeskverify.core.SensitiveOperation;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What the model answered, checked: whatever the ticket made it write, only these four values get
 * through, and only an operation of our own taxonomy.
 *
 * @param reason one line for technicians, at most {@link #REASON_LIMIT} characters
 * @param otherAccount the model read the request as being for someone else's account
 */
record LlmVerdict(
    SensitiveOperation operation, double confidence, String reason, boolean otherAccount) {

  static final int REASON_LIMIT = 160;

  /** Strict: one object, nothing after it, no key twice (the last would silently win). */
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();

  /** Control, format (bidi) and line-separator characters: none of them belong in one line. */
  private static final Pattern UNPRINTABLE = Pattern.compile("[\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}]");

  /** The names the model may answer with; an identity check is a technician's, never a text's. */
  static final String OPERATIONS =
      Arrays.stream(SensitiveOperation.values())
          .filter(o -> o != SensitiveOperation.IDENTITY_CHECK)
          .map(Enum::name)
          .collect(Collectors.joining(", "));

  /** Thrown for an answer that is not what the system prompt asked for; says what, never quotes. */
  static final class Unusable extends RuntimeException {
    Unusable(String what) {
      super(what, null, false, false);
    }
  }

  /**
   * Reads the message content the model wrote.
   *
   * @throws Unusable naming what is wrong without repeating the content, which may echo the ticket
   */
  static LlmVerdict parse(String content) {
    JsonNode root;
    try {
      root = JSON.readTree(content);
    } catch (JacksonException e) {
      throw new Unusable("the content is not JSON");
    }
    if (root == null || !root.isObject()) {
      throw new Unusable("the content is not a JSON object");
    }
    JsonNode op = root.get("operation");
    if (op == null || !op.isTextual()) {
      throw new Unusable("operation is missing or not a string");
    }
    SensitiveOperation operation =
        operation(op.asText())
            .orElseThrow(() -> new Unusable("operation is not one of " + OPERATIONS));
    JsonNode c = root.get("confidence");
    if (c == null || !c.isNumber() || !(c.asDouble() >= 0.0 && c.asDouble() <= 1.0)) {
      throw new Unusable("confidence is missing or not a number from 0 to 1");
    }
    JsonNode r = root.get("reason");
    if (r == null || !r.isTextual()) {
      throw new Unusable("reason is missing or not a string");
    }
    String reason = UNPRINTABLE.matcher(r.asText()).replaceAll(" ").replaceAll("\\s+", " ").strip();
    if (reason.isEmpty()) {
      throw new Unusable("reason is empty");
    }
    if (reason.length() > REASON_LIMIT) {
      reason = reason.substring(0, REASON_LIMIT - 1).strip() + "…";
    }
    JsonNode other = root.get("other_account");
    if (other != null && !other.isNull() && !other.isBoolean()) {
      throw new Unusable("other_account is not true or false");
    }
    return new LlmVerdict(
        operation, c.asDouble(), reason, other != null && other.isBoolean() && other.asBoolean());
  }

  private static Optional<SensitiveOperation> operation(String name) {
    String upper = name.strip().toUpperCase(Locale.ROOT);
    return Arrays.stream(SensitiveOperation.values())
        .filter(o -> o != SensitiveOperation.IDENTITY_CHECK && o.name().equals(upper))
        .findFirst();
  }
}
