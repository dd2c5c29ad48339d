package com.helpdeskverify.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Comparisons of secrets and signatures that take the same time wherever they differ. */
public final class ConstantTime {
  private ConstantTime() {}

  public static boolean equals(byte[] a, byte[] b) {
    if (a == null || b == null) {
      return false;
    }
    return MessageDigest.isEqual(a, b);
  }

  public static boolean equals(String a, String b) {
    if (a == null || b == null) {
      return false;
    }
    return MessageDigest.isEqual(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
