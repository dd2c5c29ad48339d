package com.helpdeskverify.core.spi;

import com.helpdeskverify.core.CaseId;
import com.helpdeskverify.core.Requester;
import com.helpdeskverify.core.SensitiveOperation;
import com.helpdeskverify.core.TicketRef;
import java.util.Objects;

/**
 * What a provider needs to send one push.
 *
 * @param providerUserId the id {@link PushProvider#lookup} returned for {@code requester}
 * @param serviceDesk true when the service desk is behind the push: an agent opened the ticket for
 *     the requester (a phone call) or a technician asked for verification. Providers that show a
 *     context with the prompt say so, with {@code ticket.label()}, so the requester knows why they
 *     are asked.
 */
public record PushRequest(
    CaseId caseId,
    TicketRef ticket,
    Requester requester,
    String providerUserId,
    SensitiveOperation operation,
    boolean serviceDesk) {
  public PushRequest {
    Objects.requireNonNull(caseId, "caseId");
    Objects.requireNonNull(ticket, "ticket");
    Objects.requireNonNull(requester, "requester");
    Objects.requireNonNull(providerUserId, "providerUserId");
    Objects.requireNonNull(operation, "operation");
  }

  /** A push the requester's own ticket asked for. */
  public PushRequest(
      CaseId caseId,
      TicketRef ticket,
      Requester requester,
      String providerUserId,
      SensitiveOperation operation) {
    this(caseId, ticket, requester, providerUserId, operation, false);
  }
}
