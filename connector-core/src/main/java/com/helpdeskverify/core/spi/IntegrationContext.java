package com.helpdeskverify.core.spi;

import java.time.Clock;
import java.util.Objects;
import java.util.random.RandomGenerator;

/** What the service hands every ticket system and provider it creates. */
public record IntegrationContext(
    Clock clock, RandomGenerator random, ReplayGuard replayGuard, ProviderNotes notes) {
  public IntegrationContext {
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(random, "random");
    Objects.requireNonNull(replayGuard, "replayGuard");
    Objects.requireNonNull(notes, "notes");
  }

  /** With notes kept in this process's memory (tests, single-process tools). */
  public IntegrationContext(Clock clock, RandomGenerator random, ReplayGuard replayGuard) {
    this(clock, random, replayGuard, ProviderNotes.inMemory(clock));
  }
}
