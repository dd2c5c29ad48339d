package com.helpdeskverify.scheduler;

import com.helpdeskverify.core.config.ConfigDef;
import com.helpdeskverify.core.config.ConfigException;
import com.helpdeskverify.scheduler.config.ConfigLoader;
import com.helpdeskverify.scheduler.config.ServiceConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Runs the connector until it is stopped (SIGTERM or Ctrl-C), then shuts down gracefully. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Runs the connector service with the given configuration until stopped.")
public final class RunCommand implements Callable<Integer> {

  @Option(names = "--config", required = true, description = "The YAML configuration file.")
  Path config;

  @Option(
      names = "--backfill",
      description =
          "On the first start only, also verify tickets created this long before the start (such"
              + " as 2h). By default the first start never touches older tickets.")
  String backfill;

  @Option(
      names = "--log-format",
      defaultValue = "text",
      description = "text or json (one JSON object per line). Default: ${DEFAULT-VALUE}.")
  LogFormat logFormat;

  @Spec CommandSpec spec;

  private final CountDownLatch stopped = new CountDownLatch(1);
  private final CountDownLatch closed = new CountDownLatch(1);

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    Logging.use(logFormat);
    ServiceConfig cfg;
    Duration backfillDuration;
    try {
      cfg = ConfigLoader.standard().load(config);
      backfillDuration =
          backfill == null
              ? Duration.ZERO
              : new ConfigDef()
                  .duration("backfill", null, "backfill")
                  .parse("--backfill", Map.of("backfill", backfill))
                  .duration("backfill");
    } catch (ConfigException e) {
      err.println("Configuration is not valid:");
      e.problems().forEach(p -> err.println("  " + p));
      err.flush();
      return 2;
    }
    try (ConnectorService service =
        ConnectorService.start(cfg, backfillDuration, Clock.systemUTC())) {
      // The JVM halts once its shutdown hooks return: this one waits until running steps have
      // finished and the store is closed, as the graceful stop promises.
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    stopped.countDown();
                    try {
                      closed.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  },
                  "shutdown"));
      PrintWriter out = spec.commandLine().getOut();
      out.printf(
          "helpdesk-verify running as %s: %d ticket system(s), %d provider(s), HTTP on port %d%s%n",
          cfg.nodeId(),
          cfg.ticketSystems().size(),
          cfg.providers().size(),
          service.httpPort(),
          cfg.scheduling().clustered() ? ", clustered" : "");
      out.flush();
      stopped.await();
    } catch (ConfigException e) {
      // A ticket system's or provider's own checks of its section (which settings go together).
      err.println("Configuration is not valid:");
      e.problems().forEach(p -> err.println("  " + p));
      err.flush();
      return 2;
    } finally {
      closed.countDown();
    }
    return 0;
  }

  /** Stops a running {@link #call()} as SIGTERM would. */
  void stop() {
    stopped.countDown();
  }
}
