package com.helpdeskverify.servicenow;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;
import retrofit2.Call;
import retrofit2.http.FieldMap;
import retrofit2.http.FormUrlEncoded;
import retrofit2.http.Headers;
import retrofit2.http.POST;

/** ServiceNow's OAuth token endpoint; it takes form-encoded parameters only, never JSON. */
interface TokenApi {

  @FormUrlEncoded
  @Headers("Accept: application/json")
  @POST("oauth_token.do")
  Call<TokenResponse> token(@FieldMap Map<String, String> form);

  @JsonIgnoreProperties(ignoreUnknown = true)
  record TokenResponse(
      @JsonProperty("access_token") String accessToken,
      @JsonProperty("refresh_token") String refreshToken,
      @JsonProperty("expires_in") Long expiresIn,
      @JsonProperty("token_type") String tokenType) {

    @Override
    public String toString() {
      return "TokenResponse[token_type=" + tokenType + ", expires_in=" + expiresIn + "]";
    }
  }
}
