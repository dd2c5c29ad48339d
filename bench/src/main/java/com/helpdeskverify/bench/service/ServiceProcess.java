package com.helpdeskverify.bench.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged service ({@code helpdesk-verify.jar run}) in a process of its own, as admins run it:
 * its memory is its own to measure, and its threads compete with the simulators only for the CPU.
 */
final class ServiceProcess implements AutoCloseable {
  static final String WEBHOOK_SECRET = "bench-webhook-secret";
  private static final Pattern PORT = Pattern.compile("HTTP on port (\\d+)");

  private final Process process;
  private final Path log;
  private final int httpPort;

  private ServiceProcess(Process process, Path log, int httpPort) {
    this.process = process;
    this.log = log;
    this.httpPort = httpPort;
  }

  /** Starts the service with this configuration and waits until it says it runs. */
  static ServiceProcess start(Path jar, List<String> jvmFlags, Path dir, String config)
      throws IOException, InterruptedException {
    Path configFile = dir.resolve("config.yml");
    Files.writeString(configFile, config);
    Path log = dir.resolve("service.log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmFlags);
    command.addAll(List.of("-jar", jar.toString(), "run", "--config", configFile.toString()));
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("JIRA_TOKEN", "bench-token");
    builder.environment().put("DUO_SKEY", "bench-secret-key");
    builder.environment().put("JIRA_WEBHOOK_SECRET", WEBHOOK_SECRET);
    Process process = builder.start();
    Instant giveUp = Instant.now().plusSeconds(90);
    while (Instant.now().isBefore(giveUp)) {
      Matcher m = PORT.matcher(Files.readString(log));
      if (m.find()) {
        return new ServiceProcess(process, log, Integer.parseInt(m.group(1)));
      }
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "the service exited with " + process.exitValue() + ":\n" + Files.readString(log));
      }
      Thread.sleep(100);
    }
    process.destroyForcibly();
    throw new IllegalStateException("the service did not start within 90 s; see " + log);
  }

  int httpPort() {
    return httpPort;
  }

  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process.isAlive();
  }

  /** Resident set size in KiB, as the kernel reports it ({@code VmRSS}). */
  long rssKib() {
    return statusField("VmRSS");
  }

  /** The largest resident set size so far, in KiB ({@code VmHWM}). */
  long peakRssKib() {
    return statusField("VmHWM");
  }

  private long statusField(String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
        if (line.startsWith(field + ":")) {
          return Long.parseLong(line.replaceAll("\\D", ""));
        }
      }
      return -1;
    } catch (IOException e) {
      return -1;
    }
  }

  /** Lines of the service's log that contain {@code text}. */
  long logLines(String text) {
    try (var lines = Files.lines(log)) {
      return lines.filter(l -> l.contains(text)).count();
    } catch (IOException | UncheckedIOException e) {
      return -1;
    }
  }

  Path log() {
    return log;
  }

  /** SIGTERM, as systemd stops it; forcibly after a minute. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  static Duration since(Instant start) {
    return Duration.between(start, Instant.now());
  }
}
