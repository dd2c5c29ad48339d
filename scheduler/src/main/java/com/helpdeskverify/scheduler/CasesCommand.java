package com.helpdeskverify.scheduler;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.helpdeskverify.core.CaseState;
import com.helpdeskverify.core.config.ConfigException;
import com.helpdeskverify.core.store.AuditTrail;
import com.helpdeskverify.scheduler.config.ConfigLoader;
import com.helpdeskverify.scheduler.config.ServiceConfig;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * What happened to which ticket, from the case store the configuration names, also while the
 * service runs: {@code cases list}, {@code cases show}, {@code cases export}. It only reads.
 */
@Command(
    name = "cases",
    mixinStandardHelpOptions = true,
    description =
        "Lists cases, shows a ticket's whole history, exports the audit trail. Reads the store the"
            + " configuration names; works while the service runs.",
    subcommands = {
      CasesCommand.ListCases.class,
      CasesCommand.Show.class,
      CasesCommand.Export.class
    })
public final class CasesCommand implements Runnable {
  private static final Pattern CONTROL = Pattern.compile("[\\p{Cc}\\p{Zl}\\p{Zp}]+");

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /**
   * What every subcommand shares: the {@code --config} option naming the store, the subcommand's
   * output streams, and opening the store read-only around its work.
   */
  static final class Store {
    @Option(names = "--config", required = true, description = "The YAML configuration file.")
    Path config;

    /** The subcommand this is mixed into, for its output streams (tests set their own). */
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    PrintWriter out() {
      return mixee.commandLine().getOut();
    }

    PrintWriter err() {
      return mixee.commandLine().getErr();
    }

    /**
     * Runs {@code work} on the store and flushes the output; the exit code: what {@code work}
     * returns, 1 store failure, 2 bad configuration.
     */
    int withTrail(TrailWork work) {
      PrintWriter err = err();
      ServiceConfig.Store storeSettings;
      try {
        storeSettings = ConfigLoader.standard().loadStore(config);
      } catch (ConfigException e) {
        err.println("Configuration is not valid:");
        e.problems().forEach(p -> err.println("  " + p));
        err.flush();
        return 2;
      }
      String url = StoreAccess.readerUrl(storeSettings.url());
      // A reader must never create an empty store where the configured one is missing.
      HikariConfig hc =
          StorePool.config(
              storeSettings,
              url.startsWith("jdbc:h2:file:") ? url + ";IFEXISTS=TRUE" : url,
              "cases",
              1);
      hc.setReadOnly(true);
      try (HikariDataSource ds = new HikariDataSource(hc)) {
        int code = work.run(new AuditTrail(ds), out(), err);
        out().flush();
        err.flush();
        return code;
      } catch (RuntimeException e) {
        err.println("Cannot read the case store: " + rootMessage(e));
        if (url.startsWith("jdbc:h2:file:")) {
          err.println(
              "  (an embedded store held by a running service is read through it; is the service"
                  + " older than this command, or was the store never created?)");
        }
        err.flush();
        return 1;
      }
    }
  }

  @FunctionalInterface
  interface TrailWork {
    int run(AuditTrail trail, PrintWriter out, PrintWriter err);
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    String m = t.getMessage();
    return m == null ? t.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
  }

  /** A case for JSON output, with the same field names as the export. */
  static Map<String, Object> summary(AuditTrail.CaseSummary c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("case_id", c.caseId());
    m.put("system", c.system());
    m.put("ticket_key", c.ticketKey());
    m.put("ticket", c.ticket());
    m.put("attempt", c.attempt());
    m.put("requester_account_id", c.requesterAccountId());
    m.put("requester_email", c.requesterEmail().orElse(null));
    m.put("requester_name", c.requesterName());
    m.put("operation", c.operation());
    m.put("provider", c.provider());
    m.put("state", c.state().name());
    m.put("reason", c.reasonCode().orElse(null));
    m.put("reason_detail", c.reasonDetail());
    m.put("created_at", c.createdAt().toString());
    m.put("updated_at", c.updatedAt().toString());
    return m;
  }

