package com.helpdeskverify.core;

import java.text.Normalizer;
import java.util.Locale;

/**
 * The one form of an e-mail address used for comparing, counting and looking people up: {@code
 * Alice@Corp.Example} and {@code alice@corp.example} are one person to every directory this service
 * talks to, so they must share one push budget and one look-up.
 */
public final class EmailAddresses {
  private EmailAddresses() {}

  /**
   * Trimmed, Unicode-normalised (NFC, so composed and decomposed accents are one form) and
   * lower-cased with {@link Locale#ROOT} (the Turkish dotless i must not depend on the server's
   * locale).
   */
  public static String normalize(String address) {
    return Normalizer.normalize(address.strip(), Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
  }
}
