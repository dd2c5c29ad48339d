package com.helpdeskverify.bench.service;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Counts a burst's requests to one simulated API by when they went out on the wire, from a packet
 * capture of the loopback, and says how many 429s a server counting them on arrival would have
 * answered.
 *
 * <p>Why: the simulators count a request when their handler thread starts, in the harness's JVM on
 * the same two cores as the service and PostgreSQL. On a loaded machine a handler starts late, and
 * requests the service sent in one second are counted in the next: a 429 the service did not cause.
 * The kernel stamps a packet when the sender's write reaches the loopback, whoever runs next, so
 * this count is the service's pace as a server would see it (BENCHMARKS.md, "Whose 429s").
 *
 * <p>Use: {@code tcpdump -i lo -nn -s 160 -w burst.pcap 'tcp and not port 5432 and tcp[tcpflags] &
 * tcp-push != 0'} during the burst, then {@code java -cp bench/target/benchmarks.jar
 * com.helpdeskverify.bench.service.WireRate burst.pcap /auth/v2/ 100}. Reads the classic pcap
 * format (https://www.tcpdump.org/manpages/pcap-savefile.5.html: a 24-byte file header, then a
 * 16-byte header a packet), Ethernet and IPv4 as tcpdump writes the loopback; HTTP/1.1 answers a
 * connection's requests in order (RFC 9112, section 9.3), which pairs each request with its status.
 */
public final class WireRate {

  /** One request: when its first packet went out, its request line, and the status it got. */
  record Sent(double at, String line, int status) {}

  /** A request written and not yet answered: when its first packet went out, its request line. */
  private record Pending(double at, String line) {}

