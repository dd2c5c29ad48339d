package com.helpdeskverify.core;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One verification attempt of one ticket, as the case store holds it. Immutable: the workflow
 * derives the next version with {@link #toBuilder()} and the store writes it only if nobody else
 * moved the case meanwhile ({@link #version()}).
 *
 * @param attempt 1 for the first verification of a ticket, counting up for each resubmission,
 *     reopening or edit; approvals never carry over from one attempt to the next
 * @param requester the push target, copied from the ticket system's authenticated requester when
 *     the case was opened
 * @param fingerprint {@link Ticket#fingerprint()} of the request this case verifies
 * @param language the language the ticket is written in, when its text told, for the messages the
 *     requester reads; empty: the configured default language
 * @param provider the configured id of the push provider that verifies this case
 * @param providerUserId the provider's id for the requester, once looked up
 * @param reason why the case left the happy path, or how it ended
 * @param nextActionAt when the case is next due for work
 * @param ticketCheckedAt when the workflow last re-read the ticket (withdrawn? edited?)
 * @param failures consecutive transient failures of the current step, for backoff and giving up
 * @param stepAttempts how many times the current state's step has been claimed; above one, an
 *     earlier try may have had its side effect and the step checks before repeating it
 * @param claim who works the case now, and until when
 * @param version bumped by every write; the store's optimistic lock
 */
public record VerificationCase(
    CaseId id,
    TicketRef ticket,
    int attempt,
    Requester requester,
    Optional<Requester> openedBy,
    String fingerprint,
    Classification classification,
    Optional<Language> language,
    String provider,
    CaseState state,
    Optional<String> providerUserId,
    Optional<Challenge> challenge,
    Optional<Reason> reason,
    Instant nextActionAt,
    Optional<Instant> ticketCheckedAt,
    int failures,
    int stepAttempts,
    Optional<Claim> claim,
    long version,
    Instant createdAt,
    Instant updatedAt) {

  /** A node's exclusive right to work a case until {@code until}. */
  public record Claim(String owner, Instant until) {
    public Claim {
      Text.requireNonBlank(owner, "claim owner");
      Objects.requireNonNull(until, "until");
    }
  }

  public VerificationCase {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(ticket, "ticket");
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt starts at 1, was " + attempt);
    }
    Objects.requireNonNull(requester, "requester");
    Objects.requireNonNull(openedBy, "openedBy");
    Text.requireNonBlank(fingerprint, "fingerprint");
    Objects.requireNonNull(classification, "classification");
    Objects.requireNonNull(language, "language");
    Text.requireNonBlank(provider, "provider");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(providerUserId, "providerUserId");
    Objects.requireNonNull(challenge, "challenge");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(nextActionAt, "nextActionAt");
    Objects.requireNonNull(ticketCheckedAt, "ticketCheckedAt");
    Objects.requireNonNull(claim, "claim");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }

  /** A new case in {@link CaseState#DETECTED}, due at once, of a ticket in no known language. */
  public static VerificationCase detected(
      CaseId id,
      Ticket ticket,
      int attempt,
      Classification classification,
      String provider,
      Instant now) {
    return detected(id, ticket, attempt, classification, Optional.empty(), provider, now);
  }

  /** A new case in {@link CaseState#DETECTED}, due at once. */
  public static VerificationCase detected(
      CaseId id,
      Ticket ticket,
      int attempt,
      Classification classification,
      Optional<Language> language,
      String provider,
      Instant now) {
    return new VerificationCase(
        id,
        ticket.ref(),
        attempt,
        ticket.requester(),
        ticket.openedBy().filter(o -> !o.sameAccount(ticket.requester())),
        ticket.fingerprint(),
        classification,
        language,
        provider,
        CaseState.DETECTED,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        now,
        Optional.of(now),
        0,
        0,
        Optional.empty(),
        0,
        now,
        now);
  }

  /** How the case ended; empty while it is not terminal. */
  public Optional<Outcome> outcome() {
    ReasonCode code = reason.map(Reason::code).orElse(null);
    return switch (state) {
      case EXECUTE_REQUESTED -> Optional.of(new Outcome.Executed());
      case REJECTED -> Optional.of(new Outcome.Rejected(code));
      case ESCALATED -> Optional.of(new Outcome.Escalated(code));
      case CANCELLED -> Optional.of(new Outcome.Cancelled(code));
      default -> Optional.empty();
    };
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Changes what the workflow may change; identity, request and bookkeeping stay the store's. */
  public static final class Builder {
    private final VerificationCase base;
    private String provider;
    private CaseState state;
    private Optional<String> providerUserId;
    private Optional<Challenge> challenge;
    private Optional<Reason> reason;
    private Instant nextActionAt;
    private Optional<Instant> ticketCheckedAt;
    private int failures;

    private Builder(VerificationCase base) {
      this.base = base;
      this.provider = base.provider;
      this.state = base.state;
      this.providerUserId = base.providerUserId;
      this.challenge = base.challenge;
      this.reason = base.reason;
      this.nextActionAt = base.nextActionAt;
      this.ticketCheckedAt = base.ticketCheckedAt;
      this.failures = base.failures;
    }

    /**
     * The next provider of a fallback chain, while the case is still {@link CaseState#DETECTED}
     * (the store refuses a change of provider in any later state).
     */
    public Builder provider(String provider) {
      Text.requireNonBlank(provider, "provider");
      this.provider = provider;
      return this;
    }

    public Builder state(CaseState state) {
      this.state = state;
      return this;
    }

    public Builder providerUserId(String providerUserId) {
      this.providerUserId = Optional.of(providerUserId);
      return this;
    }

    public Builder challenge(Challenge challenge) {
      this.challenge = Optional.of(challenge);
      return this;
    }

    public Builder reason(Reason reason) {
      this.reason = Optional.of(reason);
      return this;
    }

    public Builder nextActionAt(Instant nextActionAt) {
      this.nextActionAt = nextActionAt;
      return this;
    }

    public Builder ticketCheckedAt(Instant ticketCheckedAt) {
      this.ticketCheckedAt = Optional.of(ticketCheckedAt);
      return this;
    }

    public Builder failures(int failures) {
      this.failures = failures;
      return this;
    }

    public VerificationCase build() {
      return new VerificationCase(
          base.id,
          base.ticket,
          base.attempt,
          base.requester,
          base.openedBy,
          base.fingerprint,
          base.classification,
          base.language,
          provider,
          state,
          providerUserId,
          challenge,
          reason,
          nextActionAt,
          ticketCheckedAt,
          failures,
          base.stepAttempts,
          base.claim,
          base.version,
          base.createdAt,
          base.updatedAt);
    }
  }
}
