package com.helpdeskverify.llm;

import com.helpdeskverify.core.config.Secret;
import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Response;

/** Sends the key the way the flavour takes it (README.md, "Wire facts"). */
final class KeyInterceptor implements Interceptor {
  private final Flavour flavour;
  private final Secret key;

  KeyInterceptor(Flavour flavour, Secret key) {
    this.flavour = flavour;
    this.key = key;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    return chain.proceed(
        switch (flavour) {
          case OPENAI ->
              chain
                  .request()
                  .newBuilder()
                  .header("Authorization", "Bearer " + key.reveal())
                  .build();
          case AZURE -> chain.request().newBuilder().header("api-key", key.reveal()).build();
        });
  }
}
