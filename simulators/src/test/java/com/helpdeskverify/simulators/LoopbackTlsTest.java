package com.helpdeskverify.simulators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
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

  private static Request get(SimulatedDuo duo, String path) throws IOException {
    return new Request.Builder().url(duo.baseUrl().resolve(path).toString()).build();
  }
}
