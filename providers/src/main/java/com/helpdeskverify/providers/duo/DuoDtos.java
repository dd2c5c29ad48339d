package com.helpdeskverify.providers.duo;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The JSON of Duo's Auth API v2, as far as this provider reads it. */
final class DuoDtos {
  private DuoDtos() {}

  /** Every Duo answer: {@code stat} OK with a {@code response}, or FAIL with a code. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Envelope<T>(
      String stat,
      T response,
      Integer code,
      String message,
      @JsonProperty("message_detail") String messageDetail) {}

  /** {@code txid}: only with {@code client_supports_verified_push=1} and {@code result: auth}. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Preauth(
      String result,
      @JsonProperty("status_msg") String statusMsg,
      List<Device> devices,
      @JsonProperty("enroll_portal_url") String enrollPortalUrl,
      String txid) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Device(String device, String type, List<String> capabilities) {}

  /** {@code txid} for an asynchronous push; {@code result} when Duo decided without one. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Auth(
      String txid, String result, String status, @JsonProperty("status_msg") String statusMsg) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record AuthStatus(String result, String status, @JsonProperty("status_msg") String statusMsg) {}
}
