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
import org.slf4j.LoggerFactory;
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

  @Option(
      names = "--stop-timeout",
      defaultValue = "8s",
      description =
          "On SIGTERM, how long running steps may take to finish (such as 8s) before the process"
              + " exits anyway; a step cut off then resumes on the next start as after a crash."
              + " Keep it below the container's or unit's stop grace. Default: ${DEFAULT-VALUE}.")
  String stopTimeout;

  @Spec CommandSpec spec;

  private final CountDownLatch stopped = new CountDownLatch(1);
  private final CountDownLatch closed = new CountDownLatch(1);

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    Logging.use(logFormat);
    ServiceConfig cfg;
    Duration backfillDuration;
    Duration stopWithin;
    try {
      cfg = ConfigLoader.standard().load(config);
      backfillDuration = backfill == null ? Duration.ZERO : durationOption("backfill", backfill);
      stopWithin = durationOption("stop-timeout", stopTimeout);
    } catch (ConfigException e) {
      err.println("Configuration is not valid:");
      e.problems().forEach(p -> err.println("  " + p));
      err.flush();
      return 2;
    }
    cfg.warnings().forEach(w -> LoggerFactory.getLogger(RunCommand.class).warn("{}", w));
    ConnectorService started;
    try {
      started = ConnectorService.start(cfg, backfillDuration, Clock.systemUTC());
    } catch (java.net.BindException e) {
      err.printf(
          "http.port: cannot listen on %s:%d (%s); is another process using the port?%n",
          cfg.http().bind(), cfg.http().port(), e.getMessage());
      err.flush();
      return 1;
    } catch (ConfigException e) {
      // A ticket system's or provider's own checks of its section (which settings go together).
      err.println("Configuration is not valid:");
      e.problems().forEach(p -> err.println("  " + p));
      err.flush();
      return 2;
    }
    try (ConnectorService service = started) {
      // The JVM halts once its shutdown hooks return: this one waits until running steps have
      // finished and the store is closed, as the graceful stop promises.
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    stopped.countDown();
                    try {
                      if (!closed.await(stopWithin.toMillis(), TimeUnit.MILLISECONDS)) {
                        // Halting now is a crash at this moment, which every case survives;
                        // waiting longer would only earn a SIGKILL from the container.
                        System.err.println(
                            "helpdesk-verify: steps still running after "
                                + stopWithin
                                + "; exiting, they resume on the next start");
                      }
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  },
                  "shutdown"));
      PrintWriter out = spec.commandLine().getOut();
      java.util.List<String> dryRuns =
          cfg.ticketSystems().stream()
              .filter(ServiceConfig.TicketSystemSettings::dryRun)
              .map(ServiceConfig.TicketSystemSettings::id)
              .toList();
      out.printf(
          "helpdesk-verify running as %s: %d ticket system(s), %d provider(s), HTTP on port %d%s%s%n",
          cfg.nodeId(),
          cfg.ticketSystems().size(),
          cfg.providers().size(),
          service.httpPort(),
          cfg.scheduling().clustered() ? ", clustered" : "",
          dryRuns.isEmpty()
              ? ""
              : "; DRY RUN (observing only, posting and pushing nothing) for "
                  + String.join(", ", dryRuns));
      out.flush();
      stopped.await();
    } finally {
      closed.countDown();
    }
    return 0;
  }

  /** Parses a duration option; a bad value is reported as {@code run.backfill: expected ...}. */
  private static Duration durationOption(String name, String value) {
    return new ConfigDef()
        .duration(name, null, name)
        .parse("run", Map.of(name, value))
        .duration(name);
  }

  /** Stops a running {@link #call()} as SIGTERM would. */
  void stop() {
    stopped.countDown();
  }
}
