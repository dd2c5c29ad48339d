package com.helpdeskverify.scheduler.scan;

import com.helpdeskverify.core.config.ConfigValues;
import com.helpdeskverify.core.spi.IntegrationContext;
import com.helpdeskverify.core.spi.TicketSystem;
import com.helpdeskverify.core.spi.TicketSystemFactory;
import com.helpdeskverify.simulators.SimulatedJira;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.SplittableRandom;

/**
 * Jira Cloud (page tokens of a given kind) or Data Center (offset paging): the adapter against
 * {@link SimulatedJira}.
 */
final class JiraScope implements ScopeUnderTest {
  static final String INTAKE = "Waiting for support";
  private static final String OUT = "Resolved";

  private final SimulatedJira jira;
  private final Clock clock;
  private final SplittableRandom random;
  private final String type;

  static JiraScope cloud(Clock clock, SplittableRandom random, SimulatedJira.PageTokens tokens) {
    return new JiraScope(clock, random, "jira-cloud", tokens);
  }

  static JiraScope dataCenter(Clock clock, SplittableRandom random) {
    return new JiraScope(clock, random, "jira-datacenter", SimulatedJira.PageTokens.CURSOR);
  }

  private JiraScope(
      Clock clock, SplittableRandom random, String type, SimulatedJira.PageTokens tokens) {
    try {
      this.jira = new SimulatedJira(clock);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.clock = clock;
    this.random = random;
    this.type = type;
    jira.pageTokens(tokens);
  }

  static TicketSystemFactory factory(String type) {
    return ServiceLoader.load(TicketSystemFactory.class).stream()
        .map(ServiceLoader.Provider::get)
        .filter(f -> f.type().equals(type))
        .findFirst()
        .orElseThrow();
  }

  static TicketSystem connect(String type, String id, java.net.URI baseUrl, Clock clock) {
    TicketSystemFactory factory = factory(type);
    Map<String, Object> raw = new java.util.HashMap<>();
    raw.put("base-url", baseUrl.toString());
    if (type.equals("jira-cloud")) {
      raw.put("auth", "api-token");
      raw.put("email", "helpdesk-verify@example.com");
      raw.put("api-token", "test-token");
    } else {
      raw.put("auth", "pat");
      raw.put("personal-access-token", "test-token");
    }
    raw.put("jql-scope", "project = HD AND status = \"" + INTAKE + "\"");
    raw.put("execute-transition", "Execute");
    raw.put("reject-transition", "Reject");
    raw.put("escalate-transition", "Escalate");
    raw.put("max-attempts", 1);
    raw.put("rate-limit", "off"); // thousands of interleavings: pacing would only slow them
    ConfigValues config = factory.config().parse("ticket-systems." + id, raw);
    return factory.create(
        id, config, new IntegrationContext(clock, new java.util.Random(1), (key, until) -> true));
  }

  @Override
  public TicketSystem connect(String id) {
    return connect(type, id, jira.baseUrl(), clock);
  }

  @Override
  public void betweenPageReads(Runnable action) {
    jira.beforeSearch(action);
  }

  @Override
  public String arrive() {
    int n = random.nextInt(1_000_000);
    return jira.file("acc-" + n, "Person " + n, "p" + n + "@example.com", "Printer " + n, "jammed");
  }

  @Override
  public void edit(String key) {
    jira.edit(key);
  }

  @Override
  public void leave(String key) {
    jira.setStatus(key, OUT);
  }

  @Override
  public void comeBack(String key) {
    jira.setStatus(key, INTAKE);
  }

  @Override
  public void delete(String key) {
    jira.delete(key);
  }

  @Override
  public Map<String, Instant> inScope() {
    return jira.inStatus(INTAKE);
  }

  @Override
  public List<String> outOfScope() {
    return List.copyOf(jira.inStatus(OUT).keySet());
  }

  /** How many searches this simulator answered so far. */
  int searches() {
    return (int) jira.exchanges().stream().filter(e -> e.path().contains("search")).count();
  }

  @Override
  public void close() {
    jira.close();
  }
}
