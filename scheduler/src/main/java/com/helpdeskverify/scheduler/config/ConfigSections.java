package com.helpdeskverify.scheduler.config;

import com.helpdeskverify.core.RequestDetails;
import com.helpdeskverify.core.SensitiveOperation;
import com.helpdeskverify.core.config.ConfigDef;
import com.helpdeskverify.core.workflow.TicketSystemRules;
import com.helpdeskverify.core.workflow.WorkflowPolicy;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The definitions of the configuration file's sections, and the names its values may take: what
 * {@link ConfigBuilder} checks each section against before building.
 */
final class ConfigSections {
  private ConfigSections() {}

  static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");

  static final ConfigDef ROOT =
      new ConfigDef()
          .optionalString(
              "node-id",
              "this node's name in claims and the audit log; default: derived from the host name"
                  + " and data-dir, and kept in data-dir")
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
          .integer("workers", 2, 1, 64, "threads of this node that work due cases, at least")
          .integer(
              "max-workers",
              32,
              1,
              64,
              "threads of this node that work due cases at most: while cases are left due, as"
                  + " many as the rate-limit budgets keep busy (never fewer than workers; unset,"
                  + " 32 or workers if more)")
          .duration(
              "node-timeout",
              Duration.ofSeconds(20),
              "how long a node may miss its check-in before others take over its claimed cases");

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
                "oldest approval still executed; an older one gets a new attempt with a fresh push")
            .integer(
                "ticket-rereads-per-second",
                d.ticketRereadsPerSecond(),
                1,
                1000,
                "most re-reads a second a node makes of waiting pushes' tickets; with more pushes"
                    + " pending than that serves every ticket-recheck, each waits longer");
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
          .integer("page-size", 50, 1, 1000, "tickets per scan page")
          .enumOf(
              "on-behalf",
              TicketSystemRules.OnBehalf.class,
              TicketSystemRules.OnBehalf.VERIFY,
              "a ticket an agent opened for the requester: verify (push the requester, notes for"
                  + " the agent) or escalate (no push; a technician verifies)")
          .map(
              "always-verify",
              "sensitive whatever the text says: request-type, catalog-item, category, subcategory,"
                  + " each value: category (such as credential-reset)")
          .integer(
              "hint-below",
              90,
              0,
              100,
              "a ticket found not sensitive with signs of a sensitive request gets one internal"
                  + " note when the classifier's confidence (percent) is below this; 0: no notes")
          .duration(
              "sweep-interval",
              Duration.ofMinutes(10),
              "how often the scope is read by key set for tickets the scan missed");

  static final ConfigDef PROVIDER = new ConfigDef().string("type", "the kind of push provider");

  /** The kinds of always-verify rules, by their configuration name. */
  static final Map<String, String> ALWAYS_VERIFY_FIELDS = alwaysVerifyFields();

  private static Map<String, String> alwaysVerifyFields() {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("request-type", RequestDetails.REQUEST_TYPE);
    fields.put("catalog-item", RequestDetails.CATALOG_ITEM);
    fields.put("category", RequestDetails.CATEGORY);
    fields.put("subcategory", RequestDetails.SUBCATEGORY);
    return java.util.Collections.unmodifiableMap(fields);
  }

  /** A sensitive category by its configuration name (credential-reset, MFA_RESET). */
  static Optional<SensitiveOperation> category(String name) {
    String normalized = name.strip().toUpperCase(Locale.ROOT).replace('-', '_');
    return Arrays.stream(SensitiveOperation.values())
        .filter(o -> o.sensitive() && o.name().equals(normalized))
        .findFirst();
  }

  /** The sensitive categories' names, with the identity check only where a rule may name it. */
  static String categories(boolean withIdentityCheck) {
    return Arrays.stream(SensitiveOperation.values())
        .filter(SensitiveOperation::sensitive)
        .filter(o -> withIdentityCheck || o != SensitiveOperation.IDENTITY_CHECK)
        .map(Enum::name)
        .collect(Collectors.joining(", "));
  }

  static String known(Map<String, ?> factories) {
    return factories.isEmpty() ? "(none installed)" : String.join(", ", factories.keySet());
  }
}
