package com.helpdeskverify.jira;

import com.fasterxml.jackson.databind.JsonNode;
import retrofit2.Call;
import retrofit2.http.GET;
import retrofit2.http.Path;

/**
 * The Atlassian organization's user management REST API ({@code https://api.atlassian.com}), signed
 * with an organization API key as a bearer token. Only the profile read is used.
 */
interface AtlassianAdminApi {

  /**
   * The profile of a managed account: {@code {"account": {"account_id", "account_status", "email",
   * ...}}}; 403 when the key's organization does not manage the account.
   */
  @GET("users/{accountId}/manage/profile")
  Call<JsonNode> profile(@Path("accountId") String accountId);
}
