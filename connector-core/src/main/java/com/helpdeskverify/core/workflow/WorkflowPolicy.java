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
    Duration approvalMaxAge) {

  public static final Duration DEFAULT_APPROVAL_MAX_AGE = Duration.ofMinutes(15);

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
        DEFAULT_APPROVAL_MAX_AGE);
  }

  /** This policy with another approval age limit. */
  public WorkflowPolicy withApprovalMaxAge(Duration approvalMaxAge) {
    return new WorkflowPolicy(
        claim,
        pollInterval,
        ticketRecheck,
        retryBase,
        retryMax,
        maxProviderFailures,
        reopenGrace,
        maxPushesPerHour,
        approvalMaxAge);
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
