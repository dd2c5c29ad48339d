package com.helpdeskverify.bench.store;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Does an H2 release keep every commit a killed process made? The embedded store's promise (a state
 * change is in the file before its side effect happens, at {@code WRITE_DELAY=0}) rests on it. Each
 * cycle starts a writer JVM on the given H2 jar (threads inserting rows, one commit each, and
 * printing each row's id once its commit returned, and updating older rows so that chunks turn to
 * garbage), kills it with SIGKILL after 4 to 8 s, opens the file in another JVM on the same jar and
 * counts the printed ids that are not in it. With {@code --store-sync} the writer also does every
 * second what the service's {@code StoreSync} does (5 s retention, compaction of chunks less than
 * 90 % live, {@code CHECKPOINT SYNC}). The file is kept across cycles, as a service's is across
 * restarts.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar com.helpdeskverify.bench.store.H2KillCheck \
 *     --h2-jar ~/.m2/repository/com/h2database/h2/2.4.240/h2-2.4.240.jar --cycles 10 [--store-sync]
 * </pre>
 *
 * <p>The writer and the checker run with the given jar first on their class path, so its {@code
 * org.h2} classes are the ones loaded, whatever version this jar bundles.
 */
public final class H2KillCheck {
  private H2KillCheck() {}

  public static void main(String[] args) throws Exception {
    Path h2Jar = null;
    int cycles = 10;
    int threads = 8;
    boolean storeSync = false;
    Path dir = Files.createTempDirectory("h2-kill-check");
    long seed = 1;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--h2-jar" -> h2Jar = Path.of(args[++i]);
        case "--cycles" -> cycles = Integer.parseInt(args[++i]);
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--store-sync" -> storeSync = true;
        case "--dir" -> dir = Files.createDirectories(Path.of(args[++i]));
        case "--seed" -> seed = Long.parseLong(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (h2Jar == null || !Files.isRegularFile(h2Jar)) {
      throw new IllegalArgumentException("--h2-jar <path of an H2 jar> is required");
    }
    String classPath =
        h2Jar.toAbsolutePath()
            + File.pathSeparator
            + Path.of(
                H2KillCheck.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    String url = "jdbc:h2:file:" + dir.resolve("store") + ";WRITE_DELAY=0;MAX_COMPACT_TIME=0";
    SplittableRandom random = new SplittableRandom(seed);
    System.out.printf(
        "H2KillCheck: %s, %d cycles, %d threads, store-sync %s, file %s%n",
        h2Jar.getFileName(), cycles, threads, storeSync, dir);
    int cyclesLosing = 0;
    long lost = 0;
    for (int cycle = 1; cycle <= cycles; cycle++) {
      Path printed = dir.resolve("printed-" + cycle + ".txt");
      Process writer =
          new ProcessBuilder(
                  java(),
                  "-cp",
                  classPath,
                  Writer.class.getName(),
                  url,
                  Integer.toString(threads),
                  Boolean.toString(storeSync))
              .redirectOutput(printed.toFile())
              .redirectError(dir.resolve("writer-" + cycle + ".err").toFile())
              .start();
      Thread.sleep(4_000 + random.nextLong(4_000));
      writer.destroyForcibly(); // SIGKILL on Linux
      writer.waitFor(30, TimeUnit.SECONDS);
      Process checker =
          new ProcessBuilder(
                  java(), "-cp", classPath, Checker.class.getName(), url, printed.toString())
              .redirectErrorStream(true)
              .start();
      String verdict = new String(checker.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      checker.waitFor();
      System.out.printf("cycle %d: %s", cycle, verdict);
      String[] fields = verdict.trim().split(" ");
      long missing = fields[0].equals("missing") ? Long.parseLong(fields[1]) : -1;
      if (missing != 0) {
        cyclesLosing++;
        lost += Math.max(0, missing);
      }
    }
    System.out.printf(
        "%s: commits lost in %d of %d cycles (%d rows)%n",
        h2Jar.getFileName(), cyclesLosing, cycles, lost);
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** Commits until killed; prints {@code i <id>} once the insert of row {@code id} returned. */
  public static final class Writer {
    private Writer() {}

    public static void main(String[] args) throws Exception {
      String url = args[0];
      int threads = Integer.parseInt(args[1]);
      boolean storeSync = Boolean.parseBoolean(args[2]);
      Connection keep = DriverManager.getConnection(url);
      try (Statement s = keep.createStatement()) {
        s.execute(
            "create table if not exists row_written (id bigint primary key, n int, v varchar(200))");
      }
      long base = System.currentTimeMillis() * 1_000;
      AtomicLong next = new AtomicLong(base);
      PrintStream out = System.out;
      List<Thread> writers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        Thread writer = new Thread(() -> write(url, base, next, out), "writer-" + t);
        writer.start();
        writers.add(writer);
      }
      if (storeSync) {
        try (Statement s = keep.createStatement()) {
          s.execute("SET RETENTION_TIME 5000");
          while (true) {
            Thread.sleep(1_000);
            compact(keep);
            s.execute("CHECKPOINT SYNC");
          }
        }
      }
      for (Thread writer : writers) {
        writer.join();
      }
    }

    private static void write(String url, long base, AtomicLong next, PrintStream out) {
      try (Connection c = DriverManager.getConnection(url);
          PreparedStatement insert =
              c.prepareStatement("insert into row_written values (?, 0, ?)");
          PreparedStatement update =
              c.prepareStatement("update row_written set n = n + 1, v = ? where id = ?")) {
        String filler = "x".repeat(150);
        while (true) {
          long id = next.getAndIncrement();
          insert.setLong(1, id);
          insert.setString(2, filler);
          insert.executeUpdate();
          synchronized (out) {
            out.println("i " + id);
            out.flush();
          }
          update.setString(1, "u" + id);
          update.setLong(2, base + ThreadLocalRandom.current().nextLong(Math.max(1, id - base)));
          update.executeUpdate();
        }
      } catch (SQLException e) {
        e.printStackTrace();
      }
    }

    /**
     * {@code MVStore.compact(90, 4 MiB)} on the embedded database, as {@code StoreSync} does, by
     * reflection: this class is compiled against one H2 and run against another.
     */
    private static void compact(Connection keep) throws ReflectiveOperationException, SQLException {
      Class<?> jdbcConnection = Class.forName("org.h2.jdbc.JdbcConnection");
      Object session = jdbcConnection.getMethod("getSession").invoke(keep.unwrap(jdbcConnection));
      Object database = session.getClass().getMethod("getDatabase").invoke(session);
      Object store = database.getClass().getMethod("getStore").invoke(database);
      Object mvStore = store.getClass().getMethod("getMvStore").invoke(store);
      mvStore.getClass().getMethod("compact", int.class, int.class).invoke(mvStore, 90, 4 << 20);
    }
  }

  /** Prints {@code missing <n> of <m>}: ids printed as committed that the file does not hold. */
  public static final class Checker {
    private Checker() {}

    public static void main(String[] args) throws SQLException, IOException {
      long printed = 0;
      long missing = 0;
      try (Connection c = DriverManager.getConnection(args[0]);
          PreparedStatement find = c.prepareStatement("select 1 from row_written where id = ?")) {
        String text = Files.readString(Path.of(args[1]));
        // A line the kill cut short would read as another, shorter id: only whole lines count.
        String whole = text.substring(0, text.lastIndexOf('\n') + 1);
        for (String line : whole.lines().toList()) {
          String[] f = line.trim().split(" ");
          if (f.length != 2 || !f[0].equals("i")) {
            continue;
          }
          printed++;
          find.setLong(1, Long.parseLong(f[1]));
          try (ResultSet rs = find.executeQuery()) {
            if (!rs.next()) {
              missing++;
            }
          }
        }
        String version;
        try (Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("select h2version()")) {
          rs.next();
          version = rs.getString(1);
        }
        System.out.printf("missing %d of %d printed (H2 %s)%n", missing, printed, version);
      }
    }
  }
}
