package com.helpdeskverify.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Held calls cost no platform thread on a Java that runs them on virtual threads, and one each
 * otherwise. The build's own JVM may be Java 17, so the held calls are made by {@link
 * HeldCallsProbe} in a JVM of Java 24 or later found on this machine ({@code HV_NEWER_JAVA}, else
 * the newest under {@code /usr/lib/jvm}); without one, those cases skip and say why.
 */
class HeldCallThreadsTest {
  private static final int HELD = 300;

  @Test
  void beforeJava24TheExecutorIsOkHttpsPlatformThreadKind() throws InterruptedException {
    assertThat(HeldCallThreads.virtualThreads("t", 17)).isEmpty();
    assertThat(HeldCallThreads.virtualThreads("t", 21)).isEmpty();
    ExecutorService platform = HeldCallThreads.platformThreads("duo-auth-status");
    try {
      Thread[] ran = new Thread[1];
      platform.submit(() -> ran[0] = Thread.currentThread());
      platform.shutdown();
      assertThat(platform.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
      assertThat(ran[0].getName()).startsWith("duo-auth-status-");
      assertThat(ran[0].isDaemon()).isTrue();
    } finally {
      platform.shutdownNow();
    }
  }

  @Test
  void onJava24OrLaterHeldCallsHoldNoPlatformThreadEach() throws Exception {
    Path java = newerJava();

    Probe probe = probe(java, List.of());

    assertThat(probe.virtual).isTrue();
    // The JVM's own threads (GC, compiler, reference handler, …), the acceptor and the carriers:
    // a few dozen, whatever the number of held calls.
    assertThat(probe.platformThreads).isLessThan(60);
  }

  @Test
  void askedForPlatformThreadsEachHeldCallHoldsOne() throws Exception {
    Path java = newerJava();

    Probe probe = probe(java, List.of("-D" + HeldCallThreads.PROPERTY + "=platform"));

    assertThat(probe.virtual).isFalse();
    assertThat(probe.platformThreads).isGreaterThanOrEqualTo(HELD);
  }

  private record Probe(int platformThreads, boolean virtual) {}

  private static Probe probe(Path java, List<String> flags)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    command.add("-Xss512k");
    command.addAll(flags);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(HeldCallsProbe.class.getName());
    command.add(Integer.toString(HELD));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(90, TimeUnit.SECONDS)).as(out).isTrue();
    Matcher m = Pattern.compile("held=(\\d+) platformThreads=(\\d+) virtual=(\\w+)").matcher(out);
    assertThat(m.find()).as(out).isTrue();
    assertThat(Integer.parseInt(m.group(1))).isEqualTo(HELD);
    return new Probe(Integer.parseInt(m.group(2)), Boolean.parseBoolean(m.group(3)));
  }

  /** A Java 24+ {@code java} from {@code HV_NEWER_JAVA} or {@code /usr/lib/jvm}; else skip. */
  private static Path newerJava() throws IOException {
    Optional<Path> found = Optional.empty();
    String given = System.getenv("HV_NEWER_JAVA");
    if (given != null && !given.isBlank()) {
      found = Optional.of(Path.of(given, "bin", "java"));
    } else if (Files.isDirectory(Path.of("/usr/lib/jvm"))) {
      try (Stream<Path> homes = Files.list(Path.of("/usr/lib/jvm"))) {
        found =
            homes
                .filter(h -> release(h) >= HeldCallThreads.FIRST_UNPINNED_RELEASE)
                .max(Comparator.comparingInt(HeldCallThreadsTest::release))
                .map(h -> h.resolve("bin").resolve("java"));
      }
    }
    assumeTrue(
        found.isPresent() && Files.isExecutable(found.get()),
        "no Java "
            + HeldCallThreads.FIRST_UNPINNED_RELEASE
            + "+ found (set HV_NEWER_JAVA to a JDK home): virtual-thread held calls not checked");
    return found.get();
  }

  /** The feature release in a JDK home's {@code release} file, or 0. */
  private static int release(Path home) {
    try {
      for (String line : Files.readAllLines(home.resolve("release"))) {
        Matcher m = Pattern.compile("^JAVA_VERSION=\"(\\d+)").matcher(line);
        if (m.find()) {
          return Integer.parseInt(m.group(1));
        }
      }
    } catch (IOException | RuntimeException e) {
      return 0;
    }
    return 0;
  }
}
