package com.helpdeskverify.providers.duo;

import com.helpdeskverify.http.RetryInterceptor;
import retrofit2.Call;
import retrofit2.http.Field;
import retrofit2.http.FormUrlEncoded;
import retrofit2.http.GET;
import retrofit2.http.POST;
import retrofit2.http.Query;
import retrofit2.http.Tag;

/** The three calls of Duo's Auth API v2 this provider makes. */
interface DuoAuthApi {

  /**
   * Enrollment and devices of a user. Reads only, so it may be repeated after a 5xx. With {@code
   * client_supports_verified_push=1} (omitted when null) a policy that requires Verified Duo Push
   * is honoured, and an {@code auth} answer carries the {@code txid} that {@code auth} must be
   * given.
   */
  @FormUrlEncoded
  @POST("auth/v2/preauth")
  Call<DuoDtos.Envelope<DuoDtos.Preauth>> preauth(
      @Field("username") String username,
      @Field("client_supports_verified_push") String clientSupportsVerifiedPush,
      @Tag RetryInterceptor.Idempotent idempotent);

  /** Sends the push; with {@code async=1} Duo answers at once with a transaction id. */
  @FormUrlEncoded
  @POST("auth/v2/auth")
  Call<DuoDtos.Envelope<DuoDtos.Auth>> auth(
      @Field("username") String username,
      @Field("factor") String factor,
      @Field("device") String device,
      @Field("async") String async,
      @Field("type") String type,
      @Field("pushinfo") String pushinfo,
      @Field("txid") String txid);

  /** Verifies the integration key, secret key and signature without touching any user. */
  @GET("auth/v2/check")
  Call<DuoDtos.Envelope<com.fasterxml.jackson.databind.JsonNode>> check();

  @GET("auth/v2/auth_status")
  Call<DuoDtos.Envelope<DuoDtos.AuthStatus>> authStatus(@Query("txid") String txid);
}
