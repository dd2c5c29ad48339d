package com.helpdeskverify.core.spi;

import com.helpdeskverify.core.PushHandle;
import com.helpdeskverify.core.TicketRef;
import java.util.List;

/** What a {@link WebhookReceiver} made of a delivery. */
public sealed interface WebhookOutcome {

  /** Refused (bad signature, stale, replayed, malformed); no case is touched. */
  record Rejected(int status, String reason) implements WebhookOutcome {}

  /**
   * Accepted. It only nudges: the named pushes are polled and the named tickets fetched at once,
   * and what the provider or ticket system then says decides; a webhook body never decides an
   * outcome.
   */
  record Accepted(List<PushHandle> pushes, List<TicketRef> tickets) implements WebhookOutcome {
    public Accepted {
      pushes = List.copyOf(pushes);
      tickets = List.copyOf(tickets);
    }
  }
}
