package com.helpdeskverify.simulators;

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
 * One node of the packaged service ({@code java -jar helpdesk-verify.jar run --config ...}) in a
 * process of its own, which a test or a benchmark starts, kills with SIGKILL as a crash would,
 * restarts on the same configuration and data, and stops with SIGTERM. Its memory is its own to
 * measure, and its threads compete with the simulators only for the CPU. Each start logs to a file
 * of its own, {@code <name>-<start>.log}.
 *
 * <p>Shared by the reliability suite and the bench module.
 */
public final class ServiceProcess implements AutoCloseable {
  /** What {@code destroyForcibly()} ends a process with on Linux: 128 + SIGKILL (9). */
  static final int KILLED = 128 + 9;

  private static final Pattern RUNNING =
      Pattern.compile("helpdesk-verify running as \\S+: .*HTTP on port (\\d+)");
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final String name;
  private final Path jar;
  private final List<String> jvmFlags;
  private final Path config;
  private final Path logDir;
  private final Map<String, String> env;
  private final List<Path> logs = new ArrayList<>();
  private Process process;
  private int port = -1;

  /**
   * A node of the jar the build packaged (the system property {@code hv.jar}, which failsafe sets),
   * tuned for many short lives on a small machine: it starts fast rather than peaks fast.
   *
   * @param env environment variables the configuration refers to (secrets as {@code ${VAR}})
   */
  public ServiceProcess(String name, Path config, Path logDir, Map<String, String> env) {
    this(
        name,
        packagedJar(),
        List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"),
        config,
        logDir,
        env);
  }

  /**
   * @param jar the packaged service
   * @param jvmFlags flags of the service's JVM, such as {@code -Xmx256m}
   * @param env environment variables the configuration refers to (secrets as {@code ${VAR}})
   */
  public ServiceProcess(
      String name,
      Path jar,
      List<String> jvmFlags,
      Path config,
      Path logDir,
      Map<String, String> env) {
    this.name = name;
    this.jar = jar;
    this.jvmFlags = List.copyOf(jvmFlags);
    this.config = config;
    this.logDir = logDir;
    this.env = Map.copyOf(env);
  }

  /** Starts the process and waits until it says it runs. */
  public ServiceProcess start() throws IOException, InterruptedException {
    spawn();
    awaitRunning(Duration.ofSeconds(90));
    return this;
  }

  /** Starts the process without waiting for it. */
  public void spawn() throws IOException {
    if (alive()) {
      throw new IllegalStateException(name + " is still running");
    }
    Path log = logDir.resolve(name + "-" + (logs.size() + 1) + ".log");
    logs.add(log);
    port = -1;
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmFlags);
    command.addAll(List.of("-jar", jar.toString(), "run", "--config", config.toString()));
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(env);
    process = builder.start();
  }

  /** Waits until this start printed its "running" line; fails at once if the process ended. */
  public void awaitRunning(Duration limit) throws InterruptedException {
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
  public void kill() throws InterruptedException {
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
  public void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(name + " did not stop within 60 s of SIGTERM:\n" + log());
    }
  }

  public boolean alive() {
    return process != null && process.isAlive();
  }

  /** How often the process was started. */
  public int starts() {
    return logs.size();
  }

  /** Whether the running process reports a successful last scan of the ticket system. */
  public boolean scanned(String ticketSystem) {
    return get("/readyz").map(b -> b.contains("\"" + ticketSystem + "\":\"ok\"")).orElse(false);
  }

  /** A GET of the running process's HTTP endpoint; empty when it does not answer. */
  public Optional<String> get(String path) {
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
  public String log() {
    return read(currentLog());
  }

  /** The output of every start, oldest first. */
  public String allLogs() {
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

  /** The port of the running start's HTTP endpoint; -1 before it said it runs. */
  public int httpPort() {
    return port;
  }

  /** Resident set size in KiB, as the kernel reports it ({@code VmRSS}); -1 when unknown. */
  public long rssKib() {
    return statusField("VmRSS");
  }

  /**
   * The CPU time this start has used so far, user and system, in clock ticks ({@code utime} and
   * {@code stime} of {@code /proc/<pid>/stat}; 100 a second on Linux as built); -1 when it is not
   * running.
   */
  public long cpuTicks() {
    if (!alive()) {
      return -1;
    }
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
      // The command name, in parentheses, may hold spaces: the fields are counted after it.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** The largest resident set size of this start so far, in KiB ({@code VmHWM}). */
  public long peakRssKib() {
    return statusField("VmHWM");
  }

  private long statusField(String field) {
    if (!alive()) {
      return -1;
    }
    try {
      for (String line :
          Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
        if (line.startsWith(field + ":")) {
          return Long.parseLong(line.replaceAll("\\D", ""));
        }
      }
      return -1;
    } catch (IOException e) {
      return -1;
    }
  }

  /** Lines of the current start's output that contain {@code text}. */
  public long logLines(String text) {
    return log().lines().filter(l -> l.contains(text)).count();
  }

  /** The jar the build packaged, as failsafe names it in the system property {@code hv.jar}. */
  static Path packagedJar() {
    String jar = System.getProperty("hv.jar");
    if (jar == null || !Files.isRegularFile(Path.of(jar))) {
      throw new IllegalStateException(
          "system property hv.jar must name the packaged jar (failsafe sets it), got " + jar);
    }
    return Path.of(jar);
  }

  /**
   * A fresh directory for a run's configuration, data and logs under {@code target/reliability},
   * kept after the test so that a failure can be read.
   */
  public static Path workDir(String run) throws IOException {
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
  public static void await(String what, Duration limit, BooleanSupplier condition)
      throws InterruptedException {
    if (!within(limit, condition)) {
      throw new AssertionError("timed out after " + limit.toSeconds() + " s waiting for " + what);
    }
  }

  /** Polls {@code condition} every 100 ms until it holds or {@code limit} passed; says which. */
  public static boolean within(Duration limit, BooleanSupplier condition)
      throws InterruptedException {
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

  /**
   * Stops the process if it still runs, as systemd would: SIGTERM, and SIGKILL when it has not
   * ended 30 s later.
   */
  @Override
  public void close() throws InterruptedException {
    if (alive()) {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }
}
