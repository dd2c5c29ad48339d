package com.helpdeskverify.providers.traceless;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import retrofit2.Call;
import retrofit2.http.Body;
import retrofit2.http.GET;
import retrofit2.http.POST;
import retrofit2.http.Path;

/**
 * UNVERIFIED wire format. Traceless publishes no API reference; what is public (an integrator's
 * setup guide, cited in providers/README.md) says only that a request carries the employee's work
 * email and the push method, is authenticated with an API signing secret and an organization UUID,
 * and that its result is polled. The paths, field names and status values below are this project's
 * assumption, kept in this one interface and in {@link TracelessSigner} so that the real format
 * replaces them without touching the provider.
 */
interface TracelessApi {

  @POST("v1/verifications")
  Call<Verification> create(@Body CreateVerification request);

  @GET("v1/verifications/{id}")
  Call<Verification> get(@Path("id") String id);

  /**
   * @param pushMethod {@code microsoft_authenticator} or {@code duo_push}
   * @param reference our case id, for support and correlation
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record CreateVerification(
      @JsonProperty("email") String email,
      @JsonProperty("push_method") String pushMethod,
      @JsonProperty("reference") String reference) {}

  /**
   * @param status {@code pending}, {@code approved}, {@code denied}, {@code fraud_reported} or
   *     {@code expired}
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Verification(@JsonProperty("id") String id, @JsonProperty("status") String status) {}

  /** An error answer: {@code user_not_found}, {@code no_enrolled_device}, ... */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record ErrorBody(@JsonProperty("error") String error, @JsonProperty("message") String message) {}
}
