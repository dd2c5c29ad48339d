package com.helpdeskverify.scheduler;

import com.helpdeskverify.core.Classification;
import com.helpdeskverify.core.ReasonCode;
import com.helpdeskverify.core.Ticket;
import com.helpdeskverify.core.classify.SensitivityClassifier;
import com.helpdeskverify.core.spi.IntegrationFailure;
import com.helpdeskverify.core.spi.NotVerifiable;
import com.helpdeskverify.core.spi.PushProvider;
import com.helpdeskverify.core.spi.UserLookup;
import com.helpdeskverify.core.workflow.IntakeDecision;
import com.helpdeskverify.core.workflow.TicketSink;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Intake for a ticket system in dry-run mode, an observe mode for trying the service on a live
 * desk: says once per ticket version what would happen, on the case log that shows by default, and
 * counts it; opens no case, posts and pushes nothing. The provider is asked whether it knows the
 * requester (a read that prompts nobody), so "would escalate: no enrolled device" is told apart
 * from "would push".
 */
final class DryRun implements TicketSink {
  private static final Logger LOG = LoggerFactory.getLogger(CaseLog.LOGGER);

  /** Enough to remember every ticket of a busy scan window; older versions may be told again. */
  private static final int REMEMBERED = 10_000;

  private final SensitivityClassifier classifier;
  private final PushProvider provider;
  private final BiConsumer<String, String> counted;
  private final Map<String, Boolean> told =
      new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
          return size() > REMEMBERED;
        }
      };

  /**
   * @param counted told each ticket system id and what would happen ({@code verify}, {@code
   *     escalate}), for the metric
   */
  DryRun(
      SensitivityClassifier classifier, PushProvider provider, BiConsumer<String, String> counted) {
    this.classifier = classifier;
    this.provider = provider;
    this.counted = counted;
  }

  @Override
  public IntakeDecision consider(Ticket ticket) {
    Classification c =
        classifier.classify(ticket.summary(), ticket.description(), ticket.requester().email());
    if (!c.sensitive() || !ticket.open() || !firstTime(ticket)) {
      return new IntakeDecision.NotSensitive(c);
    }
    String what = c.operation() + " (" + String.join("; ", c.evidence()) + ")";
    String ticketName = name(ticket);
    if (c.targetsThirdParty()) {
      escalate(ticket, what, ReasonCode.THIRD_PARTY_TARGET, String.join("; ", c.thirdParty()));
      return new IntakeDecision.NotSensitive(c);
    }
    UserLookup lookup;
    try {
      lookup = provider.lookup(ticket.requester());
    } catch (IntegrationFailure e) {
      LOG.info(
          "dry run: {} would be verified: {}, by {}; {} could not say whether it knows {}: {}",
          ticketName,
          what,
          provider.displayName(),
          provider.id(),
          CaseLog.clean(ticket.requester().displayName()),
          e.getMessage());
      counted.accept(ticket.ref().system(), "verify");
      return new IntakeDecision.NotSensitive(c);
    }
    if (lookup instanceof NotVerifiable nv) {
      escalate(ticket, what, nv.reason(), nv.detail());
    } else {
      LOG.info(
          "dry run: {} would be verified: {}, by a {} push to {} (account {})",
          ticketName,
          what,
          provider.displayName(),
          CaseLog.clean(ticket.requester().displayName()),
          CaseLog.clean(ticket.requester().accountId()));
      counted.accept(ticket.ref().system(), "verify");
    }
    return new IntakeDecision.NotSensitive(c);
  }

  private void escalate(Ticket ticket, String what, ReasonCode reason, String detail) {
    LOG.info(
        "dry run: {} would be escalated to technicians without a push: {}; {}: {}",
        name(ticket),
        what,
        reason,
        CaseLog.clean(detail));
    counted.accept(ticket.ref().system(), "escalate");
  }

  private static String name(Ticket ticket) {
    return CaseLog.clean(ticket.ref().label()) + " [" + ticket.ref().system() + "]";
  }

  /** Whether this version of the ticket has not been told yet; scans see a ticket many times. */
  private synchronized boolean firstTime(Ticket ticket) {
    return told.put(ticket.ref() + "@" + ticket.updated(), Boolean.TRUE) == null;
  }
}
