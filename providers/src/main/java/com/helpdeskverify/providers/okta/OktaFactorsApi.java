package com.helpdeskverify.providers.okta;

import java.util.List;
import retrofit2.Call;
import retrofit2.http.Body;
import retrofit2.http.DELETE;
import retrofit2.http.GET;
import retrofit2.http.POST;
import retrofit2.http.Path;
import retrofit2.http.Url;

/** The Users and Factors API calls of the Okta management API this provider makes. */
interface OktaFactorsApi {

  /** A user by login (or id); 404 when there is none. */
  @GET("api/v1/users/{login}")
  Call<OktaDtos.User> user(@Path("login") String login);

  @GET("api/v1/users/{userId}/factors")
  Call<List<OktaDtos.Factor>> factors(@Path("userId") String userId);

  /** Issues a push challenge; Okta answers 201 with a transaction to poll. */
  @POST("api/v1/users/{userId}/factors/{factorId}/verify")
  Call<OktaDtos.Transaction> verify(
      @Path("userId") String userId,
      @Path("factorId") String factorId,
      @Body OktaDtos.VerifyRequest body);

  /** The transaction's {@code poll} link, as Okta asks clients to use it. */
  @GET
  Call<OktaDtos.Transaction> poll(@Url String pollLink);

  /** The transaction's {@code cancel} link (the same URL, with DELETE). */
  @DELETE
  Call<Void> cancel(@Url String cancelLink);
}
