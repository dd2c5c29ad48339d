package com.helpdeskverify.providers.traceless;

import com.helpdeskverify.core.config.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import okhttp3.Interceptor;
import okhttp3.Request;
import okio.Buffer;

/**
 * Signs every Traceless request with the organization's API signing secret. UNVERIFIED scheme (see
 * {@link TracelessApi}): HMAC-SHA256, hex, over {@code timestamp \n METHOD \n path?query \n body},
 * sent with the organization UUID and the Unix timestamp in seconds.
 */
final class TracelessSigner implements Interceptor {
  static final String ORGANIZATION = "X-Traceless-Organization";
  static final String TIMESTAMP = "X-Traceless-Timestamp";
  static final String SIGNATURE = "X-Traceless-Signature";

  private final String organizationId;
  private final Secret signingSecret;
  private final Clock clock;

  TracelessSigner(String organizationId, Secret signingSecret, Clock clock) {
    this.organizationId = organizationId;
    this.signingSecret = signingSecret;
    this.clock = clock;
  }

  @Override
  public okhttp3.Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    String timestamp = Long.toString(clock.instant().getEpochSecond());
    String body = "";
    if (request.body() != null) {
      Buffer buffer = new Buffer();
      request.body().writeTo(buffer);
      body = buffer.readUtf8();
    }
    String target =
        request.url().encodedPath()
            + (request.url().encodedQuery() == null ? "" : "?" + request.url().encodedQuery());
    String canonical = timestamp + "\n" + request.method() + "\n" + target + "\n" + body;
    return chain.proceed(
        request
            .newBuilder()
            .header(ORGANIZATION, organizationId)
            .header(TIMESTAMP, timestamp)
            .header(SIGNATURE, sign(canonical))
            .build());
  }

  String sign(String canonical) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(
          new SecretKeySpec(signingSecret.reveal().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }
}
