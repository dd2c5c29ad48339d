package com.helpdeskverify.providers.okta;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Adds Okta's {@code SSWS} API token and a User-Agent (Okta asks for a valid one when verifying a
 * push and shows it to the user). Okta's 429s carry {@code X-Rate-Limit-Reset} instead of a {@code
 * Retry-After}; the shared {@code RetryAfterGate} reads it for every client (connector-http).
 */
final class OktaAuthInterceptor implements Interceptor {
  static final String USER_AGENT = "helpdesk-verify (helpdesk identity verification)";

  private final String apiToken;

  OktaAuthInterceptor(String apiToken) {
    this.apiToken = apiToken;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request =
        chain
            .request()
            .newBuilder()
            .header("Authorization", "SSWS " + apiToken)
            .header("Accept", "application/json")
            .header(
                "User-Agent",
                // A call may name its own (the push's context); every other call gets ours.
                chain.request().header("User-Agent") == null
                    ? USER_AGENT
                    : chain.request().header("User-Agent"))
            .build();
    return chain.proceed(request);
  }
}
