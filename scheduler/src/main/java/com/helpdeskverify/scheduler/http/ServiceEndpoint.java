package com.helpdeskverify.scheduler.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.helpdeskverify.core.spi.InboundWebhook;
import com.helpdeskverify.core.spi.WebhookOutcome;
import com.helpdeskverify.core.spi.WebhookReceiver;
import com.helpdeskverify.scheduler.ConnectorService;
import com.helpdeskverify.scheduler.config.ServiceConfig;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's one HTTP endpoint: {@code /healthz} (the process lives), {@code /readyz} (the store
 * answers and every ticket system's last scan worked), {@code /metrics} (Prometheus) and {@code
 * /webhooks/...}, routed to the receiver of the ticket system or provider that owns the path.
 */
public final class ServiceEndpoint implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ServiceEndpoint.class);
  private static final int MAX_BODY = 1 << 20;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A receiver and what it speaks for. */
  private record Route(
      WebhookReceiver receiver, Optional<String> provider, Optional<String> ticketSystem) {}

  private final HttpServer server;
  private final ExecutorService executor;
  private final ConnectorService service;
  private final Map<String, Route> routes = new LinkedHashMap<>();

  private ServiceEndpoint(HttpServer server, ExecutorService executor, ConnectorService service) {
    this.server = server;
    this.executor = executor;
    this.service = service;
  }

  public static ServiceEndpoint start(ServiceConfig.Http http, ConnectorService service)
      throws IOException {
    HttpServer server = HttpServers.create(new InetSocketAddress(http.bind(), http.port()), 64);
    ExecutorService executor = Executors.newFixedThreadPool(4);
    ServiceEndpoint endpoint = new ServiceEndpoint(server, executor, service);
    service
        .providers()
        .values()
        .forEach(
            p ->
                p.webhookReceiver()
                    .ifPresent(r -> endpoint.route(r, Optional.of(p.id()), Optional.empty())));
    service
        .ticketSystems()
        .values()
        .forEach(
            s ->
                s.webhookReceiver()
                    .ifPresent(r -> endpoint.route(r, Optional.empty(), Optional.of(s.id()))));
    server.createContext("/healthz", endpoint::health);
    server.createContext("/readyz", endpoint::ready);
    server.createContext("/metrics", endpoint::metrics);
    server.createContext("/webhooks/", endpoint::webhook);
    server.setExecutor(executor);
    server.start();
    return endpoint;
  }

  private void route(WebhookReceiver receiver, Optional<String> provider, Optional<String> system) {
    String path = receiver.route().replaceAll("^/+|/+$", "");
    if (routes.putIfAbsent(path, new Route(receiver, provider, system)) != null) {
      throw new IllegalStateException("two webhook receivers claim /webhooks/" + path);
    }
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private void health(HttpExchange ex) throws IOException {
    if (!onlyGet(ex)) {
      return;
    }
    send(ex, 200, "text/plain", "ok\n");
  }

  private void ready(HttpExchange ex) throws IOException {
    if (!onlyGet(ex)) {
      return;
    }
    ObjectNode body = JSON.createObjectNode();
    boolean ready = true;
    try {
      service.store().activeCount();
      body.put("store", "ok");
    } catch (RuntimeException e) {
      ready = false;
      body.put("store", "failing: " + e.getMessage());
    }
    ObjectNode systems = body.putObject("ticketSystems");
    for (ServiceConfig.TicketSystemSettings s : service.config().ticketSystems()) {
      Optional<ServiceMetrics.ScanState> scan = service.metrics().scan(s.id());
      if (scan.isEmpty() || scan.get().lastSuccess().isEmpty()) {
        // Not ready until a scan has worked: until then nothing says tickets are being verified.
        systems.put(
            s.id(),
            scan.flatMap(ServiceMetrics.ScanState::lastError)
                .map(e -> "failing, no scan has worked yet: " + e)
                .orElse("starting: no scan yet"));
        ready = false;
      } else if (scan.get().lastError().isPresent()) {
        systems.put(s.id(), "failing: " + scan.get().lastError().get());
        ready = false;
      } else {
        systems.put(s.id(), "ok");
      }
    }
    body.put("ready", ready);
    send(ex, ready ? 200 : 503, "application/json", JSON.writeValueAsString(body) + "\n");
  }

  private void metrics(HttpExchange ex) throws IOException {
    if (!onlyGet(ex)) {
      return;
    }
    send(ex, 200, "text/plain; version=0.0.4; charset=utf-8", service.metrics().render());
  }

  private void webhook(HttpExchange ex) throws IOException {
    String path =
        ex.getRequestURI().getPath().substring("/webhooks/".length()).replaceAll("/+$", "");
    Route route = routes.get(path);
    if (route == null) {
      service.metrics().webhook("unknown", "404");
      send(ex, 404, "application/json", "{\"error\":\"no webhook receiver here\"}\n");
      return;
    }
    if (!ex.getRequestMethod().equals("POST") && !ex.getRequestMethod().equals("GET")) {
      send(ex, 405, "application/json", "{\"error\":\"method not allowed\"}\n");
      return;
    }
    byte[] body;
    try (InputStream in = ex.getRequestBody()) {
      body = in.readNBytes(MAX_BODY + 1);
    }
    if (body.length > MAX_BODY) {
      service.metrics().webhook(path, "413");
      send(ex, 413, "application/json", "{\"error\":\"body too large\"}\n");
      return;
    }
    Map<String, List<String>> headers = new LinkedHashMap<>();
    ex.getRequestHeaders()
        .forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
    InboundWebhook request =
        new InboundWebhook(
            ex.getRequestMethod(),
            ex.getRequestURI().getPath(),
            ex.getRequestURI().getRawQuery(),
            headers,
            body,
            service.clock().instant());
    WebhookOutcome outcome;
    try {
      outcome = route.receiver().receive(request);
    } catch (RuntimeException e) {
      LOG.error("webhook receiver for /webhooks/{} failed", path, e);
      service.metrics().webhook(path, "500");
      send(ex, 500, "application/json", "{\"error\":\"internal error\"}\n");
      return;
    }
    if (outcome instanceof WebhookOutcome.Rejected rejected) {
      service.metrics().webhook(path, Integer.toString(rejected.status()));
      LOG.warn(
          "webhook to /webhooks/{} refused ({}): {}", path, rejected.status(), rejected.reason());
      ObjectNode error = JSON.createObjectNode().put("error", rejected.reason());
      send(ex, rejected.status(), "application/json", JSON.writeValueAsString(error) + "\n");
      return;
    }
    WebhookOutcome.Accepted accepted = (WebhookOutcome.Accepted) outcome;
    route.provider().ifPresent(p -> service.pushesChanged(p, accepted.pushes()));
    route.ticketSystem().ifPresent(s -> service.ticketsChanged(s, accepted.tickets()));
    service.metrics().webhook(path, "200");
    send(ex, 200, "application/json", "{\"accepted\":true}\n");
  }

  private static boolean onlyGet(HttpExchange ex) throws IOException {
    if (ex.getRequestMethod().equals("GET")) {
      return true;
    }
    send(ex, 405, "text/plain", "method not allowed\n");
    return false;
  }

  private static void send(HttpExchange ex, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** Stops listening; requests being answered get a second to finish. */
  @Override
  public void close() {
    server.stop(1);
    executor.shutdownNow();
  }
}
