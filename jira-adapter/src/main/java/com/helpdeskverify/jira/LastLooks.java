package com.helpdeskverify.jira;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the adapter remembers between two calls of the workflow so that it need not ask Jira again:
 * an issue's numeric id by its key (every read of an issue answers it; Cloud's read-after-write
 * search needs it), and the status and transitions the last look before execution read, which the
 * execute move that follows uses instead of reading them a second time. Both are bounded, least
 * recently used first out; an id is never wrong for its key (Jira does not reuse keys, and the look
 * checks the id it gets back), and a look is used once, and only while it is fresh.
 */
final class LastLooks {
  /** About two ids per open case at the issue 18 scale (10,000 open cases). */
  static final int MAX_IDS = 20_000;

  /** Looks taken but not yet used by an execute: a handful per worker. */
  static final int MAX_LOOKS = 1_000;

  /**
   * How old a look may be when the execute move uses it: the move follows its look within the same
   * step, after one store write; a look older than this is read again.
   */
  static final Duration FRESH = Duration.ofSeconds(10);

  private record Look(Transitions.Offered offered, Instant at) {}

  private final Clock clock;
  private final Map<String, Long> ids = bounded(MAX_IDS);
  private final Map<String, Look> looks = bounded(MAX_LOOKS);

  LastLooks(Clock clock) {
    this.clock = clock;
  }

  private static <V> Map<String, V> bounded(int max) {
    return new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
        return size() > max;
      }
    };
  }

  /** Notes the id of an issue just read; an issue without a numeric id is not noted. */
  void read(JiraDtos.Issue issue) {
    if (issue == null || issue.key() == null || issue.id() == null) {
      return;
    }
    try {
      long id = Long.parseLong(issue.id());
      synchronized (ids) {
        ids.put(issue.key(), id);
      }
    } catch (NumberFormatException notNumeric) {
      // Not an id the reconciled search takes: the look reads the issue instead.
    }
  }

  Optional<Long> id(String key) {
    synchronized (ids) {
      return Optional.ofNullable(ids.get(key));
    }
  }

  /** Keeps what the last look read of {@code key} for the execute move that follows it. */
  void looked(String key, Transitions.Offered offered) {
    synchronized (looks) {
      looks.put(key, new Look(offered, clock.instant()));
    }
  }

  /** What the last look read of {@code key}, if it is fresh; taken, so it serves one move. */
  Optional<Transitions.Offered> take(String key) {
    Look look;
    synchronized (looks) {
      look = looks.remove(key);
    }
    if (look == null) {
      return Optional.empty();
    }
    Duration age = Duration.between(look.at(), clock.instant());
    return age.isNegative() || age.compareTo(FRESH) > 0
        ? Optional.empty()
        : Optional.of(look.offered());
  }
}
