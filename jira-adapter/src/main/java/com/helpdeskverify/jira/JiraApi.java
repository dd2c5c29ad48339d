package com.helpdeskverify.jira;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import okhttp3.ResponseBody;
import retrofit2.Call;
import retrofit2.http.Body;
import retrofit2.http.GET;
import retrofit2.http.POST;
import retrofit2.http.PUT;
import retrofit2.http.Path;
import retrofit2.http.Query;

/**
 * The Jira REST calls the adapter makes: {@code version} is 3 on Cloud and 2 on Data Center, whose
 * platform API has the same shapes except for wiki-markup strings in place of ADF documents.
 */
interface JiraApi {

  @GET("rest/api/3/search/jql")
  Call<JiraDtos.SearchPage> search(
      @Query("jql") String jql,
      @Query("nextPageToken") String nextPageToken,
      @Query("maxResults") int maxResults,
      @Query("fields") String fields);

  /**
   * Cloud's search with read-after-write consistency for one issue: the index may lag behind an
   * issue's last change, and {@code reconcileIssues} makes the answer reflect its current state.
   */
  @GET("rest/api/3/search/jql")
  Call<JiraDtos.SearchPage> searchReconciled(
      @Query("jql") String jql,
      @Query("maxResults") int maxResults,
      @Query("fields") String fields,
      @Query("reconcileIssues") long reconcileIssue);

  /**
   * The last look before execution on Cloud: the scope query for the issues named, read-after-write
   * consistent for them ({@code reconcileIssues}, one parameter an id, at most 50), with the fields
   * of a ticket and the transitions each issue offers now ({@code expand=transitions}).
   */
  @GET("rest/api/3/search/jql")
  Call<JiraDtos.SearchPage> searchReconciledExpanded(
      @Query("jql") String jql,
      @Query("maxResults") int maxResults,
      @Query("fields") String fields,
      @Query("expand") String expand,
      @Query("reconcileIssues") List<Long> reconcileIssues);

  /** Data Center's search: offset pagination ({@code startAt}, {@code total}). */
  @GET("rest/api/2/search")
  Call<JiraDtos.SearchPage> searchByOffset(
      @Query("jql") String jql,
      @Query("startAt") int startAt,
      @Query("maxResults") int maxResults,
      @Query("fields") String fields);

  @GET("rest/api/{version}/issue/{key}")
  Call<JiraDtos.Issue> issue(
      @Path("version") String version, @Path("key") String key, @Query("fields") String fields);

  /** An issue with the transitions it offers now ({@code expand=transitions}). */
  @GET("rest/api/{version}/issue/{key}")
  Call<JiraDtos.Issue> issueExpanded(
      @Path("version") String version,
      @Path("key") String key,
      @Query("fields") String fields,
      @Query("expand") String expand);

  @GET("rest/api/{version}/issue/{key}/comment")
  Call<JiraDtos.CommentPage> comments(
      @Path("version") String version,
      @Path("key") String key,
      @Query("startAt") int startAt,
      @Query("maxResults") int maxResults);

  @POST("rest/api/{version}/issue/{key}/comment")
  Call<JsonNode> addComment(
      @Path("version") String version, @Path("key") String key, @Body JsonNode body);

  @POST("rest/servicedeskapi/request/{key}/comment")
  Call<JsonNode> addRequestComment(@Path("key") String key, @Body JsonNode body);

  @GET("rest/api/{version}/issue/{key}/transitions")
  Call<JiraDtos.Transitions> transitions(@Path("version") String version, @Path("key") String key);

  @POST("rest/api/{version}/issue/{key}/transitions")
  Call<ResponseBody> transition(
      @Path("version") String version, @Path("key") String key, @Body JsonNode body);

  @PUT("rest/api/{version}/issue/{key}")
  Call<ResponseBody> edit(
      @Path("version") String version, @Path("key") String key, @Body JsonNode body);

  /** Service Management's service desks, which tell its projects from other Jira projects. */
  @GET("rest/servicedeskapi/servicedesk")
  Call<JiraDtos.ServiceDeskPage> serviceDesks(@Query("start") int start, @Query("limit") int limit);

  /** Which Jira answers: {@code deploymentType} tells Cloud from Server / Data Center. */
  @GET("rest/api/2/serverInfo")
  Call<JiraDtos.ServerInfo> serverInfo();

  @GET("rest/api/{version}/myself")
  Call<JiraDtos.User> myself(@Path("version") String version);
}