  private WireRate() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 3) {
      System.err.println(
          "usage: WireRate <capture.pcap> <path prefix, e.g. /auth/v2/ | tls:<server port>>"
              + " <limit/s>");
      System.exit(2);
    }
    List<Sent> sent =
        args[1].startsWith("tls:")
            ? readTls(Path.of(args[0]), Integer.parseInt(args[1].substring(4)))
            : read(Path.of(args[0]), " " + args[1]);
    int limit = Integer.parseInt(args[2]);
    System.out.println(report(sent, limit));
  }

  /**
   * One captured TCP segment: when the kernel stamped it, its ports, and where its payload starts
   * in {@code packet} (Ethernet, IPv4 and TCP headers before it).
   */
  private record Segment(double at, int from, int to, byte[] packet, int payload) {}

  /** The requests whose request line holds {@code pathMark}, in the order they went out. */
  static List<Sent> read(Path capture, String pathMark) throws IOException {
    Map<Long, Deque<Pending>> pending = new HashMap<>();
    List<Sent> sent = new ArrayList<>();
    eachSegment(capture, segment -> sentOrAnswered(segment, pathMark, pending, sent));
    sent.sort((a, b) -> Double.compare(a.at(), b.at()));
    return sent;
  }

  /**
   * The requests to the server on {@code port} over TLS, by when they went out. A client's packet
   * that starts a TLS application-data record (content type 23, RFC 8446 section 5.1) is a request
   * when the server has sent something on that connection since the client's last request: OkHttp
   * sends a connection's requests one at a time (HTTP/1.1, no pipelining), and a request's headers
   * and body may leave as two records. The request line and the answer are encrypted, so each is
   * {@link #TLS_REQUEST} with status 0. Not requests: records shorter than {@link
   * #SHORTEST_TLS_REQUEST} (a TLS 1.3 alert such as close_notify is application data of 19 bytes)
   * and, on a connection whose handshake is in the capture, the client's Finished (the first
   * application-data record after its ClientHello, unless it went out in one packet with the
   * client's ChangeCipherSpec, content type 20, which is then longer than that record's 6 bytes).
   */
  static List<Sent> readTls(Path capture, int port) throws IOException {
    Map<Integer, Boolean> finishedDue = new HashMap<>();
    Map<Integer, Boolean> awaitingAnswer = new HashMap<>();
    List<Sent> sent = new ArrayList<>();
    eachSegment(
        capture,
        segment -> {
          byte[] packet = segment.packet();
          int payload = segment.payload();
          int from = segment.from();
          int to = segment.to();
          if (payload + 5 > packet.length) {
            return;
          }
          if (from == port) {
            awaitingAnswer.remove(to);
            return;
          }
          if (to != port) {
            return;
          }
          int contentType = packet[payload] & 0xff;
          int length = ((packet[payload + 3] & 0xff) << 8) | (packet[payload + 4] & 0xff);
          if (contentType == 22) { // the ClientHello: the client's Finished is due
            finishedDue.put(from, true);
          } else if (contentType == 20 && packet.length - payload > 6) {
            finishedDue.remove(from); // ChangeCipherSpec, the Finished in the same packet
          } else if (contentType == 23
              && finishedDue.remove(from) == null
              && length >= SHORTEST_TLS_REQUEST
              && awaitingAnswer.put(from, true) == null) {
            sent.add(new Sent(segment.at(), TLS_REQUEST, 0));
          }
        });
    sent.sort((a, b) -> Double.compare(a.at(), b.at()));
    return sent;
  }

  /**
   * Bytes of a TLS record's content below which it is not a request: an HTTP request line alone is
   * longer, and TLS 1.3's encrypted alerts and key updates (RFC 8446 sections 5.2, 6, 4.6.3) are
   * shorter.
   */
  static final int SHORTEST_TLS_REQUEST = 40;

  /** What {@link #readTls} calls every request it counts. */
  static final String TLS_REQUEST = "(TLS application data)";

  private static void eachSegment(Path capture, Consumer<Segment> sink) throws IOException {
    try (InputStream raw = Files.newInputStream(capture);
        DataInputStream in = new DataInputStream(raw)) {
      byte[] fileHeader = in.readNBytes(24);
      ByteOrder order;
      int magic = ByteBuffer.wrap(fileHeader, 0, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
      boolean nanos;
      if (magic == 0xa1b2c3d4 || magic == 0xa1b23c4d) {
        order = ByteOrder.LITTLE_ENDIAN;
        nanos = magic == 0xa1b23c4d;
      } else {
        order = ByteOrder.BIG_ENDIAN;
        nanos = Integer.reverseBytes(magic) == 0xa1b23c4d;
      }
      byte[] packetHeader = new byte[16];
      while (true) {
        try {
          in.readFully(packetHeader);
        } catch (EOFException end) {
          break;
        }
        ByteBuffer h = ByteBuffer.wrap(packetHeader).order(order);
        long seconds = Integer.toUnsignedLong(h.getInt());
        long fraction = Integer.toUnsignedLong(h.getInt());
        int length = h.getInt();
        byte[] packet = in.readNBytes(length);
        if (packet.length < length) {
          break; // the capture was cut off mid-packet
        }
        double at = seconds + fraction / (nanos ? 1e9 : 1e6);
        int ip = 14; // Ethernet
        if (packet.length < ip + 20) {
          continue;
        }
        int tcp = ip + (packet[ip] & 0x0f) * 4;
        if (packet.length < tcp + 20) {
          continue;
        }
        int from = ((packet[tcp] & 0xff) << 8) | (packet[tcp + 1] & 0xff);
        int to = ((packet[tcp + 2] & 0xff) << 8) | (packet[tcp + 3] & 0xff);
        sink.accept(new Segment(at, from, to, packet, tcp + ((packet[tcp + 12] >> 4) & 0x0f) * 4));
      }
    }
  }

  private static void sentOrAnswered(
      Segment segment, String pathMark, Map<Long, Deque<Pending>> pending, List<Sent> sent) {
    byte[] packet = segment.packet();
    int payload = segment.payload();
    int from = segment.from();
    int to = segment.to();
    double at = segment.at();
    String start =
        new String(
            packet,
            payload,
            Math.max(0, Math.min(packet.length - payload, 120)),
            StandardCharsets.ISO_8859_1);
    if (start.startsWith("HTTP/1.1 ") && start.length() >= 12) {
      // An answer: the oldest open request of this connection (client port `to`) gets it.
      long connection = ((long) to << 16) | from;
      Deque<Pending> open = pending.get(connection);
      Pending request = open == null ? null : open.pollFirst();
      if (request != null && request.line().contains(pathMark)) {
        sent.add(new Sent(request.at(), request.line(), Integer.parseInt(start.substring(9, 12))));
      }
    } else if (isRequest(start)) {
      long connection = ((long) from << 16) | to;
      int end = start.indexOf("\r\n");
      pending
          .computeIfAbsent(connection, k -> new ArrayDeque<>())
          .addLast(new Pending(at, end < 0 ? start : start.substring(0, end)));
    }
  }

  private static boolean isRequest(String start) {
    for (String method : List.of("GET ", "POST ", "PUT ", "DELETE ", "PATCH ")) {
      if (start.startsWith(method)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The requests, the 429s the simulator answered with what went out in the second before each, the
   * most that went out in any second, and the 429s a server counting arrivals would have answered
   * (the simulator's rule, at most {@code limit} in the last second, on the wire's times).
   */
  static String report(List<Sent> sent, int limit) {
    StringBuilder out = new StringBuilder();
    double[] accepted =
        sent.stream().filter(s -> s.status() != 429).mapToDouble(Sent::at).toArray();
    long simulator429 = sent.stream().filter(s -> s.status() == 429).count();
    out.append(
        String.format(
            Locale.ROOT,
            "requests %d, answered 429 by the simulator %d%n",
            sent.size(),
            simulator429));
    for (Sent s : sent) {
      if (s.status() == 429) {
        int[] buckets = new int[10];
        for (int i = 0; i < 10; i++) {
          buckets[i] = within(accepted, s.at() - 1.0 + i * 0.1, s.at() - 0.9 + i * 0.1);
        }
        out.append(
            String.format(
                Locale.ROOT,
                "  429 for %s: sent in the second before it (wire): %d, by 100 ms %s%n",
                s.line().length() > 48 ? s.line().substring(0, 48) : s.line(),
                within(accepted, s.at() - 1.0, s.at()),
                Arrays.toString(buckets)));
      }
    }
    out.append(
        String.format(
            Locale.ROOT,
            "most sent in any second (wire), the simulator's 429s left out: %d%n",
            mostInAnySecond(accepted)));
    out.append(
        String.format(
            Locale.ROOT,
            "429s a server counting arrivals at %d/s would have answered: %d%n",
            limit,
            arrivalCount429s(sent, limit)));
    return out.toString();
  }

  /** How many of the sorted times lie in (from, to]. */
  static int within(double[] sorted, double from, double to) {
    return upper(sorted, to) - upper(sorted, from);
  }

  private static int upper(double[] sorted, double value) {
    int i = Arrays.binarySearch(sorted, value);
    if (i < 0) {
      return -i - 1;
    }
    while (i < sorted.length && sorted[i] == value) {
      i++;
    }
    return i;
  }

  static int mostInAnySecond(double[] sorted) {
    int most = 0;
    int first = 0;
    for (int i = 0; i < sorted.length; i++) {
      while (sorted[first] <= sorted[i] - 1.0) {
        first++;
      }
      most = Math.max(most, i - first + 1);
    }
    return most;
  }

  /**
   * The simulator's rule ({@code SimulatedApi}: a request is refused when the last second already
   * holds {@code limit} accepted ones) applied to the wire's times of every request.
   */
  static int arrivalCount429s(List<Sent> sent, int limit) {
    Deque<Double> window = new ArrayDeque<>();
    int refused = 0;
    for (Sent s : sent) {
      while (!window.isEmpty() && window.peekFirst() <= s.at() - 1.0) {
        window.pollFirst();
      }
      if (window.size() >= limit) {
        refused++;
      } else {
        window.addLast(s.at());
      }
    }
    return refused;
  }
}
