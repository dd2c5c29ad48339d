package com.helpdeskverify.simulators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.helpdeskverify.simulators.SimulatedApi.Conditions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/** A simulator given {@link LoopbackTls} speaks HTTPS, as the vendors' APIs do. */
class LoopbackTlsTest {
  private final LoopbackTls tls = LoopbackTls.create();

  @Test
  void aSimulatorServesHttpsThatAClientTrustingTheCertificateAccepts() throws Exception {
    try (SimulatedDuo duo = new SimulatedDuo(Clock.systemUTC(), Optional.of(tls.context()))) {
      assertThat(duo.baseUrl().getScheme()).isEqualTo("https");
      SSLContext client = SSLContext.getInstance("TLS");
      client.init(null, new TrustManager[] {tls.trustManager()}, null);
      OkHttpClient http =
          new OkHttpClient.Builder()
              .sslSocketFactory(client.getSocketFactory(), tls.trustManager())
              .build();

      try (Response response = http.newCall(get(duo, "auth/v2/check")).execute()) {
        assertThat(response.handshake()).isNotNull();
        assertThat(duo.exchanges())
            .extracting(SimulatedApi.Exchange::path)
            .contains("/auth/v2/check");
      }
    }
  }

  @Test
  void aClientThatDoesNotTrustTheCertificateIsRefused() throws Exception {
    try (SimulatedDuo duo = new SimulatedDuo(Clock.systemUTC(), Optional.of(tls.context()))) {
      assertThatThrownBy(() -> new OkHttpClient().newCall(get(duo, "auth/v2/check")).execute())
          .isInstanceOf(SSLException.class);
    }
  }

  @Test
  void theServiceTrustsItThroughItsJvmsTrustStore() {
    assertThat(tls.serviceFlags())
        .anySatisfy(f -> assertThat(f).startsWith("-Djavax.net.ssl.trustStore=").endsWith(".p12"))
        .contains("-Djavax.net.ssl.trustStoreType=PKCS12")
        .anySatisfy(f -> assertThat(f).startsWith("-Djavax.net.ssl.trustStorePassword="));
  }

  /**
   * The JDK's server hands a new HTTPS connection to a handler thread when the client's hello
   * comes. A client that opens its connection and writes the request later (OkHttp's network
   * interceptors, where the service's rate limiter waits for its turn, run once the connection is
   * open) is counted when the request came: at one request a second, a request written 1.2 s after
   * the first passes, where counted at its handshake, a few milliseconds after the first, it was
   * answered 429. A second request on that connection is counted when it came, too.
   */
  @Test
  void aRequestOnANewConnectionIsCountedWhenItCameNotAtItsHandshake() throws Exception {
    try (SimulatedDuo duo = new SimulatedDuo(Clock.systemUTC(), Optional.of(tls.context()))) {
      duo.conditions(Conditions.NORMAL.withRateLimit(1));
      SSLContext client = SSLContext.getInstance("TLS");
      client.init(null, new TrustManager[] {tls.trustManager()}, null);
      int port = duo.baseUrl().getPort();
      try (SSLSocket first = (SSLSocket) client.getSocketFactory().createSocket("127.0.0.1", port);
          SSLSocket later = (SSLSocket) client.getSocketFactory().createSocket("127.0.0.1", port)) {
        assertThat(check(first)).isEqualTo(200);
        later.startHandshake();
        Thread.sleep(1_200);

        assertThat(check(later)).isEqualTo(200);
        assertThat(check(later)).isEqualTo(429);
      }
    }
  }

  /** {@code GET /auth/v2/check} over an open connection, kept open; the answer's status. */
  private static int check(SSLSocket socket) throws IOException {
    socket
        .getOutputStream()
        .write(
            "GET /auth/v2/check HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
    InputStream in = socket.getInputStream();
    String status = line(in);
    int length = 0;
    for (String header = line(in); !header.isEmpty(); header = line(in)) {
      if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(header.substring("content-length:".length()).strip());
      }
    }
    in.readNBytes(length);
    return Integer.parseInt(status.split(" ")[1]);
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new IOException("connection closed");
      }
      if (b != '\r') {
        bytes.write(b);
      }
    }
    return bytes.toString(StandardCharsets.US_ASCII);
  }

  private static Request get(SimulatedDuo duo, String path) throws IOException {
    return new Request.Builder().url(duo.baseUrl().resolve(path).toString()).build();
  }
}
