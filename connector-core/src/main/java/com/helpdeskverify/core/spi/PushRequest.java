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
 */
public record PushRequest(
    CaseId caseId,
    TicketRef ticket,
    Requester requester,
    String providerUserId,
    SensitiveOperation operation) {
  public PushRequest {
    Objects.requireNonNull(caseId, "caseId");
    Objects.requireNonNull(ticket, "ticket");
    Objects.requireNonNull(requester, "requester");
    Objects.requireNonNull(providerUserId, "providerUserId");
    Objects.requireNonNull(operation, "operation");
  }
}
