package com.helpdeskverify.http;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Objects;
import javax.net.SocketFactory;

/**
 * Plain sockets that run {@code departed} each time a write has handed bytes to the kernel. OkHttp
 * makes every connection's socket with its client's {@link SocketFactory} (the no-argument {@code
 * createSocket()}, then {@code connect}) and layers TLS over it, and the JDK's TLS socket writes
 * its records through the plain socket's output stream: so the last write of a call's request, over
 * HTTP or HTTPS, is the moment its bytes left, wherever OkHttp or okio buffered them before. {@code
 * PacedGateTest} checks both.
 */
final class DepartureSocketFactory extends SocketFactory {
  private final Runnable departed;

  DepartureSocketFactory(Runnable departed) {
    this.departed = Objects.requireNonNull(departed, "departed");
  }

  @Override
  public Socket createSocket() {
    return new DepartureSocket(departed);
  }

  // OkHttp uses only the unconnected socket above; the others are SocketFactory's contract.
  @Override
  public Socket createSocket(String host, int port) throws IOException {
    return connected(new InetSocketAddress(host, port), null);
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
      throws IOException {
    return connected(
        new InetSocketAddress(host, port), new InetSocketAddress(localHost, localPort));
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    return connected(new InetSocketAddress(host, port), null);
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
      throws IOException {
    return connected(
        new InetSocketAddress(address, port), new InetSocketAddress(localAddress, localPort));
  }

  private Socket connected(InetSocketAddress remote, InetSocketAddress local) throws IOException {
    Socket socket = createSocket();
    if (local != null) {
      socket.bind(local);
    }
    socket.connect(remote);
    return socket;
  }

  private static final class DepartureSocket extends Socket {
    private final Runnable departed;
    private OutputStream out;

    DepartureSocket(Runnable departed) {
      this.departed = departed;
    }

    @Override
    public synchronized OutputStream getOutputStream() throws IOException {
      if (out == null) {
        out = new Departing(super.getOutputStream(), departed);
      }
      return out;
    }
  }

  /** Runs {@code departed} after each write has returned, never before the bytes left. */
  private static final class Departing extends FilterOutputStream {
    private final Runnable departed;

    Departing(OutputStream out, Runnable departed) {
      super(out);
      this.departed = departed;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      departed.run();
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      departed.run();
    }
  }
}
