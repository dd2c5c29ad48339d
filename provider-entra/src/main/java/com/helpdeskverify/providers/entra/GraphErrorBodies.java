package com.helpdeskverify.providers.entra;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Drops error bodies that are not JSON (a gateway's HTML page, a proxy's text) before the Graph SDK
 * sees them: the SDK fails on those with a parse error that hides the status, while an empty body
 * leaves it an {@code ApiException} with the status, which is what decides retry or not.
 */
final class GraphErrorBodies implements Interceptor {
  @Override
  public Response intercept(Chain chain) throws IOException {
    Response response = chain.proceed(chain.request());
    if (response.isSuccessful() || response.body() == null) {
      return response;
    }
    MediaType type = response.body().contentType();
    if (type != null && type.subtype().toLowerCase(java.util.Locale.ROOT).contains("json")) {
      return response;
    }
    response.close();
    return response
        .newBuilder()
        .removeHeader("Content-Type")
        .body(ResponseBody.create(new byte[0], null))
        .build();
  }
}
