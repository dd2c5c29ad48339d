package com.helpdeskverify.bench.service;

import com.helpdeskverify.simulators.LoopbackTls;
import com.helpdeskverify.simulators.ServiceProcess;
import com.helpdeskverify.simulators.SimulatedDuo;
import com.helpdeskverify.simulators.SimulatedJira;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The command line's options, the service configuration they make, and the service started on it.
 */
final class BenchSetup {
  /** What the configurations refer to as {@code ${VAR}}. */
  private static final Map<String, String> SECRETS =
      Map.of(
          "JIRA_TOKEN", "bench-token",
          "DUO_SKEY", "bench-secret-key",
          "JIRA_WEBHOOK_SECRET", Traffic.WEBHOOK_SECRET);

  private final Map<String, String> options;
  private LoopbackTls tls;

  private BenchSetup(Map<String, String> options) {
    this.options = options;
  }

  /** Options after the scenario name, as {@code --name value} pairs. */
  static BenchSetup parse(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (int i = 1; i + 1 < args.length; i += 2) {
      options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    return new BenchSetup(options);
  }

  String config(
      Path dir,
      SimulatedJira jira,
      SimulatedDuo duo,
      Duration scanInterval,
      int pageSize,
      Duration pushTimeout,
      int workers) {
    return """
        node-id: bench
        data-dir: %s
        http:
          bind: 127.0.0.1
          port: 0
        scheduler:
          workers: %d
          advance-interval: %dms
        workflow:
          max-pushes-per-hour: 20
        %s
        ticket-systems:
          jira:
            type: %s
            provider: duo
            scan-interval: %dms
            page-size: %d
            base-url: %s
            %s
            rate-limit: %s
            webhook-secret: ${JIRA_WEBHOOK_SECRET}
            jql-scope: project = HD AND status = "Waiting for support"
            execute-transition: Execute
            reject-transition: Reject
            escalate-transition: Escalate
        providers:
          duo:
            type: duo
            base-url: %s
            integration-key: DIBENCH0000000000000
            secret-key: ${DUO_SKEY}
            rate-limit: %s
            push-timeout: %ds
        """
        .formatted(
            dir.resolve("data"),
            workers,
            Long.parseLong(options.getOrDefault("advance-interval-ms", "1000")),
            storeSection(),
            dataCenter() ? "jira-datacenter" : "jira-cloud",
            scanInterval.toMillis(),
            pageSize,
            jira.baseUrl(),
            dataCenter()
                ? "bearer-token: ${JIRA_TOKEN}"
                : "email: hv@example.com\n    api-token: ${JIRA_TOKEN}",
            clientRateLimit(),
            duo.baseUrl(),
            clientRateLimit(),
            pushTimeout.toSeconds());
  }

  /**
   * The service's store: the embedded H2 file under the run's directory (the default), or {@code
   * --store-url} (such as {@code jdbc:postgresql://127.0.0.1:5432/hvbench?user=postgres}, an empty
   * database the service migrates), the store {@code deploy/kubernetes.yml} ships.
   */
  private String storeSection() {
    String url = options.get("store-url");
    return url == null ? "" : "store:\n  url: " + url;
  }

  /**
   * The service's own {@code rate-limit} for Jira and Duo ({@code --client-rate-limit}, such as
   * {@code 100/s}): off unless asked, so that scenarios without a server limit measure the service
   * unpaced; the burst asks for the server's limit by default.
   */
  String clientRateLimit() {
    return options.getOrDefault("client-rate-limit", "off");
  }

  /**
   * Whether the scenario runs against Jira Data Center ({@code --jira data-center}: REST v2, its
   * search paged by offset) instead of Jira Cloud (the default).
   */
  boolean dataCenter() {
    String flavour = options.getOrDefault("jira", "cloud");
    if (!flavour.equals("cloud") && !flavour.equals("data-center")) {
      throw new IllegalArgumentException("--jira: expected cloud or data-center, got " + flavour);
    }
    return flavour.equals("data-center");
  }

  /** Sets an option the command line left out. */
  void defaultOption(String name, String value) {
    options.putIfAbsent(name, value);
  }

  /** Starts the packaged service on this configuration and waits until it says it runs. */
  ServiceProcess start(Path dir, String config) throws IOException, InterruptedException {
    Path file = dir.resolve("config.yml");
    Files.writeString(file, config);
    ServiceProcess service =
        new ServiceProcess("service", jar(), jvmFlags(), file, dir, environment());
    try {
      return service.start();
    } catch (Throwable e) {
      service.close(); // one that did not come up must not linger beside the next scenario
      throw e;
    }
  }

  Path jar() {
    Path jar = Path.of(options.getOrDefault("jar", "scheduler/target/helpdesk-verify.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalArgumentException(
          jar + " not found: build it (bench/README.md) or pass --jar <path>");
    }
    return jar;
  }

  /**
   * The service's environment: the secrets its configuration refers to, with {@code --jvm deploy}
   * the image's own ({@code ENV} lines of {@code deploy/Dockerfile}, such as {@code
   * MALLOC_ARENA_MAX=2}), and {@code --env "NAME=value,..."}.
   */
  Map<String, String> environment() {
    Map<String, String> env = new java.util.HashMap<>(SECRETS);
    if (options.getOrDefault("jvm", "").strip().equals("deploy")) {
      env.putAll(deployEnvironment(dockerfile()));
    }
    for (String pair : options.getOrDefault("env", "").split(",")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        env.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
      }
    }
    return env;
  }

