package com.helpdeskverify.providers.duo;

import com.helpdeskverify.http.PercentEncoding;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Duo's request signature (canonicalization "v2"): the lines date, upper-case method, lower-case
 * host, path and the sorted, RFC 3986-encoded parameters, joined with newlines; its HMAC with the
 * secret key in lower-case hex is the password, the integration key the user name, of HTTP Basic
 * authentication.
 */
final class DuoSignature {

  /** The HMAC of the signature; Duo's current documentation and clients use SHA-512. */
  enum Algorithm {
    HMAC_SHA512("HmacSHA512"),
    HMAC_SHA1("HmacSHA1");

    private final String jca;

    Algorithm(String jca) {
      this.jca = jca;
    }
  }

  private final String integrationKey;
  private final byte[] secretKey;
  private final Algorithm algorithm;

  DuoSignature(String integrationKey, String secretKey, Algorithm algorithm) {
    this.integrationKey = integrationKey;
    this.secretKey = secretKey.getBytes(StandardCharsets.UTF_8);
    this.algorithm = algorithm;
  }

  /** The value of the {@code Authorization} header for a request with this canonical form. */
  String authorization(String canonical) {
    String credentials = integrationKey + ":" + hmacHex(canonical);
    return "Basic "
        + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
  }

  String hmacHex(String canonical) {
    try {
      Mac mac = Mac.getInstance(algorithm.jca);
      mac.init(new SecretKeySpec(secretKey, algorithm.jca));
      return HexFormat.of().formatHex(mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("the JVM lacks " + algorithm.jca, e);
    }
  }

  /**
   * @param params decoded parameter names and values; one name may carry several values
   */
  static String canonical(
      String date,
      String method,
      String host,
      String path,
      List<Map.Entry<String, String>> params) {
    return String.join(
        "\n",
        date,
        method.toUpperCase(Locale.ROOT),
        host.toLowerCase(Locale.ROOT),
        path,
        canonicalParams(params));
  }

  /** Sorted by encoded name, then encoded value, as Duo's reference clients do. */
  static String canonicalParams(List<Map.Entry<String, String>> params) {
    List<String[]> encoded = new ArrayList<>();
    for (Map.Entry<String, String> p : params) {
      encoded.add(
          new String[] {PercentEncoding.encode(p.getKey()), PercentEncoding.encode(p.getValue())});
    }
    encoded.sort(
        (a, b) -> {
          int byName = a[0].compareTo(b[0]);
          return byName != 0 ? byName : a[1].compareTo(b[1]);
        });
    List<String> pairs = new ArrayList<>();
    for (String[] p : encoded) {
      pairs.add(p[0] + "=" + p[1]);
    }
    return String.join("&", pairs);
  }
}
