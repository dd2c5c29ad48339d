package com.helpdeskverify.scheduler.config;

import static com.helpdeskverify.scheduler.config.ConfigSections.ALWAYS_VERIFY_FIELDS;
import static com.helpdeskverify.scheduler.config.ConfigSections.HTTP;
import static com.helpdeskverify.scheduler.config.ConfigSections.ID;
import static com.helpdeskverify.scheduler.config.ConfigSections.ROOT;
import static com.helpdeskverify.scheduler.config.ConfigSections.SCHEDULER;
import static com.helpdeskverify.scheduler.config.ConfigSections.STORE;
import static com.helpdeskverify.scheduler.config.ConfigSections.TICKET_SYSTEM;
import static com.helpdeskverify.scheduler.config.ConfigSections.WORKFLOW;
import static com.helpdeskverify.scheduler.config.ConfigSections.categories;
import static com.helpdeskverify.scheduler.config.ConfigSections.category;
import static com.helpdeskverify.scheduler.config.ConfigSections.known;

import com.helpdeskverify.core.Language;
import com.helpdeskverify.core.SensitiveOperation;
import com.helpdeskverify.core.config.ConfigDef;
import com.helpdeskverify.core.config.ConfigException;
import com.helpdeskverify.core.config.ConfigValues;
import com.helpdeskverify.core.spi.PushProviderFactory;
import com.helpdeskverify.core.spi.TicketSystemFactory;
import com.helpdeskverify.core.workflow.MessageTemplates;
import com.helpdeskverify.core.workflow.TicketSystemRules;
import com.helpdeskverify.core.workflow.WorkflowPolicy;
import com.helpdeskverify.llm.LlmStage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.quartz.CronExpression;

/**
 * Builds the service configuration from the substituted YAML tree, collecting every problem of
 * every section before giving up.
 */
final class ConfigBuilder {
  private final List<String> problems;
  private final Set<String> fromEnvironment;
  private final List<String> warnings = new ArrayList<>();
  private final Map<String, TicketSystemFactory> ticketFactories;
  private final Map<String, PushProviderFactory> providerFactories;

