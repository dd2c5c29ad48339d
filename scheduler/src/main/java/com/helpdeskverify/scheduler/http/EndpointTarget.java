package com.helpdeskverify.scheduler.http;

import com.helpdeskverify.core.PushHandle;
import com.helpdeskverify.core.TicketRef;
import com.helpdeskverify.core.spi.WebhookReceiver;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * What the endpoint asks of the service, and nothing more, as the Quartz jobs see it through {@code
 * JobTarget}: the endpoint answers probes and hands webhooks on; it never reaches into the
 * service's parts.
 */
public interface EndpointTarget {
  Clock clock();

  ServiceMetrics metrics();

  /** Reads the case store once; throws when it cannot be read. */
  void checkStore();

  /** The configured ticket systems' ids, in configuration order. */
  List<String> ticketSystemIds();

  /** The push providers' ids, each with whether calls to it are paused (its circuit is open). */
  Map<String, Boolean> providersPaused();

  /** The webhook receivers of the push providers, by provider id. */
  Map<String, WebhookReceiver> providerWebhooks();

  /** The webhook receivers of the ticket systems, by ticket system id. */
  Map<String, WebhookReceiver> ticketSystemWebhooks();

  /** A webhook said these pushes have news: poll them now. */
  void pushesChanged(String providerId, List<PushHandle> pushes);

  /** A webhook said these tickets are new or changed: read them now. */
  void ticketsChanged(String systemId, List<TicketRef> tickets);
}
