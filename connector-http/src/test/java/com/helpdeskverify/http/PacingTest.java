package com.helpdeskverify.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.junit.jupiter.api.Test;

class PacingTest {
  /** A client paced at 20/s whose answers come from here, without a network. */
  private static OkHttpClient pacedClient() {
    return new OkHttpClient.Builder()
        .addInterceptor(
            new RateLimiter("pacing-test", 20, Clock.systemUTC(), Duration.ofSeconds(2)))
        .addInterceptor(
            chain ->
                new Response.Builder()
                    .request(chain.request())
                    .protocol(Protocol.HTTP_1_1)
                    .code(200)
                    .message("OK")
                    .body(ResponseBody.create(new byte[0], null))
                    .build())
        .build();
  }

  private static void call(OkHttpClient client) throws Exception {
    client.newCall(new Request.Builder().url("http://pacing.invalid/").build()).execute().close();
  }

  @Test
  void aWorkersRequestsAndItsWaitsForTurnsAreCountedAsItsOwn() throws Exception {
    OkHttpClient client = pacedClient();
    AtomicReference<Pacing.Tally> worker = new AtomicReference<>();
    long allBefore = Pacing.requests();
    long workersBefore = Pacing.requestsOfWorkers();
    Thread t =
        new Thread(
            () -> {
              Pacing.markWorker();
              Pacing.Tally start = Pacing.mine();
              try {
                for (int i = 0; i < 3; i++) {
                  call(client); // 20/s with headroom: turns 52.5 ms apart
                }
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
              worker.set(Pacing.mine().since(start));
            });
    t.start();
    t.join();

    assertThat(worker.get().requests()).isEqualTo(3);
    assertThat(Duration.ofNanos(worker.get().waitedNanos()))
        .as("two waits for a turn, about 52 ms each")
        .isBetween(Duration.ofMillis(90), Duration.ofMillis(1000));
    assertThat(Pacing.requestsOfWorkers() - workersBefore).isGreaterThanOrEqualTo(3);
    assertThat(Pacing.requests() - allBefore).isGreaterThanOrEqualTo(3);
  }

  @Test
  void anUnmarkedThreadsRequestsAreEveryonesButNotTheWorkers() throws Exception {
    OkHttpClient client = pacedClient();
    Pacing.Tally start = Pacing.mine();
    long allBefore = Pacing.requests();
    long workersBefore = Pacing.requestsOfWorkers();

    call(client);
    call(client);

    assertThat(Pacing.mine().since(start).requests()).isEqualTo(2);
    assertThat(Pacing.requests() - allBefore).isGreaterThanOrEqualTo(2);
    // Tests of this class run one after another; no marked thread sends meanwhile.
    assertThat(Pacing.requestsOfWorkers() - workersBefore).isZero();
  }
}
