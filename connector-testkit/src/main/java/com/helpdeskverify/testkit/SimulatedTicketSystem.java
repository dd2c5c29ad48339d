package com.helpdeskverify.testkit;

import com.helpdeskverify.core.CommentMarker;
import com.helpdeskverify.core.RequestDetails;
import com.helpdeskverify.core.Requester;
import com.helpdeskverify.core.Ticket;
import com.helpdeskverify.core.TicketRef;
import com.helpdeskverify.core.Watermark;
import com.helpdeskverify.core.spi.ScanPage;
import com.helpdeskverify.core.spi.TicketSystem;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/** An in-memory ticket system that keeps what the workflow did to each ticket. Thread-safe. */
public final class SimulatedTicketSystem implements TicketSystem {

  /** Where the workflow moved a ticket. */
  public enum Disposition {
    OPEN,
    EXECUTE,
    REJECTED,
    ESCALATED
  }

  public record Comment(String text, CommentMarker marker, boolean internal) {}

  /** The label a technician sets to ask for verification, as this system tells technicians. */
  public static final String LABEL = "verify-identity";

  private final String id;
  private final Clock clock;
  private final CallHook hook;
  private final Map<String, Ticket> tickets = new LinkedHashMap<>();
  private final Map<String, List<Comment>> comments = new LinkedHashMap<>();
  private final Map<String, Disposition> dispositions = new LinkedHashMap<>();
  private final Map<String, Integer> moveCalls = new LinkedHashMap<>();
  private final Map<String, List<String>> escalationReasons = new LinkedHashMap<>();
  private final Set<String> elsewhere = new HashSet<>();
  private final java.util.Set<String> outOfScope = new java.util.HashSet<>();
  private volatile boolean commentsWithMoves;
  private int keySeq;

  public SimulatedTicketSystem(String id, Clock clock, CallHook hook) {
    this.id = id;
    this.clock = clock;
    this.hook = hook;
  }

  @Override
  public String id() {
    return id;
  }

  /** Files a ticket as the requester, now. */
  public synchronized Ticket file(Requester requester, String summary, String description) {
    String key = "HD-" + (++keySeq);
    Ticket t =
        new Ticket(
            new TicketRef(id, key),
            requester,
            Optional.empty(),
            summary,
            description,
            clock.instant(),
            clock.instant(),
            "Open",
            true);
    put(t);
    return t;
  }

  /** Files a ticket that an agent opened for the requester (a phone call), now. */
  public synchronized Ticket fileFor(
      Requester requester, Requester agent, String summary, String description) {
    Ticket filed = file(requester, summary, description);
    Ticket t =
        new Ticket(
            filed.ref(),
            requester,
            Optional.of(agent),
            summary,
            description,
            filed.created(),
            filed.updated(),
            filed.status(),
            true);
    put(t);
    return t;
  }

  /**
   * A technician asks for verification of the ticket (the label of this system), now; it is back in
   * the intake scope whatever happened to it before.
   */
  public synchronized void requestVerification(TicketRef ref) {
    Ticket t = tickets.get(ref.key());
    dispositions.put(ref.key(), Disposition.OPEN);
    put(
        copy(t, t.summary(), t.description(), t.status(), t.open())
            .withDetails(t.details().withVerificationRequested()));
  }

  /** Sets the ticket's labels and fields, now. */
  public synchronized void details(TicketRef ref, RequestDetails details) {
    Ticket t = tickets.get(ref.key());
    put(copy(t, t.summary(), t.description(), t.status(), t.open()).withDetails(details));
  }

  @Override
  public Optional<String> howToRequestVerification() {
    return Optional.of("add the label " + LABEL);
  }

  @Override
  public void clearVerificationRequest(TicketRef ticket) {
    hook.run(
        id + ".clearVerificationRequest",
        () -> {
          synchronized (this) {
            Ticket t = tickets.get(ticket.key());
            if (t.details().verificationRequested()) {
              SortedSet<String> labels = new TreeSet<>(t.details().labels());
              labels.remove(RequestDetails.VERIFICATION_REQUESTED);
              tickets.put(
                  ticket.key(),
                  copy(t, t.summary(), t.description(), t.status(), t.open())
                      .withDetails(new RequestDetails(labels, t.details().fields())));
            }
          }
        });
  }

  public synchronized void put(Ticket ticket) {
    tickets.put(ticket.ref().key(), ticket);
    dispositions.putIfAbsent(ticket.ref().key(), Disposition.OPEN);
  }

