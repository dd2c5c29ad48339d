package com.helpdeskverify.core.spi;

import com.helpdeskverify.core.CommentMarker;
import com.helpdeskverify.core.Ticket;
import com.helpdeskverify.core.TicketRef;
import com.helpdeskverify.core.Watermark;
import java.util.Optional;

/**
 * A configured ticket system instance (one Jira site, one ServiceNow instance).
 *
 * <p>Every method may throw {@link TransientFailure} (retry later) or {@link PermanentFailure} (a
 * configuration or authorization problem retrying will not fix). Moves of the ticket must be
 * idempotent: asking again for a move that already happened succeeds without effect, because after
 * a crash the workflow cannot know whether its last call took effect.
 */
public interface TicketSystem {

  /**
   * The configured id of this instance; the {@code system} of every {@link TicketRef} it returns.
   */
  String id();

  /**
   * Tickets awaiting verification (in the configured intake scope) updated at or after the
   * watermark, oldest first. Tickets this connector moved on (executed, rejected, escalated) must
   * have left that scope; one that shows up again was sent back by a person and gets a new attempt.
   */
  ScanPage findChanged(Watermark since, int limit);

  /**
   * The next page of the scan whose previous page handed out {@code continuation}: it goes on from
   * where that read ended instead of reading the overlap before {@code since} again, so a scan
   * makes progress through a window longer than one read. The answer must cover the scope as {@link
   * #findChanged(Watermark, int)} does (nothing in scope between {@code since} and its {@code next}
   * skipped, whatever moved since the previous page), and a page that says {@code more} with a
   * continuation must have read further than the one before. The default ignores the continuation.
   */
  default ScanPage findChanged(Watermark since, int limit, Object continuation) {
    return findChanged(since, limit);
  }

  /**
   * The key and {@code updated} of every ticket in the intake scope updated at or after {@code
   * from}, in any order, read with as little as the system allows (no text, large pages); empty
   * when this system cannot list its scope. The reconciliation sweep compares it with what intake
   * has seen.
   */
  default Optional<java.util.List<com.helpdeskverify.core.ScanMark>> scopeSince(
      java.time.Instant from) {
    return Optional.empty();
  }

  /** The ticket as it is now; empty when it no longer exists. */
  Optional<Ticket> fetch(TicketRef ticket);

  /**
   * Where the ticket stands now, for the last look before execution: still awaiting verification,
   * already where this connector's execute move takes it, or elsewhere (closed, put on hold, sent
   * to another queue). {@code ticket} is what {@link #fetch} just returned; an adapter may judge
   * from it or ask the system (re-run its intake scope restricted to this ticket). It must answer
   * {@link Standing#IN_SCOPE} only when the ticket is open and its intake scope selects it now.
   */
  Standing standing(Ticket ticket);

  /**
   * The last look before execution, in as few reads as the system allows: the ticket as it is now,
   * and where it {@link #standing stands} when it still asks for what {@code fingerprint} names.
   * Every part of the answer must be as fresh as {@link #fetch} followed by {@link #standing}
   * (which the default does); a system whose scope query can return the whole ticket with read-
   * after-write consistency may answer both with that one read. Empty when the ticket no longer
   * exists.
   */
  default Optional<LastLook> lastLook(TicketRef ticket, String fingerprint) {
    return fetch(ticket)
        .map(
            t ->
                new LastLook(
                    t,
                    t.fingerprint().equals(fingerprint)
                        ? Optional.of(standing(t))
                        : Optional.empty()));
  }

  /**
   * What {@link #lastLook} found.
   *
   * @param standing empty when the ticket no longer asks for the request that was verified: the
   *     attempt ends whatever its standing, so it is not asked for
   */
  record LastLook(Ticket ticket, Optional<Standing> standing) {
    public LastLook {
      java.util.Objects.requireNonNull(ticket, "ticket");
      java.util.Objects.requireNonNull(standing, "standing");
    }
  }

  /** Where a ticket stands relative to this connector's intake scope and execute move. */
  enum Standing {
    /** Open and inside the intake scope: still awaiting verification. */
    IN_SCOPE,
    /**
     * Where the execute move takes a ticket (the configured execute status or field values). After
     * an interrupted execute this tells our own move apart from someone else's close.
     */
    EXECUTED,
    /** Closed, or moved out of the intake scope by someone else. */
    ELSEWHERE
  }

