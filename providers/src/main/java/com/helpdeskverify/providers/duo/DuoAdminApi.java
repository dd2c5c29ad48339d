package com.helpdeskverify.providers.duo;

import com.helpdeskverify.http.RetryInterceptor;
import java.util.List;
import retrofit2.Call;
import retrofit2.http.Field;
import retrofit2.http.FormUrlEncoded;
import retrofit2.http.GET;
import retrofit2.http.POST;
import retrofit2.http.Path;
import retrofit2.http.Query;
import retrofit2.http.Tag;

/**
 * The Duo Admin API calls of the help-desk verification push (duo_client_python {@code
 * duo_client/admin.py}: {@code get_users_by_name}, {@code get_user_by_id}, {@code
 * send_verification_push}, {@code get_verification_push_response}; duo_api_csharp {@code
 * Endpoints/AdminUsers.cs}: {@code GetUser}, {@code GetUserById}, {@code SendVerificationPush},
 * {@code VerifyPushResponse}).
 */
interface DuoAdminApi {

  /** Users by user name (or alias); an empty list when there is none. */
  @GET("admin/v1/users")
  Call<DuoDtos.Envelope<List<DuoDtos.AdminUser>>> usersByName(@Query("username") String username);

  @GET("admin/v1/users/{user_id}")
  Call<DuoDtos.Envelope<DuoDtos.AdminUser>> user(@Path("user_id") String userId);

  /** One page of one user: proves keys, signature and the "read resource" permission. */
  @GET("admin/v1/users")
  Call<DuoDtos.Envelope<List<DuoDtos.AdminUser>>> users(
      @Query("limit") int limit, @Query("offset") int offset);

  /** Sends the verification push to one of the user's phones; not repeated after a 5xx. */
  @FormUrlEncoded
  @POST("admin/v1/users/{user_id}/send_verification_push")
  Call<DuoDtos.Envelope<DuoDtos.VerificationPush>> sendVerificationPush(
      @Path("user_id") String userId, @Field("phone_id") String phoneId);

  /** The answer, kept for 120 seconds after the push was sent; 404 after that. */
  @GET("admin/v1/users/{user_id}/verification_push_response")
  Call<DuoDtos.Envelope<DuoDtos.VerificationPushResponse>> verificationPushResponse(
      @Path("user_id") String userId,
      @Query("push_id") String pushId,
      @Tag RetryInterceptor.Idempotent idempotent);
}
