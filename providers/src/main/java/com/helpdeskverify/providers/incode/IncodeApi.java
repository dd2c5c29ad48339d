package com.helpdeskverify.providers.incode;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import retrofit2.Call;
import retrofit2.http.Body;
import retrofit2.http.GET;
import retrofit2.http.Header;
import retrofit2.http.POST;
import retrofit2.http.Query;
import retrofit2.http.Url;

/**
 * The Incode calls this provider makes: the whole wire format, in one place. The API key and
 * version headers are added by {@link IncodeAuthInterceptor}; the bearer token is a parameter. See
 * providers/README.md for the documentation each shape comes from and which are unverified.
 */
interface IncodeApi {

  /**
   * B2B Request New Onboarding: starts a session for one user under one integration and returns its
   * link. The path is configurable because Incode's public page does not show it in full.
   */
  @POST
  Call<OnboardingResponse> requestOnboarding(
      @Header("Authorization") String bearer, @Url String path, @Body OnboardingRequest request);

  /** The session's processing status ({@code UNKNOWN} until the user starts). */
  @GET("omni/get/onboarding/status")
  Call<StatusResponse> onboardingStatus(
      @Header("Authorization") String bearer, @Query("id") String interviewId);

  /** The session's scores; {@code overall.status} is the verdict: OK, WARN or FAIL. */
  @GET("omni/get/score")
  Call<ScoreResponse> score(
      @Header("Authorization") String bearer, @Query("id") String interviewId);

  @JsonIgnoreProperties(ignoreUnknown = true)
  record OnboardingRequest(
      @JsonProperty("integrationId") String integrationId,
      @JsonProperty("integrationReference") String integrationReference,
      @JsonProperty("loginHint") String loginHint,
      @JsonProperty("notificationType") String notificationType) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record OnboardingResponse(
      @JsonProperty("interviewId") @JsonAlias({"sessionId", "id"}) String interviewId,
      @JsonProperty("url") @JsonAlias({"onboardingUrl", "link"}) String url) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record StatusResponse(@JsonProperty("onboardingStatus") String onboardingStatus) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record ScoreResponse(@JsonProperty("overall") Overall overall) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Overall(@JsonProperty("status") String status, @JsonProperty("value") String value) {}
}
