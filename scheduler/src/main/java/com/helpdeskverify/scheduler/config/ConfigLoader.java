package com.helpdeskverify.scheduler.config;

import com.helpdeskverify.core.SensitiveOperation;
import com.helpdeskverify.core.config.ConfigDef;
import com.helpdeskverify.core.config.ConfigException;
import com.helpdeskverify.core.config.ConfigValues;
import com.helpdeskverify.core.spi.PushProviderFactory;
import com.helpdeskverify.core.spi.TicketSystemFactory;
import com.helpdeskverify.core.workflow.MessageTemplates;
import com.helpdeskverify.core.workflow.WorkflowPolicy;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.quartz.CronExpression;
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
  private static final Pattern ENV =
      Pattern.compile("\\$\\$\\{|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");
  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");

  static final ConfigDef ROOT =
      new ConfigDef()
          .optionalString(
              "node-id", "this node's name in claims and the audit log; default: host name")
          .string("data-dir", "./data", "where the embedded store keeps its file")
          .map("store", "the case store")
          .map("scheduler", "scans and workers")
          .map("http", "webhooks, health and metrics")
          .map("workflow", "timing of the verification workflow")
          .map("messages", "texts posted on tickets, by message key")
          .map("classifier", "additions to the sensitivity classifier")
          .map("ticket-systems", "ticket systems by id")
          .map("providers", "push providers by id");

  static final ConfigDef STORE =
      new ConfigDef()
          .optionalString(
              "url",
              "JDBC URL; default: the embedded H2 file in data-dir; jdbc:postgresql://... for production")
          .optionalString("username", "database user")
          .optionalSecret("password", "database password")
          .integer("pool-size", 8, 1, 100, "database connections of this node");

  static final ConfigDef SCHEDULER =
      new ConfigDef()
          .bool(
              "clustered",
              false,
              "run scans through Quartz's clustered JDBC job store (needs PostgreSQL)")
          .duration(
              "advance-interval",
              Duration.ofSeconds(1),
              "how often each worker looks for due cases")
          // One by default: a worker works what it claimed one case after another, so a case
          // claimed in a batch waits for those before it, and no other worker or node may take
          // it meanwhile; with slow APIs that wait can run past a push's deadline.
          .integer(
              "batch-size",
              1,
              1,
              1000,
              "cases a worker claims at once (more saves store round trips; each claimed case"
                  + " waits for the ones before it)")
          .integer("workers", 2, 1, 64, "threads of this node that work due cases");

  static final ConfigDef HTTP =
      new ConfigDef()
          .string("bind", "0.0.0.0", "address the HTTP endpoint listens on")
          .integer("port", 8080, 0, 65535, "port of the HTTP endpoint; 0 picks a free one");

  static final ConfigDef WORKFLOW;

  static {
    WorkflowPolicy d = WorkflowPolicy.defaults();
    WORKFLOW =
        new ConfigDef()
            .duration("claim", d.claim(), "how long a node holds a case it works")
            .duration("poll-interval", d.pollInterval(), "how often a pending push is polled")
            .duration("ticket-recheck", d.ticketRecheck(), "how often a pending ticket is re-read")
            .duration("retry-base", d.retryBase(), "first backoff after a transient failure")
            .duration("retry-max", d.retryMax(), "longest backoff")
            .integer(
                "max-provider-failures",
                d.maxProviderFailures(),
                1,
                100,
                "transient provider failures in a row before a case escalates")
            .duration(
                "reopen-grace",
                d.reopenGrace(),
                "updates this soon after an outcome are our own echo")
            .integer(
                "max-pushes-per-hour",
                d.maxPushesPerHour(),
                1,
                20,
                "pushes one person may get in a rolling hour before further requests escalate")
            .duration(
                "approval-max-age",
                d.approvalMaxAge(),
                "oldest approval still executed; an older one gets a new attempt with a fresh push");
  }

  static final ConfigDef TICKET_SYSTEM =
      new ConfigDef()
          .string("type", "the kind of ticket system")
          .optionalString(
              "provider", "id of the push provider that verifies this system's requesters")
          .stringList(
              "providers",
              "instead of provider: ids of push providers tried in order; the next is asked when"
                  + " one does not know the requester or finds no enrolled device")
          .duration("scan-interval", Duration.ofSeconds(30), "how often to scan for new tickets")
          .optionalString("scan-cron", "a Quartz cron expression, instead of scan-interval")
          .bool("dry-run", false, "classify and log what would happen; post and push nothing")
          .integer("page-size", 50, 1, 1000, "tickets per scan page");

  static final ConfigDef PROVIDER = new ConfigDef().string("type", "the kind of push provider");

  private final Map<String, String> env;
  private final Map<String, TicketSystemFactory> ticketFactories;
  private final Map<String, PushProviderFactory> providerFactories;

  public ConfigLoader(
      Map<String, String> env,
      Iterable<TicketSystemFactory> ticketFactories,
      Iterable<PushProviderFactory> providerFactories) {
    this.env = Map.copyOf(env);
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
      String where = e.getMessage().replace("in 'string', ", "").replace("in 'reader', ", "");
      throw ConfigException.of(
          source + ": not valid YAML: " + where.replaceAll("\\s*\\n\\s*", " ").strip());
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
    Map<String, Object> root = substitute("", subset, problems, used);
    try {
      if (!problems.isEmpty()) {
        throw new ConfigException(problems);
      }
      return new Builder(problems).storeOnly(root);
    } catch (ConfigException e) {
      throw scrub(e, used);
    }
  }

  public ServiceConfig parse(String yaml, String source) {
    Map<String, Object> tree = tree(yaml, source);
    List<String> problems = new ArrayList<>();
    Map<String, String> used = new LinkedHashMap<>();
    Map<String, Object> root = substitute("", tree, problems, used);
    try {
      if (!problems.isEmpty()) {
        throw new ConfigException(problems);
      }
      return new Builder(problems).build(root);
    } catch (ConfigException e) {
      throw scrub(e, used);
    }
  }

  /**
   * A value that came from the environment is likely a secret, even where the file put it in the
   * wrong field: messages name the variable instead of echoing its value.
   */
  private static ConfigException scrub(ConfigException e, Map<String, String> used) {
    List<String> scrubbed = new ArrayList<>();
    for (String problem : e.problems()) {
      String p = problem;
      for (Map.Entry<String, String> env : used.entrySet()) {
        if (env.getValue().length() >= 3) {
          p = p.replace(env.getValue(), "${" + env.getKey() + "}");
        }
      }
      scrubbed.add(p);
    }
    return new ConfigException(scrubbed);
  }

  /** Replaces ${NAME} and ${NAME:-default} in every string; $${ is a literal ${. */
  @SuppressWarnings("unchecked")
  private <T> T substitute(
      String path, Object node, List<String> problems, Map<String, String> used) {
    if (node instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach(
          (k, v) -> {
            String key = String.valueOf(k);
            out.put(key, substitute(path.isEmpty() ? key : path + "." + key, v, problems, used));
          });
      return (T) out;
    }
    if (node instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        out.add(substitute(path + "[" + i + "]", list.get(i), problems, used));
      }
      return (T) out;
    }
    if (node instanceof String s && s.contains("${")) {
      Matcher m = ENV.matcher(s);
      StringBuilder out = new StringBuilder();
      while (m.find()) {
        String replacement;
        if (m.group().equals("$${")) {
          replacement = "${";
        } else {
          String value = env.get(m.group(1));
          if (value != null) {
            used.put(m.group(1), value);
          }
          if (value == null) {
            value = m.group(2);
          }
          if (value == null) {
            problems.add(path + ": environment variable " + m.group(1) + " is not set");
            value = "";
          }
          replacement = value;
        }
        m.appendReplacement(out, Matcher.quoteReplacement(replacement));
      }
      m.appendTail(out);
      String done = out.toString();
      // What the pattern did not take is a reference left open, such as ${OKTA_API_TOKEN.
      if (ENV.matcher(s).replaceAll("").contains("${")) {
        problems.add(
            path + ": '${' without a closing '}'; write ${NAME} (or $${ for a literal ${)");
      }
      return (T) done;
    }
    return (T) node;
  }

  /** Collects every problem of every section before giving up. */
  private final class Builder {
    private final List<String> problems;

    Builder(List<String> problems) {
      this.problems = problems;
    }

    /** The store settings, with the embedded H2 file under data-dir as the default. */
    ServiceConfig.Store store(ConfigValues root, ConfigValues store) {
      Path dataDir = Path.of(root.string("data-dir"));
      String url =
          store
              .optionalString("url")
              .orElse(
                  "jdbc:h2:file:"
                      + dataDir.toAbsolutePath().normalize().resolve("helpdesk-verify")
                      // H2 otherwise keeps commits in memory for up to half a second: a
                      // killed process would forget state changes whose side effects happened.
                      + ";WRITE_DELAY=0");
      if (!url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:")) {
        problems.add(
            "store.url: expected jdbc:postgresql://host:5432/db or jdbc:h2:file:/path, got '"
                + url
                + "'");
      }
      return new ServiceConfig.Store(
          url,
          store.optionalString("username"),
          store.optionalSecret("password"),
          store.integer("pool-size"));
    }

    /** Only data-dir and store: what a reader of the store needs, and no other secret. */
    ServiceConfig.Store storeOnly(Map<String, Object> raw) {
      Map<String, Object> subset = new LinkedHashMap<>();
      for (String key : List.of("data-dir", "store")) {
        if (raw.containsKey(key)) {
          subset.put(key, raw.get(key));
        }
      }
      ConfigValues root = section(ROOT, "", subset);
      ConfigValues store = root == null ? null : section(STORE, "store", root.map("store"));
      ServiceConfig.Store settings = store == null ? null : store(root, store);
      if (!problems.isEmpty() || settings == null) {
        throw new ConfigException(problems);
      }
      return settings;
    }

    ServiceConfig build(Map<String, Object> raw) {
      Map<String, Object> known = new LinkedHashMap<>();
      Set<String> names =
          ROOT.settings().stream().map(ConfigDef.Setting::name).collect(Collectors.toSet());
      raw.forEach(
          (k, v) -> {
            if (names.contains(k)) {
              known.put(k, v);
            } else {
              problems.add(
                  k
                      + ": unknown setting; known are "
                      + String.join(
                          ", ", ROOT.settings().stream().map(ConfigDef.Setting::name).toList()));
            }
          });
      ConfigValues root = section(ROOT, "", known);
      if (root == null) {
        throw new ConfigException(problems);
      }
      ConfigValues store = section(STORE, "store", root.map("store"));
      ConfigValues scheduler = section(SCHEDULER, "scheduler", root.map("scheduler"));
      ConfigValues http = section(HTTP, "http", root.map("http"));
      ConfigValues workflow = section(WORKFLOW, "workflow", root.map("workflow"));
      MessageTemplates messages = messages(root.map("messages"));
      Map<SensitiveOperation, List<String>> phrases = phrases(root.map("classifier"));
      List<ServiceConfig.ProviderSettings> providers = providers(root.map("providers"));
      List<ServiceConfig.TicketSystemSettings> systems =
          ticketSystems(root.map("ticket-systems"), providers);

      if (root.map("ticket-systems").isEmpty()) {
        problems.add("ticket-systems: required; configure at least one ticket system to watch");
      }
      ServiceConfig.Store storeSettings = store == null ? null : store(root, store);
      ServiceConfig.Scheduling scheduling = null;
      if (scheduler != null) {
        scheduling =
            new ServiceConfig.Scheduling(
                scheduler.bool("clustered"),
                scheduler.duration("advance-interval"),
                scheduler.integer("batch-size"),
                scheduler.integer("workers"));
        if (scheduling.clustered() && storeSettings != null && !storeSettings.postgres()) {
          problems.add(
              "scheduler.clustered: true needs a shared PostgreSQL store; set store.url to"
                  + " jdbc:postgresql://host:5432/database");
        }
      }
      WorkflowPolicy policy = null;
      if (workflow != null) {
        try {
          policy =
              new WorkflowPolicy(
                  workflow.duration("claim"),
                  workflow.duration("poll-interval"),
                  workflow.duration("ticket-recheck"),
                  workflow.duration("retry-base"),
                  workflow.duration("retry-max"),
                  workflow.integer("max-provider-failures"),
                  workflow.duration("reopen-grace"),
                  workflow.integer("max-pushes-per-hour"),
                  workflow.duration("approval-max-age"));
        } catch (IllegalArgumentException e) {
          problems.add("workflow: " + e.getMessage());
        }
      }
      if (!problems.isEmpty()) {
        throw new ConfigException(problems);
      }
      return new ServiceConfig(
          root.optionalString("node-id").orElseGet(ConfigLoader::hostName),
          Path.of(root.string("data-dir")),
          storeSettings,
          scheduling,
          new ServiceConfig.Http(http.string("bind"), http.integer("port")),
          policy,
          messages,
          phrases,
          systems,
          providers);
    }

    private ConfigValues section(ConfigDef def, String path, Map<String, ?> raw) {
      try {
        return def.parse(path, raw);
      } catch (ConfigException e) {
        problems.addAll(
            path.isEmpty()
                ? e.problems().stream().map(p -> p.startsWith(".") ? p.substring(1) : p).toList()
                : e.problems());
        return null;
      }
    }

    private MessageTemplates messages(Map<String, Object> raw) {
      Map<String, String> texts = new LinkedHashMap<>();
      raw.forEach((k, v) -> texts.put(k, v == null ? null : String.valueOf(v)));
      try {
        return MessageTemplates.withOverrides(texts);
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage());
        return MessageTemplates.defaults();
      }
    }

    private Map<SensitiveOperation, List<String>> phrases(Map<String, Object> raw) {
      Map<SensitiveOperation, List<String>> phrases = new LinkedHashMap<>();
      Object extra = raw.get("extra-phrases");
      for (String key : raw.keySet()) {
        if (!key.equals("extra-phrases")) {
          problems.add("classifier." + key + ": unknown setting; known are extra-phrases");
        }
      }
      if (extra == null) {
        return phrases;
      }
      if (!(extra instanceof Map<?, ?> byCategory)) {
        problems.add("classifier.extra-phrases: expected a section of category: [phrases]");
        return phrases;
      }
      String categories =
          Arrays.stream(SensitiveOperation.values())
              .filter(SensitiveOperation::sensitive)
              .map(Enum::name)
              .collect(Collectors.joining(", "));
      byCategory.forEach(
          (k, v) -> {
            String name = String.valueOf(k).toUpperCase(Locale.ROOT).replace('-', '_');
            Optional<SensitiveOperation> op =
                Arrays.stream(SensitiveOperation.values())
                    .filter(o -> o.sensitive() && o.name().equals(name))
                    .findFirst();
            if (op.isEmpty()) {
              problems.add(
                  "classifier.extra-phrases." + k + ": unknown category; known are " + categories);
            } else if (!(v instanceof List<?> list)
                || list.stream().anyMatch(p -> !(p instanceof String s) || s.isBlank())) {
              problems.add("classifier.extra-phrases." + k + ": expected a list of phrases");
            } else {
              phrases.put(op.get(), list.stream().map(String::valueOf).toList());
            }
          });
      return phrases;
    }

    private List<ServiceConfig.ProviderSettings> providers(Map<String, Object> raw) {
      List<ServiceConfig.ProviderSettings> providers = new ArrayList<>();
      raw.forEach(
          (id, section) -> {
            String path = "providers." + id;
            Map<String, Object> fields = fields(path, id, section);
            if (fields == null) {
              return;
            }
            Object type = fields.remove("type");
            PushProviderFactory factory = providerFactories.get(String.valueOf(type));
            if (type == null) {
              problems.add(path + ".type: required; known types are " + known(providerFactories));
              return;
            }
            if (factory == null) {
              problems.add(
                  path
                      + ".type: unknown provider type '"
                      + type
                      + "'; known types are "
                      + known(providerFactories));
              return;
            }
            ConfigValues settings = section(factory.config(), path, fields);
            if (settings != null) {
              problems.addAll(factory.validate(settings));
              providers.add(
                  new ServiceConfig.ProviderSettings(id, factory.type(), factory, settings));
            }
          });
      return providers;
    }

    private List<ServiceConfig.TicketSystemSettings> ticketSystems(
        Map<String, Object> raw, List<ServiceConfig.ProviderSettings> providers) {
      List<ServiceConfig.TicketSystemSettings> systems = new ArrayList<>();
      raw.forEach(
          (id, section) -> {
            String path = "ticket-systems." + id;
            Map<String, Object> fields = fields(path, id, section);
            if (fields == null) {
              return;
            }
            Map<String, Object> generic = new LinkedHashMap<>();
            for (ConfigDef.Setting s : TICKET_SYSTEM.settings()) {
              if (fields.containsKey(s.name())) {
                generic.put(s.name(), fields.remove(s.name()));
              }
            }
            ConfigValues common = section(TICKET_SYSTEM, path, generic);
            if (common == null) {
              return;
            }
            TicketSystemFactory factory = ticketFactories.get(common.string("type"));
            if (factory == null) {
              problems.add(
                  path
                      + ".type: unknown ticket system type '"
                      + common.string("type")
                      + "'; known types are "
                      + known(ticketFactories));
              return;
            }
            List<String> chain = providerChain(path, common);
            for (String provider : chain) {
              if (providers.stream().noneMatch(p -> p.id().equals(provider)) && !raw.isEmpty()) {
                problems.add(
                    path
                        + (common.strings("providers").isEmpty() ? ".provider" : ".providers")
                        + ": no provider '"
                        + provider
                        + "' is configured under providers; configured are "
                        + (providers.isEmpty()
                            ? "none"
                            : providers.stream()
                                .map(ServiceConfig.ProviderSettings::id)
                                .collect(Collectors.joining(", "))));
              }
            }
            String provider = chain.isEmpty() ? "" : chain.get(0);
            Optional<String> cron = common.optionalString("scan-cron");
            if (cron.isPresent() && !CronExpression.isValidExpression(cron.get())) {
              problems.add(
                  path
                      + ".scan-cron: expected a Quartz cron expression such as '0 */2 * * * ?', got '"
                      + cron.get()
                      + "'");
            }
            ConfigValues settings = section(factory.config(), path, fields);
            if (settings != null) {
              problems.addAll(factory.validate(settings));
              systems.add(
                  new ServiceConfig.TicketSystemSettings(
                      id,
                      factory.type(),
                      provider,
                      common.duration("scan-interval"),
                      cron,
                      common.bool("dry-run"),
                      common.integer("page-size"),
                      factory,
                      settings,
                      chain));
            }
          });
      return systems;
    }

    /** {@code provider: duo} or {@code providers: [duo, incode]}, exactly one of them. */
    private List<String> providerChain(String path, ConfigValues common) {
      Optional<String> single = common.optionalString("provider");
      List<String> list = common.strings("providers");
      if (single.isPresent() && !list.isEmpty()) {
        problems.add(path + ": give provider or providers, not both");
        return List.of();
      }
      if (single.isEmpty() && list.isEmpty()) {
        problems.add(
            path
                + ".provider: required; the id of a push provider (or providers: [a, b] to try"
                + " several in order)");
        return List.of();
      }
      if (single.isPresent()) {
        return List.of(single.get());
      }
      if (new java.util.HashSet<>(list).size() != list.size()) {
        problems.add(path + ".providers: names a provider twice: " + list);
        return List.of();
      }
      return List.copyOf(list);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> fields(String path, String id, Object section) {
      if (!ID.matcher(id).matches()) {
        problems.add(
            path + ": ids are lower-case letters, digits and dashes (at most 40), such as jira-eu");
        return null;
      }
      if (!(section instanceof Map<?, ?>)) {
        problems.add(path + ": expected a section (key: value lines)");
        return null;
      }
      return new LinkedHashMap<>((Map<String, Object>) section);
    }
  }

  private static String known(Map<String, ?> factories) {
    return factories.isEmpty() ? "(none installed)" : String.join(", ", factories.keySet());
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName() + "-" + ProcessHandle.current().pid();
    } catch (IOException e) {
      return "node-" + ProcessHandle.current().pid();
    }
  }
}
