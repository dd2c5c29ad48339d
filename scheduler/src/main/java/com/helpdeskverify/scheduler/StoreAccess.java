package com.helpdeskverify.scheduler;

import com.helpdeskverify.scheduler.config.ServiceConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Optional;
import org.h2.engine.SysProperties;
import org.h2.tools.Server;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a second process read the embedded H2 store while the service holds it open ({@code cases}
 * commands). H2 allows one process per database file, so the service serves the open database on a
 * TCP port that only the local machine can reach: bound to loopback ({@code h2.bindAddress}, set by
 * {@link Main} before H2 loads), no remote connections (H2's default without {@code
 * -tcpAllowOthers}), no new databases ({@code -ifExists}), and reachable only under a random key
 * written to a file next to the database that only the service's user can read. H2's own {@code
 * AUTO_SERVER} would do the same on every network interface.
 */
final class StoreAccess implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StoreAccess.class);
  static final String LOOPBACK = "127.0.0.1";

  private final Server server;
  private final Path accessFile;

  private StoreAccess(Server server, Path accessFile) {
    this.server = server;
    this.accessFile = accessFile;
  }

  /** The database path of an embedded H2 file store, as its JDBC URL names it. */
  static Optional<Path> h2File(String url) {
    if (!url.startsWith("jdbc:h2:file:")) {
      return Optional.empty();
    }
    String path = url.substring("jdbc:h2:file:".length());
    int params = path.indexOf(';');
    return Optional.of(Path.of(params < 0 ? path : path.substring(0, params)));
  }

  /** Where the service leaves the URL a reader connects with. */
  static Path accessFile(Path database) {
    return database.resolveSibling(database.getFileName() + ".access");
  }

  /**
   * Serves the open embedded store to local readers, when the store is an H2 file and H2 binds to
   * loopback; otherwise nothing (PostgreSQL needs no help).
   */
  static Optional<StoreAccess> serve(ServiceConfig.Store store) {
    Optional<Path> database = h2File(store.url());
    if (database.isEmpty()) {
      return Optional.empty();
    }
    if (!LOOPBACK.equals(SysProperties.BIND_ADDRESS)) {
      // H2 was loaded before Main could bind it to loopback (an embedding test, say): never
      // listen on every interface for this.
      LOG.warn(
          "cases commands cannot read the store while this process runs: H2 is not bound to"
              + " loopback");
      return Optional.empty();
    }
    String key = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
    Path file = accessFile(database.get());
    Server server = null;
    try {
      // A file left by a killed run names a port anyone may have taken since: gone before anything.
      Files.deleteIfExists(file);
      server =
          Server.createTcpServer(
                  "-tcpPort",
                  "0",
                  "-tcpDaemon",
                  "-ifExists",
                  "-key",
                  key,
                  database.get().toString())
              .start();
      String url = "jdbc:h2:tcp://" + LOOPBACK + ":" + server.getPort() + "/" + key;
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(file, url, StandardCharsets.UTF_8);
      return Optional.of(new StoreAccess(server, file));
    } catch (SQLException | IOException | UnsupportedOperationException e) {
      if (server != null) {
        server.stop(); // its key is lost with the file: nobody could use it
      }
      LOG.warn("cases commands cannot read the store while this process runs: {}", e.toString());
      return Optional.empty();
    }
  }

  /** The URL a reader uses now: the running service's, or the file itself when none runs. */
  static String readerUrl(String configuredUrl) {
    Optional<Path> database = h2File(configuredUrl);
    if (database.isEmpty()) {
      return configuredUrl;
    }
    Path file = accessFile(database.get());
    try {
      if (Files.isReadable(file)) {
        String url = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (url.startsWith("jdbc:h2:tcp://" + LOOPBACK + ":") && answers(url)) {
          return url;
        }
      }
    } catch (IOException e) {
      // Unreadable: no service to ask; open the file itself.
    }
    return configuredUrl;
  }

  private static boolean answers(String url) {
    String hostPort = url.substring("jdbc:h2:tcp://".length(), url.lastIndexOf('/'));
    int port = Integer.parseInt(hostPort.substring(hostPort.indexOf(':') + 1));
    try (java.net.Socket s = new java.net.Socket()) {
      s.connect(new java.net.InetSocketAddress(InetAddress.getByName(LOOPBACK), port), 1000);
      return true;
    } catch (IOException e) {
      return false; // the file outlived a killed service
    }
  }

  @Override
  public void close() {
    server.stop();
    try {
      Files.deleteIfExists(accessFile);
    } catch (IOException e) {
      LOG.warn("could not delete {}: {}", accessFile, e.getMessage());
    }
  }
}
