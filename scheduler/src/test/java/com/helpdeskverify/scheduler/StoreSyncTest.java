package com.helpdeskverify.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import com.helpdeskverify.testkit.TestDatabase;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded store kept as H2's background writer would, forced to disk every second. */
class StoreSyncTest {
  @TempDir Path dir;

  @Test
  void chunksLeaveWithinSecondsWhereH2WithoutItsBackgroundWriterKeepsThem() throws Exception {
    DataSource synced = h2("synced");
    DataSource plain = h2("plain");
    try (StoreSync sync = StoreSync.start(url("synced"), synced).orElseThrow();
        Connection s = synced.getConnection();
        Connection p = plain.getConnection()) {
      // One commit a row, in no order, as a burst opens cases: one chunk each at WRITE_DELAY=0,
      // most of them keeping a live page or two when the rows after them are in.
      rows(s, 4000);
      rows(p, 4000);
      // A round rewrites at most 4 MiB and a rewritten chunk is freed 5 s later: on a quiet machine
      // 8 s do, on a loaded one (CI once left 231 after 8 s) the rounds come later. Freed chunks
      // alone would leave a few hundred however long it waits (367 when this was written): the
      // live pages of the rest are rewritten into a few.
      long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      do {
        Thread.sleep(StoreSync.EVERY.toMillis());
        touch(s); // H2 frees dead chunks when it writes the next
      } while (chunks(s) >= 40 && System.nanoTime() - until < 0);
      touch(p);

      assertThat(chunks(p)).as("H2 without its background writer").isGreaterThan(1000);
      assertThat(chunks(s)).isLessThan(40);
    }
  }

  @Test
  void retentionIsShortOnlyWhileTheFileIsForcedAndH2sIsBackAfterClose() throws Exception {
    AtomicBoolean diskFails = new AtomicBoolean();
    AtomicInteger forced = new AtomicInteger();
    DataSource ds = forcing(h2("db"), forced, diskFails);
    StoreSync sync = StoreSync.start(url("db"), ds).orElseThrow();
    try (Connection c = ds.getConnection()) {
      assertThat(retention(c)).isEqualTo("5000");

      diskFails.set(true);
      sync.sync();
      assertThat(retention(c)).isEqualTo("45000");

      diskFails.set(false);
      sync.sync();
      assertThat(retention(c)).isEqualTo("5000");

      int before = forced.get();
      Thread.sleep(StoreSync.EVERY.multipliedBy(3).toMillis());
      assertThat(forced.get() - before).as("forced by the timer").isGreaterThanOrEqualTo(2);

      sync.close();
      assertThat(retention(c)).isEqualTo("45000");
    }
  }

  @Test
  void aStoreThatIsNoH2FileIsLeftAlone() {
    assertThat(StoreSync.start("jdbc:postgresql://127.0.0.1:5432/test", h2("unused"))).isEmpty();
  }

  private String url(String name) {
    return "jdbc:h2:file:" + dir.resolve(name) + ";WRITE_DELAY=0";
  }

  private DataSource h2(String name) {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL(url(name));
    return ds;
  }

  /**
   * {@code ds}, counting the statements that force the file to disk and failing them while {@code
   * fails} is set, as a disk that refuses writes would.
   */
  private static DataSource forcing(DataSource ds, AtomicInteger forced, AtomicBoolean fails) {
    return proxy(
        DataSource.class,
        (p, m, args) -> {
          Object r = invoke(ds, m, args);
          return r instanceof Connection c ? forcing(c, forced, fails) : r;
        });
  }

  private static Connection forcing(Connection c, AtomicInteger forced, AtomicBoolean fails) {
    return proxy(
        Connection.class,
        (p, m, args) -> {
          Object r = invoke(c, m, args);
          return r instanceof Statement s ? forcing(s, forced, fails) : r;
        });
  }

  private static Statement forcing(Statement s, AtomicInteger forced, AtomicBoolean fails) {
    return proxy(
        Statement.class,
        (p, m, args) -> {
          if (m.getName().equals("execute") && "CHECKPOINT SYNC".equals(args[0])) {
            if (fails.get()) {
              throw new SQLException("No space left on device");
            }
            forced.incrementAndGet();
          }
          return invoke(s, m, args);
        });
  }

  private static <T> T proxy(Class<T> type, InvocationHandler calls) {
    return type.cast(
        Proxy.newProxyInstance(StoreSyncTest.class.getClassLoader(), new Class<?>[] {type}, calls));
  }

  private static Object invoke(Object target, java.lang.reflect.Method m, Object[] args)
      throws Throwable {
    try {
      return m.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static void rows(Connection c, int n) throws SQLException {
    java.util.List<Integer> ids = new java.util.ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add(i);
    }
    java.util.Collections.shuffle(ids, new java.util.Random(7));
    try (Statement s = c.createStatement()) {
      s.execute("create table t (id int primary key, v varchar(300))");
    }
    try (PreparedStatement ps = c.prepareStatement("insert into t values (?, ?)")) {
      for (int id : ids) {
        ps.setInt(1, id);
        ps.setString(2, "x".repeat(200));
        ps.executeUpdate();
      }
    }
  }

  private static void touch(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.executeUpdate("update t set v = 'y' where id = 0");
    }
  }

  private static long chunks(Connection c) throws SQLException {
    return Long.parseLong(TestDatabase.h2Setting(c, "info.CHUNK_COUNT"));
  }

  private static String retention(Connection c) throws SQLException {
    return TestDatabase.h2Setting(c, "RETENTION_TIME");
  }
}
