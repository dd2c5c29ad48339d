package com.helpdeskverify.scheduler.reliability;

import com.helpdeskverify.core.CaseState;
import com.helpdeskverify.core.HistoryEntry;
import com.helpdeskverify.core.Reason;
import com.helpdeskverify.core.ReasonCode;
import com.helpdeskverify.core.VerificationCase;
import com.helpdeskverify.core.store.CaseStore;
import com.helpdeskverify.simulators.SimulatedDuo;
import com.helpdeskverify.simulators.SimulatedDuo.Answer;
import com.helpdeskverify.simulators.SimulatedJira;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What became of every filed ticket after a run, as the simulated Jira and Duo saw it and as the
 * service's case store and audit history record it: the outcome of each ticket against its scripted
 * answer, and every duplicate side effect. Read the store only after every node stopped.
 */
final class RunAudit {
  /** A ticket the test filed, by whom, and how its requester answers pushes. */
  record Filed(String key, String requester, Answer answer) {}

  /** The outcomes a ticket can correctly reach. */
  enum Outcome {
    EXECUTED,
    REJECTED_DENIED,
    REJECTED_TIMED_OUT,
    ESCALATED_NO_DEVICE,
    /** The process died while the push may have been on its way and Duo cannot tell. */
    ESCALATED_CRASH_AMBIGUITY;

    static Outcome expected(Answer answer) {
      return switch (answer) {
        case APPROVE -> EXECUTED;
        case DENY -> REJECTED_DENIED;
        case IGNORE -> REJECTED_TIMED_OUT;
        case NO_DEVICE -> ESCALATED_NO_DEVICE;
      };
    }

    String jiraStatus() {
      return switch (this) {
        case EXECUTED -> "In Progress";
        case REJECTED_DENIED, REJECTED_TIMED_OUT -> "Rejected";
        case ESCALATED_NO_DEVICE, ESCALATED_CRASH_AMBIGUITY -> "Escalated";
      };
    }

    Set<String> comments() {
      return switch (this) {
        // At execution the technician's note names the verified account (issue 12).
        case EXECUTED -> Set.of("notice", "executed", "verified_account");
        case REJECTED_DENIED, REJECTED_TIMED_OUT -> Set.of("notice", "rejected");
        case ESCALATED_NO_DEVICE -> Set.of("escalated_internal", "escalated_public");
        case ESCALATED_CRASH_AMBIGUITY ->
            Set.of("notice", "escalated_internal", "escalated_public");
      };
    }
  }

  private static final Pattern MARKER = Pattern.compile("hv:([0-9a-f-]{36}):([a-z_]+)");
  private static final Pattern APPROVAL = Pattern.compile("push (\\S+) approved");

  /** Every violation found, one line each, naming the ticket. */
  final List<String> problems = new ArrayList<>();

