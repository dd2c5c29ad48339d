package com.helpdeskverify.simulators;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/** The JDK's HTTP server, with Nagle's algorithm off on the connections it accepts. */
public final class HttpServers {
  /** Read once, when the JDK makes its first server in this JVM. */
  static final String NO_DELAY = "sun.net.httpserver.nodelay";

  private HttpServers() {}

  /**
   * A server bound to {@code address}. The JDK's server sends a response's headers and its body as
   * separate writes; with Nagle's algorithm on, the body then waits for the client's delayed
   * acknowledgement of the headers, up to 40 ms on Linux. Against simulated APIs that answer after
   * 20 ms, that doubled the time of every call (BENCHMARKS.md).
   */
  public static HttpServer create(InetSocketAddress address, int backlog) throws IOException {
    return create(address, backlog, Optional.empty());
  }

  /**
   * The same, speaking HTTPS with {@code tls} when given: the vendors' APIs are HTTPS only, and a
   * client's TLS state per connection is part of what a held call costs it.
   */
  public static HttpServer create(InetSocketAddress address, int backlog, Optional<SSLContext> tls)
      throws IOException {
    System.setProperty(NO_DELAY, "true");
    if (tls.isEmpty()) {
      return HttpServer.create(address, backlog);
    }
    HttpsServer server = HttpsServer.create(address, backlog);
    server.setHttpsConfigurator(new HttpsConfigurator(tls.get()));
    return server;
  }
}
