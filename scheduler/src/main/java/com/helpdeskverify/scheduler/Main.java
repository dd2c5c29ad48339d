package com.helpdeskverify.scheduler;

import com.helpdeskverify.scheduler.demo.DemoCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The command line of the helpdesk-verify service. */
@Command(
    name = "helpdesk-verify",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = {
      "Verifies helpdesk requesters with an MFA push before sensitive tickets are carried out."
    },
    subcommands = {
      RunCommand.class,
      CheckConfigCommand.class,
      ClassifyCommand.class,
      DemoCommand.class,
      CasesCommand.class
    })
public final class Main implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    jvmDefaults();
    System.exit(commandLine().execute(args));
  }

  /**
   * Sets the system properties the service needs before anything reads them, each unless the
   * command line set it ({@code -D}): both are read once, when their class first loads.
   */
  static void jvmDefaults() {
    // H2: the store's reader port (StoreAccess) listens on loopback only.
    System.getProperties().putIfAbsent("h2.bindAddress", "127.0.0.1");
    // The JDK: a thread that reads or writes a channel from a heap buffer borrows a direct buffer
    // of that size and keeps the largest it has needed until the thread ends (sun.nio.ch.Util,
    // unbounded by default). H2 writes its chunks from heap buffers on the committing thread, so
    // every long-lived worker kept a copy of the largest chunk it ever committed: 65 MiB outside
    // the heap 220 s into a 10,000-ticket burst, and growing (BENCHMARKS.md, "Direct buffers the
    // workers kept"). Larger buffers are now allocated and freed per call.
    System.getProperties().putIfAbsent("jdk.nio.maxCachedBufferSize", "65536");
  }

  public static CommandLine commandLine() {
    return new CommandLine(new Main());
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Main.class.getPackage().getImplementationVersion();
      return new String[] {
        "helpdesk-verify " + (version == null ? "(development build)" : version)
      };
    }
  }
}
