package com.helpdeskverify.core.workflow;

import com.helpdeskverify.core.CaseId;
import com.helpdeskverify.core.Classification;
import com.helpdeskverify.core.CommentMarker;
import com.helpdeskverify.core.Ticket;
import com.helpdeskverify.core.TicketRef;
import com.helpdeskverify.core.spi.PermanentFailure;
import com.helpdeskverify.core.spi.TicketSystem;
import com.helpdeskverify.core.spi.TransientFailure;
import com.helpdeskverify.core.store.HintStore;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Posts the "possibly sensitive" note: one internal note on a ticket the classifier let pass with
 * doubts, saying what it saw and how a technician asks for verification. No case, no push. Once per
 * ticket: the {@link HintStore} claims it before the post, and a post that was interrupted is
 * looked for by its marker before it is tried again.
 */
public final class HintNotes {
  private static final Logger LOG = System.getLogger(HintNotes.class.getName());

  /** How long a claimed post may take before another delivery of the ticket takes it over. */
  static final Duration STALE = Duration.ofMinutes(5);

  private final HintStore store;
  private final Map<String, TicketSystem> systems;
  private final MessageTemplates messages;
  private final Clock clock;

  public HintNotes(
      HintStore store, List<TicketSystem> systems, MessageTemplates messages, Clock clock) {
    this.store = Objects.requireNonNull(store);
    Map<String, TicketSystem> byId = new HashMap<>();
    systems.forEach(s -> byId.put(s.id(), s));
    this.systems = Map.copyOf(byId);
    this.messages = Objects.requireNonNull(messages);
    this.clock = Objects.requireNonNull(clock);
  }

  /**
   * Posts the ticket's note unless it was posted before. A failing ticket system is logged and
   * leaves the note to a later delivery of the ticket; intake goes on.
   *
   * @return whether this call posted it
   */
  public boolean offer(Ticket ticket, Classification classification) {
    TicketSystem system = systems.get(ticket.ref().system());
    if (system == null) {
      return false;
    }
    Optional<HintStore.Claim> claim = store.claim(ticket.ref(), clock.instant(), STALE);
    if (claim.isEmpty()) {
      return false;
    }
    CommentMarker marker = marker(ticket.ref());
    try {
      if (claim.get() == HintStore.Claim.TAKEN_OVER && system.hasComment(ticket.ref(), marker)) {
        store.posted(ticket.ref());
        return false;
      }
      Map<String, String> values = new HashMap<>();
      values.put("evidence", String.join("; ", classification.evidence()));
      values.put(
          "how-to-ask",
          system
              .howToRequestVerification()
              .orElse("this ticket system has no way configured; verify by another channel"));
      values.put("ticket", ticket.ref().label());
      values.put("requester", ticket.requester().displayName());
      values.replaceAll((k, v) -> Comments.printable(v));
      system.postInternalNote(
          ticket.ref(), messages.render(Message.POSSIBLY_SENSITIVE, values), marker);
      store.posted(ticket.ref());
      LOG.log(
          Level.INFO,
          "{0}: possibly sensitive (confidence {1}): {2}; hint posted",
          ticket.ref(),
          classification.confidence(),
          String.join("; ", classification.evidence()));
      return true;
    } catch (TransientFailure | PermanentFailure e) {
      LOG.log(
          Level.WARNING,
          "{0}: could not post the possibly-sensitive hint, a later delivery retries: {1}",
          ticket.ref(),
          e.getMessage());
      return false;
    }
  }

  /** The note's marker: a stable id per ticket stands in for a case id. */
  static CommentMarker marker(TicketRef ticket) {
    UUID id =
        UUID.nameUUIDFromBytes(
            ("hint\0" + ticket.system() + "\0" + ticket.key()).getBytes(StandardCharsets.UTF_8));
    return new CommentMarker(new CaseId(id.toString()), CommentMarker.Step.POSSIBLY_SENSITIVE);
  }
}
