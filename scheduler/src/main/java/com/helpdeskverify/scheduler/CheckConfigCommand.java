package com.helpdeskverify.scheduler;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.helpdeskverify.core.config.ConfigException;
import com.helpdeskverify.core.spi.IntegrationContext;
import com.helpdeskverify.core.spi.PushProvider;
import com.helpdeskverify.core.spi.TicketSystem;
import com.helpdeskverify.scheduler.config.ConfigLoader;
import com.helpdeskverify.scheduler.config.ServiceConfig;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Validates a configuration file and tries every system, provider and the store it names. */
@Command(
    name = "check-config",
    mixinStandardHelpOptions = true,
    description = {
      "Validates the configuration file, then connects to the store and to every configured ticket"
          + " system and provider, reporting each as ok or failing with the reason.",
      "Exit code: 0 all ok, 1 something failing, 2 the file is not valid."
    })
public final class CheckConfigCommand implements Callable<Integer> {

  @Option(names = "--config", required = true, description = "The YAML configuration file.")
  Path config;

  @Option(
      names = "--timeout",
      defaultValue = "30s",
      converter = DurationConverter.class,
      description =
          "How long each connection check may take (such as 30s). Default: ${DEFAULT-VALUE}.")
  Duration timeout;

  @Option(
      names = "--format",
      defaultValue = "text",
      description =
          "text (progress as checks end) or json (one report). Default: ${DEFAULT-VALUE}.")
  Format format;

