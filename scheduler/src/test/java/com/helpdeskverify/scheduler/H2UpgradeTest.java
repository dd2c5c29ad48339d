package com.helpdeskverify.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import com.helpdeskverify.core.CaseState;
import com.helpdeskverify.core.Challenge;
import com.helpdeskverify.core.HistoryEntry;
import com.helpdeskverify.core.PushHandle;
import com.helpdeskverify.core.VerificationCase;
import com.helpdeskverify.core.store.CaseStore;
import com.helpdeskverify.scheduler.config.ServiceConfig;
import com.helpdeskverify.testkit.Cases;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store the service wrote with the H2 it shipped before (the build's {@code h2.previous.version})
 * opens with the H2 it ships now, every case and history line as written, and goes on working. H2
 * promises no file compatibility between its minor versions (2.2.220 changed the database format,
 * 2.0 the file format); an upgrade of the service must not strand the cases of a deployed embedded
 * store, whether the old service was stopped or killed.
 */
class H2UpgradeTest {
  private static final Instant T0 = Instant.parse("2026-12-06T09:00:00.123456Z");
  private static final Duration CLAIM = Duration.ofMinutes(2);
  private static final String NODE = "node-a";

  @Test
  void aStoreThePreviousH2ClosedOpensWithEveryCaseAndGoesOn(@TempDir Path dir) throws Exception {
    String url = "jdbc:h2:file:" + dir.resolve("helpdesk-verify") + ";WRITE_DELAY=0";
    Map<VerificationCase, List<HistoryEntry>> written;
    try (PreviousH2 previous = new PreviousH2()) {
      DataSource old = previous.dataSource(url);
      written = fill(CaseStore.migrate(old));
      try (Connection c = old.getConnection();
          Statement s = c.createStatement()) {
        s.execute("SHUTDOWN");
      }
    }

    reopenAndGoOn(url, written);
  }

  @Test
  void aStoreLeftByAKilledPreviousH2OpensWithEveryCommit(@TempDir Path dir) throws Exception {
    Path running = Files.createDirectories(dir.resolve("running"));
    Path left = Files.createDirectories(dir.resolve("left"));
    String url = "jdbc:h2:file:" + running.resolve("helpdesk-verify") + ";WRITE_DELAY=0";
    Map<VerificationCase, List<HistoryEntry>> written;
    try (PreviousH2 previous = new PreviousH2()) {
      DataSource old = previous.dataSource(url);
      // One connection held open keeps the database open, as the service's pool does.
      try (Connection holding = old.getConnection()) {
        written = fill(CaseStore.migrate(old));
        // What a killed process leaves: every commit written to the file (WRITE_DELAY=0), no
        // close, no final chunk.
        Files.copy(running.resolve("helpdesk-verify.mv.db"), left.resolve("helpdesk-verify.mv.db"));
        try (Statement s = holding.createStatement()) {
          s.execute("SHUTDOWN");
        }
      }
    }

    reopenAndGoOn("jdbc:h2:file:" + left.resolve("helpdesk-verify") + ";WRITE_DELAY=0", written);
  }

  /** Opens the store as the service does, finds what was written and writes on. */
  private static void reopenAndGoOn(String url, Map<VerificationCase, List<HistoryEntry>> written)
      throws SQLException {
    ServiceConfig.Store config =
        new ServiceConfig.Store(url, Optional.empty(), Optional.empty(), 2);
    try (HikariDataSource pool =
        new HikariDataSource(StorePool.config(config, url, "upgraded", 2))) {
      assertThat(version(pool))
          .as("the H2 the service ships now")
          .isEqualTo(org.h2.engine.Constants.VERSION)
          .isNotEqualTo(PreviousH2.VERSION);
      CaseStore store = CaseStore.migrate(pool);
      for (Map.Entry<VerificationCase, List<HistoryEntry>> e : written.entrySet()) {
        assertThat(store.find(e.getKey().id())).contains(e.getKey());
        assertThat(store.history(e.getKey().id())).isEqualTo(e.getValue());
      }
      assertThat(store.countByState())
          .containsEntry(CaseState.DETECTED, 1L)
          .containsEntry(CaseState.CHALLENGED, 1L);

      VerificationCase next = newCase("HD-3");
      assertThat(store.insert(next, NODE, "opened after the upgrade")).isTrue();
      assertThat(store.claimDue(NODE, T0.plusSeconds(600), CLAIM, 10))
          .extracting(c -> c.ticket().key())
          .containsExactlyInAnyOrder("HD-1", "HD-2", "HD-3");
    }
  }

  /**
   * A case just detected and one whose push is out, each with its history, written through the case
   * store as the service writes them.
   */
  private static Map<VerificationCase, List<HistoryEntry>> fill(CaseStore store) {
    store.insert(newCase("HD-1"), NODE, "opened");
    VerificationCase c =
        store.insertClaimed(newCase("HD-2"), NODE, T0, CLAIM, NODE, "opened").orElseThrow();
    int second = 1;
    for (CaseState s : List.of(CaseState.NOTIFIED, CaseState.PUSH_SENDING, CaseState.CHALLENGED)) {
      VerificationCase.Builder next = c.toBuilder().state(s);
      if (s == CaseState.NOTIFIED) {
        next.providerUserId("duo-user-7");
      }
      if (s == CaseState.CHALLENGED) {
        next.challenge(
                new Challenge(new PushHandle("tx-2"), T0.plusSeconds(183), Optional.of("42")))
            .nextActionAt(T0.plusSeconds(10));
      }
      VerificationCase n = next.build();
      c =
          store.save(
              c,
              n,
              NODE,
              T0.plusSeconds(second++),
              Optional.of(CLAIM),
              NODE,
              Optional.of("to " + s));
    }
    Map<VerificationCase, List<HistoryEntry>> written = new LinkedHashMap<>();
    for (VerificationCase each : store.all()) {
      written.put(each, store.history(each.id()));
    }
    assertThat(written).hasSize(2);
    return written;
  }

  private static VerificationCase newCase(String key) {
    return Cases.passwordReset(key, 1, T0, new SplittableRandom(key.hashCode()));
  }

  private static String version(DataSource ds) throws SQLException {
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select h2version()")) {
      rs.next();
      return rs.getString(1);
    }
  }

  /**
   * The previous release's driver, from its own jar in a class loader of its own: one class path
   * cannot hold two versions of {@code org.h2}.
   */
  private static final class PreviousH2 implements AutoCloseable {
    static final Path JAR = jar();
    static final String VERSION = JAR.getFileName().toString().replaceAll("^h2-(.*)\\.jar$", "$1");

    private final URLClassLoader loader;

    PreviousH2() throws Exception {
      assertThat(JAR).as("copied by the build (scheduler/pom.xml)").exists();
      loader =
          new URLClassLoader(new URL[] {JAR.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
    }

    private static Path jar() {
      String jar = System.getProperty("hv.previous.h2.jar");
      if (jar == null) {
        throw new IllegalStateException(
            "hv.previous.h2.jar is not set: run this test through Maven, whose build copies the"
                + " previous H2 (scheduler/pom.xml)");
      }
      return Path.of(jar);
    }

    /** A data source of the previous H2 on {@code url}, checked to be that version. */
    DataSource dataSource(String url) throws Exception {
      DataSource ds =
          (DataSource)
              loader.loadClass("org.h2.jdbcx.JdbcDataSource").getConstructor().newInstance();
      ds.getClass().getMethod("setURL", String.class).invoke(ds, url + ";MAX_COMPACT_TIME=0");
      assertThat(version(ds)).isEqualTo(VERSION);
      return ds;
    }

    @Override
    public void close() throws ReflectiveOperationException, IOException {
      // Its driver registered itself with DriverManager; only its own class may take it out.
      loader.loadClass("org.h2.Driver").getMethod("unload").invoke(null);
      loader.close();
    }
  }
}
