package com.helpdeskverify.servicenow;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import okhttp3.Credentials;
import okhttp3.Interceptor;
import okhttp3.Response;

/** Sends the integration user's credentials with every call. */
final class BasicAuth implements Interceptor {
  private final String header;

  BasicAuth(Auth.Basic basic) {
    this.header =
        Credentials.basic(basic.username(), basic.password().reveal(), StandardCharsets.UTF_8);
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    return chain.proceed(chain.request().newBuilder().header("Authorization", header).build());
  }

  @Override
  public String toString() {
    return "BasicAuth[****]";
  }
}