  /**
   * Someone moves the ticket out of the intake scope (another queue or status) without closing it.
   */
  public synchronized void moveOutOfScope(TicketRef ref) {
    Ticket t = tickets.get(ref.key());
    outOfScope.add(ref.key());
    put(copy(t, t.summary(), t.description(), "Waiting for vendor", true));
  }

  /** The requester withdraws or closes the ticket. */
  public synchronized void close(TicketRef ref) {
    Ticket t = tickets.get(ref.key());
    put(copy(t, t.summary(), t.description(), "Withdrawn", false));
  }

  /** Someone other than the requester closes the ticket (a technician resolving it, say). */
  public synchronized void closeAs(TicketRef ref, String status) {
    Ticket t = tickets.get(ref.key());
    put(copy(t, t.summary(), t.description(), status, false));
  }

  public synchronized void edit(TicketRef ref, String description) {
    Ticket t = tickets.get(ref.key());
    put(copy(t, t.summary(), description, t.status(), t.open()));
  }

  /** Someone edits the request's fields or labels (catalog variables, custom fields, mentions). */
  public synchronized void editDetails(TicketRef ref, RequestDetails details) {
    Ticket t = tickets.get(ref.key());
    put(copy(t, t.summary(), t.description(), t.status(), t.open()).withDetails(details));
  }

  /**
   * A technician moves the open ticket out of the intake scope (puts it on hold, sends it to the
   * security team) without closing it.
   */
  public synchronized void moveElsewhere(TicketRef ref, String status) {
    Ticket t = tickets.get(ref.key());
    elsewhere.add(ref.key());
    put(copy(t, t.summary(), t.description(), status, t.open()));
  }

  /** A person sends the ticket back for verification. */
  public synchronized void reopen(TicketRef ref) {
    Ticket t = tickets.get(ref.key());
    elsewhere.remove(ref.key());
    dispositions.put(ref.key(), Disposition.OPEN);
    outOfScope.remove(ref.key());
    put(copy(t, t.summary(), t.description(), "Open", true));
  }

  private Ticket copy(Ticket t, String summary, String description, String status, boolean open) {
    return new Ticket(
        t.ref(),
        t.requester(),
        t.openedBy(),
        summary,
        description,
        t.created(),
        clock.instant(),
        status,
        open,
        t.details());
  }

  public synchronized Ticket ticket(TicketRef ref) {
    return tickets.get(ref.key());
  }

  public synchronized List<Comment> comments(TicketRef ref) {
    return List.copyOf(comments.getOrDefault(ref.key(), List.of()));
  }

  public synchronized long commentsWith(TicketRef ref, CommentMarker.Step step) {
    return comments(ref).stream().filter(c -> c.marker().step() == step).count();
  }

  public synchronized Disposition disposition(TicketRef ref) {
    return dispositions.get(ref.key());
  }

  @Override
  public ScanPage findChanged(Watermark since, int limit) {
    return hook.call(
        id + ".findChanged",
        () -> {
          synchronized (this) {
            Comparator<Ticket> order =
                Comparator.comparing(Ticket::updated).thenComparing(t -> t.ref().key());
            List<Ticket> changed =
                tickets.values().stream()
                    .filter(this::inScope)
                    .filter(
                        t ->
                            t.updated().isAfter(since.updated())
                                || (t.updated().equals(since.updated())
                                    && t.ref().key().compareTo(since.key()) > 0))
                    .sorted(order)
                    .toList();
            List<Ticket> page = changed.stream().limit(limit).toList();
            Watermark next =
                page.isEmpty()
                    ? since
                    : new Watermark(
                        page.get(page.size() - 1).updated(), page.get(page.size() - 1).ref().key());
            return new ScanPage(page, next, changed.size() > page.size());
          }
        });
  }

  @Override
  public Optional<Ticket> fetch(TicketRef ticket) {
    return hook.call(id + ".fetch", () -> Optional.ofNullable(ticket(ticket)));
  }

  /** Judged from this system's own record, not from the ticket handed in (which may be stale). */
  @Override
  public Standing standing(Ticket ticket) {
    return hook.call(
        id + ".standing",
        () -> {
          synchronized (this) {
            Ticket now = tickets.get(ticket.ref().key());
            if (now == null) {
              return Standing.ELSEWHERE;
            }
            if (dispositions.get(now.ref().key()) == Disposition.EXECUTE) {
              return Standing.EXECUTED;
            }
            return inScope(now) ? Standing.IN_SCOPE : Standing.ELSEWHERE;
          }
        });
  }

