package com.helpdeskverify.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import com.helpdeskverify.core.spi.PushProviderFactory;
import com.helpdeskverify.core.spi.TicketSystemFactory;
import com.helpdeskverify.scheduler.config.ConfigLoader;
import com.helpdeskverify.scheduler.config.ServiceConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The Kubernetes example (deploy/kubernetes.yml) works as written: its configuration is valid with
 * exactly the environment the pod gets, the probes ask the port the service listens on, and the
 * pods' grace outlasts the service's own stop.
 */
class KubernetesExampleTest {
  private static final Path FILE =
      Path.of(System.getProperty("user.dir")).resolveSibling("deploy").resolve("kubernetes.yml");

  private final Map<String, Map<String, Object>> byKind = documents();

  @Test
  void theConfigurationIsValidWithThePodsEnvironmentAndNoInlineSecret() {
    java.util.Set<String> env = new java.util.TreeSet<>();
    for (Map<String, Object> var : list(container(), "env")) {
      assertThat(var)
          .as("env %s comes from the Secret or the pod, never written here", var.get("name"))
          .containsKey("valueFrom")
          .doesNotContainKey("value");
      env.add((String) var.get("name"));
    }
    String yaml = (String) map(byKind.get("ConfigMap"), "data").get("config.yml");
    Map<String, String> values = new HashMap<>();
    env.forEach(k -> values.put(k, "value-of-" + k));

    ServiceConfig config =
        new ConfigLoader(
                values,
                ServiceLoader.load(TicketSystemFactory.class),
                ServiceLoader.load(PushProviderFactory.class))
            .parse(yaml, FILE + " (ConfigMap)");

    assertThat(config.nodeId()).isEqualTo("value-of-POD_NAME");
    assertThat(config.scheduling().clustered()).isTrue();
    assertThat(config.warnings()).isEmpty();
    // Every ${...} the configuration names is set in the pod, and nothing else is.
    Matcher refs = Pattern.compile("\\$\\{([A-Z_]+)}").matcher(yaml);
    List<String> named = new ArrayList<>();
    while (refs.find()) {
      named.add(refs.group(1));
    }
    assertThat(env).containsExactlyInAnyOrderElementsOf(named);
  }

  @Test
  void probesAskThePortTheServiceListensOn() {
    String yaml = (String) map(byKind.get("ConfigMap"), "data").get("config.yml");
    int port =
        new ConfigLoader(
                Map.of(
                    "POD_NAME",
                    "p",
                    "HV_DB_PASSWORD",
                    "x",
                    "JIRA_API_TOKEN",
                    "y",
                    "DUO_SECRET_KEY",
                    "z"),
                ServiceLoader.load(TicketSystemFactory.class),
                ServiceLoader.load(PushProviderFactory.class))
            .parse(yaml, "ConfigMap")
            .http()
            .port();
    Map<String, Object> c = container();
    Map<String, Object> portEntry = list(c, "ports").get(0);
    assertThat(portEntry.get("containerPort")).isEqualTo(port);
    String portName = (String) portEntry.get("name");
    assertThat(probe(c, "livenessProbe"))
        .containsEntry("path", "/healthz")
        .containsEntry("port", portName);
    assertThat(probe(c, "startupProbe")).containsEntry("path", "/healthz");
    assertThat(probe(c, "readinessProbe"))
        .containsEntry("path", "/readyz")
        .containsEntry("port", portName);
  }

  @Test
  void thePodsGraceOutlastsTheServicesStop() {
    Map<String, Object> pod = map(map(byKind.get("StatefulSet"), "spec"), "template");
    int grace = (Integer) map(pod, "spec").get("terminationGracePeriodSeconds");
    // run's --stop-timeout default (8 s) plus closing the store.
    assertThat(grace).isGreaterThan(8);
  }

  @Test
  void theContainerRunsTheImagesMeasuredFlagsAndItsMemoryFitsThem() throws IOException {
    // The bound is in the pod spec itself, next to the memory it must fit, and is the image's:
    // the same java command, flags and jar as the Dockerfile's entrypoint, but for the heap bound,
    // which is lower with PostgreSQL (the image's is for the embedded H2 store, whose cache and
    // chunk records live in the heap; BENCHMARKS.md, footprint with PostgreSQL).
    @SuppressWarnings("unchecked")
    List<String> command = (List<String>) container().get("command");
    assertThat(command).as("container command").isNotNull();
    int jar = command.indexOf("-jar");
    assertThat(command.get(0)).isEqualTo("java");
    List<String> image = DeployFilesTest.jvmFlags();
    assertThat(command.subList(1, jar)).hasSameSizeAs(image);
    for (int i = 0; i < image.size(); i++) {
      if (!image.get(i).startsWith("-Xmx")) {
        assertThat(command.get(1 + i)).as("flag %d", i).isEqualTo(image.get(i));
      }
    }
    String yaml = (String) map(byKind.get("ConfigMap"), "data").get("config.yml");
    assertThat(yaml).as("the pod's store").contains("url: jdbc:postgresql:");
    Matcher xmx = Pattern.compile("-Xmx(\\d+)m").matcher(String.join(" ", command));
    assertThat(xmx.find()).as("the heap is bounded").isTrue();
    Matcher imageXmx = Pattern.compile("-Xmx(\\d+)m").matcher(String.join(" ", image));
    assertThat(imageXmx.find()).isTrue();
    assertThat(Integer.parseInt(xmx.group(1)))
        .isLessThanOrEqualTo(Integer.parseInt(imageXmx.group(1)));
    // The limit leaves room above the heap for what is not heap: metaspace, code cache and one
    // thread per held push status call (BENCHMARKS.md, Footprint at the shipped flags).
    int request = mebibytes(map(map(container(), "resources"), "requests").get("memory"));
    int limit = mebibytes(map(map(container(), "resources"), "limits").get("memory"));
    assertThat(limit).isGreaterThanOrEqualTo(Integer.parseInt(xmx.group(1)) * 3);
    assertThat(limit).isGreaterThan(request);
  }

  private static int mebibytes(Object quantity) {
    assertThat(quantity).asString().endsWith("Mi");
    return Integer.parseInt(((String) quantity).replace("Mi", ""));
  }

  private Map<String, Object> container() {
    Map<String, Object> pod = map(map(byKind.get("StatefulSet"), "spec"), "template");
    return list(map(pod, "spec"), "containers").get(0);
  }

  private static Map<String, Object> probe(Map<String, Object> container, String name) {
    return map(map(container, name), "httpGet");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Map<String, Object> m, String key) {
    assertThat(m).as("has %s", key).containsKey(key);
    return (Map<String, Object>) m.get(key);
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> list(Map<String, Object> m, String key) {
    return (List<Map<String, Object>>) m.get(key);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Map<String, Object>> documents() {
    Map<String, Map<String, Object>> docs = new HashMap<>();
    try {
      for (Object doc :
          new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(Files.readString(FILE))) {
        Map<String, Object> m = (Map<String, Object>) doc;
        docs.put((String) m.get("kind"), m);
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    assertThat(docs).containsKeys("ConfigMap", "Service", "StatefulSet");
    return docs;
  }
}
