package com.helpdeskverify.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * A language the requester-facing messages are written in, named in configuration and in the store
 * by its ISO 639-1 code ({@code de}).
 */
public enum Language {
  EN,
  DE,
  FR,
  ES,
  NL,
  PT;

  /** The ISO 639-1 code, as configuration writes it. */
  public String tag() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The language with that code, in any letter case; empty for one this service has no texts in.
   */
  public static Optional<Language> of(String tag) {
    return Arrays.stream(values()).filter(l -> l.tag().equalsIgnoreCase(tag.strip())).findFirst();
  }
}
