package com.helpdeskverify.scheduler.config;

import com.helpdeskverify.core.SensitiveOperation;
import com.helpdeskverify.core.config.ConfigValues;
import com.helpdeskverify.core.config.Secret;
import com.helpdeskverify.core.spi.PushProviderFactory;
import com.helpdeskverify.core.spi.TicketSystemFactory;
import com.helpdeskverify.core.workflow.MessageTemplates;
import com.helpdeskverify.core.workflow.TicketSystemRules;
import com.helpdeskverify.core.workflow.WorkflowPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The whole service configuration, checked.
 *
 * @param classifierLlm the {@code classifier.llm} section when the file has one (enabled or not)
 */
public record ServiceConfig(
    String nodeId,
    Path dataDir,
    Store store,
    Scheduling scheduling,
    Http http,
    WorkflowPolicy workflow,
    MessageTemplates messages,
    Map<SensitiveOperation, List<String>> classifierPhrases,
    Optional<ConfigValues> classifierLlm,
    List<TicketSystemSettings> ticketSystems,
    List<ProviderSettings> providers,
    List<String> warnings) {

  /** Where cases live. */
  public record Store(
      String url, Optional<String> username, Optional<Secret> password, int poolSize) {
    public boolean postgres() {
      return url.startsWith("jdbc:postgresql:");
    }
  }

  /**
   * @param clustered scans run on one node at a time through Quartz's clustered JDBC job store
   * @param workers threads per node that work due cases, at least
   * @param maxWorkers threads per node that work due cases at most, as many as the rate-limit
   *     budgets keep busy while cases are left due (the scheduler's {@code WorkerSizing})
   * @param nodeTimeout how long a node may miss its check-in before others take over its claims
   */
  public record Scheduling(
      boolean clustered,
      Duration advanceInterval,
      int batchSize,
      int workers,
      int maxWorkers,
      Duration nodeTimeout) {}

  public record Http(String bind, int port) {}

  /**
   * One configured ticket system and its type-specific settings.
   *
   * @param provider the first provider of {@code providers}, which every new case starts with
   * @param providers the providers tried in order (one, unless a fallback chain is configured)
   */
  public record TicketSystemSettings(
      String id,
      String type,
      String provider,
      Duration scanInterval,
      Optional<String> scanCron,
      boolean dryRun,
      int pageSize,
      Duration sweepInterval,
      TicketSystemFactory factory,
      ConfigValues settings,
      List<String> providers,
      TicketSystemRules rules) {}

  /** One configured push provider and its type-specific settings. */
  public record ProviderSettings(
      String id, String type, PushProviderFactory factory, ConfigValues settings) {}
}
