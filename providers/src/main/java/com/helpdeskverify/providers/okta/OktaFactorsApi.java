package com.helpdeskverify.providers.okta;

import java.util.List;
import retrofit2.Call;
import retrofit2.http.Body;
import retrofit2.http.DELETE;
import retrofit2.http.GET;
import retrofit2.http.POST;
import retrofit2.http.Path;
import retrofit2.http.Query;
import retrofit2.http.Url;

/** The Users, Factors and System Log API calls of the Okta management API this provider makes. */
interface OktaFactorsApi {

  /** The user the API token belongs to: proves org URL and token without touching anyone else. */
  @GET("api/v1/users/me")
  Call<OktaDtos.User> currentUser();

  /** A user by login (or id); 404 when there is none. */
  @GET("api/v1/users/{login}")
  Call<OktaDtos.User> user(@Path("login") String login);

  /**
   * Users matching a search expression (any profile property, custom ones included), such as {@code
   * profile.atlassianAccountId eq "557057:..."}.
   */
  @GET("api/v1/users")
  Call<List<OktaDtos.User>> searchUsers(@Query("search") String search, @Query("limit") int limit);

  @GET("api/v1/users/{userId}/factors")
  Call<List<OktaDtos.Factor>> factors(@Path("userId") String userId);

  /**
   * Issues a push challenge with number matching; Okta answers 201 with a transaction to poll. Okta
   * needs the body only for this form ("Sending a request with a body is required when you verify a
   * push factor with a number matching challenge").
   */
  @POST("api/v1/users/{userId}/factors/{factorId}/verify")
  Call<OktaDtos.Transaction> verify(
      @Path("userId") String userId,
      @Path("factorId") String factorId,
      @Body OktaDtos.VerifyRequest body);

  /** Issues a plain push challenge: no body at all, as Okta's examples for {@code push} send. */
  @POST("api/v1/users/{userId}/factors/{factorId}/verify")
  Call<OktaDtos.Transaction> verifyPlain(
      @Path("userId") String userId, @Path("factorId") String factorId);

  /** The transaction's {@code poll} link, as Okta asks clients to use it. */
  @GET
  Call<OktaDtos.Transaction> poll(@Url String pollLink);

  /** The transaction's {@code cancel} link (the same URL, with DELETE). */
  @DELETE
  Call<Void> cancel(@Url String cancelLink);

  /**
   * A bounded System Log query ({@code since} and {@code until} both given): events published in
   * that window, in order, filtered by a SCIM expression.
   */
  @GET("api/v1/logs")
  Call<List<OktaDtos.LogEvent>> logs(
      @Query("since") String since,
      @Query("until") String until,
      @Query("filter") String filter,
      @Query("limit") int limit);
}
