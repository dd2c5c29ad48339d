package com.helpdeskverify.scheduler.endtoend;

import static com.helpdeskverify.scheduler.endtoend.HostileHarness.INCODE;
import static com.helpdeskverify.scheduler.endtoend.HostileHarness.JIRA;
import static com.helpdeskverify.scheduler.endtoend.HostileHarness.JIRA_SECRET;
import static com.helpdeskverify.scheduler.endtoend.HostileHarness.SNOW;
import static com.helpdeskverify.scheduler.endtoend.HostileHarness.SNOW_SECRET;
import static com.helpdeskverify.scheduler.endtoend.HostileHarness.jiraBody;
import static com.helpdeskverify.scheduler.endtoend.HostileHarness.jiraSignature;
import static org.assertj.core.api.Assertions.assertThat;

import com.helpdeskverify.core.CaseState;
import com.helpdeskverify.simulators.SimulatedDuo.Answer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real HTTP endpoint against clients that stall, send malformed signature headers or more body
 * than allowed, over raw sockets so that a request can be left half-sent.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StalledClientsTest {
  private static final Duration PROBE_DEADLINE = Duration.ofSeconds(1);

  private HostileHarness h;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(PROBE_DEADLINE).build();
  private final List<Socket> sockets = new ArrayList<>();

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    h = new HostileHarness(dir, Duration.ofHours(1));
    h.awaitFirstScans();
  }

  @AfterEach
  void hangUp() throws IOException {
    for (Socket s : sockets) {
      s.close();
    }
    sockets.clear();
  }

  @AfterAll
  void stop() {
    if (h != null) {
      h.close();
    }
  }

  private Socket open() throws IOException {
    Socket socket = new Socket();
    sockets.add(socket);
    socket.connect(new InetSocketAddress("127.0.0.1", h.service.httpPort()), 1000);
    return socket;
  }

  private Socket send(String text) throws IOException {
    Socket socket = open();
    OutputStream out = socket.getOutputStream();
    out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    return socket;
  }

  /** Headers of a ServiceNow push-intake delivery that pass every check made before the body. */
  private String freshSnowHeaders(int contentLength) {
    return "POST /webhooks/servicenow/"
        + SNOW
        + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        + "X-HV-Timestamp: "
        + h.clock.instant().getEpochSecond()
        + "\r\nX-HV-Signature: AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\r\n"
        + "Content-Length: "
        + contentLength
        + "\r\n\r\n";
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + h.service.httpPort() + path))
            .timeout(PROBE_DEADLINE)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The status line of the answer on a socket, or a failure if none comes within a second. */
  private static String statusLine(Socket socket) throws IOException {
    socket.setSoTimeout((int) PROBE_DEADLINE.toMillis());
    InputStream in = socket.getInputStream();
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = in.read()) != -1 && c != '\r') {
      line.append((char) c);
    }
    return line.toString();
  }

  @Test
  void probesAndWebhooksAreAnsweredWithinASecondWhileSixteenClientsHoldHalfSentRequests()
      throws Exception {
    for (int i = 0; i < 4; i++) {
      send("GET /heal"); // half a request line
      send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "); // half the headers
      send("POST /webhooks/jira/" + JIRA + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"); // no blank line
    }
    for (int i = 0; i < 4; i++) {
      // Headers that pass the precheck, then ten bytes of a body of a thousand.
      send(freshSnowHeaders(1000) + "{\"table\":");
    }
    assertThat(sockets).hasSize(16);

    for (String probe : List.of("/healthz", "/readyz", "/metrics", "/healthz")) {
      long start = System.nanoTime();
      HttpResponse<String> answer = get(probe);
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertThat(answer.statusCode()).as(probe).isEqualTo(200);
      assertThat(took).as(probe).isLessThan(PROBE_DEADLINE);
    }

    // A genuine delivery still gets through while the stalled ones wait.
    h.duo.user("stalled@example.com", Answer.IGNORE, 0);
    String key =
        h.jira.file(
            "acc-stalled",
            "stalled",
            "stalled@example.com",
            "Password reset",
            "I forgot my password, please reset it.");
    byte[] body = jiraBody(key, h.clock.instant());
    HttpResponse<String> delivered =
        h.post("jira/" + JIRA, Map.of("X-Hub-Signature", jiraSignature(JIRA_SECRET, body)), body);
    assertThat(delivered.statusCode()).isEqualTo(200);
    h.awaitState(JIRA, key, CaseState.CHALLENGED);
  }

  @Test
  void aClientThatStallsIsDisconnectedAfterTheIdleTimeout() throws Exception {
    Socket stalledInHeaders = send("POST /webhooks/jira/" + JIRA + " HTTP/1.1\r\nHost: x\r\n");
    Socket stalledInBody = send(freshSnowHeaders(1000) + "{\"table\":");
    long start = System.nanoTime();

    stalledInHeaders.setSoTimeout(20_000);
    stalledInBody.setSoTimeout(20_000);
    String headersAnswer =
        new String(stalledInHeaders.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String bodyAnswer =
        new String(stalledInBody.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    // Both connections were closed by the server (readAllBytes saw the end) well before the
    // read timeout; the one stalled in its body is told why.
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
    assertThat(headersAnswer).doesNotContain("200 OK");
    assertThat(bodyAnswer).startsWith("HTTP/1.1 408");
  }

  @Test
  void malformedSignatureAndTimestampHeadersAnswer401WithoutAStackTrace() throws Exception {
    long now = h.clock.instant().getEpochSecond();
    String good = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
    List<Map<String, String>> malformed =
        List.of(
            Map.of("X-HV-Timestamp", "99999999999999999", "X-HV-Signature", good),
            Map.of("X-HV-Timestamp", "99999999999999999999999", "X-HV-Signature", good),
            Map.of("X-HV-Timestamp", "-1", "X-HV-Signature", good),
            Map.of("X-HV-Timestamp", "1e10", "X-HV-Signature", good),
            Map.of("X-HV-Timestamp", "0x10", "X-HV-Signature", good),
            Map.of("X-HV-Timestamp", "now", "X-HV-Signature", good),
            Map.of("X-HV-Timestamp", Long.toString(now), "X-HV-Signature", "not base64!"),
            Map.of("X-HV-Timestamp", Long.toString(now), "X-HV-Signature", "%%%%"),
            Map.of("X-HV-Timestamp", Long.toString(now)),
            Map.of("X-HV-Signature", good));
    byte[] body = HostileHarness.snowBody("incident:" + "0".repeat(32));
    for (Map<String, String> headers : malformed) {
      HttpResponse<String> answer = h.post("servicenow/" + SNOW, headers, body);

      assertThat(answer.statusCode()).as(headers.toString()).isEqualTo(401);
      assertThat(answer.body()).as(headers.toString()).doesNotContain("Exception", "at com.");
    }
    for (String signature : List.of("sha256=zz", "sha1=" + "a".repeat(40), "a".repeat(64), "")) {
      HttpResponse<String> answer =
          h.post(
              "jira/" + JIRA,
              Map.of("X-Hub-Signature", signature),
              jiraBody("X-1", h.clock.instant()));

      assertThat(answer.statusCode()).as(signature).isEqualTo(401);
    }
    assertThat(h.metrics()).doesNotContain("status=\"500\"");
  }

  @Test
  void aDeliveryWhoseSignatureHeadersFailIsRefusedBeforeItsBodyIsSent() throws Exception {
    long now = h.clock.instant().getEpochSecond();
    List<String> heads =
        List.of(
            // no signature at all
            "POST /webhooks/jira/" + JIRA + " HTTP/1.1\r\nHost: x\r\n",
            // a signature of the wrong form
            "POST /webhooks/jira/" + JIRA + " HTTP/1.1\r\nHost: x\r\nX-Hub-Signature: sha256=1\r\n",
            // a stale timestamp
            "POST /webhooks/servicenow/"
                + SNOW
                + " HTTP/1.1\r\nHost: x\r\nX-HV-Timestamp: "
                + (now - 3600)
                + "\r\nX-HV-Signature: AAAA\r\n",
            // the overflowing timestamp of the security review
            "POST /webhooks/servicenow/"
                + SNOW
                + " HTTP/1.1\r\nHost: x\r\nX-HV-Timestamp: 99999999999999999\r\n"
                + "X-HV-Signature: AAAA\r\n",
            // a wrong shared secret
            "POST /webhooks/servicenow/"
                + SNOW_SECRET
                + " HTTP/1.1\r\nHost: x\r\nX-HV-Secret: guess\r\n",
            "POST /webhooks/incode/"
                + INCODE
                + " HTTP/1.1\r\nHost: x\r\nX-Incode-Secret: guess\r\n");
    for (String head : heads) {
      // A megabyte announced, none of it sent: an answer can only come before the body.
      Socket socket = send(head + "Content-Length: 1000000\r\n\r\n");

      assertThat(statusLine(socket)).as(head).isEqualTo("HTTP/1.1 401 Unauthorized");
    }
  }

  @Test
  void aBodyPastTheLimitIsRefusedWhileItStreamsWhateverItsLengthSays() throws Exception {
    Socket socket =
        send(
            freshSnowHeaders(0).replace("Content-Length: 0\r\n", "Transfer-Encoding: chunked\r\n"));
    OutputStream out = socket.getOutputStream();
    byte[] chunk = new byte[64 * 1024];
    java.util.Arrays.fill(chunk, (byte) ' ');
    try {
      for (int i = 0; i < 20; i++) {
        out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(chunk);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
      }
      out.flush();
    } catch (IOException closedOnUs) {
      // The server may answer and close before the last chunk is written.
    }

    assertThat(statusLine(socket)).isEqualTo("HTTP/1.1 413 Payload Too Large");
  }

  @Test
  void headersPastTheLimitAnswer431() throws Exception {
    Socket socket =
        send("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n");

    assertThat(statusLine(socket)).startsWith("HTTP/1.1 431");
  }

  @Test
  void anUnknownPathAnswers404AndProbesRefuseOtherMethods() throws Exception {
    assertThat(get("/nothing-here").statusCode()).isEqualTo(404);
    Socket socket = send("POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
    assertThat(statusLine(socket)).isEqualTo("HTTP/1.1 405 Method Not Allowed");
  }
}
