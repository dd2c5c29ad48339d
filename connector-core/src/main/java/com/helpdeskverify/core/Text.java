package com.helpdeskverify.core;

/** Argument checks shared by the domain records. */
public final class Text {
  private Text() {}

  public static String requireNonBlank(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
    return value;
  }

  /** Null becomes empty, so records never carry null text. */
  public static String orEmpty(String value) {
    return value == null ? "" : value;
  }
}