  /** Counted as a {@code fetch}: the same one read, through the scan's scope. */
  @Override
  public Optional<Ticket> fetchInScope(TicketRef ticket) {
    return hook.call(
        id + ".fetch",
        () -> {
          synchronized (this) {
            return Optional.ofNullable(ticket(ticket)).filter(this::inScope);
          }
        });
  }

  /** The intake scope: open, not moved on by the workflow nor elsewhere by a person. */
  private synchronized boolean inScope(Ticket t) {
    // A technician's request for verification brings a ticket into scope, as the label does in
    // Jira.
    return (dispositions.get(t.ref().key()) == Disposition.OPEN
            || t.details().verificationRequested())
        && t.open()
        && !elsewhere.contains(t.ref().key())
        && !outOfScope.contains(t.ref().key());
  }

  @Override
  public void postPublicComment(TicketRef ticket, String text, CommentMarker marker) {
    hook.run(id + ".postPublicComment", () -> addComment(ticket, text, marker, false));
  }

  @Override
  public void postInternalNote(TicketRef ticket, String text, CommentMarker marker) {
    hook.run(id + ".postInternalNote", () -> addComment(ticket, text, marker, true));
  }

  private synchronized void addComment(
      TicketRef ticket, String text, CommentMarker marker, boolean internal) {
    comments
        .computeIfAbsent(ticket.key(), k -> new ArrayList<>())
        .add(new Comment(text, marker, internal));
  }

  @Override
  public boolean hasComment(TicketRef ticket, CommentMarker marker) {
    return hook.call(
        id + ".hasComment",
        () -> comments(ticket).stream().anyMatch(c -> c.marker().equals(marker)));
  }

  @Override
  public void execute(TicketRef ticket) {
    hook.run(id + ".execute", () -> move(ticket, Disposition.EXECUTE));
  }

  @Override
  public void reject(TicketRef ticket, String reason) {
    hook.run(id + ".reject", () -> move(ticket, Disposition.REJECTED));
  }

  /**
   * Makes a move and its comment one call (one operation for {@link Faults}), as a system that
   * takes a comment with a move does; off by default, so each is a call of its own.
   */
  public void takeCommentsWithMoves(boolean together) {
    this.commentsWithMoves = together;
  }

  @Override
  public void execute(TicketRef ticket, PublicComment comment) {
    if (commentsWithMoves) {
      moveWithComment("executeWithComment", ticket, Disposition.EXECUTE, comment);
    } else {
      TicketSystem.super.execute(ticket, comment);
    }
  }

  @Override
  public void reject(TicketRef ticket, String reason, PublicComment comment) {
    if (commentsWithMoves) {
      moveWithComment("rejectWithComment", ticket, Disposition.REJECTED, comment);
    } else {
      TicketSystem.super.reject(ticket, reason, comment);
    }
  }

  /** The move and its comment as the one operation {@code operation}. */
  private void moveWithComment(
      String operation, TicketRef ticket, Disposition to, PublicComment comment) {
    hook.run(
        id + "." + operation,
        () -> {
          move(ticket, to);
          addComment(ticket, comment.text(), comment.marker(), false);
        });
  }

  @Override
  public void escalate(TicketRef ticket, String reason) {
    hook.run(
        id + ".escalate",
        () -> {
          synchronized (this) {
            escalationReasons.computeIfAbsent(ticket.key(), k -> new ArrayList<>()).add(reason);
          }
          move(ticket, Disposition.ESCALATED);
        });
  }

  /** The reasons the ticket was escalated with, as a real system would write them. */
  public synchronized List<String> escalationReasons(TicketRef ticket) {
    return List.copyOf(escalationReasons.getOrDefault(ticket.key(), List.of()));
  }

  /** How many times a move of the ticket was asked for (idempotent repeats included). */
  public synchronized int moveCalls(TicketRef ticket) {
    return moveCalls.getOrDefault(ticket.key(), 0);
  }

  private synchronized void move(TicketRef ticket, Disposition to) {
    moveCalls.merge(ticket.key(), 1, Integer::sum);
    Disposition current = dispositions.get(ticket.key());
    if (current == to) {
      return; // idempotent by contract
    }
    if (current != Disposition.OPEN) {
      throw new IllegalStateException(ticket + " was already moved to " + current + ", not " + to);
    }
    dispositions.put(ticket.key(), to);
    Ticket t = tickets.get(ticket.key());
    tickets.put(ticket.key(), copy(t, t.summary(), t.description(), to.name(), true));
  }
}
