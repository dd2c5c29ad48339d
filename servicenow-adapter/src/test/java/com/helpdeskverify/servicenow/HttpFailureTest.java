package com.helpdeskverify.servicenow;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.verify;
import static com.helpdeskverify.servicenow.Fixtures.INC_1;
import static com.helpdeskverify.servicenow.Fixtures.SYSTEM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.helpdeskverify.core.CaseId;
import com.helpdeskverify.core.CommentMarker;
import com.helpdeskverify.core.TicketRef;
import com.helpdeskverify.core.Watermark;
import com.helpdeskverify.core.spi.PermanentFailure;
import com.helpdeskverify.core.spi.TransientFailure;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Retries and the failure types the workflow relies on. */
@WireMockTest
class HttpFailureTest {
  private static final String INCIDENTS = "/api/now/table/incident";
  private static final String RECORD = INCIDENTS + "/" + INC_1;
  private static final TicketRef REF = new TicketRef(SYSTEM, "incident:" + INC_1);
  private static final Watermark SINCE = Watermark.at(Instant.parse("2026-11-02T09:00:00Z"));
  private static final CommentMarker MARKER =
      new CommentMarker(
          new CaseId("5f0c6a8e-6d2b-4d0e-9a51-3c2f8e1b7a90"), CommentMarker.Step.NOTICE);

  private final Clock clock = Clock.fixed(Instant.parse("2026-11-02T09:05:00Z"), ZoneOffset.UTC);
  private ServiceNowTicketSystem system;

  @BeforeEach
  void setUp(WireMockRuntimeInfo wm) {
    system =
        Fixtures.connect(
            Fixtures.settings(
                wm.getHttpBaseUrl(),
                Fixtures.basic(),
                List.of(TableSettings.defaults("incident", "Service Desk L2"))),
            clock);
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder error(
      int status, String fixture) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withBody(Fixtures.resource(fixture));
  }

  @Test
  void rateLimitedScanIsRetriedAfterRetryAfter() {
    stubFor(
        get(urlPathEqualTo(INCIDENTS))
            .inScenario("limit")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "0"))
            .willSetStateTo("open"));
    stubFor(
        get(urlPathEqualTo(INCIDENTS))
            .inScenario("limit")
            .whenScenarioStateIs("open")
            .willReturn(
                okJson(
                    Fixtures.result(
                        Fixtures.incident(INC_1, "INC0010001", "2026-11-02 09:01:00")))));

    assertThat(system.findChanged(SINCE, 10).tickets()).hasSize(1);
  }

  @Test
  void lastingServiceUnavailableSurfacesAsTransientFailureThatDidNothing() {
    stubFor(get(urlPathEqualTo(INCIDENTS)).willReturn(aResponse().withStatus(503)));

    assertThatThrownBy(() -> system.findChanged(SINCE, 10))
        .isInstanceOfSatisfying(
            TransientFailure.class, f -> assertThat(f.mayHaveTakenEffect()).isFalse())
        .hasMessageContaining("HTTP 503");
    verify(3, getRequestedFor(urlPathEqualTo(INCIDENTS)));
  }

  @Test
  void longRetryAfterIsHandedUpToTheWorkflow() {
    stubFor(
        get(urlPathEqualTo(INCIDENTS))
            .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "120")));

    assertThatThrownBy(() -> system.findChanged(SINCE, 10))
        .isInstanceOfSatisfying(
            TransientFailure.class,
            f -> assertThat(f.retryAfter()).contains(java.time.Duration.ofSeconds(120)));
  }

  @Test
  void unauthorizedIsAPermanentFailureNamingSystemCallAndStatusWithoutCredentials() {
    stubFor(get(urlPathEqualTo(INCIDENTS)).willReturn(error(401, "error-unauthorized.json")));

    assertThatThrownBy(() -> system.findChanged(SINCE, 10))
        .isInstanceOf(PermanentFailure.class)
        .hasMessageContaining(SYSTEM)
        .hasMessageContaining("GET /api/now/table/incident")
        .hasMessageContaining("HTTP 401")
        .hasMessageContaining("check the credentials")
        .hasMessageNotContaining("s3cret-Passw0rd")
        .hasMessageNotContaining("Basic ");
  }

  @Test
  void updateRefusedByAnAclIsAPermanentFailureWithTheInstancesReason() {
    stubFor(
        get(urlPathEqualTo(RECORD))
            .willReturn(
                okJson(Fixtures.json(java.util.Map.of("result", java.util.Map.of("state", "1"))))));
    stubFor(patch(urlPathEqualTo(RECORD)).willReturn(error(403, "error-acl-update.json")));

    assertThatThrownBy(() -> system.execute(REF))
        .isInstanceOf(PermanentFailure.class)
        .hasMessageContaining("HTTP 403")
        .hasMessageContaining("ACL Exception Update Failed");
  }

  @Test
  void invalidTableIsAPermanentFailure() {
    stubFor(get(urlPathEqualTo(INCIDENTS)).willReturn(error(400, "error-invalid-table.json")));

    assertThatThrownBy(() -> system.findChanged(SINCE, 10))
        .isInstanceOf(PermanentFailure.class)
        .hasMessageContaining("HTTP 400");
  }

  @Test
  void malformedJsonIsATransientFailure() {
    stubFor(
        get(urlPathEqualTo(INCIDENTS))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"result\":[{\"sys_id\":")));

    assertThatThrownBy(() -> system.findChanged(SINCE, 10))
        .isInstanceOf(TransientFailure.class)
        .hasMessageContaining("malformed response");
  }

  @Test
  void recordWithoutUpdateTimeIsATransientMalformedAnswer() {
    java.util.Map<String, String> r = Fixtures.incident(INC_1, "INC0010001", "yesterday");
    stubFor(get(urlPathEqualTo(INCIDENTS)).willReturn(okJson(Fixtures.result(r))));

    assertThatThrownBy(() -> system.findChanged(SINCE, 10))
        .isInstanceOf(TransientFailure.class)
        .hasMessageContaining("sys_updated_on");
  }

  @Test
  void commentThatFailedWithServerErrorIsNotPostedTwice() {
    stubFor(patch(urlPathEqualTo(RECORD)).willReturn(aResponse().withStatus(500)));

    assertThatThrownBy(() -> system.postPublicComment(REF, "Hello", MARKER))
        .isInstanceOfSatisfying(
            TransientFailure.class, f -> assertThat(f.mayHaveTakenEffect()).isTrue());
    verify(1, patchRequestedFor(urlPathEqualTo(RECORD)));
  }

  @Test
  void resetConnectionOnAReadIsRetried() {
    stubFor(
        get(urlPathEqualTo(INCIDENTS))
            .inScenario("reset")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))
            .willSetStateTo("ok"));
    stubFor(
        get(urlPathEqualTo(INCIDENTS))
            .inScenario("reset")
            .whenScenarioStateIs("ok")
            .willReturn(okJson(Fixtures.result())));

    assertThat(system.findChanged(SINCE, 10).tickets()).isEmpty();
  }
}
