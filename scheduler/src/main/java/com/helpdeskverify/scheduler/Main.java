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
    // Read once, when H2 first loads: the store's reader port (StoreAccess) listens on loopback
    // only.
    if (System.getProperty("h2.bindAddress") == null) {
      System.setProperty("h2.bindAddress", "127.0.0.1");
    }
    System.exit(commandLine().execute(args));
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
