package com.helpdeskverify.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rate limiter and the Retry-After gate together: a call that waited for its turn still looks
 * at the gate before it goes out. With the limiter inside the gate, a call that had passed the open
 * gate and then waited for its turn went out while a 503 had closed the gate meanwhile.
 */
@WireMockTest(httpsEnabled = true)
class PacedGateTest {
  @Test
  void aCallThatWaitedForItsTurnStillWaitsForAGateClosedMeanwhile(WireMockRuntimeInfo wm)
      throws Exception {
    wm.getWireMock()
        .register(
            get(urlPathEqualTo("/down"))
                .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "1")));
    wm.getWireMock().register(get(urlPathEqualTo("/things")).willReturn(okJson("[]")));
    // Two calls a second: the second call's turn comes about half a second after the first's,
    // after the first's 503 has closed the gate for a second.
    HttpPolicy policy = oneAttemptAt(2.0);
    OkHttpClient client = HttpClients.builder("paced", policy, Clock.systemUTC()).build();

    CompletableFuture<Integer> first =
        CompletableFuture.supplyAsync(() -> code(client, wm.getHttpBaseUrl() + "/down"));
    Thread.sleep(50);
    CompletableFuture<Integer> second =
        CompletableFuture.supplyAsync(() -> code(client, wm.getHttpBaseUrl() + "/things"));

    assertThat(first.get()).isEqualTo(503);
    assertThat(second.get()).isEqualTo(200);
    ServeEvent down = served(wm, "/down");
    ServeEvent things = served(wm, "/things");
    long gap =
        things.getRequest().getLoggedDate().getTime()
            - (down.getRequest().getLoggedDate().getTime() + down.getTiming().getTotalTime());
    // A second, less the clocks of server and client (the order the other way round gives ~0.46 s).
    assertThat(gap).as("ms from the 503 to the next call").isGreaterThanOrEqualTo(900);
  }

  /**
   * A call let go and then kept from the wire (here half a second, by an interceptor after the
   * gate; in a burst, a busy core) is counted in the send window when it was written: the next call
   * waits a window after that, not after the moment the first was let go.
   */
  @Test
  void aCallWrittenLateIsCountedWhenWrittenSoTheNextWaitsAWindowAfterIt(WireMockRuntimeInfo wm)
      throws Exception {
    wm.getWireMock().register(get(urlPathEqualTo("/things")).willReturn(okJson("[]")));
    // One call a second: the send window holds one call in any 1,040 ms.
    HttpPolicy policy = oneAttemptAt(1.0);
    AtomicBoolean first = new AtomicBoolean(true);
    OkHttpClient client =
        HttpClients.builder("late", policy, Clock.systemUTC())
            .addNetworkInterceptor(
                chain -> {
                  if (first.getAndSet(false)) {
                    sleep(Duration.ofMillis(500));
                  }
                  return chain.proceed(chain.request());
                })
            .build();

    assertThat(code(client, wm.getHttpBaseUrl() + "/things?n=1")).isEqualTo(200);
    assertThat(code(client, wm.getHttpBaseUrl() + "/things?n=2")).isEqualTo(200);

    long gap = msBetweenTheTwoCallsAtTheServer(wm);
    // Counted when let go, the second went out 1,050 ms after the first was let go: 550 ms after
    // it reached the server.
    assertThat(gap).as("ms between the two calls at the server").isGreaterThanOrEqualTo(1000);
  }

  /**
   * A request whose body is written late (here half a second after its headers; in a burst, a
   * thread descheduled between them) goes out when its last bytes are written, also over TLS: the
   * next call waits a window after that. Counted when its headers were written, the next call
   * reached the server about 540 ms after the first.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"http", "https"})
  void aRequestWhoseBodyIsWrittenLateIsCountedWhenItsBytesLeft(
      String scheme, WireMockRuntimeInfo wm) throws Exception {
    wm.getWireMock().register(post(urlPathEqualTo("/things")).willReturn(okJson("[]")));
    OkHttpClient.Builder builder =
        HttpClients.builder("late-body", oneAttemptAt(1.0), Clock.systemUTC());
    String base = wm.getHttpBaseUrl();
    if (scheme.equals("https")) {
      // WireMock's own certificate: this test trusts it, the product trusts the JDK's roots.
      X509TrustManager trustAll = new TrustAllForTest();
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(null, new TrustManager[] {trustAll}, null);
      builder.sslSocketFactory(tls.getSocketFactory(), trustAll).hostnameVerifier((h, s) -> true);
      base = wm.getHttpsBaseUrl();
    }
    OkHttpClient client = builder.build();

    assertThat(posted(client, base + "/things?n=1", Duration.ofMillis(500))).isEqualTo(200);
    assertThat(posted(client, base + "/things?n=2", Duration.ZERO)).isEqualTo(200);

    long gap = msBetweenTheTwoCallsAtTheServer(wm);
    assertThat(gap).as("ms between the two calls at the server").isGreaterThanOrEqualTo(1000);
  }

  /** Posts a small body that is written {@code late} after the request's headers. */
  private static int posted(OkHttpClient client, String url, Duration late) throws IOException {
    RequestBody body =
        new RequestBody() {
          @Override
          public MediaType contentType() {
            return MediaType.get("application/json");
          }

          @Override
          public void writeTo(BufferedSink sink) throws IOException {
            sleep(late);
            sink.writeUtf8("{}");
          }
        };
    try (Response r = client.newCall(new Request.Builder().url(url).post(body).build()).execute()) {
      return r.code();
    }
  }

  private static final class TrustAllForTest implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }

  /** From the first call's arrival at WireMock to the second's. */
  private static long msBetweenTheTwoCallsAtTheServer(WireMockRuntimeInfo wm) {
    List<ServeEvent> events = new ArrayList<>(wm.getWireMock().getServeEvents());
    events.sort(Comparator.comparing(e -> e.getRequest().getLoggedDate()));
    return events.get(1).getRequest().getLoggedDate().getTime()
        - events.get(0).getRequest().getLoggedDate().getTime();
  }

  /** One attempt a call, five-second timeouts, at {@code perSecond}. */
  private static HttpPolicy oneAttemptAt(double perSecond) {
    return new HttpPolicy(
        Duration.ofSeconds(5),
        Duration.ofSeconds(5),
        1,
        Duration.ofMillis(100),
        Duration.ofSeconds(1),
        Duration.ofSeconds(10),
        perSecond);
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static ServeEvent served(WireMockRuntimeInfo wm, String path) {
    return wm.getWireMock().getServeEvents().stream()
        .filter(e -> e.getRequest().getUrl().startsWith(path))
        .findFirst()
        .orElseThrow();
  }

  private static int code(OkHttpClient client, String url) {
    try (Response r = client.newCall(new Request.Builder().url(url).build()).execute()) {
      return r.code();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
