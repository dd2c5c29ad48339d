package com.helpdeskverify.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeIdentityTest {
  @TempDir Path dir;

  @Test
  void restartWithTheSameDataDirIsTheSameNode() {
    Path data = dir.resolve("data");

    assertThat(NodeIdentity.of(data)).isEqualTo(NodeIdentity.of(data));
  }

  @Test
  void twoDataDirsOnOneHostAreTwoNodes() {
    assertThat(NodeIdentity.of(dir.resolve("a"))).isNotEqualTo(NodeIdentity.of(dir.resolve("b")));
  }

  @Test
  void nameKeptInTheDataDirWinsSoARenamedHostStaysTheSameNode() throws Exception {
    Path data = dir.resolve("data");
    Files.createDirectories(data);
    Files.writeString(data.resolve(NodeIdentity.FILE), "old-host-1a2b3c4d\n");

    assertThat(NodeIdentity.of(data)).isEqualTo("old-host-1a2b3c4d");
  }

  @Test
  void derivedNameIsKeptInTheDataDir() throws Exception {
    Path data = dir.resolve("data");

    String name = NodeIdentity.of(data);

    assertThat(Files.readString(data.resolve(NodeIdentity.FILE)).strip()).isEqualTo(name);
  }
}
