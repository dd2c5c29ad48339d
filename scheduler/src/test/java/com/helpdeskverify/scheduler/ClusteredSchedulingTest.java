package com.helpdeskverify.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import com.helpdeskverify.core.CaseState;
import com.helpdeskverify.core.Requester;
import com.helpdeskverify.core.Ticket;
import com.helpdeskverify.scheduler.config.ConfigLoader;
import com.helpdeskverify.scheduler.config.ServiceConfig;
import com.helpdeskverify.testkit.SimulatedPushProvider.Answer;
import com.helpdeskverify.testkit.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scheduler.clustered: true} on PostgreSQL runs scans through Quartz's clustered JDBC store.
 */
class ClusteredSchedulingTest {
  @TempDir Path dir;

  @Test
  void clusteredModeKeepsQuartzStateInPostgresAndStillWorksCases() throws Exception {
    try (TestDatabase db = TestDatabase.postgres()) {
      String schemaUrl;
      try (Connection c = db.dataSource().getConnection()) {
        schemaUrl = c.getMetaData().getURL();
      }
      String desk = "desk-" + UUID.randomUUID().toString().substring(0, 6);
      String push = "push-" + UUID.randomUUID().toString().substring(0, 6);
      String yaml =
          ConnectorServiceTest.config(dir, desk, push, "")
              .replace(
                  "scheduler:\n  advance-interval: 100ms",
                  "scheduler:\n  advance-interval: 100ms\n  clustered: true\nstore:\n  url: "
                      + schemaUrl);
      ServiceConfig cfg =
          new ConfigLoader(
                  Map.of(),
                  List.of(new SimulatedFactories.Tickets()),
                  List.of(new SimulatedFactories.Push()))
              .parse(yaml, "test");

      try (ConnectorService service =
          ConnectorService.start(cfg, Duration.ZERO, Clock.systemUTC())) {
        assertThat(service.jobs().clustered()).isTrue();
        Requester ana = Requester.of("acc-ana", "ana@example.com", "Ana");
        SimulatedFactories.PROVIDERS.get(push).user(ana, Answer.APPROVE);
        Thread.sleep(50);
        Ticket t =
            SimulatedFactories.SYSTEMS
                .get(desk)
                .file(ana, "Password reset", "Please reset my password");

        Instant giveUp = Instant.now().plusSeconds(20);
        while (!service
            .store()
            .latestFor(t.ref())
            .map(c -> c.state() == CaseState.EXECUTE_REQUESTED)
            .orElse(false)) {
          assertThat(Instant.now()).as("case finished in time").isBefore(giveUp);
          Thread.sleep(50);
        }
        try (Connection c = db.dataSource().getConnection();
            Statement s = c.createStatement();
            ResultSet rs =
                s.executeQuery(
                    "select count(*) from qrtz_scheduler_state where instance_name = 'test-node'")) {
          rs.next();
          assertThat(rs.getInt(1)).as("node checked in to the cluster").isEqualTo(1);
        }
        try (Connection c = db.dataSource().getConnection();
            Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("select job_name from qrtz_job_details")) {
          rs.next();
          assertThat(rs.getString(1)).isEqualTo("scan-" + desk);
        }
      }
    }
  }
}
