package com.helpdeskverify.providers.entra;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import retrofit2.Call;
import retrofit2.http.Body;
import retrofit2.http.Field;
import retrofit2.http.FormUrlEncoded;
import retrofit2.http.GET;
import retrofit2.http.Header;
import retrofit2.http.POST;
import retrofit2.http.Query;
import retrofit2.http.Url;

/**
 * The calls of the Verified ID provider: tokens (client credentials), the two Microsoft Graph reads
 * that find the requester and re-read their account, and the Request Service API's presentation
 * request. See providers/README.md for the page each shape comes from.
 */
interface VerifiedIdApi {

  /** Microsoft identity platform client credentials grant, at the full token endpoint URL. */
  @FormUrlEncoded
  @POST
  Call<Token> token(
      @Url String tokenEndpoint,
      @Field("grant_type") String grantType,
      @Field("client_id") String clientId,
      @Field("client_secret") String clientSecret,
      @Field("scope") String scope);

  /** Graph: users whose UPN or mail is the address (quotes in it doubled by the caller). */
  @GET
  Call<GraphApi.UserList> users(
      @Url String usersUrl,
      @Header("Authorization") String bearer,
      @Query("$filter") String filter,
      @Query("$select") String select);

  /** Graph: one user by object id. */
  @GET
  Call<GraphApi.User> user(
      @Url String userUrl, @Header("Authorization") String bearer, @Query("$select") String select);

  /** Request Service API: creates a presentation request; 201 with its id and deep link. */
  @POST
  Call<PresentationResponse> createPresentationRequest(
      @Url String url, @Header("Authorization") String bearer, @Body PresentationRequest request);

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Token(
      @JsonProperty("access_token") String accessToken,
      @JsonProperty("expires_in") Long expiresIn) {
    @Override
    public String toString() {
      return "Token[****, expiresIn=" + expiresIn + "]";
    }
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record PresentationRequest(
      String authority,
      Boolean includeQRCode,
      Boolean includeReceipt,
      Registration registration,
      Callback callback,
      List<RequestedCredential> requestedCredentials) {}

  record Registration(String clientName, String purpose) {}

  /** {@code headers}: Microsoft sends them back with every callback ({@code api-key}). */
  record Callback(String url, String state, Map<String, String> headers) {
    @Override
    public String toString() {
      return "Callback[" + url + ", " + state + ", headers ****]";
    }
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record RequestedCredential(
      String type,
      String purpose,
      List<String> acceptedIssuers,
      Configuration configuration,
      List<Constraint> constraints) {}

  record Configuration(Validation validation) {}

  record Validation(Boolean allowRevoked, Boolean validateLinkedDomain, FaceCheck faceCheck) {}

  record FaceCheck(String sourcePhotoClaimName, Integer matchConfidenceThreshold) {}

  /** A claim the wallet's credential must carry with one of these values. */
  record Constraint(String claimName, List<String> values) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record PresentationResponse(String requestId, String url, Long expiry) {}
}
