package com.helpdeskverify.scheduler.demo;

import com.helpdeskverify.core.CaseId;
import com.helpdeskverify.core.CaseState;
import com.helpdeskverify.core.HistoryEntry;
import com.helpdeskverify.core.Requester;
import com.helpdeskverify.core.Ticket;
import com.helpdeskverify.core.VerificationCase;
import com.helpdeskverify.core.Watermark;
import com.helpdeskverify.core.classify.KeywordClassifier;
import com.helpdeskverify.core.simulation.CallHook;
import com.helpdeskverify.core.simulation.SimulatedPushProvider;
import com.helpdeskverify.core.simulation.SimulatedPushProvider.Answer;
import com.helpdeskverify.core.simulation.SimulatedTicketSystem;
import com.helpdeskverify.core.store.CaseStore;
import com.helpdeskverify.core.workflow.MessageTemplates;
import com.helpdeskverify.core.workflow.TicketIntake;
import com.helpdeskverify.core.workflow.TicketScanner;
import com.helpdeskverify.core.workflow.VerificationWorkflow;
import com.helpdeskverify.core.workflow.WorkflowPolicy;
import com.helpdeskverify.scheduler.Databases;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Runs the real workflow and case store (embedded H2) against an in-process simulated ticket system
 * and push provider, with tickets that reach every outcome, and prints what happened.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the verification workflow on the embedded store against a simulated helpdesk and push"
          + " provider: approve, deny, timeout, no enrolled device and a harmless ticket.",
      "Needs no configuration and no external service."
    })
public final class DemoCommand implements Callable<Integer> {

  @Option(
      names = "--data-dir",
      description = "Where the embedded database goes (default: a new temporary directory).")
  Optional<Path> dataDir = Optional.empty();

  @Option(
      names = "--push-timeout",
      defaultValue = "PT8S",
      description =
          "How long the simulated push stays answerable (ISO-8601, default ${DEFAULT-VALUE}).")
  Duration pushTimeout;

  @Spec CommandSpec spec;

  private record Scenario(
      String name,
      String summary,
      String description,
      Answer answer,
      int pendingPolls,
      boolean enrolled) {}

  private static final List<Scenario> SCENARIOS =
      List.of(
          new Scenario(
              "alice",
              "Password reset",
              "I forgot my password, please reset it.",
              Answer.APPROVE,
              2,
              true),
          new Scenario(
              "bob",
              "MFA reset - new phone",
              "Got a new phone, please reset my MFA so I can re-register the authenticator.",
              Answer.DENY,
              1,
              true),
          new Scenario(
              "carol",
              "Account locked",
              "My account is locked out after the holidays, please unlock it.",
              Answer.IGNORE,
              0,
              true),
          new Scenario(
              "dave",
              "Admin rights for deployment",
              "I need local admin rights on my laptop for the release tomorrow.",
              Answer.APPROVE,
              0,
              false),
          new Scenario(
              "erin",
              "Printer on floor 3",
              "The printer on floor 3 jams on every second page.",
              Answer.APPROVE,
              0,
              true));

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    Path dir =
        dataDir.isPresent()
            ? Files.createDirectories(dataDir.get())
            : Files.createTempDirectory("helpdesk-verify-demo");
    Clock clock = Clock.systemUTC();
    Instant start = clock.instant();
    out.printf("helpdesk-verify demo: embedded store in %s%n", dir);
    out.printf(
        "Simulated helpdesk 'demo-desk' and push provider 'demo-push' (prompts expire after %ds).%n%n",
        pushTimeout.toSeconds());
    out.flush();

