package com.helpdeskverify.providers.incode;

import com.helpdeskverify.core.config.Secret;
import com.helpdeskverify.providers.support.TokenCache;
import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Adds the API key and version every Incode API call carries, and forgets the bearer token when the
 * API refuses it. The token itself is fetched before the call (see {@link IncodeApi}), so that a
 * failing token request surfaces as its own failure rather than from inside OkHttp.
 */
final class IncodeAuthInterceptor implements Interceptor {
  private final TokenCache tokens;
  private final Secret apiKey;

  IncodeAuthInterceptor(TokenCache tokens, Secret apiKey) {
    this.tokens = tokens;
    this.apiKey = apiKey;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Response response =
        chain.proceed(
            chain
                .request()
                .newBuilder()
                .header("api-version", "1.0")
                .header("x-api-key", apiKey.reveal())
                .build());
    if (response.code() == 401) {
      // A token revoked or rotated early: the next call fetches a new one.
      tokens.invalidate();
    }
    return response;
  }
}