  ConfigBuilder(
      List<String> problems,
      Set<String> fromEnvironment,
      Map<String, TicketSystemFactory> ticketFactories,
      Map<String, PushProviderFactory> providerFactories) {
    this.problems = problems;
    this.fromEnvironment = fromEnvironment;
    this.ticketFactories = ticketFactories;
    this.providerFactories = providerFactories;
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
    Optional<ConfigValues> llm = llm(root.map("classifier").get("llm"));
    List<ServiceConfig.ProviderSettings> providers = providers(root.map("providers"));
    List<ServiceConfig.TicketSystemSettings> systems =
        ticketSystems(root.map("ticket-systems"), providers);

    if (root.map("ticket-systems").isEmpty()) {
      problems.add("ticket-systems: required; configure at least one ticket system to watch");
    }
    ServiceConfig.Store storeSettings = store == null ? null : store(root, store);
    ServiceConfig.Scheduling scheduling = null;
    if (scheduler != null) {
      int workers = scheduler.integer("workers");
      int maxWorkers = scheduler.integer("max-workers");
      if (!root.map("scheduler").containsKey("max-workers")) {
        maxWorkers = Math.max(maxWorkers, workers);
      } else if (maxWorkers < workers) {
        problems.add(
            "scheduler.max-workers: "
                + maxWorkers
                + " is fewer than scheduler.workers ("
                + workers
                + "); set it to at least that, or equal for a fixed number");
        maxWorkers = workers;
      }
      scheduling =
          new ServiceConfig.Scheduling(
              scheduler.bool("clustered"),
              scheduler.duration("advance-interval"),
              scheduler.integer("batch-size"),
              workers,
              maxWorkers,
              scheduler.duration("node-timeout"));
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
                workflow.duration("approval-max-age"),
                workflow.integer("ticket-rereads-per-second"));
      } catch (IllegalArgumentException e) {
        problems.add("workflow: " + e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new ServiceConfig(
        root.optionalString("node-id")
            .orElseGet(
                () ->
                    com.helpdeskverify.scheduler.NodeIdentity.of(Path.of(root.string("data-dir")))),
        Path.of(root.string("data-dir")),
        storeSettings,
        scheduling,
        new ServiceConfig.Http(http.string("bind"), http.integer("port")),
        policy,
        messages,
        phrases,
        llm,
        systems,
        providers,
        List.copyOf(warnings));
  }

  private ConfigValues section(ConfigDef def, String path, Map<String, ?> raw) {
    try {
      ConfigValues values = def.parse(path, raw);
      warnOfSecretsInTheFile(def, path, raw);
      return values;
    } catch (ConfigException e) {
      problems.addAll(
          path.isEmpty()
              ? e.problems().stream().map(p -> p.startsWith(".") ? p.substring(1) : p).toList()
              : e.problems());
      return null;
    }
  }

  /** A secret written as text in the file works, but the file is no place for it. */
  private void warnOfSecretsInTheFile(ConfigDef def, String path, Map<String, ?> raw) {
    if (raw == null) {
      return;
    }
    for (ConfigDef.Setting s : def.settings()) {
      String at = path.isEmpty() ? s.name() : path + "." + s.name();
      if (s.type().equals("secret") && raw.get(s.name()) != null && !fromEnvironment.contains(at)) {
        warnings.add(
            at
                + ": a secret written into the configuration file; write ${ENV_VAR} and set the"
                + " variable in the service's environment");
      }
    }
  }

  /**
   * {@code messages:} holds {@code default-language} (the requester's language when a ticket's
   * cannot be told), texts for every language ({@code notice: ...}) and texts for one language in a
   * section named by its code ({@code de: {notice: ...}}).
   */
  private MessageTemplates messages(Map<String, Object> raw) {
    Language defaultLanguage = Language.EN;
    Map<String, String> texts = new LinkedHashMap<>();
    Map<Language, Map<String, String>> perLanguage = new LinkedHashMap<>();
    String known =
        Arrays.stream(Language.values()).map(Language::tag).collect(Collectors.joining(", "));
    for (Map.Entry<String, Object> e : raw.entrySet()) {
      String k = e.getKey();
      Object v = e.getValue();
      if (k.equals("default-language")) {
        Optional<Language> language = Language.of(String.valueOf(v));
        if (language.isEmpty()) {
          problems.add("messages.default-language: expected one of " + known + ", got '" + v + "'");
        } else {
          defaultLanguage = language.get();
        }
      } else if (v instanceof Map<?, ?> section) {
        Optional<Language> language = Language.of(k);
        if (language.isEmpty()) {
          problems.add(
              "messages."
                  + k
                  + ": a section of texts must be named by a language, one of "
                  + known);
          continue;
        }
        Map<String, String> own = new LinkedHashMap<>();
        section.forEach(
            (mk, mv) -> own.put(String.valueOf(mk), mv == null ? null : String.valueOf(mv)));
        perLanguage.put(language.get(), own);
      } else {
        texts.put(k, v == null ? null : String.valueOf(v));
      }
    }
    try {
      return MessageTemplates.of(defaultLanguage, texts, perLanguage);
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
      return MessageTemplates.defaults();
    }
  }

  private Map<SensitiveOperation, List<String>> phrases(Map<String, Object> raw) {
    Map<SensitiveOperation, List<String>> phrases = new LinkedHashMap<>();
    Object extra = raw.get("extra-phrases");
    for (String key : raw.keySet()) {
      if (!key.equals("extra-phrases") && !key.equals("llm")) {
        problems.add("classifier." + key + ": unknown setting; known are extra-phrases, llm");
      }
    }
    if (extra == null) {
      return phrases;
    }
    if (!(extra instanceof Map<?, ?> byCategory)) {
      problems.add("classifier.extra-phrases: expected a section of category: [phrases]");
      return phrases;
    }
    // The identity check is a technician's request, never something a text says.
    String categories = categories(false);
    byCategory.forEach(
        (k, v) -> {
          String name = String.valueOf(k).toUpperCase(Locale.ROOT).replace('-', '_');
          Optional<SensitiveOperation> op =
              Arrays.stream(SensitiveOperation.values())
                  .filter(
                      o ->
                          o.sensitive()
                              && o != SensitiveOperation.IDENTITY_CHECK
                              && o.name().equals(name))
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

  /** The optional LLM stage's section, checked whether or not it is enabled. */
  @SuppressWarnings("unchecked")
  private Optional<ConfigValues> llm(Object raw) {
    if (raw == null) {
      return Optional.empty();
    }
    if (!(raw instanceof Map<?, ?>)) {
      problems.add(LlmStage.PATH + ": expected a section (key: value lines)");
      return Optional.empty();
    }
    ConfigValues values = section(LlmStage.config(), LlmStage.PATH, (Map<String, Object>) raw);
    if (values == null) {
      return Optional.empty();
    }
    problems.addAll(LlmStage.validate(values));
    return Optional.of(values);
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
          // Read even when another generic setting is wrong, so that every problem is named.
          List<TicketSystemRules.AlwaysVerify> alwaysVerify =
              alwaysVerify(path, generic.get("always-verify"));
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
          TicketSystemRules rules =
              alwaysVerify == null
                  ? null
                  : new TicketSystemRules(
                      common.enumValue("on-behalf", TicketSystemRules.OnBehalf.class),
                      alwaysVerify,
                      common.integer("hint-below") / 100.0);
          ConfigValues settings = section(factory.config(), path, fields);
          if (settings != null && rules != null) {
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
                    common.duration("sweep-interval"),
                    factory,
                    settings,
                    chain,
                    rules));
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

  /** The always-verify rules; null (with the problems noted) when they are wrong. */
  private List<TicketSystemRules.AlwaysVerify> alwaysVerify(String path, Object raw) {
    List<TicketSystemRules.AlwaysVerify> rules = new ArrayList<>();
    if (raw == null) {
      return rules;
    }
    if (!(raw instanceof Map<?, ?> byKind)) {
      problems.add(path + ".always-verify: expected a section of kind: {value: category}");
      return null;
    }
    int before = problems.size();
    byKind.forEach(
        (kind, values) -> {
          String where = path + ".always-verify." + kind;
          String field = ALWAYS_VERIFY_FIELDS.get(String.valueOf(kind));
          if (field == null) {
            problems.add(
                where
                    + ": unknown kind; known are "
                    + String.join(", ", ALWAYS_VERIFY_FIELDS.keySet()));
            return;
          }
          if (!(values instanceof Map<?, ?> byValue)) {
            problems.add(
                where
                    + ": expected value: category lines, such as 'Reset password: credential-reset'");
            return;
          }
          byValue.forEach(
              (value, category) -> {
                Optional<SensitiveOperation> op = category(String.valueOf(category));
                if (op.isEmpty()) {
                  problems.add(
                      where
                          + "."
                          + value
                          + ": unknown category '"
                          + category
                          + "'; known are "
                          + categories(true));
                } else if (value == null || String.valueOf(value).isBlank()) {
                  problems.add(where + ": a value must not be empty");
                } else {
                  rules.add(
                      new TicketSystemRules.AlwaysVerify(field, String.valueOf(value), op.get()));
                }
              });
        });
    return problems.size() > before ? null : rules;
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