  /** Text a requester wrote, made safe for a terminal: no escape sequences, no line breaks. */
  static String clean(String text) {
    return CONTROL.matcher(text).replaceAll(" ");
  }

  static String time(Instant at) {
    return at.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Cases changed recently, the latest first.")
  static final class ListCases implements Callable<Integer> {
    @Mixin Store store;

    @Option(
        names = "--since",
        defaultValue = "24h",
        converter = DurationConverter.class,
        description =
            "Cases changed within this time (such as 24h, 7d). Default: ${DEFAULT-VALUE}.")
    Duration since;

    @Option(names = "--state", description = "Only this state (ESCALATED, REJECTED, ...).")
    CaseState state;

    @Option(
        names = "--outcome",
        description = "Only this reason code (APPROVED, DENIED, NO_ENROLLED_DEVICE, ...).")
    String outcome;

    @Option(names = "--system", description = "Only this ticket system id.")
    String system;

    @Option(names = "--limit", defaultValue = "200", description = "At most this many cases.")
    int limit;

    @Option(
        names = "--format",
        defaultValue = "table",
        description = "table or json. Default: ${DEFAULT-VALUE}.")
    TableOrJson format;

    @Override
    public Integer call() {
      Instant from = Clock.systemUTC().instant().minus(since);
      return store.withTrail(
          (trail, out, err) -> {
            List<AuditTrail.CaseSummary> cases =
                trail.cases(
                    new AuditTrail.Filter(
                        Optional.of(from),
                        Optional.ofNullable(state),
                        Optional.ofNullable(outcome),
                        Optional.ofNullable(system),
                        limit));
            if (format == TableOrJson.json) {
              out.println(write(cases.stream().map(CasesCommand::summary).toList()));
            } else {
              out.printf(
                  "%-20s  %-16s  %-14s  %3s  %-17s  %-20s  %-24s  %s%n",
                  "UPDATED",
                  "TICKET",
                  "SYSTEM",
                  "TRY",
                  "STATE",
                  "REASON",
                  "REQUESTER",
                  "OPERATION");
              for (AuditTrail.CaseSummary c : cases) {
                out.printf(
                    "%-20s  %-16s  %-14s  %3d  %-17s  %-20s  %-24s  %s%n",
                    time(c.updatedAt()),
                    clean(c.ticket()),
                    c.system(),
                    c.attempt(),
                    c.state(),
                    c.reasonCode().orElse("-"),
                    clean(c.requesterName()),
                    c.operation());
              }
              out.printf("%d case(s)%n", cases.size());
            }
            return 0;
          });
    }
  }

  enum TableOrJson {
    table,
    json
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Every attempt of one ticket (or one case) with its whole history.")
  static final class Show implements Callable<Integer> {
    @Mixin Store store;

    @Parameters(
        paramLabel = "TICKET",
        description = "The ticket as people call it (INC0010042, HD-12), its key, or a case id.")
    String ticket;

    @Option(
        names = "--format",
        defaultValue = "table",
        description = "table or json. Default: ${DEFAULT-VALUE}.")
    TableOrJson format;

    @Override
    public Integer call() {
      return store.withTrail(
          (trail, out, err) -> {
            List<AuditTrail.CaseSummary> cases = trail.find(ticket);
            if (cases.isEmpty()) {
              err.printf("no case for %s%n", clean(ticket));
              return 1;
            }
            List<Map<String, Object>> shown = new ArrayList<>();
            for (AuditTrail.CaseSummary c : cases) {
              List<AuditTrail.Event> history = trail.events(Instant.EPOCH, Optional.of(c.caseId()));
              if (format == TableOrJson.json) {
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("case", summary(c));
                one.put("history", history.stream().map(CasesCommand::exported).toList());
                shown.add(one);
                continue;
              }
              out.printf(
                  "%s [%s] attempt %d, case %s%n  requester %s <%s> (%s), %s, verified by %s%n"
                      + "  now %s%s%n",
                  clean(c.ticket()),
                  c.system(),
                  c.attempt(),
                  c.caseId(),
                  clean(c.requesterName()),
                  clean(c.requesterEmail().orElse("no e-mail")),
                  clean(c.requesterAccountId()),
                  c.operation(),
                  c.provider(),
                  c.state(),
                  c.reasonCode()
                      .map(r -> " (" + r + ": " + clean(c.reasonDetail()) + ")")
                      .orElse(""));
              for (AuditTrail.Event e : history) {
                out.printf(
                    "  %s  %-17s -> %-17s  %-14s  %s%n",
                    time(e.at()),
                    e.from().map(Enum::name).orElse("-"),
                    e.to(),
                    clean(e.actor()),
                    clean(e.detail()));
              }
            }
            if (format == TableOrJson.json) {
              out.println(write(shown));
            }
            return 0;
          });
    }
  }

  enum ExportFormat {
    jsonl,
    csv
  }

  /** The export's fields, in order; documented in README ("Audit export"). */
  static final List<String> EXPORT_FIELDS =
      List.of(
          "seq",
          "at",
          "case_id",
          "system",
          "ticket_key",
          "ticket",
          "attempt",
          "requester_account_id",
          "requester_email",
          "operation",
          "provider",
          "from_state",
          "to_state",
          "actor",
          "detail");

  static Map<String, Object> exported(AuditTrail.Event e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("seq", e.seq());
    m.put("at", e.at().toString());
    m.put("case_id", e.caseId());
    m.put("system", e.system());
    m.put("ticket_key", e.ticketKey());
    m.put("ticket", e.ticket());
    m.put("attempt", e.attempt());
    m.put("requester_account_id", e.requesterAccountId());
    m.put("requester_email", e.requesterEmail().orElse(null));
    m.put("operation", e.operation());
    m.put("provider", e.provider());
    m.put("from_state", e.from().map(Enum::name).orElse(null));
    m.put("to_state", e.to().name());
    m.put("actor", e.actor());
    m.put("detail", e.detail());
    return m;
  }

  @Command(
      name = "export",
      mixinStandardHelpOptions = true,
      description =
          "Every state change since a moment, one record each, for a SIEM: JSON Lines or CSV"
              + " (RFC 4180) with the fields listed in README.")
  static final class Export implements Callable<Integer> {
    @Mixin Store store;

    @Option(
        names = "--since",
        defaultValue = "24h",
        converter = DurationConverter.class,
        description = "State changes within this time (such as 24h). Default: ${DEFAULT-VALUE}.")
    Duration since;

    @Option(
        names = "--format",
        defaultValue = "jsonl",
        description = "jsonl or csv. Default: ${DEFAULT-VALUE}.")
    ExportFormat format;

    @Override
    public Integer call() {
      Instant from = Clock.systemUTC().instant().minus(since);
      return store.withTrail(
          (trail, out, err) -> {
            ObjectMapper json = new ObjectMapper();
            if (format == ExportFormat.csv) {
              out.print(String.join(",", EXPORT_FIELDS) + "\r\n");
            }
            for (AuditTrail.Event e : trail.events(from, Optional.empty())) {
              Map<String, Object> record = exported(e);
              if (format == ExportFormat.jsonl) {
                out.println(write(json, record));
              } else {
                out.print(csvLine(record.values()) + "\r\n");
              }
            }
            return 0;
          });
    }
  }

  static String csvLine(Collection<Object> values) {
    StringBuilder line = new StringBuilder();
    for (Object v : values) {
      if (line.length() > 0) {
        line.append(',');
      }
      String s = v == null ? "" : v.toString();
      if (!s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0 && !(v instanceof Number)) {
        // A spreadsheet would run a cell starting so as a formula; the text stays readable.
        s = "'" + s;
      }
      if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
        s = "\"" + s.replace("\"", "\"\"") + "\"";
      }
      line.append(s);
    }
    return line.toString();
  }

  private static String write(Object value) {
    return write(new ObjectMapper(), value);
  }

  private static String write(ObjectMapper mapper, Object value) {
    try {
      return mapper.writeValueAsString(value);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot render " + value.getClass().getSimpleName(), e);
    }
  }
}
