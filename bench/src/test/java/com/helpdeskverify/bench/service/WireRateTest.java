package com.helpdeskverify.bench.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;
import static org.assertj.core.api.Assertions.tuple;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WireRateTest {

  @TempDir Path dir;

  /** Two connections, answers in each one's order; another API's request is left out. */
  @Test
  void eachRequestGetsTheStatusOfItsConnectionsNextAnswerAndTheTimeItsFirstPacketWentOut()
      throws IOException {
    ByteArrayOutputStream capture = header();
    packet(capture, 10.000, 50001, 8080, "GET /auth/v2/auth_status?txid=a HTTP/1.1\r\nHost: x");
    packet(capture, 10.001, 50002, 8080, "POST /auth/v2/auth HTTP/1.1\r\nHost: x");
    packet(capture, 10.002, 50001, 8080, "{\"body\":1}"); // not a request's first packet
    packet(capture, 10.003, 50003, 9090, "POST /rest/api/3/issue HTTP/1.1\r\n");
    packet(capture, 10.020, 8080, 50002, "HTTP/1.1 429 Too Many Requests\r\n");
    packet(capture, 10.030, 8080, 50001, "HTTP/1.1 200 OK\r\n");
    packet(capture, 10.031, 9090, 50003, "HTTP/1.1 201 Created\r\n");
    packet(capture, 10.040, 50001, 8080, "GET /auth/v2/auth_status?txid=b HTTP/1.1\r\n");
    packet(capture, 10.060, 8080, 50001, "HTTP/1.1 200 OK\r\n");
    Path file = dir.resolve("burst.pcap");
    Files.write(file, capture.toByteArray());

    List<WireRate.Sent> sent = WireRate.read(file, " /auth/v2/");

    assertThat(sent)
        .extracting(WireRate.Sent::line, WireRate.Sent::status)
        .containsExactly(
            tuple("GET /auth/v2/auth_status?txid=a HTTP/1.1", 200),
            tuple("POST /auth/v2/auth HTTP/1.1", 429),
            tuple("GET /auth/v2/auth_status?txid=b HTTP/1.1", 200));
    assertThat(sent.get(0).at()).isCloseTo(10.000, offset(1e-6));
    assertThat(sent.get(2).at()).isCloseTo(10.040, offset(1e-6));
  }

  /**
   * Over TLS a request is a client's application-data records to the server's port until the server
   * answers; not a TLS 1.3 client's Finished, alone or after its ChangeCipherSpec in one packet,
   * nor an alert; handshakes, a bare ChangeCipherSpec, the server's records and another port's are
   * not requests.
   */
  @Test
  void overTlsARequestIsWhatTheClientSendsUntilTheServerAnswersButFinishedAndAlerts()
      throws IOException {
    ByteArrayOutputStream capture = header();
    // Connection 1: hello, a bare ChangeCipherSpec, then its Finished on its own: not counted.
    tls(capture, 1.000, 50001, 8443, 22, 200);
    tls(capture, 1.002, 8443, 50001, 22, 90); // the server's flight
    tls(capture, 1.003, 50001, 8443, 20, 1);
    tls(capture, 1.004, 50001, 8443, 23, 53);
    tls(capture, 1.010, 50001, 8443, 23, 120); // request
    tls(capture, 1.020, 8443, 50001, 23, 300); // its answer
    // Connection 2: hello, then ChangeCipherSpec and Finished in one packet; then two requests,
    // the first with its body in a second record, and the client's close_notify.
    tls(capture, 1.100, 50002, 8443, 22, 200);
    tls(capture, 1.103, 50002, 8443, 20, 1 + 5 + 53);
    tls(capture, 1.110, 50002, 8443, 23, 120);
    tls(capture, 1.111, 50002, 8443, 23, 60); // its body
    tls(capture, 1.120, 8443, 50002, 23, 300);
    tls(capture, 1.130, 50002, 8443, 23, 120);
    tls(capture, 1.140, 8443, 50002, 23, 300);
    tls(capture, 1.150, 50002, 8443, 23, 19); // close_notify
    // Connection 3 opened before the capture: every application record is a request.
    tls(capture, 1.200, 50003, 8443, 23, 120);
    tls(capture, 1.300, 50004, 9443, 23, 120); // another server
    Path file = dir.resolve("tls.pcap");
    Files.write(file, capture.toByteArray());

    List<WireRate.Sent> sent = WireRate.readTls(file, 8443);

    assertThat(sent)
        .extracting(s -> Math.round(s.at() * 1000))
        .containsExactly(1010L, 1110L, 1130L, 1200L);
    assertThat(sent).extracting(WireRate.Sent::line).containsOnly(WireRate.TLS_REQUEST);
  }

  /** A packet starting a TLS record of {@code type} whose content is {@code length} bytes. */
  private static void tls(
      ByteArrayOutputStream out, double at, int from, int to, int type, int length) {
    char[] record = new char[5 + length];
    record[0] = (char) type;
    record[1] = 3;
    record[2] = 3;
    record[3] = (char) (length >> 8);
    record[4] = (char) (length & 0xff);
    packet(out, at, from, to, new String(record));
  }

  /**
   * A server counting arrivals refuses the request that would be one more than the limit in the
   * last second, and counts no refused one; evenly spaced requests at the limit pass.
   */
  @Test
  void aServerCountingArrivalsRefusesOnlyWhatWouldExceedTheLimitInASecond() {
    List<WireRate.Sent> even = new ArrayList<>();
    for (int i = 0; i < 384; i++) {
      // 128 a second exactly: binary fractions, so no second holds one more by rounding.
      even.add(new WireRate.Sent(i / 128.0, "GET /x", 200));
    }
    assertThat(WireRate.arrivalCount429s(even, 128)).isZero();
    assertThat(WireRate.mostInAnySecond(times(even))).isEqualTo(128);

    List<WireRate.Sent> clumped = new ArrayList<>(even);
    clumped.add(new WireRate.Sent(1.5 + 1 / 256.0, "GET /x", 200)); // one more within a second
    clumped.sort((a, b) -> Double.compare(a.at(), b.at()));
    assertThat(WireRate.arrivalCount429s(clumped, 128)).isEqualTo(1);
    assertThat(WireRate.mostInAnySecond(times(clumped))).isEqualTo(129);
    assertThat(WireRate.report(clumped, 128))
        .contains("most sent in any second (wire), the simulator's 429s left out: 129")
        .contains("would have answered: 1");
  }

  private static double[] times(List<WireRate.Sent> sent) {
    return sent.stream().mapToDouble(WireRate.Sent::at).toArray();
  }

  private static ByteArrayOutputStream header() {
    ByteBuffer b = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0);
    b.putInt(65535).putInt(1); // snap length, Ethernet
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(b.array());
    return out;
  }

  /** An Ethernet frame with a 20-byte IPv4 and a 20-byte TCP header, as tcpdump writes them. */
  private static void packet(ByteArrayOutputStream out, double at, int from, int to, String text) {
    byte[] payload = text.getBytes(StandardCharsets.ISO_8859_1);
    ByteBuffer frame = ByteBuffer.allocate(14 + 20 + 20 + payload.length);
    frame.put(new byte[12]).putShort((short) 0x0800);
    frame.put((byte) 0x45).put(new byte[19]);
    frame.putShort((short) from).putShort((short) to).put(new byte[8]);
    frame.put((byte) 0x50).put(new byte[7]);
    frame.put(payload);
    ByteBuffer h = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    long micros = Math.round(at * 1e6);
    h.putInt((int) (micros / 1_000_000)).putInt((int) (micros % 1_000_000));
    h.putInt(frame.capacity()).putInt(frame.capacity());
    out.writeBytes(h.array());
    out.writeBytes(frame.array());
  }
}
