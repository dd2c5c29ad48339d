package com.helpdeskverify.core.spi;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Short-lived facts a provider must share between the nodes of a cluster, for providers whose
 * answer arrives only by callback (Microsoft Entra Verified ID): the node that receives the
 * callback writes the verified result, the node that works the case reads it. Implementations share
 * their memory through the case store.
 */
public interface ProviderNotes {

  /** Keeps {@code value} under {@code key} until {@code expiresAt}; a later put replaces it. */
  void put(String key, String value, Instant expiresAt);

  /** The value under {@code key}, unless there is none or it expired. */
  Optional<String> get(String key);

  /** Notes in this process's memory only: for tests and single-process tools. */
  static ProviderNotes inMemory(java.time.Clock clock) {
    Map<String, Map.Entry<String, Instant>> notes = new ConcurrentHashMap<>();
    return new ProviderNotes() {
      @Override
      public void put(String key, String value, Instant expiresAt) {
        notes.put(key, Map.entry(value, expiresAt));
      }

      @Override
      public Optional<String> get(String key) {
        Map.Entry<String, Instant> note = notes.get(key);
        return note == null || note.getValue().isBefore(clock.instant())
            ? Optional.empty()
            : Optional.of(note.getKey());
      }
    };
  }
}
