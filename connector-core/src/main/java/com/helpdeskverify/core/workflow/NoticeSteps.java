package com.helpdeskverify.core.workflow;

import com.helpdeskverify.core.CaseState;
import com.helpdeskverify.core.CommentMarker;
import com.helpdeskverify.core.Reason;
import com.helpdeskverify.core.ReasonCode;
import com.helpdeskverify.core.VerificationCase;
import com.helpdeskverify.core.spi.NotVerifiable;
import com.helpdeskverify.core.spi.PushProvider;
import com.helpdeskverify.core.spi.UserLookup;
import java.util.List;
import java.util.Optional;

/**
 * The first phase of a case (DETECTED): whether it may be verified at all, which provider of its
 * ticket system's chain can reach the requester, and the notice that tells the requester a push is
 * coming.
 */
record NoticeSteps(Integrations integrations, CaseWrites writes, Comments comments) {

  Progress detected(VerificationCase c, boolean repeat) {
    if (c.openedBy().isPresent()
        && integrations.rulesOf(c).onBehalf() == TicketSystemRules.OnBehalf.ESCALATE) {
      Reason reason =
          new Reason(
              ReasonCode.OPENED_ON_BEHALF,
              "opened by "
                  + c.openedBy().get().displayName()
                  + " for "
                  + c.requester().displayName());
      return writes.move(
          c, c.toBuilder().state(CaseState.ESCALATING).reason(reason), reason.detail());
    }
    if (c.classification().targetsThirdParty()) {
      // The push would reach the requester, who would approve a change to someone else's account;
      // nobody named in the text is ever pushed instead.
      return writes.escalate(
          c,
          ReasonCode.THIRD_PARTY_TARGET,
          "found in the ticket: " + String.join("; ", c.classification().thirdParty()));
    }
    PushProvider provider = integrations.provider(c);
    UserLookup lookup = ProviderFailure.call(() -> provider.lookup(c.requester()));
    if (lookup instanceof NotVerifiable nv) {
      Optional<String> next = nextProvider(c, nv.reason());
      if (next.isPresent()) {
        // Each attempt is a line of the audit history; the notice will name the method that is
        // used in the end.
        return writes.move(
            c,
            c.toBuilder().provider(next.get()),
            provider.id()
                + ": "
                + nv.reason().description()
                + describe(nv)
                + "; trying "
                + next.get());
      }
      return writes.escalate(c, nv.reason(), nv.detail() + triedBefore(c));
    }
    UserLookup.Enrolled enrolled = (UserLookup.Enrolled) lookup;
    comments.postOnce(
        c, repeat, CommentMarker.Step.NOTICE, false, comments.render(Message.NOTICE, c));
    return writes.move(
        c,
        c.toBuilder().state(CaseState.NOTIFIED).providerUserId(enrolled.providerUserId()),
        "notice posted; push target found at "
            + provider.id()
            + (enrolled.via().isEmpty() ? "" : " " + enrolled.via()));
  }

  /**
   * The provider after the case's own in its ticket system's chain, when the case's provider cannot
   * reach the requester at all (unknown to it, or no device enrolled there).
   */
  private Optional<String> nextProvider(VerificationCase c, ReasonCode reason) {
    if (reason != ReasonCode.UNKNOWN_USER && reason != ReasonCode.NO_ENROLLED_DEVICE) {
      return Optional.empty();
    }
    List<String> chain = integrations.chain(c);
    int at = chain.indexOf(c.provider());
    return at < 0 || at + 1 >= chain.size()
        ? Optional.empty()
        : Optional.of(chain.get(at + 1)).filter(integrations::configured);
  }

  /** For an escalation after a chain: the providers asked before the case's last one. */
  private String triedBefore(VerificationCase c) {
    List<String> chain = integrations.chain(c);
    int at = chain.indexOf(c.provider());
    return at <= 0 ? "" : " (also tried: " + String.join(", ", chain.subList(0, at)) + ")";
  }

  private static String describe(NotVerifiable nv) {
    return nv.detail().isBlank() ? "" : " (" + nv.detail() + ")";
  }
}
