package com.helpdeskverify.scheduler;

import com.helpdeskverify.core.config.ConfigDef;
import com.helpdeskverify.core.config.ConfigException;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine;

/**
 * Command-line durations written as the configuration writes them (30s, 24h, 7d, PT30S); a bad one
 * is a usage error (exit 2) that says what was expected.
 */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    try {
      return new ConfigDef()
          .duration("value", null, "a duration")
          .parse("option", Map.of("value", value))
          .duration("value");
    } catch (ConfigException e) {
      throw new CommandLine.TypeConversionException(
          String.join("; ", e.problems()).replace("option.value: ", ""));
    }
  }
}
