package com.helpdeskverify.bench.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchSetupTest {

  @TempDir Path dir;

  /** A flag that holds a comma stays one flag (the exec form is a JSON array, not a CSV line). */
  @Test
  void deployFlagsAreTheEntrypointsStringsBetweenJavaAndJar() throws IOException {
    Path dockerfile = dir.resolve("Dockerfile");
    Files.writeString(
        dockerfile,
        "FROM x\nENV MALLOC_ARENA_MAX=2\n"
            + "ENTRYPOINT [\"java\", \"-Xmx160m\", \"-Xlog:gc*=debug,safepoint:file=/tmp/gc.log\","
            + "\"-XX:StartFlightRecording=filename=/tmp/a.jfr,settings=profile\", \"-jar\", \"/a.jar\"]\n");

    assertThat(BenchSetup.deployFlags(dockerfile))
        .containsExactly(
            "-Xmx160m",
            "-Xlog:gc*=debug,safepoint:file=/tmp/gc.log",
            "-XX:StartFlightRecording=filename=/tmp/a.jfr,settings=profile");
    assertThat(BenchSetup.deployEnvironment(dockerfile)).containsEntry("MALLOC_ARENA_MAX", "2");
  }

  /** The shipped image's flags parse as they are written (the footprint is measured at them). */
  @Test
  void theShippedDockerfilesFlagsParse() {
    Path shipped = Path.of("../deploy/Dockerfile");
    assertThat(BenchSetup.deployFlags(shipped))
        .contains("-XX:+UseSerialGC")
        .allMatch(f -> f.startsWith("-"));
  }

  /** {@code --tls on}: the simulators get a context, and the service trusts its certificate. */
  @Test
  void tlsOnServesHttpsThatTheServiceTrusts() {
    BenchSetup plain = BenchSetup.parse(new String[] {"footprint", "--jvm", "-Xmx64m"});
    BenchSetup tls =
        BenchSetup.parse(new String[] {"footprint", "--jvm", "-Xmx64m", "--tls", "on"});

    assertThat(plain.simulatorTls()).isEmpty();
    assertThat(plain.jvmFlags()).containsExactly("-Xmx64m");
    assertThat(tls.simulatorTls()).isPresent();
    assertThat(tls.jvmFlags())
        .startsWith("-Xmx64m")
        .anySatisfy(f -> assertThat(f).startsWith("-Djavax.net.ssl.trustStore="));
  }
}
