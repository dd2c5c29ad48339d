package com.helpdeskverify.core;

import java.time.Instant;
import java.util.Optional;

/** One line of a case's append-only audit log: who moved it from where to where, when and why. */
public record HistoryEntry(
    CaseId caseId,
    Instant at,
    Optional<CaseState> from,
    CaseState to,
    String actor,
    String detail) {}
