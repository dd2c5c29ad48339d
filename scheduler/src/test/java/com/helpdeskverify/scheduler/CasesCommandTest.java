package com.helpdeskverify.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.helpdeskverify.core.Requester;
import com.helpdeskverify.core.Ticket;
import com.helpdeskverify.core.Watermark;
import com.helpdeskverify.core.classify.PhraseClassifier;
import com.helpdeskverify.core.store.CaseStore;
import com.helpdeskverify.core.workflow.MessageTemplates;
import com.helpdeskverify.core.workflow.TicketIntake;
import com.helpdeskverify.core.workflow.TicketScanner;
import com.helpdeskverify.core.workflow.VerificationWorkflow;
import com.helpdeskverify.core.workflow.WorkflowPolicy;
import com.helpdeskverify.testkit.CallHook;
import com.helpdeskverify.testkit.MutableClock;
import com.helpdeskverify.testkit.SimulatedPushProvider;
import com.helpdeskverify.testkit.SimulatedPushProvider.Answer;
import com.helpdeskverify.testkit.SimulatedTicketSystem;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code cases} on a store where one ticket was approved and one denied. */
class CasesCommandTest {
  @TempDir Path dir;
  private Path config;
  private Ticket approved;

  private record Run(int exit, String out, String err) {}

  @BeforeEach
  void twoOutcomes() throws Exception {
    config = dir.resolve("config.yml");
    Files.writeString(config, ConnectorServiceTest.config(dir, "desk", "push", ""));
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl("jdbc:h2:file:" + dir.resolve("helpdesk-verify") + ";WRITE_DELAY=0");
    try (HikariDataSource ds = new HikariDataSource(hc)) {
      // Time moves by hand so the pushes are polled at once; it starts now for --since.
      MutableClock clock = new MutableClock(Instant.now());
      CaseStore store = CaseStore.migrate(ds);
      SimulatedTicketSystem desk = new SimulatedTicketSystem("desk", clock, CallHook.direct());
      SimulatedPushProvider push =
          new SimulatedPushProvider("push", Duration.ofMinutes(1), CallHook.direct());
      Requester alice = Requester.of("acc-alice", "alice@example.com", "Alice\u001b[31m");
      Requester bob = Requester.of("acc-bob", "bob@example.com", "Bob");
      push.user(alice, Answer.APPROVE).user(bob, Answer.DENY);
      approved = desk.file(alice, "Password reset", "I forgot my password, please reset it.");
      desk.file(bob, "Password reset", "I forgot my password, please reset it.");
      SplittableRandom random = new SplittableRandom(7);
      TicketIntake intake =
          new TicketIntake(
              store,
              new PhraseClassifier(),
              system -> "push",
              WorkflowPolicy.defaults(),
              clock,
              random.split(),
              "node-1",
              id -> null,
              Optional.empty(),
              Optional.empty());
      new TicketScanner(store, intake, clock).scan(desk, Watermark.at(Instant.EPOCH), 50);
      VerificationWorkflow workflow =
          new VerificationWorkflow(
              store,
              List.of(desk),
              List.of(push),
              MessageTemplates.defaults(),
              WorkflowPolicy.defaults(),
              clock,
              random.split(),
              "node-1");
      for (int i = 0; i < 60 && store.activeCount() > 0; i++) {
        workflow.runDue(10);
        clock.advance(Duration.ofSeconds(1));
      }
      assertThat(store.activeCount()).isZero();
    }
  }

  private Run cases(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--config";
    all[args.length + 1] = config.toString();
    int exit = cl.execute(all);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void listShowsEachCaseWithItsOutcomeAndNoTerminalEscapes() {
    Run r = cases("cases", "list");

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("EXECUTE_REQUESTED")
        .contains("APPROVED")
        .contains("REJECTED")
        .contains("DENIED")
        .contains("2 case(s)")
        .doesNotContain("\u001b");
  }

  @Test
  void listFiltersByOutcomeAndSpeaksJson() throws Exception {
    Run r = cases("cases", "list", "--outcome", "denied", "--format", "json");

    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode cases = new ObjectMapper().readTree(r.out());
    assertThat(cases).hasSize(1);
    assertThat(cases.get(0).get("requester_email").asText()).isEqualTo("bob@example.com");
    assertThat(cases.get(0).get("state").asText()).isEqualTo("REJECTED");
  }

  @Test
  void showTellsWhatHappenedToATicketStepByStep() {
    Run r = cases("cases", "show", approved.ref().label());

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out())
        .contains(approved.ref().label())
        .contains("-> DETECTED")
        .contains("-> CHALLENGED")
        .contains("-> EXECUTE_REQUESTED");
  }

  @Test
  void showOfAnUnknownTicketSaysSo() {
    Run r = cases("cases", "show", "NOPE-404");

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("no case for NOPE-404");
  }

  @Test
  void exportWritesOneJsonRecordPerStateChangeWithTheDocumentedFields() throws Exception {
    Run r = cases("cases", "export", "--since", "1h");

    assertThat(r.exit()).as(r.err()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines.size()).isGreaterThan(6);
    ObjectMapper json = new ObjectMapper();
    for (String line : lines) {
      List<String> fields = iterable(json.readTree(line));
      assertThat(fields).containsExactlyElementsOf(CasesCommand.EXPORT_FIELDS);
    }
  }

  @Test
  void exportAsCsvQuotesWhatNeedsQuoting() {
    Run r = cases("cases", "export", "--format", "csv");

    assertThat(r.exit()).as(r.err()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines.get(0)).isEqualTo(String.join(",", CasesCommand.EXPORT_FIELDS));
    assertThat(CasesCommand.csvLine(List.of("a,b", "say \"hi\"", 3)))
        .isEqualTo("\"a,b\",\"say \"\"hi\"\"\",3");
    assertThat(CasesCommand.csvLine(List.of("=HYPERLINK(1)", "@x", -1)))
        .isEqualTo("'=HYPERLINK(1),'@x,-1");
  }

  @Test
  void aBadSinceIsAClearError() {
    Run r = cases("cases", "list", "--since", "soon");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--since").contains("expected a duration such as 30s");
  }

  private static List<String> iterable(JsonNode node) {
    List<String> names = new java.util.ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
