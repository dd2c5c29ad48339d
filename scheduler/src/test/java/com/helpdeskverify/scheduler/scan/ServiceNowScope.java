package com.helpdeskverify.scheduler.scan;

import com.helpdeskverify.core.config.ConfigValues;
import com.helpdeskverify.core.spi.IntegrationContext;
import com.helpdeskverify.core.spi.TicketSystem;
import com.helpdeskverify.core.spi.TicketSystemFactory;
import com.helpdeskverify.simulators.SimulatedServiceNow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;

/** ServiceNow incidents: the adapter against {@link SimulatedServiceNow} (offset paging). */
final class ServiceNowScope implements ScopeUnderTest {
  private static final String TABLE = "incident";
  private static final DateTimeFormatter GLIDE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private final SimulatedServiceNow snow;
  private final Clock clock;
  private final SplittableRandom random;
  private final String caller;

  ServiceNowScope(Clock clock, SplittableRandom random) {
    try {
      this.snow = new SimulatedServiceNow(clock);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.clock = clock;
    this.random = random;
    snow.sysIdsFrom(new Random(random.nextLong()));
    snow.group("Service Desk L2");
    this.caller = snow.user("Pat Doe", "pat@example.com");
  }

  @Override
  public TicketSystem connect(String id) {
    TicketSystemFactory factory = JiraScope.factory("servicenow");
    Map<String, Object> raw =
        Map.of(
            "instance-url", snow.baseUrl().toString(),
            "auth", "basic",
            "username", "helpdesk.verify",
            "password", "test-password",
            "escalation-group", "Service Desk L2",
            "tables", List.of(TABLE),
            "max-attempts", 1,
            "rate-limit", "off");
    ConfigValues config = factory.config().parse("ticket-systems." + id, raw);
    return factory.create(id, config, new IntegrationContext(clock, new Random(1), (k, u) -> true));
  }

  @Override
  public void betweenPageReads(Runnable action) {
    snow.beforeList(action);
  }

  @Override
  public String arrive() {
    return TABLE + ":" + snow.incident(caller, "Printer " + random.nextInt(1000), "jammed");
  }

  @Override
  public void edit(String key) {
    snow.touch(TABLE, sysId(key));
  }

  @Override
  public void leave(String key) {
    snow.update(TABLE, sysId(key), "state", "2");
  }

  @Override
  public void comeBack(String key) {
    snow.update(TABLE, sysId(key), "state", "1");
  }

  @Override
  public void delete(String key) {
    snow.delete(TABLE, sysId(key));
  }

  @Override
  public Map<String, Instant> inScope() {
    Map<String, Instant> found = new LinkedHashMap<>();
    snow.where(TABLE, "state", "1")
        .forEach(
            (sysId, updated) ->
                found.put(
                    TABLE + ":" + sysId,
                    LocalDateTime.parse(updated, GLIDE).toInstant(ZoneOffset.UTC)));
    return found;
  }

  @Override
  public List<String> outOfScope() {
    return snow.where(TABLE, "state", "2").keySet().stream().map(s -> TABLE + ":" + s).toList();
  }

  private static String sysId(String key) {
    return key.substring(key.indexOf(':') + 1);
  }

  /** How many incident lists this simulator answered so far. */
  int lists() {
    return (int)
        snow.exchanges().stream().filter(e -> e.path().equals("/api/now/table/incident")).count();
  }

  @Override
  public void close() {
    snow.close();
  }
}
