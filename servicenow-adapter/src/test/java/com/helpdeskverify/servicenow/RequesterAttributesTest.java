package com.helpdeskverify.servicenow;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.helpdeskverify.servicenow.Fixtures.INC_1;
import static com.helpdeskverify.servicenow.Fixtures.SYSTEM;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.helpdeskverify.core.Requester;
import com.helpdeskverify.core.TicketRef;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The requester comes with the sys_user attributes users cannot edit, for providers to map by. */
@WireMockTest
class RequesterAttributesTest {
  private static final TicketRef REF = new TicketRef(SYSTEM, "incident:" + INC_1);

  @Test
  void requesterCarriesUserNameAndEmployeeNumber(WireMockRuntimeInfo wm) {
    Map<String, String> r = Fixtures.incident(INC_1, "INC0010001", "2026-11-02 09:01:00");
    r.put("caller_id.employee_number", "E-1001");
    stubFor(
        get(urlPathEqualTo("/api/now/table/incident/" + INC_1))
            .willReturn(okJson(Fixtures.single(r))));

    Requester requester =
        Fixtures.connect(wm.getHttpBaseUrl(), Clock.fixed(Instant.EPOCH, ZoneOffset.UTC))
            .fetch(REF)
            .orElseThrow()
            .requester();

    assertThat(requester.attributes())
        .containsEntry("user_name", "abel.tuter")
        .containsEntry("employee_number", "E-1001");
  }

  @Test
  void blankEmployeeNumberIsNoAttribute(WireMockRuntimeInfo wm) {
    Map<String, String> r = Fixtures.incident(INC_1, "INC0010001", "2026-11-02 09:01:00");
    r.put("caller_id.employee_number", "");
    stubFor(
        get(urlPathEqualTo("/api/now/table/incident/" + INC_1))
            .willReturn(okJson(Fixtures.single(r))));

    Requester requester =
        Fixtures.connect(wm.getHttpBaseUrl(), Clock.fixed(Instant.EPOCH, ZoneOffset.UTC))
            .fetch(REF)
            .orElseThrow()
            .requester();

    assertThat(requester.attribute("employee_number")).isEmpty();
  }
}
