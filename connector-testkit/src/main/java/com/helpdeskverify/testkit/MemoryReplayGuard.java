package com.helpdeskverify.testkit;

import com.helpdeskverify.core.spi.ReplayGuard;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** The store-backed replay guard's behaviour, in memory. */
public final class MemoryReplayGuard implements ReplayGuard {
  private final Map<String, Instant> seen = new HashMap<>();

  @Override
  public synchronized boolean firstSeen(String key, Instant expiresAt) {
    return seen.putIfAbsent(key, expiresAt) == null;
  }

  public synchronized int size() {
    return seen.size();
  }
}
