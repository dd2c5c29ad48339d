package com.helpdeskverify.scheduler.reliability;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One node of the packaged service ({@code java -jar helpdesk-verify.jar run --config ...}, the jar
 * named by the system property {@code hv.jar}) in a process of its own, which a test starts, kills
 * with SIGKILL as a crash would, restarts on the same configuration and data, and stops with
 * SIGTERM. Each start logs to a file of its own, {@code <name>-<start>.log}.
 */
final class ServiceProcess implements AutoCloseable {
  /** What {@code destroyForcibly()} ends a process with on Linux: 128 + SIGKILL (9). */
  static final int KILLED = 128 + 9;

  private static final Pattern RUNNING =
      Pattern.compile("helpdesk-verify running as \\S+: .*HTTP on port (\\d+)");
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final String name;
  private final Path config;
  private final Path logDir;
  private final Map<String, String> env;
  private final List<Path> logs = new ArrayList<>();
  private Process process;
  private int port = -1;

  /**
   * @param env environment variables the configuration refers to (secrets as {@code ${VAR}})
   */
  ServiceProcess(String name, Path config, Path logDir, Map<String, String> env) {
    this.name = name;
    this.config = config;
    this.logDir = logDir;
    this.env = Map.copyOf(env);
  }

  /** Starts the process and waits until it says it runs. */
  ServiceProcess start() throws IOException, InterruptedException {
    spawn();
    awaitRunning(Duration.ofSeconds(90));
    return this;
  }

  /** Starts the process without waiting for it. */
  void spawn() throws IOException {
    if (alive()) {
      throw new IllegalStateException(name + " is still running");
    }
    Path log = logDir.resolve(name + "-" + (logs.size() + 1) + ".log");
    logs.add(log);
    port = -1;
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // Many short lives on a small machine: start fast rather than peak fast.
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-jar",
                jar(),
                "run",
                "--config",
                config.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().putAll(env);
    process = builder.start();
  }

  /** Waits until this start printed its "running" line; fails at once if the process ended. */
  void awaitRunning(Duration limit) throws InterruptedException {
    await(
        name + " to start (" + currentLog() + ")",
        limit,
        () -> {
          if (!process.isAlive()) {
            throw new AssertionError(
                name + " ended with exit " + process.exitValue() + " while starting:\n" + log());
          }
          Matcher m = RUNNING.matcher(log());
          if (m.find()) {
            port = Integer.parseInt(m.group(1));
            return true;
          }
          return false;
        });
  }

  /**
   * Kills the process with SIGKILL, as a crash or the OOM killer would: no shutdown hook runs, no
   * step finishes. Checks that it really died of SIGKILL.
   */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError(name + " survived SIGKILL");
    }
    if (process.exitValue() != KILLED) {
      throw new AssertionError(
          name + " ended with exit " + process.exitValue() + ", not by SIGKILL:\n" + log());
    }
  }

  /** Stops the process with SIGTERM and waits until it has shut down. */
  void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(name + " did not stop within 60 s of SIGTERM:\n" + log());
    }
  }

  boolean alive() {
    return process != null && process.isAlive();
  }

  /** How often the process was started. */
  int starts() {
    return logs.size();
  }

  /** Whether the running process reports a successful last scan of the ticket system. */
  boolean scanned(String ticketSystem) {
    return get("/readyz").map(b -> b.contains("\"" + ticketSystem + "\":\"ok\"")).orElse(false);
  }

  /** A GET of the running process's HTTP endpoint; empty when it does not answer. */
  Optional<String> get(String path) {
    if (port < 0 || !alive()) {
      return Optional.empty();
    }
    try {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return Optional.of(response.body());
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** The output of the current start. */
  String log() {
    return read(currentLog());
  }

  /** The output of every start, oldest first. */
  String allLogs() {
    StringBuilder all = new StringBuilder();
    for (Path log : logs) {
      all.append("=== ").append(log.getFileName()).append('\n').append(read(log));
    }
    return all.toString();
  }

  private Path currentLog() {
    return logs.get(logs.size() - 1);
  }

  private static String read(Path log) {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  private static String jar() {
    String jar = System.getProperty("hv.jar");
    if (jar == null || !Files.isRegularFile(Path.of(jar))) {
      throw new IllegalStateException(
          "system property hv.jar must name the packaged jar (failsafe sets it), got " + jar);
    }
    return jar;
  }

  /**
   * A fresh directory for a run's configuration, data and logs under {@code target/reliability},
   * kept after the test so that a failure can be read.
   */
  static Path workDir(String run) throws IOException {
    Path dir = Path.of("target", "reliability", run).toAbsolutePath();
    if (Files.exists(dir)) {
      try (var paths = Files.walk(dir)) {
        for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    return Files.createDirectories(dir);
  }

  /** Polls {@code condition} every 100 ms until it holds; fails after {@code limit}. */
  static void await(String what, Duration limit, BooleanSupplier condition)
      throws InterruptedException {
    if (!within(limit, condition)) {
      throw new AssertionError("timed out after " + limit.toSeconds() + " s waiting for " + what);
    }
  }

  /** Polls {@code condition} every 100 ms until it holds or {@code limit} passed; says which. */
  static boolean within(Duration limit, BooleanSupplier condition) throws InterruptedException {
    Instant giveUp = Instant.now().plus(limit);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(giveUp)) {
        return false;
      }
      Thread.sleep(100);
    }
    return true;
  }

  @Override
  public String toString() {
    return name;
  }

  /** Kills the process if a test left it running. */
  @Override
  public void close() {
    if (alive()) {
      process.destroyForcibly();
    }
  }
}
