package com.helpdeskverify.simulators;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;

/**
 * A vendor API simulated on a loopback port: the real adapters talk HTTP to it exactly as they talk
 * to the vendor. Subclasses answer requests from in-memory state. {@link Conditions} make it behave
 * like a real one under strain (latency, a rate limit, failures), and the {@link #exchanges()} keep
 * what was asked and answered, for tests and benchmarks to check the service's behaviour against.
 */
public abstract class SimulatedApi implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  /**
   * A request as a simulator sees it; {@code authorization} is its {@code Authorization} header, or
   * empty; {@code headers} the first value of each header, by lower-case name.
   */
  public record Request(
      String method,
      String path,
      Map<String, String> query,
      byte[] body,
      String authorization,
      Map<String, String> headers) {
    public Request(String method, String path, Map<String, String> query, byte[] body) {
      this(method, path, query, body, "");
    }

    public Request(
        String method, String path, Map<String, String> query, byte[] body, String authorization) {
      this(method, path, query, body, authorization, Map.of());
    }

    /** A header's first value, or empty. */
    public String header(String name) {
      return headers.getOrDefault(name.toLowerCase(java.util.Locale.ROOT), "");
    }

    Map<String, String> form() {
      return parse(new String(body, StandardCharsets.UTF_8));
    }

    /** The body as text. */
    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /** An answer. */
  record Response(int status, Object body, Map<String, String> headers) {
    static Response json(Object body) {
      return new Response(200, body, Map.of());
    }
  }

  /** A failure the simulator can inject instead of, or after, a real answer. */
  public enum Fault {
    /** 500 Internal Server Error. */
    SERVER_ERROR,
    /** 503 with {@code Retry-After}. The request is never processed (HTTP says so). */
    UNAVAILABLE,
    /** 429 with {@code Retry-After}. The request is never processed. */
    TOO_MANY_REQUESTS,
    /** The connection is closed without an answer. */
    CONNECTION_RESET,
    /** No answer until well past the client's read timeout ({@link Conditions#hold()}). */
    READ_TIMEOUT,
    /** 200 with a body cut off in the middle of the JSON. */
    MALFORMED_JSON;

    /** 429 and 503 promise that nothing was done; the others may come after the work was done. */
    boolean neverProcessed() {
      return this == UNAVAILABLE || this == TOO_MANY_REQUESTS;
    }
  }

  /**
   * How the simulated API behaves: {@code latency} before every answer; at most {@code
   * requestsPerSecond} requests in any second (0: no limit), beyond which it answers 429 with
   * {@code Retry-After: 1}; and a share {@code faultRate} of requests failing with one of {@code
   * faults}, chosen by a random source seeded with {@code seed}. A fault that may come after the
   * work does so half of the time: the work is done and the answer is lost, the hardest case for a
   * client. {@code hold} is how long a {@link Fault#READ_TIMEOUT} keeps the client waiting; {@code
   * retryAfter} what 429 and 503 ask for.
   */
  public record Conditions(
      Duration latency,
      int requestsPerSecond,
      double faultRate,
      Set<Fault> faults,
      Duration hold,
      Duration retryAfter,
      long seed) {
    public static final Conditions NORMAL =
        new Conditions(
            Duration.ZERO, 0, 0, Set.of(), Duration.ofSeconds(5), Duration.ofSeconds(1), 1);

    public Conditions {
      faults = faults.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(faults));
      if (faultRate < 0 || faultRate > 1 || (faultRate > 0 && faults.isEmpty())) {
        throw new IllegalArgumentException("fault rate must be in [0, 1] and name faults");
      }
    }

    public Conditions withLatency(Duration d) {
      return new Conditions(d, requestsPerSecond, faultRate, faults, hold, retryAfter, seed);
    }

    public Conditions withRateLimit(int perSecond) {
      return new Conditions(latency, perSecond, faultRate, faults, hold, retryAfter, seed);
    }

    public Conditions withFaults(double rate, Set<Fault> which, long seed) {
      return new Conditions(latency, requestsPerSecond, rate, which, hold, retryAfter, seed);
    }

    public Conditions withHold(Duration d) {
      return new Conditions(latency, requestsPerSecond, faultRate, faults, d, retryAfter, seed);
    }

    public Conditions withRetryAfter(Duration d) {
      return new Conditions(latency, requestsPerSecond, faultRate, faults, hold, d, seed);
    }
  }

  /**
   * One request and what became of it: when it arrived and was answered, the status sent (0 when
   * the connection was dropped without an answer), the fault injected if any, and whether the
   * simulator did the work. {@code body} is kept only when the journal is asked to keep bodies.
   */
  public record Exchange(
      Instant received,
      Instant answered,
      String method,
      String path,
      Map<String, String> query,
      String body,
      int status,
      Fault fault,
      boolean processed,
      Duration retryAfter) {}

  private static final Duration TLS_CONNECTION_KEPT = Duration.ofMinutes(1);

  private final HttpServer server;
  private final ExecutorService executor;
  private final Clock wallClock = Clock.systemUTC();

  /** When the request this thread serves came to the server (set around each exchange). */
  private final ThreadLocal<Instant> arrived = new ThreadLocal<>();

  /**
   * The HTTPS connections that have had an exchange, by the client's address, and when their last
   * exchange began or ended. The JDK's server hands a new connection to a handler thread when its
   * first bytes come, which over TLS is the client's hello, not the request: the handshake, and
   * whatever the client does before it writes the request, lie between. A client whose rate limiter
   * lets a call go only once its connection is open (an OkHttp network interceptor) writes the
   * request up to its turn later. So the first request of an HTTPS connection is counted when its
   * handler has read it; later ones on the connection when the dispatcher saw their first bytes
   * (BENCHMARKS.md, "TLS hellos counted as requests").
   */
  private final Map<InetSocketAddress, Instant> tlsConnections = new ConcurrentHashMap<>();

  private volatile Instant tlsConnectionsPruned = Instant.EPOCH;

  /**
   * How many requests came at each millisecond of about the last two seconds. Handlers count
   * requests in the order their threads get to them, which may differ a little from the order they
   * came in; each is counted against the second before it came, so a map by time, not a queue.
   */
  private final NavigableMap<Long, Integer> recentRequests = new TreeMap<>();

  private final List<Exchange> journal = new ArrayList<>();
  private volatile Conditions conditions = Conditions.NORMAL;
  private volatile boolean keepBodies;
  private Random random = new Random(Conditions.NORMAL.seed());

  SimulatedApi() throws IOException {
    this(Optional.empty());
  }

  SimulatedApi(Optional<SSLContext> tls) throws IOException {
    this(64, tls);
  }

  SimulatedApi(int threads) throws IOException {
    this(threads, Optional.empty());
  }

  /**
   * @param threads requests answered at once; an API that holds calls open (Duo's long poll) needs
   *     one per held call
   * @param tls serve HTTPS with this context instead of plain HTTP
   */
  SimulatedApi(int threads, Optional<SSLContext> tls) throws IOException {
    executor = Executors.newFixedThreadPool(threads);
    server = HttpServers.create(new InetSocketAddress("127.0.0.1", 0), 512, tls);
    server.createContext("/", this::serve);
    // The JDK's server hands an exchange to its executor from its one dispatcher thread the moment
    // the connection has a request to read: the earliest this process can tell that a request
    // came. A vendor counts a request when it arrives; counted when a handler thread started, on
    // two busy cores, requests sent a second apart were counted within one (BENCHMARKS.md, "Whose
    // 429s").
    server.setExecutor(
        exchange -> {
          Instant came = wallClock.instant();
          executor.execute(
              () -> {
                arrived.set(came);
                try {
                  exchange.run();
                } finally {
                  arrived.remove();
                }
              });
        });
    server.start();
  }

  /** The base URL adapters are configured with. */
  public URI baseUrl() {
    return URI.create(
        (server instanceof HttpsServer ? "https" : "http")
            + "://127.0.0.1:"
            + server.getAddress().getPort()
            + "/");
  }

  /** From now on, behave under these conditions. */
  public synchronized void conditions(Conditions next) {
    if (next.seed() != conditions.seed()) {
      random = new Random(next.seed());
    }
    conditions = next;
  }

  /** Keep request bodies in the exchanges (costs memory; off by default). */
  public void keepBodies(boolean keep) {
    keepBodies = keep;
  }

  /** Every request so far, in the order they arrived. */
  public synchronized List<Exchange> exchanges() {
    return List.copyOf(journal);
  }

  abstract Response answer(Request request);

  private void serve(HttpExchange ex) throws IOException {
    Instant received = server instanceof HttpsServer ? tlsArrival(ex) : arrived.get();
    byte[] body;
    try (InputStream in = ex.getRequestBody()) {
      body = in.readAllBytes();
    }
    Request request =
        new Request(
            ex.getRequestMethod(),
            ex.getRequestURI().getPath(),
            parse(ex.getRequestURI().getRawQuery()),
            body,
            Objects.requireNonNullElse(ex.getRequestHeaders().getFirst("Authorization"), ""),
            headers(ex));
    Conditions now = conditions;
    Fault fault = admit(now, received);
    boolean afterWork = fault != null && !fault.neverProcessed() && coin();
    pause(now.latency());
    Response response = null;
    if (fault == null || afterWork) {
      try {
        response = answer(request);
      } catch (RuntimeException e) {
        response = new Response(500, Map.of("error", String.valueOf(e.getMessage())), Map.of());
      }
    }
    // Journaled before the answer leaves, so that whoever got the answer finds it in the journal.
    Response sent;
    byte[] raw = null;
    Duration retryAfter = null;
    if (fault == null) {
      sent = response;
    } else {
      switch (fault) {
        case SERVER_ERROR -> sent = new Response(500, Map.of("error", "simulated"), Map.of());
        case UNAVAILABLE, TOO_MANY_REQUESTS -> {
          retryAfter = now.retryAfter();
          sent =
              new Response(
                  fault == Fault.UNAVAILABLE ? 503 : 429,
                  Map.of("error", "simulated"),
                  Map.of("Retry-After", Long.toString(Math.max(1, retryAfter.toSeconds()))));
        }
        case CONNECTION_RESET -> sent = null;
        case READ_TIMEOUT -> {
          pause(now.hold());
          sent = null;
        }
        case MALFORMED_JSON -> {
          byte[] whole =
              response == null || response.body() == null
                  ? "{\"result\":{\"id\":\"1\"}}".getBytes(StandardCharsets.UTF_8)
                  : JSON.writeValueAsBytes(response.body());
          sent = new Response(200, null, Map.of());
          raw = cut(whole);
        }
        default -> throw new IllegalStateException(fault.name());
      }
    }
    record(
        new Exchange(
            received,
            wallClock.instant(),
            request.method(),
            request.path(),
            request.query(),
            keepBodies ? request.text() : null,
            sent == null ? 0 : sent.status(),
            fault,
            fault == null || afterWork,
            retryAfter));
    try {
      if (sent == null) {
        ex.close(); // before any header: the server drops the connection
      } else {
        send(ex, sent, raw);
      }
    } catch (IOException e) {
      // the client went away first; the journal keeps what was meant to be sent
    } finally {
      if (server instanceof HttpsServer) {
        tlsExchangeEnded(ex, sent != null);
      }
    }
  }

  private static Map<String, String> headers(HttpExchange ex) {
    Map<String, String> headers = new LinkedHashMap<>();
    ex.getRequestHeaders()
        .forEach(
            (name, values) -> {
              if (!values.isEmpty()) {
                headers.put(name.toLowerCase(java.util.Locale.ROOT), values.get(0));
              }
            });
    return headers;
  }

  /**
   * When the request of an HTTPS exchange came: for the first on its connection, now that its
   * handler has read it; for a later one, when the dispatcher saw it. A connection the server has
   * closed for idleness (30 s by default, {@code sun.net.httpserver.idleInterval}) is forgotten a
   * minute after its last exchange, so a new connection from a reused port is seldom taken for it.
   */
  private Instant tlsArrival(HttpExchange ex) {
    Instant now = wallClock.instant();
    if (Duration.between(tlsConnectionsPruned, now).compareTo(TLS_CONNECTION_KEPT) > 0) {
      tlsConnectionsPruned = now;
      Instant before = now.minus(TLS_CONNECTION_KEPT);
      tlsConnections.values().removeIf(last -> last.isBefore(before));
    }
    Instant known = tlsConnections.put(ex.getRemoteAddress(), now);
    return known == null ? now : arrived.get();
  }

  /**
   * Notes the end of an HTTPS exchange, from which its connection's idleness is counted, or forgets
   * the connection when the answer was to drop it.
   */
  private void tlsExchangeEnded(HttpExchange ex, boolean kept) {
    if (kept) {
      tlsConnections.put(ex.getRemoteAddress(), wallClock.instant());
    } else {
      tlsConnections.remove(ex.getRemoteAddress());
    }
  }

  /** Counts the request against the rate limit and picks its fault, if any. */
  synchronized Fault admit(Conditions now, Instant received) {
    if (now.requestsPerSecond() > 0) {
      long at = received.toEpochMilli();
      // What came two seconds before the latest arrival counted can no longer be in any second.
      long latest = recentRequests.isEmpty() ? at : Math.max(at, recentRequests.lastKey());
      recentRequests.headMap(latest - 2000, true).clear();
      int inTheSecondBefore = 0;
      for (int n : recentRequests.subMap(at - 1000, false, at, true).values()) {
        inTheSecondBefore += n;
      }
      if (inTheSecondBefore >= now.requestsPerSecond()) {
        return Fault.TOO_MANY_REQUESTS;
      }
      recentRequests.merge(at, 1, Integer::sum);
    }
    if (now.faultRate() > 0 && random.nextDouble() < now.faultRate()) {
      List<Fault> faults = List.copyOf(now.faults());
      return faults.get(random.nextInt(faults.size()));
    }
    return null;
  }

  private synchronized boolean coin() {
    return random.nextBoolean();
  }

  private synchronized void record(Exchange exchange) {
    journal.add(exchange);
  }

  private static byte[] cut(byte[] whole) {
    byte[] half = new byte[Math.max(1, whole.length / 2)];
    System.arraycopy(whole, 0, half, 0, half.length);
    return half;
  }

  private static void send(HttpExchange ex, Response response, byte[] raw) throws IOException {
    byte[] out =
        raw != null
            ? raw
            : response.body() == null ? new byte[0] : JSON.writeValueAsBytes(response.body());
    response.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(response.status(), out.length == 0 ? -1 : out.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(out);
    }
  }

  private static void pause(Duration d) {
    if (d.isZero()) {
      return;
    }
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public static Map<String, String> parse(String encoded) {
    Map<String, String> values = new LinkedHashMap<>();
    if (encoded == null || encoded.isEmpty()) {
      return values;
    }
    for (String pair : encoded.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      values.put(
          URLDecoder.decode(key, StandardCharsets.UTF_8),
          URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return values;
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