  @Spec CommandSpec spec;

  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    ServiceConfig cfg;
    try {
      cfg = ConfigLoader.standard().load(config);
    } catch (ConfigException e) {
      out.println("Configuration is not valid:");
      e.problems().forEach(p -> out.println("  " + p));
      out.flush();
      return 2;
    }
    // No replay memory is needed to check connections; none is written.
    IntegrationContext context =
        new IntegrationContext(Clock.systemUTC(), new SecureRandom(), (key, expiresAt) -> true);
    Map<String, Check> checks = new LinkedHashMap<>();
    checks.put(
        "store",
        () -> {
          checkStore(cfg.store());
          return List.of();
        });
    try {
      Integrations integrations = Integrations.create(cfg, context);
      for (TicketSystem s : integrations.ticketSystems()) {
        checks.put(
            "ticket system " + s.id(),
            () -> {
              s.checkConnection();
              return warnings(s);
            });
      }
      for (PushProvider p : integrations.providers()) {
        checks.put(
            "provider " + p.id(),
            () -> {
              p.checkConnection();
              return List.of();
            });
      }
    } catch (ConfigException e) {
      // A ticket system's or provider's own checks of its section (which settings go together).
      out.println("Configuration is not valid:");
      e.problems().forEach(p -> out.println("  " + p));
      out.flush();
      return 2;
    } catch (RuntimeException e) {
      checks.put(
          "integrations",
          () -> {
            throw e;
          });
    }
    if (format == Format.text) {
      out.printf("%s: valid%n", config);
      cfg.warnings().forEach(w -> out.printf("  warning: %s%n", w));
      out.flush();
    }
    List<Result> results = runAll(checks, out);
    boolean allOk = results.stream().allMatch(r -> r.status() != Status.failing);
    if (format == Format.json) {
      ObjectNode report = JSON.createObjectNode();
      report.put("config", config.toString());
      report.put("valid", true);
      cfg.warnings().forEach(report.withArray("warnings")::add);
      ArrayNode list = report.putArray("checks");
      for (Result r : results) {
        ObjectNode one = list.addObject();
        one.put("name", r.name());
        one.put("status", r.status().name().replace('_', ' '));
        r.detail().ifPresent(d -> one.put("detail", d));
        r.hint().ifPresent(h -> one.put("hint", h));
        r.warnings().forEach(one.putArray("warnings")::add);
      }
      report.put("ok", allOk);
      out.println(report.toPrettyString());
    } else {
      out.println(allOk ? "All checks passed." : "Some checks failed.");
    }
    out.flush();
    return allOk ? 0 : 1;
  }

  enum Format {
    text,
    json
  }

  enum Status {
    ok,
    failing,
    not_checked
  }

  /** One connection check; what it returns are warnings about a working connection. */
  @FunctionalInterface
  interface Check {
    List<String> run();
  }

  /**
   * How one check ended; {@code hint} says in plain words what to look at, {@code warnings} what a
   * working system warns of (Jira Cloud hiding requesters' e-mail addresses, say).
   */
  record Result(
      String name,
      Status status,
      Optional<String> detail,
      Optional<String> hint,
      List<String> warnings) {
    Result(String name, Status status, Optional<String> detail, Optional<String> hint) {
      this(name, status, detail, hint, List.of());
    }
  }

  /** A failing look for warnings is only a warning too. */
  private static List<String> warnings(TicketSystem system) {
    try {
      return system.warnings();
    } catch (RuntimeException e) {
      return List.of("could not look for problems: " + plain(e));
    }
  }

  /**
   * Runs every check at once, each bounded by {@code --timeout}, printing each as it ends: two
   * hanging systems cost one timeout, not two, and the admin sees progress.
   */
  private List<Result> runAll(Map<String, Check> checks, PrintWriter out) {
    ExecutorService pool = Executors.newFixedThreadPool(checks.size());
    try {
      Map<String, Future<Result>> running = new LinkedHashMap<>();
      checks.forEach((name, check) -> running.put(name, pool.submit(() -> run(name, check))));
      if (format == Format.text) {
        out.printf(
            "checking %d connection(s) at once, at most %s each%n",
            checks.size(), timeout.toString().substring(2).toLowerCase(Locale.ROOT));
        out.flush();
      }
      Instant deadline = Instant.now().plus(timeout);
      List<Result> results = new ArrayList<>();
      for (Map.Entry<String, Future<Result>> e : running.entrySet()) {
        Result r;
        try {
          long left = Math.max(0, Duration.between(Instant.now(), deadline).toMillis());
          r = e.getValue().get(left, TimeUnit.MILLISECONDS);
        } catch (TimeoutException t) {
          e.getValue().cancel(true);
          r =
              new Result(
                  e.getKey(),
                  Status.failing,
                  Optional.of("no answer within " + timeout.toSeconds() + " s"),
                  Optional.of(
                      "the host may be unreachable from here (firewall, proxy) or very slow;"
                          + " try a longer --timeout"));
        } catch (InterruptedException x) {
          Thread.currentThread().interrupt();
          r = new Result(e.getKey(), Status.failing, Optional.of("interrupted"), Optional.empty());
        } catch (ExecutionException x) {
          r = new Result(e.getKey(), Status.failing, Optional.of(plain(x.getCause())), hint(x));
        }
        results.add(r);
        if (format == Format.text) {
          out.printf(
              "  %-28s %s%s%s%n",
              r.name(),
              r.status().name().replace('_', ' '),
              r.detail().map(d -> ": " + d).orElse(""),
              r.hint().map(h -> "\n  " + " ".repeat(29) + "hint: " + h).orElse(""));
          for (String w : r.warnings()) {
            out.printf("  %-28s warning: %s%n", r.name(), w);
          }
          out.flush();
        }
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  private static Result run(String name, Check check) {
    try {
      List<String> warnings = check.run();
      return new Result(name, Status.ok, Optional.empty(), Optional.empty(), warnings);
    } catch (UnsupportedOperationException e) {
      return new Result(
          name, Status.not_checked, Optional.ofNullable(e.getMessage()), Optional.empty());
    } catch (RuntimeException e) {
      return new Result(name, Status.failing, Optional.of(plain(e)), hint(e));
    }
  }

  /** Java exception names that failure messages end with, in words. */
  private static final Map<String, String> IN_WORDS =
      Map.of(
          "UnknownHostException", "the host name is not known (DNS)",
          "ConnectException", "nothing accepts connections there",
          "SocketTimeoutException", "no answer in time",
          "SSLHandshakeException", "the TLS handshake failed",
          "SSLException", "TLS failed");

  /** What to look at, by the kind of failure. */
  private static final Map<String, String> HINTS =
      Map.of(
          "UnknownHostException", "check the host name in the URL, and DNS from this machine",
          "ConnectException", "check the URL and port, and that the system is up",
          "SocketTimeoutException", "is the system reachable from here (firewall, proxy)?",
          "SSLHandshakeException",
              "a proxy or a certificate this Java does not trust (add it to its trust store)",
          "SSLException",
              "a proxy or a certificate this Java does not trust (add it to its trust store)");

  /** The failure in words: its own message, with no Java class name. */
  static String plain(Throwable e) {
    String message = e.getMessage();
    if (message == null || message.isBlank()) {
      Throwable root = root(e);
      message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
    message = message.lines().findFirst().orElse(message);
    for (Map.Entry<String, String> w : IN_WORDS.entrySet()) {
      message = message.replace(w.getKey(), w.getValue());
    }
    return message;
  }

  /** What to look at, from the kind of failure found in the cause chain or the message. */
  static Optional<String> hint(Throwable e) {
    StringBuilder seen = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      seen.append(t.getClass().getSimpleName()).append(' ').append(t.getMessage()).append(' ');
    }
    String text = seen.toString();
    for (String kind :
        List.of(
            "UnknownHostException",
            "ConnectException",
            "SocketTimeoutException",
            "SSLHandshakeException",
            "SSLException")) {
      if (text.contains(kind)) {
        return Optional.of(HINTS.get(kind));
      }
    }
    if (text.contains("HTTP 401")) {
      return Optional.of("the credentials were refused: check the user, token or key");
    }
    if (text.contains("HTTP 403")) {
      return Optional.of("the account lacks a permission or role this connector needs");
    }
    if (text.contains("HTTP 404")) {
      return Optional.of("the URL answers but has no such API: check the base URL");
    }
    return Optional.empty();
  }

  private static Throwable root(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static void checkStore(ServiceConfig.Store store) {
    HikariConfig hc = StorePool.config(store, store.url(), "check-config", 1);
    hc.setInitializationFailTimeout(-1);
    try (HikariDataSource ds = new HikariDataSource(hc);
        Connection c = ds.getConnection()) {
      if (!c.isValid(5)) {
        throw new IllegalStateException("the database does not answer");
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }
}
