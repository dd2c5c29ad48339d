package com.helpdeskverify.providers.entra;

import okhttp3.RequestBody;
import okhttp3.ResponseBody;
import retrofit2.Call;
import retrofit2.http.Body;
import retrofit2.http.Header;
import retrofit2.http.POST;
import retrofit2.http.Url;

/**
 * The StrongAuthenticationService connector endpoint (base URL ends in {@code
 * /StrongAuthenticationService.svc/Connector/}). Undocumented by Microsoft: the XML shapes come
 * from the public analyses cited in providers/README.md and are built and read by {@link
 * StrongAuthenticationXml}.
 */
interface StrongAuthenticationApi {

  @POST("BeginTwoWayAuthentication")
  Call<ResponseBody> begin(@Header("Authorization") String bearer, @Body RequestBody xml);

  /** At the affinity URL the begin answer names, or {@code EndTwoWayAuthentication}. */
  @POST
  Call<ResponseBody> end(
      @Url String url, @Header("Authorization") String bearer, @Body RequestBody xml);
}
