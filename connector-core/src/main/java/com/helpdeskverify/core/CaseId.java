package com.helpdeskverify.core;

import java.util.UUID;
import java.util.random.RandomGenerator;

/** Identifies one verification case: one attempt of one ticket. */
public record CaseId(String value) {
  public CaseId {
    Text.requireNonBlank(value, "case id");
  }

  /** A random (version 4) UUID drawn from the given source. */
  public static CaseId random(RandomGenerator random) {
    long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
    long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new CaseId(new UUID(msb, lsb).toString());
  }

  @Override
  public String toString() {
    return value;
  }
}
