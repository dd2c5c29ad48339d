package com.helpdeskverify.providers.duo;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The JSON of Duo's Auth API v2 and Admin API, as far as these providers read it. */
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

  /** A user of the Admin API (duo_api_csharp {@code Models/v1/DuoUserModel.cs}). */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record AdminUser(
      @JsonProperty("user_id") String userId,
      String username,
      String status,
      List<AdminPhone> phones) {}

  /** A user's phone (duo_api_csharp {@code Models/v1/DuoPhoneModel.cs}). */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record AdminPhone(
      @JsonProperty("phone_id") String phoneId, Boolean activated, List<String> capabilities) {}

  /**
   * The answer of {@code send_verification_push}: "The Duo Push sent to the user contains this
   * confirmation code" (duo_api_csharp {@code Models/v1/DuoVerificationPushModel.cs}).
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record VerificationPush(
      @JsonProperty("push_id") String pushId,
      @JsonProperty("confirmation_code") String confirmationCode) {}

  /** {@code result}: approve, deny, fraud or waiting. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record VerificationPushResponse(@JsonProperty("push_id") String pushId, String result) {}
}