  final Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);

  /** Tickets whose requester got more than one Duo push for them. */
  int ticketsWithDuplicatePushes;

  /** Comments posted again with a marker already on the ticket. */
  int duplicateComments;

  /** Transitions beyond the first of a ticket. */
  int extraTransitions;

  /** Crash-ambiguity escalations whose push had in fact reached Duo. */
  int ambiguousWithPushSent;

  /** Cases whose state changes were written by more than one node. */
  int casesWorkedByManyNodes;

  /** State changes written, by the node that wrote them. */
  final Map<String, Integer> movesByNode = new TreeMap<>();

  private RunAudit() {}

  static RunAudit of(List<Filed> filed, SimulatedJira jira, SimulatedDuo duo, CaseStore store) {
    RunAudit audit = new RunAudit();
    Map<String, List<VerificationCase>> casesByTicket =
        store.all().stream().collect(Collectors.groupingBy(c -> c.ticket().key()));
    Map<String, List<SimulatedDuo.Push>> pushesByTicket = new HashMap<>();
    for (SimulatedDuo.Push p : duo.pushes()) {
      pushesByTicket.computeIfAbsent(ticketOf(p), k -> new ArrayList<>()).add(p);
    }
    Set<String> keys = filed.stream().map(Filed::key).collect(Collectors.toSet());
    casesByTicket.keySet().stream()
        .filter(k -> !keys.contains(k))
        .forEach(k -> audit.problems.add(k + ": a case for a ticket nobody filed"));
    pushesByTicket.keySet().stream()
        .filter(k -> !keys.contains(k))
        .forEach(k -> audit.problems.add(k + ": a push for a ticket nobody filed"));
    for (Filed f : filed) {
      audit.ticket(
          f,
          casesByTicket.getOrDefault(f.key(), List.of()),
          pushesByTicket.getOrDefault(f.key(), List.of()),
          jira,
          store);
    }
    return audit;
  }

  private void ticket(
      Filed f,
      List<VerificationCase> cases,
      List<SimulatedDuo.Push> pushes,
      SimulatedJira jira,
      CaseStore store) {
    String key = f.key();
    if (pushes.size() > 1) {
      ticketsWithDuplicatePushes++;
    }
    for (SimulatedDuo.Push p : pushes) {
      if (!p.username().equals(f.requester())) {
        problems.add(key + ": push " + p.txid() + " went to " + p.username());
      }
    }
    List<String> transitions = jira.transitions(key);
    extraTransitions += Math.max(0, transitions.size() - 1);
    Map<String, Integer> markers = new TreeMap<>();
    for (String[] comment : jira.comments(key)) {
      Matcher m = MARKER.matcher(comment[1]);
      if (!m.find()) {
        problems.add(key + ": a comment without a case marker: " + comment[1]);
        continue;
      }
      markers.merge(m.group(), 1, Integer::sum);
    }
    markers.values().forEach(n -> duplicateComments += n - 1);
    markers.forEach(
        (marker, n) -> {
          if (n > 1) {
            problems.add(key + ": comment " + marker + " posted " + n + " times");
          }
        });

    if (cases.size() != 1) {
      problems.add(key + ": " + cases.size() + " cases, expected exactly one");
      return;
    }
    VerificationCase c = cases.get(0);
    List<HistoryEntry> history = store.history(c.id());
    if (!c.state().terminal()) {
      problems.add(key + ": stuck in " + c.state() + "; history " + moves(history));
      return;
    }
    movesOnce(key, history);

    Outcome expected = Outcome.expected(f.answer());
    Outcome outcome = outcome(c);
    if (outcome == null) {
      problems.add(
          key + ": " + c.state() + " " + c.reason().orElse(null) + ", expected " + expected);
      return;
    }
    outcomes.merge(outcome, 1, Integer::sum);
    if (outcome == Outcome.ESCALATED_CRASH_AMBIGUITY) {
      boolean interrupted = hasMove(history, CaseState.PUSH_SENDING, CaseState.ESCALATING);
      if (f.answer() == Answer.NO_DEVICE || !interrupted) {
        problems.add(key + ": escalated as push outcome unknown, " + moves(history));
      }
      if (pushes.size() > 1) {
        problems.add(key + ": " + pushes.size() + " pushes, then escalated as outcome unknown");
      }
      ambiguousWithPushSent += pushes.isEmpty() ? 0 : 1;
    } else if (outcome != expected) {
      problems.add(key + ": " + outcome + ", expected " + expected + "; " + moves(history));
    }

    if (!transitions.equals(List.of(outcome.jiraStatus()))) {
      problems.add(key + ": transitions " + transitions + " for " + outcome);
    }
    Set<String> steps = new LinkedHashSet<>();
    for (String marker : markers.keySet()) {
      Matcher m = MARKER.matcher(marker);
      m.matches();
      if (!m.group(1).equals(c.id().value())) {
        problems.add(key + ": comment " + marker + " of another case than " + c.id());
      }
      steps.add(m.group(2));
    }
    if (!steps.equals(outcome.comments())) {
      problems.add(key + ": comments " + steps + " for " + outcome);
    }
    if (outcome == Outcome.ESCALATED_NO_DEVICE && !pushes.isEmpty()) {
      problems.add(key + ": " + pushes.size() + " pushes to a requester without a device");
    }
    if (outcome != Outcome.ESCALATED_NO_DEVICE
        && outcome != Outcome.ESCALATED_CRASH_AMBIGUITY
        && c.challenge()
            .map(ch -> pushes.stream().noneMatch(p -> p.txid().equals(ch.push().id())))
            .orElse(true)) {
      problems.add(key + ": its case's push " + c.challenge() + " is not one Duo sent for it");
    }
    if (transitions.contains(Outcome.EXECUTED.jiraStatus()) || outcome == Outcome.EXECUTED) {
      executedOnlyOnItsOwnApproval(f, c, history, pushes);
    }
  }

  /** The security invariant: execution only after an approval of this case's own push. */
  private void executedOnlyOnItsOwnApproval(
      Filed f, VerificationCase c, List<HistoryEntry> history, List<SimulatedDuo.Push> pushes) {
    String key = f.key();
    if (f.answer() != Answer.APPROVE) {
      problems.add(key + ": moved to execute, but its requester answers " + f.answer());
    }
    if (c.state() != CaseState.EXECUTE_REQUESTED || c.challenge().isEmpty()) {
      problems.add(key + ": moved to execute while its case is " + c.state());
      return;
    }
    String own = c.challenge().get().push().id();
    List<String> approvals =
        history.stream()
            .filter(e -> e.to() == CaseState.APPROVED && e.from().orElse(null) != e.to())
            .map(e -> APPROVAL.matcher(e.detail()))
            .map(m -> m.find() ? m.group(1) : "(no push named)")
            .toList();
    if (!approvals.equals(List.of(own))) {
      problems.add(key + ": executed on approvals " + approvals + ", its own push is " + own);
    }
    if (pushes.stream()
        .noneMatch(p -> p.txid().equals(own) && p.username().equals(f.requester()))) {
      problems.add(key + ": executed on push " + own + ", which Duo never sent to the requester");
    }
    if (history.stream()
        .anyMatch(e -> e.to() == CaseState.DENIED || e.to() == CaseState.TIMED_OUT)) {
      problems.add(key + ": executed after a denial or timeout: " + moves(history));
    }
  }

  /**
   * No state change written twice: a step repeated (by a restarted process or by another node)
   * would show as a second identical move. A push that certainly was not sent may go back to
   * NOTIFIED and be reserved again.
   */
  private void movesOnce(String key, List<HistoryEntry> history) {
    Map<String, Integer> seen = new HashMap<>();
    Set<String> actors = new LinkedHashSet<>();
    for (HistoryEntry e : history) {
      if (e.from().isPresent() && e.from().get() == e.to()) {
        continue; // a note, not a move
      }
      actors.add(e.actor());
      movesByNode.merge(e.actor(), 1, Integer::sum);
      String move = e.from().map(Enum::name).orElse("") + ">" + e.to();
      boolean retry =
          (e.from().orElse(null) == CaseState.NOTIFIED && e.to() == CaseState.PUSH_SENDING)
              || (e.from().orElse(null) == CaseState.PUSH_SENDING && e.to() == CaseState.NOTIFIED);
      if (seen.merge(move, 1, Integer::sum) > 1 && !retry) {
        problems.add(key + ": move " + move + " written twice: " + moves(history));
      }
    }
    if (actors.size() > 1) {
      casesWorkedByManyNodes++;
    }
  }

  private static Outcome outcome(VerificationCase c) {
    ReasonCode reason = c.reason().map(Reason::code).orElse(null);
    return switch (c.state()) {
      case EXECUTE_REQUESTED -> Outcome.EXECUTED;
      case REJECTED ->
          reason == ReasonCode.DENIED
              ? Outcome.REJECTED_DENIED
              : reason == ReasonCode.TIMED_OUT ? Outcome.REJECTED_TIMED_OUT : null;
      case ESCALATED ->
          reason == ReasonCode.NO_ENROLLED_DEVICE
              ? Outcome.ESCALATED_NO_DEVICE
              : reason == ReasonCode.PUSH_OUTCOME_UNKNOWN
                  ? Outcome.ESCALATED_CRASH_AMBIGUITY
                  : null;
      default -> null;
    };
  }

  private static boolean hasMove(List<HistoryEntry> history, CaseState from, CaseState to) {
    return history.stream().anyMatch(e -> e.from().orElse(null) == from && e.to() == to);
  }

  private static String moves(List<HistoryEntry> history) {
    return history.stream()
        .map(e -> e.from().map(Enum::name).orElse("") + ">" + e.to() + " by " + e.actor())
        .collect(Collectors.joining(", "));
  }

  /** The ticket a push was about, from the {@code pushinfo} Duo Mobile showed with it. */
  static String ticketOf(SimulatedDuo.Push push) {
    for (String pair : push.pushinfo().split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0
          && URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals("ticket")) {
        return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return "(no ticket in pushinfo '" + push.pushinfo() + "')";
  }

  /**
   * A SIGKILL and the restart that followed it: when the new process was spawned, and when it
   * answered on HTTP (its JVM, store and jobs started).
   */
  record Restart(Instant killed, Instant restarted, Instant up) {}

  /**
   * How long after each restart the cases the killed process was working moved on: for every case
   * whose state at the kill was one that moves on without waiting for anybody (not CHALLENGED, not
   * terminal), the time from the restart to its next state change. Sorted ascending.
   */
  static List<Duration> resumeDelays(
      CaseStore store, List<Restart> restarts, java.util.function.Function<Restart, Instant> from) {
    List<Duration> delays = new ArrayList<>();
    for (VerificationCase c : store.all()) {
      List<HistoryEntry> history = store.history(c.id());
      for (Restart r : restarts) {
        HistoryEntry atKill = null;
        HistoryEntry next = null;
        for (HistoryEntry e : history) {
          if (!e.at().isAfter(r.killed())) {
            atKill = e;
          } else if (next == null) {
            next = e;
          }
        }
        if (atKill == null
            || atKill.to().terminal()
            || atKill.to() == CaseState.CHALLENGED
            || next == null) {
          continue;
        }
        Instant start = from.apply(r);
        delays.add(next.at().isBefore(start) ? Duration.ZERO : Duration.between(start, next.at()));
      }
    }
    delays.sort(null);
    return delays;
  }

  /** The first problems, for an assertion message. */
  String firstProblems() {
    return problems.stream().limit(25).collect(Collectors.joining("\n  ", "\n  ", ""))
        + (problems.size() > 25 ? "\n  ... and " + (problems.size() - 25) + " more" : "");
  }

  String figures() {
    return "outcomes "
        + outcomes
        + ", escalated from crash ambiguity "
        + outcomes.getOrDefault(Outcome.ESCALATED_CRASH_AMBIGUITY, 0)
        + " ("
        + ambiguousWithPushSent
        + " of them with the push sent), tickets with duplicate pushes "
        + ticketsWithDuplicatePushes
        + ", duplicate comments "
        + duplicateComments
        + ", extra transitions "
        + extraTransitions;
  }
}
