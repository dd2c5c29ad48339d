package com.helpdeskverify.core.workflow;

import java.time.Duration;
import java.util.Objects;

/**
 * The workflow's timing and patience.
 *
 * @param claim how long a node holds a case it works; longer than the slowest step with retries
 * @param pollInterval how often a pending push is asked about
 * @param ticketRecheck how stale the workflow's view of a ticket may get before it re-reads it to
 *     see whether it was withdrawn or edited
 * @param retryBase first backoff after a transient failure; doubles with each further failure
 * @param retryMax the longest backoff
 * @param maxProviderFailures consecutive transient provider failures before a case escalates with
 *     "provider unavailable" rather than waiting any longer; a push watched by a {@link
 *     PushWatcher} is instead asked about until its deadline, and escalates if the provider still
 *     fails then
 * @param reopenGrace how long after a case ended an update of the ticket is still taken for the
 *     echo of our own transition rather than a reopening (covers clock skew between systems)
 * @param approvalMaxAge the oldest approval still executed; an older one gets a new attempt with a
 *     fresh push, because the request may have changed hands or meaning since it was confirmed
 * @param ticketRereadsPerSecond the most re-reads a second a node makes of the tickets of the
 *     pushes it watches: with more pushes pending than that rate re-reads every {@code
 *     ticketRecheck}, each waits longer for its re-read (see {@link #rereadInterval})
 */
public record WorkflowPolicy(
    Duration claim,
    Duration pollInterval,
    Duration ticketRecheck,
    Duration retryBase,
    Duration retryMax,
    int maxProviderFailures,
    Duration reopenGrace,
    int maxPushesPerHour,
    Duration approvalMaxAge,
    int ticketRereadsPerSecond) {

  public static final Duration DEFAULT_APPROVAL_MAX_AGE = Duration.ofMinutes(15);

  /**
   * A tenth of a 100 requests/s budget for the re-reads: up to 300 pending pushes are re-read every
   * 30 s as before; 10,000 (a mass event) every 1,000 s, where every 30 s took more re-reads than
   * the ticket system's budget and two workers could serve (BENCHMARKS.md, "Claims that stepped
   * over the pending pushes").
   */
  public static final int DEFAULT_TICKET_REREADS_PER_SECOND = 10;

  public WorkflowPolicy {
    positive(claim, "claim");
    positive(pollInterval, "pollInterval");
    positive(ticketRecheck, "ticketRecheck");
    positive(retryBase, "retryBase");
    positive(retryMax, "retryMax");
    positive(approvalMaxAge, "approvalMaxAge");
    Objects.requireNonNull(reopenGrace, "reopenGrace");
    if (retryMax.compareTo(retryBase) < 0) {
      throw new IllegalArgumentException("retryMax must not be shorter than retryBase");
    }
    if (maxPushesPerHour < 1) {
      throw new IllegalArgumentException("maxPushesPerHour must be at least 1");
    }
    if (maxProviderFailures < 1) {
      throw new IllegalArgumentException("maxProviderFailures must be at least 1");
    }
    if (ticketRereadsPerSecond < 1) {
      throw new IllegalArgumentException("ticketRereadsPerSecond must be at least 1");
    }
  }

  /**
   * How long after a re-read the ticket of a watched push is read again, with {@code watched}
   * pushes watched by this node: {@link #ticketRecheck}, or longer when the node's re-read rate
   * cannot serve that many at that pace. Every pending push came due for its re-read every {@code
   * ticketRecheck}; with thousands pending that was more re-reads than the ticket system's budget
   * allowed and the workers could make, they ran behind, and an answered push waited among them.
   * What the re-read is for stays: a change delivered by a webhook or a scan is re-read at once,
   * and the ticket is checked again before anything is executed.
   */
  public Duration rereadInterval(int watched) {
    long millis = (1000L * watched + ticketRereadsPerSecond - 1) / ticketRereadsPerSecond;
    Duration paced = Duration.ofMillis(millis);
    return paced.compareTo(ticketRecheck) > 0 ? paced : ticketRecheck;
  }

  /**
   * How long a case claimed but not yet begun stays this node's before another may take it: a case
   * waiting in a claimed batch, or opened claimed for its opener to work. Each step renews the
   * claim to the full {@link #claim} when it begins, so a node that turned slow holds a waiting
   * case for seconds, not for the full claim.
   */
  public Duration pickupLease() {
    Duration pickup = Duration.ofSeconds(10);
    return claim.compareTo(pickup) < 0 ? claim : pickup;
  }

  /** A policy with the default approval age limit. */
  public WorkflowPolicy(
      Duration claim,
      Duration pollInterval,
      Duration ticketRecheck,
      Duration retryBase,
      Duration retryMax,
      int maxProviderFailures,
      Duration reopenGrace,
      int maxPushesPerHour) {
    this(
        claim,
        pollInterval,
        ticketRecheck,
        retryBase,
        retryMax,
        maxProviderFailures,
        reopenGrace,
        maxPushesPerHour,
        DEFAULT_APPROVAL_MAX_AGE,
        DEFAULT_TICKET_REREADS_PER_SECOND);
  }

  /** This policy with another approval age limit. */
  public WorkflowPolicy withApprovalMaxAge(Duration approvalMaxAge) {
    return with(approvalMaxAge, ticketRereadsPerSecond);
  }

  /** This policy with another re-read rate. */
  public WorkflowPolicy withTicketRereadsPerSecond(int ticketRereadsPerSecond) {
    return with(approvalMaxAge, ticketRereadsPerSecond);
  }

  private WorkflowPolicy with(Duration approvalMaxAge, int ticketRereadsPerSecond) {
    return new WorkflowPolicy(
        claim,
        pollInterval,
        ticketRecheck,
        retryBase,
        retryMax,
        maxProviderFailures,
        reopenGrace,
        maxPushesPerHour,
        approvalMaxAge,
        ticketRereadsPerSecond);
  }

  public static WorkflowPolicy defaults() {
    return new WorkflowPolicy(
        Duration.ofMinutes(2),
        Duration.ofSeconds(3),
        Duration.ofSeconds(30),
        Duration.ofSeconds(2),
        Duration.ofMinutes(5),
        5,
        Duration.ofMinutes(2),
        3);
  }

  private static void positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + d);
    }
  }
}
