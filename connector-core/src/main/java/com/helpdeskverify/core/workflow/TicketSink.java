package com.helpdeskverify.core.workflow;

import com.helpdeskverify.core.Ticket;

/** Where a scan delivers tickets: intake, or a dry run that only reports. */
@FunctionalInterface
public interface TicketSink {
  IntakeDecision consider(Ticket ticket);
}
