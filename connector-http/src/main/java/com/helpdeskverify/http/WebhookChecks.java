package com.helpdeskverify.http;

import com.helpdeskverify.core.TicketRef;
import com.helpdeskverify.core.config.Secret;
import com.helpdeskverify.core.spi.IntegrationFailure;
import com.helpdeskverify.core.spi.ReplayGuard;
import com.helpdeskverify.core.spi.WebhookHead;
import com.helpdeskverify.core.spi.WebhookOutcome;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The pieces webhook receivers verify a delivery with, written once: the HMAC signature, the shared
 * secret header, the freshness window, the replay check and the nudge of a ticket only while it is
 * in scope. Each receiver puts together the pieces its sender's scheme needs; what a sender signs
 * and where it puts the signature stays with the receiver.
 */
public final class WebhookChecks {
  private static final String HMAC_SHA256 = "HmacSHA256";

  private WebhookChecks() {}

  /** HMAC-SHA256 keyed with {@code secret} over {@code parts}, one after the other. */
  public static byte[] hmacSha256(Secret secret, byte[]... parts) {
    try {
      Mac mac = Mac.getInstance(HMAC_SHA256);
      mac.init(new SecretKeySpec(secret.reveal().getBytes(StandardCharsets.UTF_8), HMAC_SHA256));
      for (byte[] part : parts) {
        mac.update(part);
      }
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }

  /** The SHA-256 of a body in lower-case hex: a delivery's identity when it carries none. */
  public static String sha256Hex(byte[] body) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /**
   * Whether {@code header} carries {@code secret}, compared in constant time; a missing header
   * never matches.
   */
  public static boolean secretHeaderMatches(WebhookHead head, String header, Secret secret) {
    return ConstantTime.equals(head.header(header).orElse(null), secret.reveal());
  }

  /**
   * Whether a delivery sent at {@code sent} is fresh at {@code now}: at most {@code maxAge} old,
   * and at most {@code maxAhead} in the future (the sender's clock may run ahead of ours).
   */
  public static boolean fresh(Instant sent, Instant now, Duration maxAge, Duration maxAhead) {
    return !sent.isBefore(now.minus(maxAge)) && !sent.isAfter(now.plus(maxAhead));
  }

  /**
   * Records a delivery by {@code key} until {@code expiresAt}, and refuses it when it was recorded
   * before. The key must be the same for every copy of one delivery (a signature in one canonical
   * form), and {@code expiresAt} no earlier than the end of the delivery's freshness window, so
   * that a copy is refused for as long as it would otherwise pass.
   */
  public static Optional<WebhookOutcome.Rejected> replayed(
      ReplayGuard guard, String key, Instant expiresAt) {
    if (guard.firstSeen(key, expiresAt)) {
      return Optional.empty();
    }
    return Optional.of(new WebhookOutcome.Rejected(401, "replayed delivery"));
  }

  /**
   * Accepts a delivery that names {@code ref}, nudging it only while it is in scope: a ticket
   * system sends its webhooks for any change of any ticket. A ticket that cannot be checked now is
   * not nudged, as the next scan reads it anyway and the nudge only saves time.
   *
   * @param log the receiver's logger, which notes a ticket that could not be checked
   */
  public static WebhookOutcome.Accepted nudgeIfInScope(
      TicketRef ref, Predicate<TicketRef> inScope, Logger log) {
    boolean eligible;
    try {
      eligible = inScope.test(ref);
    } catch (IntegrationFailure e) {
      log.log(
          Level.WARNING,
          "{0}: cannot check nudged {1}: {2}",
          ref.system(),
          ref.key(),
          e.getMessage());
      eligible = false;
    }
    return new WebhookOutcome.Accepted(List.of(), eligible ? List.of(ref) : List.of());
  }
}
