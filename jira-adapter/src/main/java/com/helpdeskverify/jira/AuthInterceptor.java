package com.helpdeskverify.jira;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import okhttp3.Credentials;
import okhttp3.Interceptor;
import okhttp3.Response;

/** Sends the configured credentials with every call. */
final class AuthInterceptor implements Interceptor {
  private final String header;

  AuthInterceptor(JiraSettings.Auth auth) {
    if (auth instanceof JiraSettings.Auth.Basic basic) {
      this.header =
          Credentials.basic(basic.email(), basic.apiToken().reveal(), StandardCharsets.UTF_8);
    } else if (auth instanceof JiraSettings.Auth.Password password) {
      this.header =
          Credentials.basic(
              password.username(), password.password().reveal(), StandardCharsets.UTF_8);
    } else if (auth instanceof JiraSettings.Auth.Bearer bearer) {
      this.header = "Bearer " + bearer.token().reveal();
    } else {
      throw new IllegalArgumentException("unknown auth " + auth.getClass().getSimpleName());
    }
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    return chain.proceed(
        chain
            .request()
            .newBuilder()
            .header("Authorization", header)
            .header("Accept", "application/json")
            .build());
  }

  @Override
  public String toString() {
    return "AuthInterceptor[****]";
  }
}
