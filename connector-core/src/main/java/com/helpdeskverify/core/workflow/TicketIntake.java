package com.helpdeskverify.core.workflow;

import com.helpdeskverify.core.CaseId;
import com.helpdeskverify.core.CaseState;
import com.helpdeskverify.core.Classification;
import com.helpdeskverify.core.ReasonCode;
import com.helpdeskverify.core.Requester;
import com.helpdeskverify.core.SensitiveOperation;
import com.helpdeskverify.core.Ticket;
import com.helpdeskverify.core.VerificationCase;
import com.helpdeskverify.core.classify.LanguageDetector;
import com.helpdeskverify.core.classify.SecondOpinion;
import com.helpdeskverify.core.classify.SensitivityClassifier;
import com.helpdeskverify.core.store.CaseStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * Decides for each ticket a scan or webhook delivers whether it starts a verification attempt. Safe
 * to call again and again with the same ticket, and from several nodes at once: an attempt is
 * opened at most once (the store's unique key), and an approval never carries over to a new
 * attempt.
 */
public final class TicketIntake implements TicketSink {
  private final CaseStore store;
  private final SensitivityClassifier classifier;
  private final Function<String, String> providerOf;
  private final WorkflowPolicy policy;
  private final Clock clock;
  private final RandomGenerator random;
  private final String node;
  private final Function<String, TicketSystemRules> rules;
  private final Optional<HintNotes> hints;
  private final Optional<SecondOpinion> secondOpinion;

  /**
   * Starts the evidence of a case a technician asked for, so that later steps can tell (the store
   * keeps the evidence with the case).
   */
  static final String ASKED_FOR = "verification asked for by a technician";

  /**
   * @param providerOf the id of the push provider that verifies tickets of a ticket system
   * @param rules each ticket system's rules by its id; null for the defaults
   * @param hints where "possibly sensitive" notes go; empty sends none
   * @param secondOpinion offered each ticket classified without a case opened by a rule or a
   *     technician's request, after the decision; it answers later, by handing the ticket back;
   *     empty asks no one
   */
  public TicketIntake(
      CaseStore store,
      SensitivityClassifier classifier,
      Function<String, String> providerOf,
      WorkflowPolicy policy,
      Clock clock,
      RandomGenerator random,
      String node,
      Function<String, TicketSystemRules> rules,
      Optional<HintNotes> hints,
      Optional<SecondOpinion> secondOpinion) {
    this.secondOpinion = Objects.requireNonNull(secondOpinion);
    this.rules = Objects.requireNonNull(rules);
    this.hints = Objects.requireNonNull(hints);
    this.store = Objects.requireNonNull(store);
    this.classifier = Objects.requireNonNull(classifier);
    this.providerOf = Objects.requireNonNull(providerOf);
    this.policy = Objects.requireNonNull(policy);
    this.clock = Objects.requireNonNull(clock);
    this.random = Objects.requireNonNull(random);
    this.node = Objects.requireNonNull(node);
  }

  @Override
  public IntakeDecision consider(Ticket ticket) {
    return consider(ticket, false);
  }

  /**
   * Decides as {@link #consider} does, but a case it opens is opened claimed by this node, as a
   * worker's claim of due cases would have claimed it, and {@link IntakeDecision.Opened} carries
   * the case as written, claim included: the caller works it at once with {@link
   * VerificationWorkflow#advance} instead of leaving it to wait for a free worker. A caller that
   * never gets to it (a crash) leaves it to the usual recovery: the claim is freed when this node
   * restarts or falls silent, and runs out after the {@linkplain WorkflowPolicy#pickupLease pickup
   * lease} in any case.
   *
   * <p>Meant for a ticket announced on its own (a webhook). A scan opens many cases at once, and
   * those are better shared among the workers than worked one after another by the scan.
   */
  public IntakeDecision considerClaiming(Ticket ticket) {
    return consider(ticket, true);
  }

  private IntakeDecision consider(Ticket ticket, boolean claim) {
    if (!ticket.open()) {
      // Withdrawn while an attempt runs: its re-read of the ticket, which cancels it, is due now.
      store
          .latestFor(ticket.ref())
          .filter(c -> !c.state().terminal())
          .ifPresent(c -> store.recheckSoon(c.id(), clock.instant()));
      return new IntakeDecision.Unchanged("ticket is closed");
    }
    Optional<VerificationCase> latest = store.latestFor(ticket.ref());
    if (latest.isPresent() && !latest.get().state().terminal() && !editedAway(latest.get())) {
      // The running attempt re-reads the ticket itself and cancels if it was edited or withdrawn;
      // when this delivery shows it edited, the re-read is made due now rather than at the next
      // ticket-recheck.
      if (!ticket.fingerprint().equals(latest.get().fingerprint())) {
        store.recheckSoon(latest.get().id(), clock.instant());
      }
      return new IntakeDecision.Unchanged("attempt " + latest.get().attempt() + " is running");
    }
    if (latest.isPresent() && !isNewAttempt(ticket, latest.get())) {
      return new IntakeDecision.Unchanged("attempt " + latest.get().attempt() + " already decided");
    }
    TicketSystemRules own = rulesOf(ticket);
    Classification classification = decide(ticket, classify(ticket, own), own);
    if (!classification.sensitive()) {
      if (hints.isPresent() && hintWorthy(classification, own)) {
        hints.get().offer(ticket, classification);
      }
      return new IntakeDecision.NotSensitive(classification);
    }
    int attempt = latest.map(c -> c.attempt() + 1).orElse(1);
    VerificationCase opened =
        VerificationCase.detected(
            CaseId.random(random),
            ticket,
            attempt,
            classification,
            LanguageDetector.detect(ticket.summary(), ticket.description()),
            providerOf.apply(ticket.ref().system()),
            clock.instant());
    String detail =
        classification.operation()
            + " (confidence "
            + classification.confidence()
            + "): "
            + String.join("; ", classification.evidence())
            + (classification.targetsThirdParty()
                ? "; for someone else? " + String.join("; ", classification.thirdParty())
                : "")
            + ticket
                .requester()
                .attribute(Requester.EMAIL_SOURCE)
                .map(source -> "; requester's address from " + source)
                .orElse("");
    Optional<VerificationCase> written =
        claim
            ? store.insertClaimed(opened, node, clock.instant(), policy.pickupLease(), node, detail)
            : Optional.of(opened).filter(c -> store.insert(c, node, detail));
    if (written.isEmpty()) {
      return new IntakeDecision.Unchanged("attempt " + attempt + " was opened by another node");
    }
    return new IntakeDecision.Opened(written.get());
  }

  /**
   * Classifies the request as a whole: summary, description and the text of the request-defining
   * fields (a catalog variable can say what the description does not), and adds the accounts the
   * fields and mentions name by id to what the text detector found.
   */
  private Classification classify(Ticket ticket, TicketSystemRules rules) {
    String fields = RequestReferences.fieldText(ticket);
    String text = fields.isEmpty() ? ticket.description() : ticket.description() + "\n\n" + fields;
    // An agent who logged a call writes of the caller in the third person ("forgot her
    // password"); where such tickets are verified by a push to that caller, those pronouns are
    // the requester. A name, user name or address of anyone else still escalates.
    boolean writtenForRequester =
        ticket.openedOnBehalf() && rules.onBehalf() == TicketSystemRules.OnBehalf.VERIFY;
    Classification byText =
        writtenForRequester
            ? classifier.classifyWrittenForRequester(ticket.summary(), text, ticket.requester())
            : classifier.classify(ticket.summary(), text, ticket.requester());
    // Offered after the decision and never waited for: a slow vendor must not hold this worker
    // nor the tickets behind this one. A rule or a technician's request makes a case whatever the
    // text says, so a second opinion could change nothing there.
    if (secondOpinion.isPresent()
        && rules.ruleFor(ticket.details()).isEmpty()
        && !ticket.details().verificationRequested()) {
      secondOpinion.get().offer(ticket.ref(), ticket.summary(), text, writtenForRequester, byText);
    }
    List<String> structured = RequestReferences.find(ticket);
    if (structured.isEmpty()) {
      return byText;
    }
    Set<String> thirdParty = new LinkedHashSet<>(byText.thirdParty());
    thirdParty.addAll(structured);
    return new Classification(
        byText.operation(), byText.confidence(), byText.evidence(), new ArrayList<>(thirdParty));
  }

  /**
   * The verdict on a ticket: an always-verify rule first, whatever the text says; then the
   * classifier; then a technician's request for verification, which makes any ticket a case. What
   * the text says about someone else's account is kept in every case.
   */
  public static Classification decide(
      Ticket ticket, Classification found, TicketSystemRules rules) {
    Optional<TicketSystemRules.AlwaysVerify> rule = rules.ruleFor(ticket.details());
    boolean asked = ticket.details().verificationRequested();
    List<String> evidence = new ArrayList<>();
    if (asked) {
      evidence.add(ASKED_FOR);
    }
    if (rule.isPresent()) {
      evidence.add(rule.get().describe());
      if (found.sensitive()) {
        evidence.addAll(found.evidence());
      }
      return new Classification(rule.get().operation(), 1.0, evidence, found.thirdParty());
    }
    if (found.sensitive()) {
      if (!asked) {
        return found;
      }
      evidence.addAll(found.evidence());
      return new Classification(
          found.operation(), found.confidence(), evidence, found.thirdParty());
    }
    if (asked) {
      // The text asks for nothing the classifier knows, but a request field or a mention may still
      // name another account: the requester's approval would prove nothing about it.
      return new Classification(
          SensitiveOperation.IDENTITY_CHECK, 1.0, evidence, found.thirdParty());
    }
    return found;
  }

  /** Whether a case's verdict says a technician asked for it. */
  public static boolean askedForByTechnician(Classification classification) {
    return classification.evidence().stream().anyMatch(e -> e.equals(ASKED_FOR));
  }

  /**
   * Whether the service desk is behind a case: an agent opened it, or a technician asked. Someone
   * is then on the phone or at the ticket, and is told whom the push prompts and how it ended.
   */
  static boolean serviceDesk(VerificationCase c) {
    return c.openedBy().isPresent() || askedForByTechnician(c.classification());
  }

  /** Not sensitive, yet the classifier saw signs of a sensitive request and doubts its verdict. */
  static boolean hintWorthy(Classification c, TicketSystemRules rules) {
    return !c.sensitive() && !c.evidence().isEmpty() && c.confidence() < rules.hintBelow();
  }

  private TicketSystemRules rulesOf(Ticket ticket) {
    TicketSystemRules r = rules.apply(ticket.ref().system());
    return r == null ? TicketSystemRules.DEFAULTS : r;
  }

  /**
   * An attempt being cancelled because its request was edited: it has ended for the intake, so the
   * edited request is a new attempt (the workflow hands it over before the old one is closed).
   */
  private static boolean editedAway(VerificationCase c) {
    return c.state() == CaseState.CANCELLING
        && c.reason().map(r -> r.code() == ReasonCode.REQUEST_EDITED).orElse(false);
  }

  /**
   * A ticket whose last attempt has ended starts a new one when it asks for something else now
   * (edited text, another requester) or was sent back into the intake scope after the attempt
   * ended. Updates within the grace period are the echo of our own last move.
   */
  private boolean isNewAttempt(Ticket ticket, VerificationCase last) {
    if (!ticket.fingerprint().equals(last.fingerprint())) {
      return true;
    }
    return ticket.updated().isAfter(last.updatedAt().plus(policy.reopenGrace()));
  }
}
