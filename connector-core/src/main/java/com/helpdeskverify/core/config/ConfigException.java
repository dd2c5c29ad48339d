package com.helpdeskverify.core.config;

import java.util.List;

/** Configuration that cannot work, with every problem found, each naming its path. */
public final class ConfigException extends RuntimeException {
  private final List<String> problems;

  public ConfigException(List<String> problems) {
    super(
        problems.size() == 1
            ? problems.get(0)
            : problems.size() + " configuration problems:\n  " + String.join("\n  ", problems));
    this.problems = List.copyOf(problems);
  }

  public static ConfigException of(String problem) {
    return new ConfigException(List.of(problem));
  }

  /**
   * The assertion a factory's {@code create()} keeps: the loader has already reported the same
   * problems, all at once, through the factory's {@code validate}; this only guards callers that
   * skip the loader (tests, embedders).
   */
  public static void throwIfAny(List<String> problems) {
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
  }

  /** Each problem as "path.setting: expected ..., got ...". */
  public List<String> problems() {
    return problems;
  }
}
