package com.helpdeskverify.scheduler.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.helpdeskverify.core.spi.InboundWebhook;
import com.helpdeskverify.core.spi.WebhookHead;
import com.helpdeskverify.core.spi.WebhookOutcome;
import com.helpdeskverify.core.spi.WebhookReceiver;
import com.helpdeskverify.scheduler.config.ServiceConfig;
import java.io.IOException;
import java.net.BindException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's one HTTP endpoint: {@code /healthz} (the process lives), {@code /readyz} (the store
 * answers and every ticket system's last scan worked), {@code /metrics} (Prometheus) and {@code
 * /webhooks/...}, routed to the receiver of the ticket system or provider that owns the path.
 *
 * <p>A Jetty server, so that slow or stalled clients cannot silence the probes (scheduler README,
 * "HTTP endpoint"): a connection idle for {@link #IDLE_TIMEOUT} is closed, headers are parsed
 * without a thread of their own and limited to {@link #MAX_HEADER_BYTES}, at most {@link
 * #MAX_CONNECTIONS} connections are open, a webhook's body is read without holding a thread and
 * only after its receiver's {@link WebhookReceiver#precheck} passed, and receivers run on a small
 * executor of their own, never on the threads that answer the probes.
 */
public final class ServiceEndpoint implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ServiceEndpoint.class);
  private static final int MAX_BODY = 1 << 20;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A client that sends nothing for this long (headers or body) is disconnected. */
  static final Duration IDLE_TIMEOUT = Duration.ofSeconds(10);

  /** Open connections beyond which new ones wait in the backlog until one closes. */
  static final int MAX_CONNECTIONS = 256;

  /** Request line and headers; every webhook sender we know stays far below. */
  static final int MAX_HEADER_BYTES = 16 * 1024;

  /** Threads that answer: probes, metrics, and the hand-over of webhooks. */
  private static final int HTTP_THREADS = 24;

  /**
   * Threads that run webhook receivers (which may ask a ticket system whether a ticket is in
   * scope).
   */
  private static final int WEBHOOK_THREADS = 4;

  /**
   * Webhooks waiting for a receiver thread; beyond them a delivery is answered 503, to be retried.
   */
  private static final int WEBHOOK_QUEUE = 64;

  /** A receiver and what it speaks for. */
  private record Route(
      WebhookReceiver receiver, Optional<String> provider, Optional<String> ticketSystem) {}

  private final Server server;
  private final ServerConnector connector;
  private final ThreadPoolExecutor webhooks;
  private final EndpointTarget service;
  private final Map<String, Route> routes = new LinkedHashMap<>();

  private ServiceEndpoint(ServiceConfig.Http http, EndpointTarget service) {
    this.service = service;
    QueuedThreadPool threads = new QueuedThreadPool(HTTP_THREADS, 4);
    threads.setName("hv-http");
    threads.setDaemon(true);
    server = new Server(threads);
    server.setStopTimeout(1000);
    HttpConfiguration config = new HttpConfiguration();
    config.setRequestHeaderSize(MAX_HEADER_BYTES);
    config.setSendServerVersion(false);
    config.setIdleTimeout(IDLE_TIMEOUT.toMillis());
    connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(config));
    connector.setHost(http.bind());
    connector.setPort(http.port());
    connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
    connector.setAcceptQueueSize(64);
    server.addConnector(connector);
    server.addBean(new NetworkConnectionLimit(MAX_CONNECTIONS, connector));
    server.setHandler(new Routing());
    // Jetty's own answers (400, 431, a failed handler) name no exception and show no stack.
    ErrorHandler errors = new ErrorHandler();
    errors.setShowStacks(false);
    errors.setShowCauses(false);
    errors.setShowMessageInTitle(false);
    server.setErrorHandler(errors);
    AtomicInteger n = new AtomicInteger();
    webhooks =
        new ThreadPoolExecutor(
            WEBHOOK_THREADS,
            WEBHOOK_THREADS,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(WEBHOOK_QUEUE),
            r -> {
              Thread t = new Thread(r, "hv-webhook-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  public static ServiceEndpoint start(ServiceConfig.Http http, EndpointTarget service)
      throws IOException {
    ServiceEndpoint endpoint = new ServiceEndpoint(http, service);
    service
        .providerWebhooks()
        .forEach((id, r) -> endpoint.route(r, Optional.of(id), Optional.empty()));
    service
        .ticketSystemWebhooks()
        .forEach((id, r) -> endpoint.route(r, Optional.empty(), Optional.of(id)));
    try {
      endpoint.server.start();
    } catch (IOException e) {
      endpoint.close();
      // Jetty wraps the JDK's BindException; `run` tells a taken port by it.
      if (e.getCause() instanceof BindException bind) {
        throw bind;
      }
      throw e;
    } catch (Exception e) {
      endpoint.close();
      throw new IOException("cannot listen on " + http.bind() + ":" + http.port(), e);
    }
    return endpoint;
  }

  private void route(WebhookReceiver receiver, Optional<String> provider, Optional<String> system) {
    String path = receiver.route().replaceAll("^/+|/+$", "");
    if (routes.putIfAbsent(path, new Route(receiver, provider, system)) != null) {
      throw new IllegalStateException("two webhook receivers claim /webhooks/" + path);
    }
  }

  public int port() {
    return connector.getLocalPort();
  }

  /** What one request is, by path; probes are answered on the calling thread. */
  private final class Routing extends Handler.Abstract {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      String path = request.getHttpURI().getDecodedPath();
      if (path == null) {
        path = "";
      }
      if (path.startsWith("/webhooks/")) {
        webhook(path, request, response, callback);
        return true;
      }
      switch (path) {
        case "/healthz" -> {
          if (onlyGet(request, response, callback)) {
            send(response, callback, 200, "text/plain", "ok\n");
          }
        }
        case "/readyz" -> {
          if (onlyGet(request, response, callback)) {
            ready(response, callback);
          }
        }
        case "/metrics" -> {
          if (onlyGet(request, response, callback)) {
            ServiceMetrics.Exposition metrics =
                service.metrics().render(request.getHeaders().get(HttpHeader.ACCEPT));
            send(response, callback, 200, metrics.contentType(), metrics.body());
          }
        }
        default -> send(response, callback, 404, "text/plain", "not found\n");
      }
      return true;
    }
  }

  private void ready(Response response, Callback callback) {
    ObjectNode body = JSON.createObjectNode();
    boolean ready = true;
    try {
      service.checkStore();
      body.put("store", "ok");
    } catch (RuntimeException e) {
      ready = false;
      body.put("store", "failing: " + e.getMessage());
    }
    ObjectNode systems = body.putObject("ticketSystems");
    for (String id : service.ticketSystemIds()) {
      Optional<ServiceMetrics.ScanState> scan = service.metrics().scan(id);
      if (scan.isEmpty() || scan.get().lastSuccess().isEmpty()) {
        // Not ready until a scan has worked: until then nothing says tickets are being verified.
        systems.put(
            id,
            scan.flatMap(ServiceMetrics.ScanState::lastError)
                .map(e -> "failing, no scan has worked yet: " + e)
                .orElse("starting: no scan yet"));
        ready = false;
      } else if (scan.get().lastError().isPresent()) {
        systems.put(id, "failing: " + scan.get().lastError().get());
        ready = false;
      } else {
        systems.put(id, "ok");
      }
    }
    ObjectNode pushProviders = body.putObject("providers");
    for (Map.Entry<String, Boolean> p : service.providersPaused().entrySet()) {
      if (p.getValue()) {
        // Cases wait for this provider: nothing says tickets are being verified meanwhile.
        pushProviders.put(p.getKey(), "paused: calls kept failing (circuit open)");
        ready = false;
      } else {
        pushProviders.put(p.getKey(), "ok");
      }
    }
    body.put("ready", ready);
    send(response, callback, ready ? 200 : 503, "application/json", body.toString() + "\n");
  }

  private void webhook(String fullPath, Request request, Response response, Callback callback) {
    String path = fullPath.substring("/webhooks/".length()).replaceAll("/+$", "");
    Route route = routes.get(path);
    if (route == null) {
      service.metrics().webhook("unknown", "404");
      send(
          response,
          callback,
          404,
          "application/json",
          "{\"error\":\"no webhook receiver here\"}\n");
      return;
    }
    String method = request.getMethod();
    if (!method.equals("POST") && !method.equals("GET")) {
      send(response, callback, 405, "application/json", "{\"error\":\"method not allowed\"}\n");
      return;
    }
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (HttpField field : request.getHeaders()) {
      headers
          .computeIfAbsent(field.getLowerCaseName(), k -> new ArrayList<>())
          .add(field.getValue());
    }
    Instant receivedAt = service.clock().instant();
    WebhookHead head = new WebhookHead(method, fullPath, headers, receivedAt);
    Optional<WebhookOutcome.Rejected> refused;
    try {
      refused = route.receiver().precheck(head);
    } catch (RuntimeException e) {
      LOG.error("webhook precheck for /webhooks/{} failed", path, e);
      service.metrics().webhook(path, "500");
      send(response, callback, 500, "application/json", "{\"error\":\"internal error\"}\n");
      return;
    }
    if (refused.isPresent()) {
      // Answered without reading the body: a forged or stale delivery costs no more than its
      // headers. Jetty closes the connection rather than read what is left of the body.
      reject(path, refused.get(), response, callback);
      return;
    }
    if (request.getLength() > MAX_BODY) {
      service.metrics().webhook(path, "413");
      send(response, callback, 413, "application/json", "{\"error\":\"body too large\"}\n");
      return;
    }
    // Read without a thread waiting: a client that stalls half-way holds a connection until the
    // idle timeout, not a thread. The limit holds while streaming, whatever Content-Length said.
    Content.Source.asByteArrayAsync(request, MAX_BODY)
        .whenComplete(
            (body, failure) -> {
              if (failure != null) {
                bodyFailed(path, failure, response, callback);
                return;
              }
              try {
                webhooks.execute(
                    () -> deliver(path, route, request, head, body, response, callback));
              } catch (RejectedExecutionException e) {
                service.metrics().webhook(path, "503");
                send(
                    response,
                    callback,
                    503,
                    "application/json",
                    "{\"error\":\"busy, retry later\"}\n");
              }
            });
  }

  private void bodyFailed(String path, Throwable failure, Response response, Callback callback) {
    Throwable cause =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    if (cause instanceof TimeoutException) {
      // Stalled past the idle timeout: told so, and Jetty closes the connection.
      service.metrics().webhook(path, "408");
      send(response, callback, 408, "application/json", "{\"error\":\"request timeout\"}\n");
      return;
    }
    if (cause instanceof IOException) {
      // The client went away: nobody is left to answer.
      LOG.debug("webhook body to /webhooks/{} not received: {}", path, cause.toString());
      callback.failed(cause);
      return;
    }
    // What is left is Jetty's way of saying the body ran past the limit (an
    // IllegalStateException "Max size exceeded").
    service.metrics().webhook(path, "413");
    send(response, callback, 413, "application/json", "{\"error\":\"body too large\"}\n");
  }

  private void deliver(
      String path,
      Route route,
      Request request,
      WebhookHead head,
      byte[] body,
      Response response,
      Callback callback) {
    InboundWebhook delivery =
        new InboundWebhook(
            head.method(),
            head.path(),
            request.getHttpURI().getQuery(),
            head.headers(),
            body,
            head.receivedAt());
    WebhookOutcome outcome;
    try {
      outcome = route.receiver().receive(delivery);
    } catch (RuntimeException e) {
      LOG.error("webhook receiver for /webhooks/{} failed", path, e);
      service.metrics().webhook(path, "500");
      send(response, callback, 500, "application/json", "{\"error\":\"internal error\"}\n");
      return;
    }
    if (outcome instanceof WebhookOutcome.Rejected rejected) {
      reject(path, rejected, response, callback);
      return;
    }
    WebhookOutcome.Accepted accepted = (WebhookOutcome.Accepted) outcome;
    try {
      route.provider().ifPresent(p -> service.pushesChanged(p, accepted.pushes()));
      route.ticketSystem().ifPresent(s -> service.ticketsChanged(s, accepted.tickets()));
    } catch (RuntimeException e) {
      LOG.error("webhook to /webhooks/{} accepted but not handed on", path, e);
      service.metrics().webhook(path, "500");
      send(response, callback, 500, "application/json", "{\"error\":\"internal error\"}\n");
      return;
    }
    service.metrics().webhook(path, "200");
    send(response, callback, 200, "application/json", "{\"accepted\":true}\n");
  }

  private void reject(
      String path, WebhookOutcome.Rejected rejected, Response response, Callback callback) {
    service.metrics().webhook(path, Integer.toString(rejected.status()));
    LOG.warn(
        "webhook to /webhooks/{} refused ({}): {}", path, rejected.status(), rejected.reason());
    ObjectNode error = JSON.createObjectNode().put("error", rejected.reason());
    send(response, callback, rejected.status(), "application/json", error.toString() + "\n");
  }

  private static boolean onlyGet(Request request, Response response, Callback callback) {
    if (request.getMethod().equals("GET")) {
      return true;
    }
    send(response, callback, 405, "text/plain", "method not allowed\n");
    return false;
  }

  private static void send(
      Response response, Callback callback, int status, String type, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
    response.write(true, ByteBuffer.wrap(bytes), callback);
  }

  /** Stops listening; requests being answered get a second to finish. */
  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      LOG.warn("HTTP endpoint did not stop cleanly: {}", e.toString());
    }
    webhooks.shutdown();
    try {
      if (!webhooks.awaitTermination(1, TimeUnit.SECONDS)) {
        webhooks.shutdownNow();
      }
    } catch (InterruptedException e) {
      webhooks.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
