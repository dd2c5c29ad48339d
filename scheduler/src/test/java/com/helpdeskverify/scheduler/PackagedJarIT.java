package com.helpdeskverify.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar, run as an admin runs it, in a process of its own. */
class PackagedJarIT {
  @TempDir Path dir;

  private record Run(int exit, String out) {}

  private Run java(String... args) throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(List.of(javaBinary(), "-jar", System.getProperty("hv.jar")));
    command.addAll(List.of(args));
    Path log = dir.resolve("out.txt");
    Process p =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("finished in time").isTrue();
    return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  @Test
  void helpListsEverySubcommand() throws Exception {
    Run r = java("--help");

    assertThat(r.exit()).isZero();
    assertThat(r.out())
        .contains("run")
        .contains("check-config")
        .contains("classify")
        .contains("demo");
  }

  @Test
  void versionNamesTheBuiltVersion() throws Exception {
    Run r = java("--version");

    assertThat(r.exit()).isZero();
    assertThat(r.out().strip())
        .isEqualTo("helpdesk-verify " + System.getProperty("hv.version"))
        .doesNotContain("development build");
  }

  @Test
  void demoRunsEveryOutcomeWithNoConfigurationAndNoExternalService() throws Exception {
    Run r = java("demo", "--data-dir", dir.resolve("data").toString(), "--push-timeout", "PT4S");

    assertThat(r.exit()).as(r.out()).isZero();
    assertThat(r.out())
        .containsPattern("EXECUTE \\(approved\\)")
        .containsPattern("REJECTED \\(DENIED\\)")
        .containsPattern("REJECTED \\(TIMED_OUT\\)")
        .containsPattern("ESCALATED \\(NO_ENROLLED_DEVICE\\)")
        .contains("no verification needed")
        .doesNotContain("Exception");
  }

  @Test
  void classifyReadsJsonLinesFromStdinAndAnswersLineByLine() throws Exception {
    Path input = dir.resolve("tickets.jsonl");
    Files.writeString(
        input,
        "{\"id\":\"t1\",\"summary\":\"pw reset pls\",\"description\":\"forgot it\"}\n"
            + "{broken\n"
            + "{\"id\":\"t3\",\"summary\":\"Drucker\",\"description\":\"Papierstau\"}\n");
    List<String> command =
        new ArrayList<>(List.of(javaBinary(), "-jar", System.getProperty("hv.jar"), "classify"));
    Process p =
        new ProcessBuilder(command)
            .redirectInput(input.toFile())
            .redirectOutput(dir.resolve("out.jsonl").toFile())
            .start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

    List<String> lines = Files.readAllLines(dir.resolve("out.jsonl"));
    assertThat(p.exitValue()).isZero();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0))
        .contains("\"id\":\"t1\"")
        .contains("\"sensitive\":true")
        .contains("CREDENTIAL_RESET");
    assertThat(lines.get(1)).contains("\"id\":2").contains("\"error\"");
    assertThat(lines.get(2)).contains("\"id\":\"t3\"").contains("\"sensitive\":false");
  }

  @Test
  void invalidConfigurationFailsAtStartNamingTheField() throws Exception {
    Path config = dir.resolve("bad.yml");
    Files.writeString(config, "ticket-systems:\n  desk:\n    type: nonexistent\n    provider: p\n");

    Run r = java("run", "--config", config.toString());

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.out())
        .contains("ticket-systems.desk.type: unknown ticket system type 'nonexistent'");
  }
}
