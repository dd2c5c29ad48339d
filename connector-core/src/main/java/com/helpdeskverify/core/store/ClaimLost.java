package com.helpdeskverify.core.store;

import com.helpdeskverify.core.CaseId;

/**
 * A write was refused because this node no longer holds the case: its claim ran out and another
 * node took it, or the case moved on. The node must stop working the case; the holder finishes it.
 */
public final class ClaimLost extends RuntimeException {
  ClaimLost(CaseId id, String owner, long version) {
    super("case " + id + " is no longer claimed by " + owner + " at version " + version);
  }
}
