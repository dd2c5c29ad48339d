package com.helpdeskverify.servicenow;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.findAll;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.verify;
import static com.helpdeskverify.servicenow.Fixtures.INC_1;
import static com.helpdeskverify.servicenow.Fixtures.INC_2;
import static com.helpdeskverify.servicenow.Fixtures.INC_3;
import static com.helpdeskverify.servicenow.Fixtures.SYSTEM;
import static com.helpdeskverify.servicenow.Fixtures.result;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.helpdeskverify.core.Requester;
import com.helpdeskverify.core.Ticket;
import com.helpdeskverify.core.TicketRef;
import com.helpdeskverify.core.spi.TicketSystem.Standing;
import com.helpdeskverify.testkit.Parked;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The last look before execution: in the intake query now, or already executed? */
@WireMockTest
class StandingTest {
  private static final String TABLE = "/api/now/table/incident";
  private static final String RECORD = TABLE + "/" + INC_1;
  private static final TicketRef REF = new TicketRef(SYSTEM, "incident:" + INC_1);
  private static final String SCOPE_BY_ID = "active=true^state=1^sys_id=" + INC_1;

  private ServiceNowTicketSystem system;

  @BeforeEach
  void setUp(WireMockRuntimeInfo wm) {
    system =
        Fixtures.connect(
            wm.getHttpBaseUrl(),
            Clock.fixed(Instant.parse("2026-11-02T09:05:00Z"), ZoneOffset.UTC));
  }

  private static Ticket ticket(String state, boolean open) {
    return ticket(REF, state, open);
  }

  private static Ticket ticket(TicketRef ref, String state, boolean open) {
    return new Ticket(
        ref,
        Requester.of("a8f98bb0eb32010045e1a5115206fe3a", "alice@acme.example", "Alice"),
        Optional.empty(),
        "Reset my MFA",
        "",
        Instant.parse("2026-11-02T08:55:00Z"),
        Instant.parse("2026-11-02T09:01:00Z"),
        state,
        open);
  }

  private static void inScope(boolean found) {
    stubFor(
        get(urlPathEqualTo(TABLE))
            .withQueryParam("sysparm_query", equalTo(SCOPE_BY_ID))
            .willReturn(okJson(found ? result(Map.of("sys_id", INC_1)) : result())));
  }

  private static void recordState(String state) {
    stubFor(
        get(urlPathEqualTo(RECORD))
            .withQueryParam("sysparm_fields", equalTo("state"))
            .willReturn(okJson(Fixtures.single(Map.of("sys_id", INC_1, "state", state)))));
  }

  @Test
  void recordTheIntakeQueryStillFindsIsInScope() {
    inScope(true);

    assertThat(system.standing(ticket("1", true))).isEqualTo(Standing.IN_SCOPE);
  }

  @Test
  void incidentPutOnHoldIsElsewhere() {
    inScope(false);
    recordState("3");

    assertThat(system.standing(ticket("3", true))).isEqualTo(Standing.ELSEWHERE);
  }

  @Test
  void recordWithTheExecuteValuesIsExecuted() {
    inScope(false);
    recordState("2");

    assertThat(system.standing(ticket("2", true))).isEqualTo(Standing.EXECUTED);
  }

  @Test
  void resolvedIncidentIsElsewhereWithoutAskingTheScope() {
    recordState("6");

    assertThat(system.standing(ticket("6", false))).isEqualTo(Standing.ELSEWHERE);
    verify(0, getRequestedFor(urlPathEqualTo(TABLE)));
  }

  @Test
  void checksAskedWhileAScopeReadIsOutShareTheNextReadWithTheReReads() throws InterruptedException {
    stubFor(
        get(urlPathEqualTo(TABLE))
            .withQueryParam("sysparm_query", equalTo(SCOPE_BY_ID))
            .willReturn(okJson(result(Map.of("sys_id", INC_1))).withFixedDelay(1_500)));
    stubFor(
        get(urlPathEqualTo(TABLE))
            .withQueryParam("sysparm_query", matching("active=true\\^state=1\\^sys_idIN.*"))
            .willReturn(
                okJson(result(Fixtures.incident(INC_2, "INC0010002", "2026-11-02 09:02:00")))));
    Map<String, Object> answers = new ConcurrentHashMap<>();
    Thread first = thread(INC_1, () -> system.standing(ticket("1", true)), answers);
    Parked.until(
        () -> findAll(getRequestedFor(urlPathEqualTo(TABLE))).size() == 1, "the first read out");
    TicketRef second = new TicketRef(SYSTEM, "incident:" + INC_2);
    Thread standing = thread(INC_2, () -> system.standing(ticket(second, "1", true)), answers);
    Thread reRead =
        thread(
            INC_3, () -> system.fetchInScope(new TicketRef(SYSTEM, "incident:" + INC_3)), answers);
    Parked.until(standing);
    Parked.until(reRead);

    Parked.joined(first, standing, reRead);

    List<LoggedRequest> reads = findAll(getRequestedFor(urlPathEqualTo(TABLE)));
    assertThat(reads).hasSize(2);
    assertThat(reads.get(1).queryParameter("sysparm_query").firstValue())
        .startsWith("active=true^state=1^sys_idIN")
        .contains(INC_2, INC_3);
    assertThat(answers)
        .containsEntry(INC_1, Standing.IN_SCOPE)
        .containsEntry(INC_2, Standing.IN_SCOPE)
        .containsEntry(INC_3, Optional.empty());
  }

  private static Thread thread(String name, Supplier<Object> work, Map<String, Object> answers) {
    Thread t = new Thread(() -> answers.put(name, work.get()), name);
    t.start();
    return t;
  }
}
