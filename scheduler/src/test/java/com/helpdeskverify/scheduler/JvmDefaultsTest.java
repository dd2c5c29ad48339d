package com.helpdeskverify.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Main#jvmDefaults()} in a JVM of its own, since the JDK reads the properties once: threads
 * that write a chunk-sized heap buffer through a file channel (as H2's committing threads do) keep
 * no direct buffer of that size afterwards. Measured with native memory tracking, whose "Other"
 * holds direct buffers on every JDK (from Java 25 the buffer-pool MXBean no longer counts the
 * temporary ones).
 */
class JvmDefaultsTest {

  private static final int THREADS = 4;
  private static final int CHUNK = 1 << 20;
  private static final Pattern OTHER =
      Pattern.compile("-\\s+Other \\(reserved=\\d+KB, committed=(\\d+)KB\\)");

  @TempDir Path dir;

  @Test
  void threadsThatWroteLargeChunksKeepNoDirectBufferOfThatSize() throws Exception {
    assertThat(directKeptKb(true)).isLessThan(512);
  }

  @Test
  void withoutTheDefaultsEachThreadKeepsOne() throws Exception {
    // The control: the probe sees what the defaults take away.
    assertThat(directKeptKb(false)).isGreaterThanOrEqualTo(THREADS * CHUNK / 1024);
  }

  @Test
  void aPropertyTheCommandLineSetIsKept() throws Exception {
    Process probe =
        start(
            List.of("-Djdk.nio.maxCachedBufferSize=123", "-Dh2.bindAddress=0.0.0.0"), "properties");
    assertThat(output(probe)).isEqualTo("123 0.0.0.0");
  }

  @Test
  void unsetPropertiesGetTheDefaults() throws Exception {
    assertThat(output(start(List.of(), "properties"))).isEqualTo("65536 127.0.0.1");
  }

  /** The direct memory the writing threads still hold while they live, in KiB. */
  private long directKeptKb(boolean defaults) throws Exception {
    Process probe =
        start(
            List.of("-XX:NativeMemoryTracking=summary"),
            defaults ? "write-with-defaults" : "write",
            dir.resolve("chunks").toString());
    return Long.parseLong(output(probe));
  }

  /** The probe ({@link #main}) in a JVM of its own, started with {@code jvmFlags}. */
  private static Process start(List<String> jvmFlags, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.addAll(jvmFlags);
    command.add(JvmDefaultsTest.class.getName());
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }

  private static String output(Process probe) throws Exception {
    assertThat(probe.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String out = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertThat(probe.exitValue()).as(out).isZero();
    String[] lines = out.split("\\R");
    return lines[lines.length - 1];
  }

  /** The probe's JVM. */
  public static void main(String[] args) throws Exception {
    if (!args[0].equals("write")) {
      Main.jvmDefaults();
    }
    if (args[0].equals("properties")) {
      System.out.println(
          System.getProperty("jdk.nio.maxCachedBufferSize")
              + " "
              + System.getProperty("h2.bindAddress"));
      return;
    }
    Path file = Path.of(args[1]);
    Files.write(file, new byte[0]);
    long before = otherKb();
    CountDownLatch written = new CountDownLatch(THREADS);
    CountDownLatch measured = new CountDownLatch(1);
    List<Thread> writers = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      long position = (long) i * CHUNK;
      Thread writer =
          new Thread(
              () -> {
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                  channel.write(ByteBuffer.allocate(CHUNK), position);
                  written.countDown();
                  // Alive while measured: a thread's cached buffers are freed when it ends.
                  measured.await();
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      writer.start();
      writers.add(writer);
    }
    written.await();
    long kept = otherKb() - before;
    measured.countDown();
    for (Thread writer : writers) {
      writer.join();
    }
    System.out.println(kept);
  }

  private static long otherKb() throws Exception {
    String summary =
        (String)
            ManagementFactory.getPlatformMBeanServer()
                .invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"),
                    "vmNativeMemory",
                    new Object[] {new String[] {"summary"}},
                    new String[] {String[].class.getName()});
    Matcher other = OTHER.matcher(summary);
    // NMT leaves out a category under 1 KiB.
    return other.find() ? Long.parseLong(other.group(1)) : 0;
  }
}
