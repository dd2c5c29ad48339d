package com.helpdeskverify.providers.duo;

import java.io.IOException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Signs every request to Duo anew, after the retry interceptor, so that each attempt carries a
 * fresh {@code Date} (Duo refuses requests whose date is too far from its own clock).
 */
final class DuoSigningInterceptor implements Interceptor {
  /** RFC 2822, as Duo requires: {@code Tue, 21 Aug 2012 17:29:18 -0000}. */
  static final DateTimeFormatter RFC_2822 =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss '-0000'", Locale.US)
          .withZone(ZoneOffset.UTC);

  private final DuoSignature signature;
  private final Clock clock;

  DuoSigningInterceptor(DuoSignature signature, Clock clock) {
    this.signature = signature;
    this.clock = clock;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    String date = RFC_2822.format(clock.instant());
    String canonical =
        DuoSignature.canonical(
            date,
            request.method(),
            host(request.url()),
            request.url().encodedPath(),
            params(request));
    return chain.proceed(
        request
            .newBuilder()
            .header("Date", date)
            .header("Authorization", signature.authorization(canonical))
            .build());
  }

  /** The host as the request names it; with its port only when that is not the scheme's. */
  static String host(HttpUrl url) {
    return url.port() == HttpUrl.defaultPort(url.scheme())
        ? url.host()
        : url.host() + ":" + url.port();
  }

  private static List<Map.Entry<String, String>> params(Request request) {
    List<Map.Entry<String, String>> params = new ArrayList<>();
    HttpUrl url = request.url();
    for (int i = 0; i < url.querySize(); i++) {
      String value = url.queryParameterValue(i);
      params.add(
          new AbstractMap.SimpleEntry<>(url.queryParameterName(i), value == null ? "" : value));
    }
    if (request.body() instanceof FormBody form) {
      for (int i = 0; i < form.size(); i++) {
        params.add(new AbstractMap.SimpleEntry<>(form.name(i), form.value(i)));
      }
    } else if (request.body() != null) {
      throw new IllegalStateException("Duo requests are form-encoded; cannot sign another body");
    }
    return params;
  }
}
