package com.helpdeskverify.core.spi;

/** Handles the webhooks of one ticket system or provider instance. */
public interface WebhookReceiver {
  /** The path under {@code /webhooks/} this receiver answers, such as {@code duo/duo-main}. */
  String route();

  /**
   * Verifies and reads one delivery: signature or shared secret compared in constant time, stale
   * timestamps and replays refused (see {@link ReplayGuard}).
   */
  WebhookOutcome receive(InboundWebhook request);
}
