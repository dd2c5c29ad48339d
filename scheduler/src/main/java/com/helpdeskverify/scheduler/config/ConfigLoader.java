package com.helpdeskverify.scheduler.config;

import com.helpdeskverify.core.config.ConfigException;
import com.helpdeskverify.core.spi.PushProviderFactory;
import com.helpdeskverify.core.spi.TicketSystemFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads the service's YAML file: substitutes {@code ${ENV_VAR}} references, checks every section
 * against its definition (the type-specific ones against their factory's), and reports every
 * problem at once, each with its path.
 */
public final class ConfigLoader {
  private final EnvSubstitution env;
  private final Map<String, TicketSystemFactory> ticketFactories;
  private final Map<String, PushProviderFactory> providerFactories;

  public ConfigLoader(
      Map<String, String> env,
      Iterable<TicketSystemFactory> ticketFactories,
      Iterable<PushProviderFactory> providerFactories) {
    this.env = new EnvSubstitution(env);
    this.ticketFactories = byType(ticketFactories, TicketSystemFactory::type);
    this.providerFactories = byType(providerFactories, PushProviderFactory::type);
  }

  /** Reads the environment and finds the factories on the class path. */
  public static ConfigLoader standard() {
    return new ConfigLoader(
        System.getenv(),
        ServiceLoader.load(TicketSystemFactory.class),
        ServiceLoader.load(PushProviderFactory.class));
  }

  private static <F> Map<String, F> byType(Iterable<F> factories, Function<F, String> type) {
    Map<String, F> map = new TreeMap<>();
    factories.forEach(f -> map.put(type.apply(f), f));
    return map;
  }

  public ServiceConfig load(Path file) {
    return parse(read(file), file.toString());
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (NoSuchFileException e) {
      throw ConfigException.of(file + ": no such configuration file");
    } catch (IOException e) {
      throw ConfigException.of(file + ": cannot read (" + e.getMessage() + ")");
    }
  }

  /**
   * What is wrong and where, never the offending line itself: SnakeYAML's message quotes it, and
   * the line may hold a secret written into the file.
   */
  private static String yamlProblem(YAMLException e) {
    if (e instanceof org.yaml.snakeyaml.error.MarkedYAMLException marked) {
      StringBuilder out = new StringBuilder();
      if (marked.getContext() != null) {
        out.append(marked.getContext()).append(": ");
      }
      out.append(marked.getProblem() == null ? "cannot be read" : marked.getProblem());
      org.yaml.snakeyaml.error.Mark at =
          marked.getProblemMark() != null ? marked.getProblemMark() : marked.getContextMark();
      if (at != null) {
        out.append(" (line ").append(at.getLine() + 1).append(", column ");
        out.append(at.getColumn() + 1).append(')');
      }
      return out.toString().replaceAll("\\s+", " ").strip();
    }
    return "cannot be read";
  }

  /** The YAML's top-level sections. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> tree(String yaml, String source) {
    Object tree;
    LoaderOptions options = new LoaderOptions();
    // Two sections with one id would otherwise be one, the last silently winning.
    options.setAllowDuplicateKeys(false);
    try {
      tree = new Yaml(new SafeConstructor(options)).load(yaml);
    } catch (YAMLException e) {
      throw ConfigException.of(source + ": not valid YAML: " + yamlProblem(e));
    }
    if (tree == null) {
      return Map.of();
    }
    if (!(tree instanceof Map<?, ?>)) {
      throw ConfigException.of(source + ": expected sections (key: value lines) at the top level");
    }
    return (Map<String, Object>) tree;
  }

  /**
   * Reads only what names the case store ({@code data-dir}, {@code store}) from a configuration
   * file: the {@code cases} commands need no ticket system's or provider's secret.
   */
  public ServiceConfig.Store loadStore(Path file) {
    Map<String, Object> tree = tree(read(file), file.toString());
    Map<String, Object> subset = new LinkedHashMap<>();
    for (String key : List.of("data-dir", "store")) {
      if (tree.containsKey(key)) {
        subset.put(key, tree.get(key));
      }
    }
    List<String> problems = new ArrayList<>();
    Map<String, String> used = new LinkedHashMap<>();
    Map<String, Object> root = env.substitute("", subset, problems, used, new HashSet<>());
    try {
      if (!problems.isEmpty()) {
        throw new ConfigException(problems);
      }
      return new ConfigBuilder(problems, Set.of(), ticketFactories, providerFactories)
          .storeOnly(root);
    } catch (ConfigException e) {
      throw EnvSubstitution.scrub(e, used);
    }
  }

  public ServiceConfig parse(String yaml, String source) {
    Map<String, Object> tree = tree(yaml, source);
    List<String> problems = new ArrayList<>();
    Map<String, String> used = new LinkedHashMap<>();
    Set<String> referenced = new HashSet<>();
    Map<String, Object> root = env.substitute("", tree, problems, used, referenced);
    try {
      if (!problems.isEmpty()) {
        throw new ConfigException(problems);
      }
      return new ConfigBuilder(problems, referenced, ticketFactories, providerFactories)
          .build(root);
    } catch (ConfigException e) {
      throw EnvSubstitution.scrub(e, used);
    }
  }
}
