package com.helpdeskverify.scheduler.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A vendor API simulated on a loopback port for the demo: the real adapters talk HTTP to it exactly
 * as they talk to the vendor. Subclasses answer requests from in-memory state.
 */
abstract class SimulatedApi implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  /** A request as a simulator sees it. */
  record Request(String method, String path, Map<String, String> query, byte[] body) {
    Map<String, String> form() {
      return parse(new String(body, StandardCharsets.UTF_8));
    }
  }

  /** An answer. */
  record Response(int status, Object body, Map<String, String> headers) {
    static Response json(Object body) {
      return new Response(200, body, Map.of());
    }
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(4);

  SimulatedApi() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 32);
    server.createContext("/", this::serve);
    server.setExecutor(executor);
    server.start();
  }

  /** The base URL adapters are configured with. */
  URI baseUrl() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  abstract Response answer(Request request);

  private void serve(HttpExchange ex) throws IOException {
    byte[] body;
    try (InputStream in = ex.getRequestBody()) {
      body = in.readAllBytes();
    }
    Response response;
    try {
      response =
          answer(
              new Request(
                  ex.getRequestMethod(),
                  ex.getRequestURI().getPath(),
                  parse(ex.getRequestURI().getRawQuery()),
                  body));
    } catch (RuntimeException e) {
      response = new Response(500, Map.of("error", String.valueOf(e.getMessage())), Map.of());
    }
    byte[] out = response.body() == null ? new byte[0] : JSON.writeValueAsBytes(response.body());
    response.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(response.status(), out.length == 0 ? -1 : out.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(out);
    }
  }

  static Map<String, String> parse(String encoded) {
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
