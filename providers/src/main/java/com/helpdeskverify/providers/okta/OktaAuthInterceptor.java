package com.helpdeskverify.providers.okta;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Adds Okta's {@code SSWS} API token and a User-Agent (Okta asks for a valid one when verifying a
 * push and shows it to the user), and turns Okta's {@code X-Rate-Limit-Reset} on a 429 into the
 * {@code Retry-After} the shared retry logic honours.
 */
final class OktaAuthInterceptor implements Interceptor {
  static final String USER_AGENT = "helpdesk-verify (helpdesk identity verification)";

  private final String apiToken;
  private final Clock clock;

  OktaAuthInterceptor(String apiToken, Clock clock) {
    this.apiToken = apiToken;
    this.clock = clock;
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
    Response response = chain.proceed(request);
    if (response.code() != 429 || response.header("Retry-After") != null) {
      return response;
    }
    String reset = response.header("X-Rate-Limit-Reset");
    if (reset == null) {
      return response;
    }
    try {
      long wait =
          Duration.between(clock.instant(), Instant.ofEpochSecond(Long.parseLong(reset.strip())))
              .toSeconds();
      return response.newBuilder().header("Retry-After", Long.toString(Math.max(1, wait))).build();
    } catch (NumberFormatException e) {
      return response;
    }
  }
}
