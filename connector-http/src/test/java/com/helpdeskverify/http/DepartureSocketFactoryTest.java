package com.helpdeskverify.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Every way {@link javax.net.SocketFactory} makes a socket gives one that reports its writes after
 * they returned; OkHttp uses the unconnected one ({@code PacedGateTest}), the others are the
 * factory's contract.
 */
class DepartureSocketFactoryTest {
  private final AtomicInteger writes = new AtomicInteger();
  private final DepartureSocketFactory factory =
      new DepartureSocketFactory(writes::incrementAndGet);

  @Test
  void socketsMadeConnectedReportEachWriteAndDeliverIt() throws IOException {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    try (ServerSocket server = new ServerSocket(0, 8, loopback)) {
      int port = server.getLocalPort();
      String host = loopback.getHostAddress();
      Socket[] made = {
        factory.createSocket(host, port),
        factory.createSocket(host, port, loopback, 0),
        factory.createSocket(loopback, port),
        factory.createSocket(loopback, port, loopback, 0)
      };
      for (Socket socket : made) {
        try (socket;
            Socket accepted = server.accept();
            InputStream in = accepted.getInputStream()) {
          int before = writes.get();
          socket.getOutputStream().write(new byte[] {1, 2, 3});
          socket.getOutputStream().write(4);
          assertThat(writes.get() - before).isEqualTo(2);
          assertThat(in.readNBytes(4)).containsExactly(1, 2, 3, 4);
        }
      }
    }
  }
}
