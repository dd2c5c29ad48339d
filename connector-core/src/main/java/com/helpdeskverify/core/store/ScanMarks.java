package com.helpdeskverify.core.store;

import com.helpdeskverify.core.ScanMark;
import com.helpdeskverify.core.Watermark;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;

/**
 * How far the scans of each ticket system got: a watermark that only moves forward, and the tickets
 * recently delivered to intake, so that "already delivered" is never decided by position alone.
 */
public interface ScanMarks {

  Optional<Watermark> watermark(String ticketSystem);

  /**
   * The (key, updated) pairs of tickets a scan of {@code ticketSystem} delivered to intake, updated
   * at or after {@code from}.
   */
  Set<ScanMark> delivered(String ticketSystem, Instant from);

  /**
   * Records tickets a scan delivered to intake and forgets those updated before {@code
   * forgetBefore} (far enough behind the watermark that no scan reads them again).
   */
  void recordDelivered(String ticketSystem, Collection<ScanMark> marks, Instant forgetBefore);

  /** Records scan progress. The watermark never moves backwards. */
  void saveWatermark(String ticketSystem, Watermark watermark, Instant now);

  /**
   * Stores {@code watermark} only when this system has none yet: where the first scan starts, kept
   * from the first start on, so that a process that dies before its first scan completes resumes
   * from there and not from its restart. A stored watermark, however old, is left as it is.
   *
   * @return whether it was stored
   */
  boolean initWatermark(String ticketSystem, Watermark watermark, Instant now);
}
