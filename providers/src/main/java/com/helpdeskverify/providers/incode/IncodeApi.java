package com.helpdeskverify.providers.incode;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import retrofit2.Call;
import retrofit2.http.Body;
import retrofit2.http.GET;
import retrofit2.http.Header;
import retrofit2.http.POST;
import retrofit2.http.Query;

/**
 * The Incode calls this provider makes: the whole wire format, in one place, with every header a
 * call carries spelled out. See providers/README.md for the page each shape comes from and which
 * parts Incode's public documentation does not show.
 */
interface IncodeApi {
  String API_VERSION = "1.0";

  /**
   * Request New Onboarding under the Helpdesk integration ("use the Request New Onboarding API with
   * the helpdesk integration's integrationReference value and the employee's loginHint"),
   * authenticated with the client-credentials bearer token of the B2B API.
   */
  @POST("omni/b2b/onboarding/request-new")
  Call<OnboardingResponse> requestNew(
      @Header("Authorization") String bearer, @Body OnboardingRequest request);

  /** The executive (admin) token that privileged Omni reads carry as X-Incode-Hardware-Id. */
  @POST("executive/log-in")
  Call<ExecutiveToken> executiveLogin(
      @Header("x-api-key") String apiKey,
      @Header("api-version") String apiVersion,
      @Body ExecutiveCredentials credentials);

  /** The session's processing status ({@code UNKNOWN} until the employee starts). */
  @GET("omni/get/onboarding/status")
  Call<StatusResponse> onboardingStatus(
      @Header("x-api-key") String apiKey,
      @Header("api-version") String apiVersion,
      @Header("X-Incode-Hardware-Id") String token,
      @Query("id") String interviewId);

  /** The session's scores; {@code overall.status} is the verdict: OK, WARN or FAIL. */
  @GET("omni/get/score")
  Call<ScoreResponse> score(
      @Header("x-api-key") String apiKey,
      @Header("api-version") String apiVersion,
      @Header("X-Incode-Hardware-Id") String token,
      @Query("id") String interviewId);

  /** {@code notification} is nested, as the Helpdesk page writes it: {@code notification.type}. */
  record OnboardingRequest(
      @JsonProperty("integrationReference") String integrationReference,
      @JsonProperty("loginHint") String loginHint,
      @JsonProperty("notification") Notification notification) {}

  /** How Incode delivers the link: {@code EMAIL} or {@code SMS}. */
  record Notification(@JsonProperty("type") String type) {}

  /** Only the session id is read; its name is Incode's session id everywhere else in Omni. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record OnboardingResponse(@JsonProperty("interviewId") String interviewId) {}

  record ExecutiveCredentials(
      @JsonProperty("email") String email, @JsonProperty("password") String password) {
    @Override
    public String toString() {
      return "ExecutiveCredentials[" + email + ", ****]";
    }
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  record ExecutiveToken(@JsonProperty("token") String token) {
    @Override
    public String toString() {
      return "ExecutiveToken[****]";
    }
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  record StatusResponse(@JsonProperty("onboardingStatus") String onboardingStatus) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record ScoreResponse(@JsonProperty("overall") Overall overall) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Overall(@JsonProperty("status") String status, @JsonProperty("value") String value) {}
}
