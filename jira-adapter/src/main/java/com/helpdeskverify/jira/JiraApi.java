package com.helpdeskverify.jira;

import com.fasterxml.jackson.databind.JsonNode;
import retrofit2.Call;
import retrofit2.http.Body;
import retrofit2.http.GET;
import retrofit2.http.POST;
import retrofit2.http.PUT;
import retrofit2.http.Path;
import retrofit2.http.Query;

/** The Jira Cloud REST v3 and Service Management calls the adapter makes. */
interface JiraApi {

  @GET("rest/api/3/search/jql")
  Call<JiraDtos.SearchPage> search(
      @Query("jql") String jql,
      @Query("nextPageToken") String nextPageToken,
      @Query("maxResults") int maxResults,
      @Query("fields") String fields);

  @GET("rest/api/3/issue/{key}")
  Call<JiraDtos.Issue> issue(@Path("key") String key, @Query("fields") String fields);

  @GET("rest/api/3/issue/{key}/comment")
  Call<JiraDtos.CommentPage> comments(
      @Path("key") String key, @Query("startAt") int startAt, @Query("maxResults") int maxResults);

  @POST("rest/api/3/issue/{key}/comment")
  Call<JsonNode> addComment(@Path("key") String key, @Body JsonNode body);

  @POST("rest/servicedeskapi/request/{key}/comment")
  Call<JsonNode> addRequestComment(@Path("key") String key, @Body JsonNode body);

  @GET("rest/api/3/issue/{key}/transitions")
  Call<JiraDtos.Transitions> transitions(@Path("key") String key);

  @POST("rest/api/3/issue/{key}/transitions")
  Call<Void> transition(@Path("key") String key, @Body JsonNode body);

  @PUT("rest/api/3/issue/{key}")
  Call<Void> edit(@Path("key") String key, @Body JsonNode body);

  @GET("rest/api/3/myself")
  Call<JiraDtos.User> myself();
}
