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

  /** The receiver of this instance's webhooks, if it takes any. */
  default Optional<WebhookReceiver> webhookReceiver() {
    return Optional.empty();
  }
}
