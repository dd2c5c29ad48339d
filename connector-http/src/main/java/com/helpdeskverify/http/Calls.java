package com.helpdeskverify.http;

import com.fasterxml.jackson.core.JacksonException;
import com.helpdeskverify.core.spi.PermanentFailure;
import com.helpdeskverify.core.spi.TransientFailure;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.ResponseBody;
import retrofit2.Call;
import retrofit2.Response;

/**
 * Runs Retrofit calls and turns every way they can fail into the core's two failure types, with a
 * message that names the system, the call and the status and carries no secret.
 */
public final class Calls {
  private static final int BODY_EXCERPT = 300;

  private Calls() {}

  /**
   * The failure an answer stands for that came but cannot be used (a field missing, a value of the
   * wrong form). Transient: the system may answer properly next time.
   *
   * @param what what is wrong, without any secret
   * @param mayHaveTakenEffect whether the call may have changed something before its answer went
   *     wrong (a push that may have gone out)
   */
  public static TransientFailure malformed(
      String system, String callName, String what, boolean mayHaveTakenEffect) {
    return new TransientFailure(
        system,
        callName,
        "malformed response: " + what,
        Optional.empty(),
        mayHaveTakenEffect,
        null);
  }

  /** The body of a successful answer. */
  public static <T> T execute(Call<T> call, String system, String callName) {
    Response<T> response = run(call, system, callName);
    if (!response.isSuccessful()) {
      throw failure(response, system, callName);
    }
    T body = response.body();
    if (body == null) {
      throw malformed(system, callName, "empty body", true);
    }
    return body;
  }

  /** The body of a successful answer, or empty when the resource does not exist (404). */
  public static <T> Optional<T> executeOptional(Call<T> call, String system, String callName) {
    return optionalBody(run(call, system, callName), system, callName);
  }

  /**
   * {@link #executeOptional} for an answer already read, for a caller that first looks at the
   * status itself (a vendor whose 401 or 403 wants a hint of its own).
   */
  public static <T> Optional<T> optionalBody(Response<T> response, String system, String callName) {
    if (response.code() == 404) {
      return Optional.empty();
    }
    if (!response.isSuccessful()) {
      throw failure(response, system, callName);
    }
    if (response.body() == null) {
      throw malformed(system, callName, "empty body", true);
    }
    return Optional.of(response.body());
  }

  /**
   * For calls whose answer has no body worth reading. Declared as {@code Call<ResponseBody>}, a
   * JSON body that comes cut off is still noticed: such an answer proves nothing was done.
   */
  public static void executeVoid(Call<?> call, String system, String callName) {
    Response<?> response = run(call, system, callName);
    if (!response.isSuccessful()) {
      throw failure(response, system, callName);
    }
    requireWhole(response, system, callName);
  }

  /**
   * Reads and closes the body of a successful answer that has none worth reading, as {@link
   * #executeVoid} does: a JSON body that comes cut off proves nothing was done, and is a {@link
   * #malformed} failure.
   */
  public static void requireWhole(Response<?> response, String system, String callName) {
    if (response.body() instanceof ResponseBody body) {
      try (body) {
        String text = body.string();
        boolean json = body.contentType() != null && body.contentType().subtype().contains("json");
        if (json && !text.isBlank()) {
          HttpClients.json().readTree(text);
        }
      } catch (IOException e) {
        throw malformed(system, callName, e.getClass().getSimpleName(), true);
      }
    }
  }

  /** The raw answer of a call that reached the server; transport failures are mapped. */
  public static <T> Response<T> run(Call<T> call, String system, String callName) {
    try {
      return call.execute();
    } catch (IOException | RuntimeException e) {
      throw noAnswer(call, e, system, callName);
    }
  }

  /**
   * The failure a call that brought no usable answer stands for: what {@link #run} throws, and what
   * an asynchronous call's {@code onFailure} is mapped to.
   */
  public static RuntimeException noAnswer(
      Call<?> call, Throwable e, String system, String callName) {
    if (e instanceof JacksonException j) {
      return malformed(system, callName, Redaction.redact(j.getOriginalMessage()), true);
    }
    if (e instanceof RetryAfterGate.Closed c) {
      return TransientFailure.deferred(system, callName, c.getMessage(), c.retryAfter());
    }
    if (e instanceof ConnectException
        || e instanceof UnknownHostException
        || e instanceof NoRouteToHostException) {
      return new TransientFailure(
          system,
          callName,
          "cannot connect to " + where(call) + ": " + e.getClass().getSimpleName(),
          Optional.empty(),
          false,
          null);
    }
    if (e instanceof IOException) {
      return new TransientFailure(
          system,
          callName,
          e.getClass().getSimpleName() + " talking to " + where(call),
          Optional.empty(),
          true,
          null);
    }
    // Converters throw unchecked exceptions for shapes they cannot map: a malformed answer.
    return malformed(system, callName, e.getClass().getSimpleName(), true);
  }

  /** The failure an unsuccessful answer stands for. */
  public static RuntimeException failure(Response<?> response, String system, String callName) {
    int code = response.code();
    String where = where(response.raw().request().url());
    String excerpt = excerpt(response.errorBody());
    if (code == 429 || code >= 500) {
      return unavailable(
          system,
          callName,
          code,
          where,
          RetryAfter.parse(response.headers().get("Retry-After"), Clock.systemUTC()),
          excerpt);
    }
    String hint =
        switch (code) {
          case 401 -> ": check the credentials configured for " + system;
          case 403 -> ": check the permissions of the account configured for " + system;
          case 404 -> ": check the base URL and ids configured for " + system;
          default -> "";
        };
    return new PermanentFailure(
        system, callName, "HTTP " + code + " from " + where + hint + excerpt, null);
  }

  /**
   * The failure a 429 or 5xx answer stands for, for clients that read the status and {@code
   * Retry-After} themselves (a vendor SDK) as well as for {@link #failure}. A 429 or 503 that names
   * its wait is flow control, not an outage: the server did nothing and said when to come back, so
   * the case waits that long without counting a failure and the circuit stays as it was. Any other
   * such answer is a counted failure that may have taken effect unless it was a 429 or 503.
   */
  public static TransientFailure unavailable(
      String system,
      String callName,
      int code,
      String where,
      Optional<Duration> retryAfter,
      String excerpt) {
    String message =
        "HTTP "
            + code
            + " from "
            + where
            + retryAfter.map(d -> " (Retry-After " + d.toSeconds() + "s)").orElse("")
            + excerpt;
    boolean unprocessed = code == 429 || code == 503;
    if (unprocessed && retryAfter.isPresent()) {
      return TransientFailure.deferred(system, callName, message, retryAfter.get());
    }
    return new TransientFailure(system, callName, message, retryAfter, !unprocessed, null);
  }

  private static String where(Call<?> call) {
    return where(call.request().url());
  }

  /** The URL without its query, which may carry credentials. */
  private static String where(HttpUrl url) {
    return url.newBuilder().query(null).build().toString();
  }

  private static String excerpt(ResponseBody body) {
    if (body == null) {
      return "";
    }
    try (body) {
      String text = body.string().strip().replaceAll("\\s+", " ");
      if (text.isEmpty()) {
        return "";
      }
      String bounded = text.length() > BODY_EXCERPT ? text.substring(0, BODY_EXCERPT) + "…" : text;
      return ": " + Redaction.redact(bounded);
    } catch (IOException e) {
      return "";
    }
  }
}
