package com.helpdeskverify.providers.incode;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import retrofit2.Call;
import retrofit2.http.Field;
import retrofit2.http.FormUrlEncoded;
import retrofit2.http.POST;

/** Incode's authorization server: the OAuth 2.0 client credentials grant of B2B integrations. */
interface IncodeAuthApi {

  @FormUrlEncoded
  @POST("oauth2/token")
  Call<TokenResponse> token(
      @Field("grant_type") String grantType,
      @Field("client_id") String clientId,
      @Field("client_secret") String clientSecret,
      @Field("scope") String scope);

  @JsonIgnoreProperties(ignoreUnknown = true)
  record TokenResponse(
      @JsonProperty("access_token") String accessToken,
      @JsonProperty("expires_in") Long expiresIn) {
    @Override
    public String toString() {
      return "TokenResponse[****, expiresIn=" + expiresIn + "]";
    }
  }
}