  /**
   * The service's JVM flags: {@code --jvm "<flags>"}, or {@code --jvm deploy} for those the image
   * ships (the {@code ENTRYPOINT} of {@code deploy/Dockerfile}, between {@code java} and {@code
   * -jar}), so that the footprint is measured at exactly the flags the deploy files set.
   */
  List<String> jvmFlags() {
    String flags = options.getOrDefault("jvm", "").strip();
    List<String> jvm = new java.util.ArrayList<>();
    if (flags.equals("deploy")) {
      jvm.addAll(deployFlags(dockerfile()));
    } else if (!flags.isEmpty()) {
      jvm.addAll(List.of(flags.split("\\s+")));
    }
    tls().ifPresent(t -> jvm.addAll(t.serviceFlags()));
    return jvm;
  }

  /**
   * With {@code --tls on}, the simulators serve HTTPS with a certificate of this run's that the
   * service trusts ({@link LoopbackTls}); off by default, as the figures before 2026-12-06 were
   * taken.
   */
  synchronized Optional<LoopbackTls> tls() {
    if (!options.getOrDefault("tls", "off").equals("on")) {
      return Optional.empty();
    }
    if (tls == null) {
      tls = LoopbackTls.create();
    }
    return Optional.of(tls);
  }

  /** What the simulators serve: {@link #tls()}'s context, or plain HTTP. */
  Optional<javax.net.ssl.SSLContext> simulatorTls() {
    return tls().map(LoopbackTls::context);
  }

  /** {@link #environment()} without the secrets, for the run's header. */
  Map<String, String> shownEnvironment() {
    Map<String, String> shown = new java.util.TreeMap<>(environment());
    shown.keySet().removeAll(SECRETS.keySet());
    return shown;
  }

  private Path dockerfile() {
    return Path.of(options.getOrDefault("dockerfile", "deploy/Dockerfile"));
  }

  private static final java.util.regex.Pattern ENV =
      java.util.regex.Pattern.compile("(?m)^ENV (\\S+)=(\\S+)$");

  static Map<String, String> deployEnvironment(Path dockerfile) {
    try {
      Map<String, String> env = new java.util.TreeMap<>();
      java.util.regex.Matcher m = ENV.matcher(Files.readString(dockerfile));
      while (m.find()) {
        env.put(m.group(1), m.group(2));
      }
      return env;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static final java.util.regex.Pattern ENTRYPOINT =
      java.util.regex.Pattern.compile("(?m)^ENTRYPOINT \\[\"java\",(.*?)\"-jar\"");

  private static final java.util.regex.Pattern FLAG =
      java.util.regex.Pattern.compile("\"([^\"]*)\"");

  static List<String> deployFlags(Path dockerfile) {
    try {
      java.util.regex.Matcher m = ENTRYPOINT.matcher(Files.readString(dockerfile));
      if (!m.find()) {
        throw new IllegalArgumentException(dockerfile + ": no ENTRYPOINT [\"java\", ... \"-jar\"");
      }
      // The exec form is a JSON array: a flag may hold a comma (-Xlog:gc*,safepoint,
      // -XX:StartFlightRecording=filename=…,settings=…), so the strings are matched, not split.
      return FLAG.matcher(m.group(1)).results().map(r -> r.group(1)).toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  int integer(String name, int fallback) {
    return Integer.parseInt(options.getOrDefault(name, Integer.toString(fallback)));
  }

  Duration duration(String nameMs, long fallbackMs) {
    return Duration.ofMillis(
        Long.parseLong(options.getOrDefault(nameMs, Long.toString(fallbackMs))));
  }

  String text(String name, String fallback) {
    return options.getOrDefault(name, fallback);
  }
}
