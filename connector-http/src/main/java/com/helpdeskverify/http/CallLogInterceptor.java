package com.helpdeskverify.http;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Logs each call (method, URL without query, status, time) and counts it for metrics. Headers and
 * bodies are never logged: they carry credentials and personal data.
 */
final class CallLogInterceptor implements Interceptor {
  private static final Logger LOG = System.getLogger("com.helpdeskverify.http.calls");

  private final String system;

  CallLogInterceptor(String system) {
    this.system = system;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    String where = request.method() + " " + request.url().newBuilder().query(null).build();
    long start = System.nanoTime();
    try {
      Response response = chain.proceed(request);
      long millis = (System.nanoTime() - start) / 1_000_000;
      HttpCallMetrics.global().record(system, response.code(), millis);
      LOG.log(Level.DEBUG, "{0} {1} -> {2} in {3} ms", system, where, response.code(), millis);
      return response;
    } catch (RetryAfterGate.Closed e) {
      // No call was made: nothing to count against the system.
      LOG.log(Level.DEBUG, "{0} {1} -> {2}", system, where, e.getMessage());
      throw e;
    } catch (IOException e) {
      HttpCallMetrics.global().record(system, 0, (System.nanoTime() - start) / 1_000_000);
      LOG.log(Level.DEBUG, "{0} {1} -> {2}", system, where, e.getClass().getSimpleName());
      throw e;
    }
  }
}
