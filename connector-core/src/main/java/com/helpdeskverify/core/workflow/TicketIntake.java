package com.helpdeskverify.core.workflow;

import com.helpdeskverify.core.CaseId;
import com.helpdeskverify.core.Classification;
import com.helpdeskverify.core.Requester;
import com.helpdeskverify.core.Ticket;
import com.helpdeskverify.core.VerificationCase;
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

  /**
   * @param providerOf the id of the push provider that verifies tickets of a ticket system
   */
  public TicketIntake(
      CaseStore store,
      SensitivityClassifier classifier,
      Function<String, String> providerOf,
      WorkflowPolicy policy,
      Clock clock,
      RandomGenerator random,
      String node) {
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
    if (!ticket.open()) {
      return new IntakeDecision.Unchanged("ticket is closed");
    }
    Optional<VerificationCase> latest = store.latestFor(ticket.ref());
    if (latest.isPresent() && !latest.get().state().terminal()) {
      // The running attempt re-reads the ticket itself and cancels if it was edited or withdrawn.
      return new IntakeDecision.Unchanged("attempt " + latest.get().attempt() + " is running");
    }
    if (latest.isPresent() && !isNewAttempt(ticket, latest.get())) {
      return new IntakeDecision.Unchanged("attempt " + latest.get().attempt() + " already decided");
    }
    Classification classification = classify(ticket);
    if (!classification.sensitive()) {
      return new IntakeDecision.NotSensitive(classification);
    }
    int attempt = latest.map(c -> c.attempt() + 1).orElse(1);
    VerificationCase opened =
        VerificationCase.detected(
            CaseId.random(random),
            ticket,
            attempt,
            classification,
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
    if (!store.insert(opened, node, detail)) {
      return new IntakeDecision.Unchanged("attempt " + attempt + " was opened by another node");
    }
    return new IntakeDecision.Opened(opened);
  }

  /**
   * Classifies the request as a whole: summary, description and the text of the request-defining
   * fields (a catalog variable can say what the description does not), and adds the accounts the
   * fields and mentions name by id to what the text detector found.
   */
  private Classification classify(Ticket ticket) {
    String fields = RequestReferences.fieldText(ticket);
    String text = fields.isEmpty() ? ticket.description() : ticket.description() + "\n\n" + fields;
    Classification byText = classifier.classify(ticket.summary(), text, ticket.requester().email());
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
