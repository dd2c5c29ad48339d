package com.helpdeskverify.core;

import java.time.Instant;
import java.util.Objects;

/**
 * How far a scan of one ticket system has read: every ticket updated before {@code updated}, and
 * those updated at {@code updated} with a key up to {@code key}. Adapters re-read an overlap to
 * cover clock skew and coarse query precision; intake is idempotent, so re-reading is harmless.
 */
public record Watermark(Instant updated, String key) {
  public Watermark {
    Objects.requireNonNull(updated, "updated");
    key = Text.orEmpty(key);
  }

  public static Watermark at(Instant updated) {
    return new Watermark(updated, "");
  }
}
