package com.helpdeskverify.scheduler;

import com.helpdeskverify.core.Classification;
import com.helpdeskverify.core.Ticket;
import com.helpdeskverify.core.classify.SensitivityClassifier;
import com.helpdeskverify.core.workflow.IntakeDecision;
import com.helpdeskverify.core.workflow.TicketIntake;
import com.helpdeskverify.core.workflow.TicketSink;
import com.helpdeskverify.core.workflow.TicketSystemRules;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Intake for a ticket system in dry-run mode: says what would happen, opens no case. */
final class DryRun implements TicketSink {
  private static final Logger LOG = LoggerFactory.getLogger(DryRun.class);

  private final SensitivityClassifier classifier;
  private final String provider;
  private final TicketSystemRules rules;

  DryRun(SensitivityClassifier classifier, String provider) {
    this(classifier, provider, TicketSystemRules.DEFAULTS);
  }

  /** A dry run that applies the ticket system's rules and technicians' requests as intake does. */
  DryRun(SensitivityClassifier classifier, String provider, TicketSystemRules rules) {
    this.classifier = classifier;
    this.provider = provider;
    this.rules = rules;
  }

  @Override
  public IntakeDecision consider(Ticket ticket) {
    Classification c =
        TicketIntake.decide(
            ticket,
            classifier.classify(ticket.summary(), ticket.description(), ticket.requester().email()),
            rules);
    if (c.targetsThirdParty() && ticket.open()) {
      LOG.info(
          "dry run: {} would be escalated without a push ({}): the request seems to be for"
              + " someone else's account: {}",
          ticket.ref(),
          c.operation(),
          c.thirdParty());
    } else if (c.sensitive() && ticket.open()) {
      LOG.info(
          "dry run: {} would be verified ({} , confidence {}, evidence {}) with a push from {} to"
              + " requester account {}",
          ticket.ref(),
          c.operation(),
          c.confidence(),
          c.evidence(),
          provider,
          ticket.requester().accountId());
    }
    return new IntakeDecision.NotSensitive(c);
  }
}
