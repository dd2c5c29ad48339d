package com.helpdeskverify.llm;

import retrofit2.Call;
import retrofit2.http.Body;
import retrofit2.http.POST;
import retrofit2.http.Path;
import retrofit2.http.Query;

/** The one call of this stage in its two forms (README.md, "Wire facts"). */
interface ChatCompletionsApi {
  /** OpenAI and OpenAI-compatible servers; the base URL ends in {@code /v1}. */
  @POST("chat/completions")
  Call<ChatDtos.Completion> openAi(@Body ChatDtos.Request request);

  /** Azure OpenAI; the base URL is the resource's endpoint. */
  @POST("openai/deployments/{deployment}/chat/completions")
  Call<ChatDtos.Completion> azure(
      @Path("deployment") String deployment,
      @Query("api-version") String apiVersion,
      @Body ChatDtos.Request request);
}
