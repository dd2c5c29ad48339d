package com.helpdeskverify.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

@WireMockTest
class HttpClientsTest {

  /**
   * Calls made together leave their connections open for the next ones: OkHttp's default pool kept
   * 5 and closed the rest, and over TLS every new one is a handshake.
   */
  @Test
  void connectionsOfCallsMadeTogetherStayOpenForTheNext(WireMockRuntimeInfo wm) throws Exception {
    WireMock.stubFor(get(urlPathEqualTo("/slow")).willReturn(aResponse().withFixedDelay(300)));
    OkHttpClient client =
        HttpClients.builder("jira", HttpPolicy.defaults(), Clock.systemUTC()).build();
    int together = 12;
    ExecutorService threads = Executors.newFixedThreadPool(together);
    try {
      List<Future<Integer>> calls = new ArrayList<>();
      for (int i = 0; i < together; i++) {
        calls.add(
            threads.submit(
                () -> {
                  try (Response r =
                      client
                          .newCall(new Request.Builder().url(wm.getHttpBaseUrl() + "/slow").build())
                          .execute()) {
                    return r.code();
                  }
                }));
      }
      for (Future<Integer> call : calls) {
        assertThat(call.get()).isEqualTo(200);
      }
    } finally {
      threads.shutdownNow();
    }

    assertThat(client.connectionPool().idleConnectionCount()).isEqualTo(together);
  }
}
