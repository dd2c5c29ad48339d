package com.helpdeskverify.core.store;

import com.helpdeskverify.core.CaseId;
import com.helpdeskverify.core.CaseState;
import com.helpdeskverify.core.HistoryEntry;
import com.helpdeskverify.core.TicketRef;
import com.helpdeskverify.core.VerificationCase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Verification cases and their audit history, with the scan marks and the node registry kept beside
 * them. {@link #migrate} opens the relational implementation (H2 or PostgreSQL).
 *
 * <p>Work is distributed by claims: {@link #claimDue} gives a node the exclusive right to work a
 * case until the claim runs out, and every {@link #save} is refused unless the node still holds the
 * claim and nobody wrote the case since it was read; {@link #insertClaimed} opens a case with that
 * claim already held. A node that dies simply lets its claims run out.
 */
public interface CaseStore extends ScanMarks, NodeRegistry {

  /** Brings the schema up to date with Flyway and opens the store. */
  static CaseStore migrate(DataSource dataSource) {
    return JdbcCaseStore.migrate(dataSource);
  }

  /**
   * Opens a new case and writes its first history line. Returns false, writing nothing, when this
   * attempt of this ticket already has a case (another node opened it first).
   */
  boolean insert(VerificationCase c, String actor, String detail);

  /**
   * Opens a new case as {@link #insert} does, already claimed by {@code owner} until {@code now +
   * lease} and counted as its step's first attempt, exactly as {@link #claimDue} would have claimed
   * it: no other node can claim it until the claim runs out or is released (a restart of {@code
   * owner}, or its silence past the heartbeat bound), and the owner works it as any claimed case,
   * renewing the claim before each side effect. For the node that opens a case to work it at once
   * rather than wait for a worker; a crash before that leaves it to the usual recovery.
   *
   * @return the case as written, claim included; empty, writing nothing, when this attempt of this
   *     ticket already has a case
   */
  Optional<VerificationCase> insertClaimed(
      VerificationCase c, String owner, Instant now, Duration lease, String actor, String detail);

  Optional<VerificationCase> find(CaseId id);

  /** The case of the ticket's latest attempt. */
  Optional<VerificationCase> latestFor(TicketRef ticket);

  /** Every case of a ticket, first attempt first. */
  List<VerificationCase> casesOf(TicketRef ticket);

  /** All cases, oldest first; for reports and tests, not for the hot path. */
  List<VerificationCase> all();

  /**
   * Claims up to {@code limit} active cases that are due and not claimed by a live claim, for
   * {@code owner} until {@code now + lease}. Each claimed case counts one more step attempt.
   * Pending pushes come first, the nearest deadline first: a poll that waits behind a burst of new
   * tickets sees an approval only after its deadline, and that turns it into a timeout. While other
   * work is due they take half of the batch and no more (the odd slot, and so a batch of one, every
   * other claim), so that thousands of waiting pushes cannot keep new tickets from their notice;
   * other work is taken longest due first, and either kind takes the slots the other leaves.
   */
  List<VerificationCase> claimDue(String owner, Instant now, Duration lease, int limit);

  /**
   * Writes {@code next} over {@code current}, if {@code owner} still holds the claim and nobody
   * wrote the case since {@code current} was read; otherwise throws {@link ClaimLost}. A change of
   * state must be one {@link CaseState#canMoveTo} allows and is written to the history together
   * with {@code note}; without a change of state, a non-empty {@code note} is written alone.
   *
   * @param keepClaim how much longer the owner keeps the claim, or empty to release it
   */
  VerificationCase save(
      VerificationCase current,
      VerificationCase next,
      String owner,
      Instant now,
      Optional<Duration> keepClaim,
      String actor,
      Optional<String> note);

  /**
   * Extends the claim {@code owner} holds on {@code current} to {@code now + lease}, if nobody
   * wrote the case since it was read; otherwise throws {@link ClaimLost}. A claim that still runs
   * for nine tenths of a lease is only checked, not written again (one commit fewer for each fence
   * that follows another within a step). The workflow calls it before every side effect: a claim
   * that ran out while its holder was slow (a case waiting in a claimed batch, a call held up by a
   * rate limit) may have been claimed and worked by another node, and that node's comment or push
   * must not be repeated. The version is left as it is, so the holder's copy of the case stays
   * current; a rival's claim bumps it, so exactly one of the two writes wins.
   */
  void renewClaim(VerificationCase current, String owner, Instant now, Duration lease);

  /**
   * Extends the claim as {@link #renewClaim} does, always with a write, and adds {@code detail} to
   * the case's history in the same transaction (a line from its state to its state), so that a
   * later run of the step can tell what an earlier one was about to do; throws {@link ClaimLost}
   * and writes nothing when the claim is gone. The version is left as it is.
   */
  void noteWhileHeld(
      VerificationCase current, String owner, Instant now, Duration lease, String detail);

  /**
   * Moves a case into {@link CaseState#PUSH_SENDING} unless its push target has already been sent
   * {@code limit} pushes within {@code window}, counted and reserved under a lock on the target, so
   * that nodes racing to prompt one person cannot together exceed the limit.
   *
   * @return the written case, or empty when the limit is reached (nothing is written)
   */
  Optional<VerificationCase> saveWithinPushBudget(
      VerificationCase current,
      VerificationCase next,
      String owner,
      Instant now,
      Duration keepClaim,
      int limit,
      Duration window);

  /**
   * Makes the active, unclaimed case waiting on this push due now, so that the next worker asks the
   * provider for its result. Changes nothing else: a webhook only hurries the poll along.
   *
   * @return whether a case was nudged
   */
  boolean nudgePush(String provider, String pushId, Instant now);

  /**
   * Makes the active, unclaimed case due now with its view of the ticket marked stale, so that the
   * next worker re-reads the ticket (a scan or webhook delivered it edited or closed while its push
   * waits). Changes nothing else: the workflow decides from what it reads.
   *
   * @return whether the case was marked
   */
  boolean recheckSoon(CaseId id, Instant now);

  /** The case's audit log, oldest first. */
  List<HistoryEntry> history(CaseId id);

  Map<CaseState, Long> countByState();

  /** Whether any case is still working (not terminal). */
  long activeCount();
}
