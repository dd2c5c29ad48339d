package com.helpdeskverify.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * A ticket as the ticket system reports it.
 *
 * @param requester the person the request is for, as the ticket system authenticated them
 * @param openedBy who submitted it, when that is someone else (an agent filing on behalf of a
 *     caller)
 * @param status the ticket system's own status name, for messages and logs
 * @param open false once the ticket is closed, resolved or withdrawn
 */
public record Ticket(
    TicketRef ref,
    Requester requester,
    Optional<Requester> openedBy,
    String summary,
    String description,
    Instant created,
    Instant updated,
    String status,
    boolean open) {

  public Ticket {
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(requester, "requester");
    Objects.requireNonNull(openedBy, "openedBy");
    summary = Text.orEmpty(summary);
    description = Text.orEmpty(description);
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(updated, "updated");
    status = Text.orEmpty(status);
  }

  /** True when someone other than the requester submitted the ticket. */
  public boolean openedOnBehalf() {
    return openedBy.map(o -> !o.sameAccount(requester)).orElse(false);
  }

  /**
   * Identifies what was asked and by whom. An approval is bound to it: a ticket whose fingerprint
   * changed is a new request and needs a new verification.
   */
  public String fingerprint() {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (String part : new String[] {requester.accountId(), summary, description}) {
        sha.update(part.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
