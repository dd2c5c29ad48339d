package com.helpdeskverify.core.spi;

import java.util.Optional;

/** Handles the webhooks of one ticket system or provider instance. */
public interface WebhookReceiver {
  /** The path under {@code /webhooks/} this receiver answers, such as {@code duo/duo-main}. */
  String route();

  /**
   * Verifies and reads one delivery: signature or shared secret compared in constant time, stale
   * timestamps and replays refused (see {@link ReplayGuard}).
   */
  WebhookOutcome receive(InboundWebhook request);

  /**
   * The cheap checks, made on method and headers before the body is read: the signature or secret
   * headers are present and well-formed and a signed timestamp is fresh. Whatever this refuses,
   * {@link #receive} refuses too (a receiver calls it from there), so it only moves the refusal
   * ahead of the body; a delivery it lets through is still verified whole by {@link #receive}.
   *
   * @return the refusal, or empty to go on and read the body
   */
  default Optional<WebhookOutcome.Rejected> precheck(WebhookHead head) {
    return Optional.empty();
  }
}
