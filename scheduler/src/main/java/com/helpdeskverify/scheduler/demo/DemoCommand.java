package com.helpdeskverify.scheduler.demo;

import com.helpdeskverify.core.CaseId;
import com.helpdeskverify.core.CaseState;
import com.helpdeskverify.core.HistoryEntry;
import com.helpdeskverify.core.TicketRef;
import com.helpdeskverify.core.VerificationCase;
import com.helpdeskverify.core.store.CaseStore;
import com.helpdeskverify.scheduler.ConnectorService;
import com.helpdeskverify.scheduler.config.ConfigLoader;
import com.helpdeskverify.scheduler.config.ServiceConfig;
import com.helpdeskverify.simulators.SimulatedDuo;
import com.helpdeskverify.simulators.SimulatedDuo.Answer;
import com.helpdeskverify.simulators.SimulatedJira;
import com.helpdeskverify.simulators.SimulatedServiceNow;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
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
 * Runs the real service (configuration, store, Quartz jobs, HTTP endpoint, the ServiceNow adapter
 * and the Duo provider) against a ServiceNow instance and a Duo Auth API simulated over HTTP on
 * loopback, with tickets that reach every outcome, and prints what happened.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the service against a simulated ServiceNow, Jira Service Management and Duo on"
          + " loopback: approve, deny, timeout, no enrolled device and harmless tickets, a"
          + " phone-in ticket an agent logged for a caller and a ticket a technician labelled for"
          + " verification.",
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
          "How long a simulated push stays answerable (ISO-8601, default ${DEFAULT-VALUE}).")
  Duration pushTimeout;

  @Spec CommandSpec spec;

  /**
   * @param agent who logs the ticket for the requester (a phone call), or null when the requester
   *     files it
   * @param labelled whether a technician adds the verify label after it was filed
   */
  private record Scenario(
      String system,
      String name,
      String summary,
      String description,
      Answer answer,
      long delayMillis,
      String agent,
      boolean labelled) {
    Scenario(
        String system,
        String name,
        String summary,
        String description,
        Answer answer,
        long delayMillis) {
      this(system, name, summary, description, answer, delayMillis, null, false);
    }
  }

  /** The scenarios that open a verification case (all but the three harmless ones). */
  private static final int CASES = 8;

  private static final List<Scenario> SCENARIOS =
      List.of(
          new Scenario(
              "servicenow",
              "alice",
              "Password reset",
              "I forgot my password, please reset it.",
              Answer.APPROVE,
              2000),
          new Scenario(
              "servicenow",
              "bob",
              "MFA reset - new phone",
              "Got a new phone, please reset my MFA so I can re-register the authenticator.",
              Answer.DENY,
              1000),
          new Scenario(
              "servicenow",
              "carol",
              "Account locked",
              "My account is locked out after the holidays, please unlock it.",
              Answer.IGNORE,
              0),
          new Scenario(
              "servicenow",
              "dave",
              "Admin rights for deployment",
              "I need local admin rights on my laptop for the release tomorrow.",
              Answer.NO_DEVICE,
              0),
          new Scenario(
              "servicenow",
              "erin",
              "Printer on floor 3",
              "The printer on floor 3 jams on every second page.",
              Answer.APPROVE,
              0),
          new Scenario(
              "jira",
              "frank",
              "Zugriff auf Finanzlaufwerk",
              "Ich benötige Zugriff auf das Laufwerk F: der Buchhaltung.",
              Answer.APPROVE,
              1500),
          new Scenario(
              "jira",
              "grace",
              "Réinitialiser MFA",
              "Nouveau téléphone, merci de réinitialiser ma MFA.",
              Answer.DENY,
              1000),
          new Scenario(
              "jira",
              "heidi",
              "Question",
              "How long must a password be? Just asking for our onboarding guide.",
              Answer.APPROVE,
              0),
          new Scenario(
              "servicenow",
              "judy",
              "Password reset (phone)",
              "Caller on the phone forgot the password and asks for a reset.",
              Answer.APPROVE,
              1500,
              "ivan",
              false),
          new Scenario(
              "jira",
              "liam",
              "Suspicious mail",
              "I got a suspicious mail asking me to reset my password, I did not click it.",
              Answer.APPROVE,
              0),
          new Scenario(
              "jira",
              "kim",
              "Printer toner",
              "The printer on the second floor is out of toner.",
              Answer.APPROVE,
              1500,
              null,
              true));

  /**
   * A filed ticket: where, by whom, its key in the service ("incident:<sys_id>" or "HD-1"), its
   * label.
   */
  private record Filed(String system, String person, String key, String label) {}

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    // The demo prints each step itself; the operator's case log would say it all twice.
    ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("com.helpdeskverify.cases"))
        .setLevel(ch.qos.logback.classic.Level.WARN);
    Path dir =
        dataDir.isPresent()
            ? Files.createDirectories(dataDir.get())
            : Files.createTempDirectory("helpdesk-verify-demo");
    Clock clock = Clock.systemUTC();
    Instant start = clock.instant();
    try (SimulatedServiceNow snow = new SimulatedServiceNow(clock);
        SimulatedJira jira = new SimulatedJira(clock);
        SimulatedDuo duo = new SimulatedDuo(clock)) {
      duo.pushLife(pushTimeout); // Duo's own timeout is the push timeout (Duo: 60 s)
      snow.group("Service Desk L2");
      Path config = dir.resolve("demo-config.yml");
      Files.writeString(config, config(dir, snow, jira, duo));
      out.printf(
          "helpdesk-verify demo%n"
              + "  store:      %s (embedded H2)%n"
              + "  ServiceNow: %s (simulated)%n"
              + "  Jira:       %s (simulated Jira Service Management Cloud)%n"
              + "  Duo:        %s (simulated; pushes expire after %ds)%n"
              + "  config:     %s%n%n",
          dir, snow.baseUrl(), jira.baseUrl(), duo.baseUrl(), pushTimeout.toSeconds(), config);
      out.flush();
      ServiceConfig cfg = ConfigLoader.standard().load(config);
      try (ConnectorService service = ConnectorService.start(cfg, Duration.ZERO, clock)) {
        out.printf(
            "%s  service started: HTTP on 127.0.0.1:%d (/healthz /readyz /metrics)%n",
            elapsed(start, clock.instant()), service.httpPort());
        // ServiceNow stamps records to the second: file after the start's second, as new tickets
        // are.
        Thread.sleep(1100);
        List<Filed> filed = new ArrayList<>();
        for (Scenario s : SCENARIOS) {
          String email = s.name() + "@example.com";
          String person = capitalize(s.name());
          duo.user(email, s.answer(), s.delayMillis());
          Filed f;
          if (s.system().equals("servicenow")) {
            String caller = snow.user(person, email);
            String sysId =
                s.agent() == null
                    ? snow.incident(caller, s.summary(), s.description())
                    : snow.incidentOnBehalf(
                        caller, agent(snow, duo, s.agent()), s.summary(), s.description());
            f =
                new Filed(
                    "servicenow-demo",
                    person,
                    "incident:" + sysId,
                    snow.record("incident", sysId).get("number"));
          } else {
            String key = jira.file("acc-" + s.name(), person, email, s.summary(), s.description());
            if (s.labelled()) {
              // A technician on the phone with the requester asks for verification.
              jira.addLabel(key, "verify-identity");
            }
            f = new Filed("jira-demo", person, key, key);
          }
          filed.add(f);
          out.printf(
              "%s  %-10s filed %s%-6s \"%s\"%s%n",
              elapsed(start, clock.instant()),
              f.label(),
              s.agent() == null ? "by " : "by " + capitalize(s.agent()) + " for ",
              person,
              s.summary(),
              s.labelled() ? ", then labelled verify-identity by a technician" : "");
        }
        out.println();
        out.flush();
        Map<String, String> numbers = new HashMap<>();
        filed.forEach(f -> numbers.put(f.key(), f.label()));
        Map<CaseId, Integer> printed = new HashMap<>();
        Instant giveUp = clock.instant().plus(pushTimeout).plusSeconds(40);
        CaseStore store = service.store();
        do {
          Thread.sleep(200);
          printProgress(out, store, start, numbers, printed);
        } while ((store.activeCount() > 0 || store.all().size() < CASES)
            && clock.instant().isBefore(giveUp));
        printProgress(out, store, start, numbers, printed);
        printSummary(out, store, snow, jira, filed);
        out.printf("%nDuo pushes sent: %d (one per verified ticket).%n", duo.pushCount());
        long unfinished = store.activeCount();
        if (unfinished > 0) {
          out.printf("%d case(s) did not finish in time.%n", unfinished);
          out.flush();
          return 1;
        }
        out.printf(
            "Done in %.1fs. The audit log of every case is in %s.%n",
            Duration.between(start, clock.instant()).toMillis() / 1000.0, dir);
        out.flush();
        return 0;
      }
    }
  }

  private String config(Path dir, SimulatedServiceNow snow, SimulatedJira jira, SimulatedDuo duo) {
    return """
        # Written by the demo: the real service against simulated ServiceNow, Jira and Duo APIs.
        node-id: demo
        data-dir: %s
        http:
          bind: 127.0.0.1
          port: 0
        scheduler:
          advance-interval: 200ms
        workflow:
          poll-interval: 500ms
          ticket-recheck: 5s
          retry-base: 500ms
          retry-max: 5s
        ticket-systems:
          servicenow-demo:
            type: servicenow
            provider: duo-demo
            scan-interval: 500ms
            instance-url: %s
            auth: basic
            username: helpdesk.verify
            password: demo-password
            escalation-group: Service Desk L2
            tables: [incident]
          jira-demo:
            type: jira-cloud
            provider: duo-demo
            scan-interval: 500ms
            base-url: %s
            email: helpdesk-verify@example.com
            api-token: demo-token-not-a-real-one
            jql-scope: project = HD AND status = "Waiting for support"
            execute-transition: Execute
            execute-status: In Progress
            reject-transition: Reject
            escalate-transition: Escalate
        providers:
          duo-demo:
            type: duo
            base-url: %s
            integration-key: DIDEMO0000000000000A
            secret-key: demo-secret-key-not-a-real-one
            push-timeout: %ds
        """
        .formatted(
            dir.toAbsolutePath(),
            snow.baseUrl(),
            jira.baseUrl(),
            duo.baseUrl(),
            pushTimeout.toSeconds());
  }

  private static void printProgress(
      PrintWriter out,
      CaseStore store,
      Instant start,
      Map<String, String> numbers,
      Map<CaseId, Integer> printed) {
    record Line(Instant at, String ticket, HistoryEntry entry) {}
    List<Line> lines = new ArrayList<>();
    for (VerificationCase c : store.all()) {
      List<HistoryEntry> history = store.history(c.id());
      int seen = printed.getOrDefault(c.id(), 0);
      for (HistoryEntry e : history.subList(seen, history.size())) {
        lines.add(new Line(e.at(), numbers.getOrDefault(c.ticket().key(), c.ticket().key()), e));
      }
      printed.put(c.id(), history.size());
    }
    lines.sort(Comparator.comparing(Line::at));
    for (Line l : lines) {
      out.printf(
          "%s  %-10s %-18s %s%n",
          elapsed(start, l.at()), l.ticket(), l.entry().to(), l.entry().detail());
    }
    out.flush();
  }

  private static void printSummary(
      PrintWriter out,
      CaseStore store,
      SimulatedServiceNow snow,
      SimulatedJira jira,
      List<Filed> filed) {
    out.printf(
        "%n%-11s %-7s %-24s %-34s %s%n", "TICKET", "BY", "REQUEST", "OUTCOME", "TICKET SYSTEM NOW");
    for (Filed f : filed) {
      Optional<VerificationCase> c = store.latestFor(new TicketRef(f.system(), f.key()));
      String now;
      if (f.system().equals("servicenow-demo")) {
        Map<String, String> record =
            snow.record("incident", f.key().substring("incident:".length()));
        now =
            "state "
                + record.get("state")
                + (record.getOrDefault("assignment_group", "").isEmpty() ? "" : ", reassigned");
      } else {
        now = "status " + jira.status(f.key());
      }
      out.printf(
          "%-11s %-7s %-24s %-34s %s%n",
          f.label(),
          f.person(),
          c.map(v -> v.classification().operation().name()).orElse("not sensitive"),
          c.map(DemoCommand::outcome).orElse("no verification needed"),
          now);
    }
    out.printf("%nComments posted (ServiceNow comments/work_notes, Jira public/internal):%n");
    for (Filed f : filed) {
      List<String[]> posted = new ArrayList<>();
      if (f.system().equals("servicenow-demo")) {
        snow.journal(f.key().substring("incident:".length()))
            .forEach(e -> posted.add(new String[] {e.get("element"), e.get("value")}));
      } else {
        posted.addAll(jira.comments(f.key()));
      }
      for (String[] p : posted) {
        out.printf(
            "  %-10s %-10s %s%n",
            f.label(), p[0], p[1].strip().replace("\n", "\n                        "));
      }
    }
  }

  /** A service-desk agent: a ServiceNow user, known to Duo too, who must never be pushed. */
  private static String agent(SimulatedServiceNow snow, SimulatedDuo duo, String name) {
    String email = name + "@example.com";
    duo.user(email, Answer.APPROVE, 0);
    return snow.user(capitalize(name) + " (service desk)", email);
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

  private static String elapsed(Instant start, Instant at) {
    return String.format(
        Locale.ROOT, "[%5.1fs]", Math.max(0, Duration.between(start, at).toMillis()) / 1000.0);
  }

  private static String capitalize(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
