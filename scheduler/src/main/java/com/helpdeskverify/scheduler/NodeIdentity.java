package com.helpdeskverify.scheduler;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * This node's name in claims, check-ins and the audit log when none is configured: stable across
 * restarts, so a restarted process knows its own earlier claims. Derived from the host name and the
 * data directory (two services on one host have two data directories) and kept in that directory,
 * so that a later rename of the host does not make the node a stranger to its claims.
 */
public final class NodeIdentity {
  static final String FILE = "node-id";

  private NodeIdentity() {}

  public static String of(Path dataDir) {
    Path file = dataDir.resolve(FILE);
    try {
      if (Files.isRegularFile(file)) {
        String kept = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (!kept.isEmpty()) {
          return kept;
        }
      }
    } catch (IOException e) {
      // Unreadable: derive it again, which gives the same name on the same host and directory.
    }
    String derived = derive(dataDir);
    try {
      Files.createDirectories(dataDir);
      Files.writeString(file, derived + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      // Not kept: the next start derives the same name.
    }
    return derived;
  }

  static String derive(Path dataDir) {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      host = "node";
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(
                  dataDir.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8));
      return host + "-" + HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
