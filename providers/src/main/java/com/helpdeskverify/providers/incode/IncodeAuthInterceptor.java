package com.helpdeskverify.providers.incode;

import com.helpdeskverify.http.TokenCache;
import java.io.IOException;
import java.util.List;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Forgets the tokens when Incode refuses one (revoked or rotated early), so that the next call
 * fetches fresh ones. The tokens themselves are fetched before a call and passed as its headers
 * (see {@link IncodeApi}), so that a failing token request surfaces as its own failure.
 */
final class IncodeAuthInterceptor implements Interceptor {
  private final List<TokenCache> tokens;

  IncodeAuthInterceptor(List<TokenCache> tokens) {
    this.tokens = List.copyOf(tokens);
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Response response = chain.proceed(chain.request());
    if (response.code() == 401) {
      tokens.forEach(TokenCache::invalidate);
    }
    return response;
  }
}