  /**
   * The ticket as it is now if it is in the configured intake scope; empty when it left the scope
   * or no longer exists. The workflow re-reads a waiting ticket with it, so that a ticket moved out
   * of the scope (to another queue, status or project) is withdrawn from verification. The default
   * is {@link #fetch}, for a system that cannot tell.
   */
  default Optional<Ticket> fetchInScope(TicketRef ticket) {
    return fetch(ticket);
  }

  /** Posts a comment the requester sees. {@code marker} must be findable by {@link #hasComment}. */
  void postPublicComment(TicketRef ticket, String text, CommentMarker marker);

  /** Posts a note only technicians see. {@code marker} must be findable by {@link #hasComment}. */
  void postInternalNote(TicketRef ticket, String text, CommentMarker marker);

  /** Whether a comment or note carrying this marker is already on the ticket. */
  boolean hasComment(TicketRef ticket, CommentMarker marker);

  /** Moves the ticket on for execution: the requester proved who they are. */
  void execute(TicketRef ticket);

  /** Rejects the ticket; {@code reason} is the requester-visible explanation. */
  void reject(TicketRef ticket, String reason);

  /**
   * A comment the requester sees that goes with a move ({@link #execute(TicketRef, PublicComment)},
   * {@link #reject(TicketRef, String, PublicComment)}), as {@link #postPublicComment} takes it.
   *
   * @param fence to run right before the comment is posted on its own, after the move: it renews
   *     the case's claim (or throws), so that a move held up at a rate limit cannot let another
   *     node's repeat of the step post the comment too. Not needed when both go in one call.
   */
  record PublicComment(String text, CommentMarker marker, Runnable fence) {
    public PublicComment {
      java.util.Objects.requireNonNull(text, "text");
      java.util.Objects.requireNonNull(marker, "marker");
      java.util.Objects.requireNonNull(fence, "fence");
    }

    /** Posts this comment on its own, fenced. */
    public void postOn(TicketSystem system, TicketRef ticket) {
      fence.run();
      system.postPublicComment(ticket, text, marker);
    }
  }

  /**
   * {@link #execute(TicketRef)} and {@link #postPublicComment} of {@code comment}, as one call
   * where the system takes a comment with a move (a burst's budget is calls). The workflow asks for
   * it only where neither can have happened yet, on the first run of its step; a repeat moves alone
   * and posts the comment unless {@link #hasComment} finds it. After a failure either may have
   * happened. The default moves, then posts.
   */
  default void execute(TicketRef ticket, PublicComment comment) {
    execute(ticket);
    comment.postOn(this, ticket);
  }

  /**
   * {@link #reject(TicketRef, String)} with its comment, as {@link #execute(TicketRef,
   * PublicComment)}.
   */
  default void reject(TicketRef ticket, String reason, PublicComment comment) {
    reject(ticket, reason);
    comment.postOn(this, ticket);
  }

  /** Hands the ticket to the technician queue; {@code reason} is for technicians. */
  void escalate(TicketRef ticket, String reason);

  /**
   * Proves the configured site, credentials and permissions work, with the cheapest read the system
   * offers; throws the failure otherwise. {@code check-config} calls it.
   */
  default void checkConnection() {
    findChanged(Watermark.at(java.time.Instant.now()), 1);
  }

  /**
   * What {@code check-config} should tell the admin although the connection works: settings that
   * will make requests escalate (hidden requester addresses, say). Called after {@link
   * #checkConnection}; may read from the system.
   */
  default java.util.List<String> warnings() {
    return java.util.List.of();
  }

  /**
   * How a technician asks for verification of a ticket here, in words for technicians ("add the
   * label verify-identity"); empty when this system offers no way. Quoted in the "possibly
   * sensitive" hint.
   */
  default Optional<String> howToRequestVerification() {
    return Optional.empty();
  }

  /**
   * Takes a technician's request for verification off the ticket once it was answered (removes the
   * label, resets the field), so that asking again is a new request. Idempotent, like the moves.
   */
  default void clearVerificationRequest(TicketRef ticket) {}

  /** The receiver of this instance's webhooks, if it takes any. */
  default Optional<WebhookReceiver> webhookReceiver() {
    return Optional.empty();
  }
}
