package com.helpdeskverify.simulators;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * A self-signed certificate for 127.0.0.1, made with the JDK's own {@code keytool}, that simulators
 * serve and a service process trusts through its JVM's trust store. Why: the vendors' APIs are
 * HTTPS only, and a held long poll's TLS state (record buffers, session) is part of what it costs
 * the client, which plain HTTP on loopback leaves out (BENCHMARKS.md, "Held long polls over TLS").
 */
public final class LoopbackTls {
  private final Path keyStore;
  private final String password;
  private final SSLContext context;
  private final X509TrustManager trust;

  private LoopbackTls(Path keyStore, String password, SSLContext context, X509TrustManager trust) {
    this.keyStore = keyStore;
    this.password = password;
    this.context = context;
    this.trust = trust;
  }

  /** A new certificate and key, in a directory of its own under the temporary directory. */
  public static LoopbackTls create() {
    try {
      Path dir = Files.createTempDirectory("hv-tls-");
      Path store = dir.resolve("loopback.p12");
      byte[] random = new byte[12];
      new SecureRandom().nextBytes(random);
      String password = HexFormat.of().formatHex(random); // a throwaway store's
      Process keytool =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                  "-genkeypair",
                  "-keyalg",
                  "EC",
                  "-groupname",
                  "secp256r1",
                  "-alias",
                  "simulators",
                  "-dname",
                  "CN=127.0.0.1",
                  "-ext",
                  "SAN=ip:127.0.0.1",
                  "-validity",
                  "2",
                  "-storetype",
                  "PKCS12",
                  "-keystore",
                  store.toString(),
                  "-storepass",
                  password)
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("keytool.log").toFile())
              .start();
      if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
        throw new IllegalStateException("keytool failed, see " + dir.resolve("keytool.log"));
      }
      KeyStore keys = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(store)) {
        keys.load(in, password.toCharArray());
      }
      KeyManagerFactory managers =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      managers.init(keys, password.toCharArray());
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(managers.getKeyManagers(), null, null);
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(keys);
      return new LoopbackTls(
          store, password, context, (X509TrustManager) trust.getTrustManagers()[0]);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot make the simulators' certificate", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** What the simulators serve. */
  public SSLContext context() {
    return context;
  }

  /** Trusts this certificate only, for a client in this JVM. */
  public X509TrustManager trustManager() {
    return trust;
  }

  /**
   * The service JVM's trust store: this certificate only (the JDK's trust manager takes a key
   * entry's certificate as trusted).
   */
  public List<String> serviceFlags() {
    return List.of(
        "-Djavax.net.ssl.trustStore=" + keyStore,
        "-Djavax.net.ssl.trustStoreType=PKCS12",
        "-Djavax.net.ssl.trustStorePassword=" + password);
  }
}