    try (HikariDataSource dataSource = Databases.embedded(dir)) {
      CaseStore store = CaseStore.migrate(dataSource);
      SimulatedTicketSystem desk = new SimulatedTicketSystem("demo-desk", clock, CallHook.direct());
      SimulatedPushProvider push =
          new SimulatedPushProvider("demo-push", pushTimeout, CallHook.direct());
      WorkflowPolicy policy =
          new WorkflowPolicy(
              Duration.ofSeconds(30),
              Duration.ofSeconds(1),
              Duration.ofSeconds(5),
              Duration.ofSeconds(1),
              Duration.ofSeconds(5),
              3,
              Duration.ofMinutes(1),
              3);
      SecureRandom random = new SecureRandom();
      String node = "demo";
      VerificationWorkflow workflow =
          new VerificationWorkflow(
              store,
              List.of(desk),
              List.of(push),
              MessageTemplates.defaults(),
              policy,
              clock,
              random,
              node);
      TicketScanner scanner =
          new TicketScanner(
              store,
              new TicketIntake(
                  store, new KeywordClassifier(), system -> push.id(), policy, clock, random, node),
              clock);

      List<Ticket> tickets = new ArrayList<>();
      for (Scenario s : SCENARIOS) {
        Requester r =
            Requester.of("acc-" + s.name(), s.name() + "@example.com", capitalize(s.name()));
        if (s.enrolled()) {
          push.user(r, s.answer(), s.pendingPolls());
        } else {
          push.userWithoutDevice(r);
        }
        Ticket t = desk.file(r, s.summary(), s.description());
        tickets.add(t);
        out.printf(
            "%s  filed %-5s by %-6s %s%n",
            elapsed(start, clock), t.ref().key(), r.displayName(), quote(s.summary()));
      }
      out.println();
      out.flush();

      Map<CaseId, Integer> printed = new HashMap<>();
      Instant giveUp = start.plus(pushTimeout).plusSeconds(40);
      Watermark from = Watermark.at(start.minusSeconds(1));
      do {
        scanner.scan(desk, from, 50);
        workflow.runDue(50);
        printProgress(out, store, start, printed);
        Thread.sleep(200);
      } while (store.activeCount() > 0 && clock.instant().isBefore(giveUp));
      printProgress(out, store, start, printed);

      printSummary(out, store, desk, tickets);
      long unfinished = store.activeCount();
      if (unfinished > 0) {
        out.printf("%n%d case(s) did not finish in time.%n", unfinished);
        out.flush();
        return 1;
      }
      out.printf(
          "%nDone in %s. The audit log of every case is in %s.%n",
          elapsed(start, clock).strip(), dir);
      out.flush();
      return 0;
    }
  }

  private static void printProgress(
      PrintWriter out, CaseStore store, Instant start, Map<CaseId, Integer> printed) {
    record Line(Instant at, String ticket, HistoryEntry entry) {}
    List<Line> lines = new ArrayList<>();
    for (VerificationCase c : store.all()) {
      List<HistoryEntry> history = store.history(c.id());
      int seen = printed.getOrDefault(c.id(), 0);
      for (HistoryEntry e : history.subList(seen, history.size())) {
        lines.add(new Line(e.at(), c.ticket().key(), e));
      }
      printed.put(c.id(), history.size());
    }
    lines.sort(java.util.Comparator.comparing(Line::at));
    for (Line l : lines) {
      out.printf(
          "%s  %-5s %-18s %s%n",
          elapsed(start, l.at()), l.ticket(), l.entry().to(), l.entry().detail());
    }
    out.flush();
  }

  private static void printSummary(
      PrintWriter out, CaseStore store, SimulatedTicketSystem desk, List<Ticket> tickets) {
    out.printf("%n%-6s %-7s %-24s %-34s %s%n", "TICKET", "BY", "REQUEST", "OUTCOME", "TICKET NOW");
    for (Ticket t : tickets) {
      Optional<VerificationCase> c = store.latestFor(t.ref());
      String request = c.map(v -> v.classification().operation().name()).orElse("not sensitive");
      String outcome = c.map(DemoCommand::outcome).orElse("no verification needed");
      out.printf(
          "%-6s %-7s %-24s %-34s %s%n",
          t.ref().key(), t.requester().displayName(), request, outcome, desk.disposition(t.ref()));
    }
    out.printf("%nComments posted:%n");
    for (Ticket t : tickets) {
      for (SimulatedTicketSystem.Comment comment : desk.comments(t.ref())) {
        out.printf(
            "  %-5s %-8s %s%n",
            t.ref().key(),
            comment.internal() ? "internal" : "public",
            comment.text().replace("\n", "\n                 "));
      }
    }
  }

  private static String outcome(VerificationCase c) {
    if (!c.state().terminal()) {
      return "still " + c.state();
    }
    String reason = c.reason().map(r -> r.code().name()).orElse("");
    return c.state() == CaseState.EXECUTE_REQUESTED
        ? "EXECUTE (approved)"
        : c.state() + " (" + reason + ")";
  }

  private static String elapsed(Instant start, Clock clock) {
    return elapsed(start, clock.instant());
  }

  private static String elapsed(Instant start, Instant at) {
    Duration d = Duration.between(start, at);
    return String.format(Locale.ROOT, "[%5.1fs]", Math.max(0, d.toMillis()) / 1000.0);
  }

  private static String quote(String s) {
    return "\"" + s + "\"";
  }

  private static String capitalize(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
