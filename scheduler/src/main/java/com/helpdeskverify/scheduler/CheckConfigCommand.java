package com.helpdeskverify.scheduler;

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
import java.util.concurrent.Callable;
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

  @Spec CommandSpec spec;

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
    out.printf("%s: valid%n", config);
    boolean allOk = check(out, "store", () -> checkStore(cfg.store()));
    // No replay memory is needed to check connections; none is written.
    IntegrationContext context =
        new IntegrationContext(Clock.systemUTC(), new SecureRandom(), (key, expiresAt) -> true);
    Integrations integrations;
    try {
      integrations = Integrations.create(cfg, context);
    } catch (RuntimeException e) {
      out.printf("  %-28s failing: %s%n", "integrations", e.getMessage());
      out.flush();
      return 1;
    }
    for (TicketSystem s : integrations.ticketSystems()) {
      boolean ok = check(out, "ticket system " + s.id(), s::checkConnection);
      allOk &= ok;
      if (ok) {
        warn(out, "ticket system " + s.id(), s::warnings);
      }
    }
    for (PushProvider p : integrations.providers()) {
      allOk &= check(out, "provider " + p.id(), p::checkConnection);
    }
    out.println(allOk ? "All checks passed." : "Some checks failed.");
    out.flush();
    return allOk ? 0 : 1;
  }

  private static boolean check(PrintWriter out, String what, Runnable check) {
    try {
      check.run();
      out.printf("  %-28s ok%n", what);
      return true;
    } catch (UnsupportedOperationException e) {
      out.printf("  %-28s not checked: %s%n", what, e.getMessage());
      return true;
    } catch (RuntimeException e) {
      out.printf("  %-28s failing: %s%n", what, e.getMessage());
      return false;
    }
  }

  /** Prints what a working system warns of; a failing look for warnings is only a warning too. */
  private static void warn(
      PrintWriter out, String what, java.util.function.Supplier<java.util.List<String>> warnings) {
    try {
      warnings.get().forEach(w -> out.printf("  %-28s warning: %s%n", what, w));
    } catch (RuntimeException e) {
      out.printf("  %-28s warning: could not look for problems: %s%n", what, e.getMessage());
    }
  }

  private static void checkStore(ServiceConfig.Store store) {
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl(store.url());
    store.username().ifPresent(hc::setUsername);
    store.password().ifPresent(p -> hc.setPassword(p.reveal()));
    hc.setMaximumPoolSize(1);
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
