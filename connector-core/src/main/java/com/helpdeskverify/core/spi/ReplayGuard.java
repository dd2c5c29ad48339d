package com.helpdeskverify.core.spi;

import java.time.Instant;

/**
 * Remembers webhook deliveries so a replayed one is refused, on every node of a cluster alike.
 * Implementations share their memory through the case store.
 */
public interface ReplayGuard {
  /**
   * Records {@code key} (a delivery id or signature) until {@code expiresAt}.
   *
   * @return true the first time a key is seen, false for a replay
   */
  boolean firstSeen(String key, Instant expiresAt);
}
