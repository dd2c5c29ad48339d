package com.helpdeskverify.providers.entra;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import retrofit2.Call;
import retrofit2.http.GET;
import retrofit2.http.Header;
import retrofit2.http.Path;
import retrofit2.http.Query;

/**
 * The Microsoft Graph v1.0 reads of the {@code entra} provider, relative to its {@code graph-url}:
 * the user list with {@code $filter}, and a user's registered authentication methods. Shapes from
 * the pages cited in provider-entra/README.md ("Sources"); only the fields read are mapped.
 */
interface GraphApi {

  /** Users matching {@code filter}; {@code top} may be null (Graph's own page size). */
  @GET("users")
  Call<UserList> users(
      @Header("Authorization") String bearer,
      @Query("$filter") String filter,
      @Query("$select") String select,
      @Query("$top") Integer top);

  /**
   * The authentication methods of one user, by object id or user principal name, which the caller
   * percent-encodes as one path segment (connector-http's {@code PercentEncoding}: {@code @} as
   * {@code %40}, as the Graph SDK's URI templates sent it; a UPN may also hold {@code #}).
   */
  @GET("users/{user}/authentication/methods")
  Call<MethodList> methods(
      @Header("Authorization") String bearer,
      @Path(value = "user", encoded = true) String encodedUser);

  @JsonIgnoreProperties(ignoreUnknown = true)
  record UserList(List<User> value) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record User(String id, String userPrincipalName, Boolean accountEnabled) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record MethodList(List<Method> value) {}

  /**
   * One registered method: its {@code @odata.type} (such as {@code
   * #microsoft.graph.phoneAuthenticationMethod}) and, for a phone, its {@code phoneType}.
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Method(@JsonProperty("@odata.type") String type, String phoneType) {
    static final String AUTHENTICATOR =
        "#microsoft.graph.microsoftAuthenticatorAuthenticationMethod";
    static final String PHONE = "#microsoft.graph.phoneAuthenticationMethod";
  }
}
