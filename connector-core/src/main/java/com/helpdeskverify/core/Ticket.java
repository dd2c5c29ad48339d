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
 * @param details labels and the request-defining fields beyond summary and description
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
    boolean open,
    RequestDetails details) {

  public Ticket {
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(requester, "requester");
    Objects.requireNonNull(openedBy, "openedBy");
    summary = Text.orEmpty(summary);
    description = Text.orEmpty(description);
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(updated, "updated");
    status = Text.orEmpty(status);
    Objects.requireNonNull(details, "details");
  }

  /** A ticket whose system reports nothing beyond summary and description. */
  public Ticket(
      TicketRef ref,
      Requester requester,
      Optional<Requester> openedBy,
      String summary,
      String description,
      Instant created,
      Instant updated,
      String status,
      boolean open) {
    this(
        ref,
        requester,
        openedBy,
        summary,
        description,
        created,
        updated,
        status,
        open,
        RequestDetails.NONE);
  }

  /** This ticket with other details. */
  public Ticket withDetails(RequestDetails details) {
    return new Ticket(
        ref, requester, openedBy, summary, description, created, updated, status, open, details);
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
      // Added only when present, so tickets without such fields keep the fingerprint they had.
      for (var field : details.fields().entrySet()) {
        sha.update((byte) 1);
        sha.update(field.getKey().getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update(field.getValue().getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
