package com.helpdeskverify.jira;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.verify;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.helpdeskverify.core.Watermark;
import com.helpdeskverify.core.spi.PermanentFailure;
import com.helpdeskverify.core.spi.TransientFailure;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Retries and the failure types the workflow relies on. */
@WireMockTest
class HttpFailureTest {
  private static final String SEARCH = "/rest/api/3/search/jql";
  private static final Watermark SINCE = Watermark.at(Instant.parse("2026-11-02T09:00:00Z"));

  private JiraTicketSystem system;

  @BeforeEach
  void setUp(WireMockRuntimeInfo wm) {
    system = Fixtures.connect(wm.getHttpBaseUrl());
  }

  @Test
  void rateLimitedScanIsRetriedAfterRetryAfter() {
    stubFor(
        get(urlPathEqualTo(SEARCH))
            .inScenario("429")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("Retry-After", "1")
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"errorMessages\":[\"Rate limit exceeded.\"]}"))
            .willSetStateTo("served"));
    stubFor(
        get(urlPathEqualTo(SEARCH))
            .inScenario("429")
            .whenScenarioStateIs("served")
            .willReturn(
                okJson(
                    Fixtures.page(null, Fixtures.issue("HD-1", "2026-11-02T09:01:00.000+0000")))));

    assertThat(system.findChanged(SINCE, 10).tickets()).hasSize(1);
    verify(2, getRequestedFor(urlPathEqualTo(SEARCH)));
  }

  @Test
  void persistentServerErrorIsTransient() {
    stubFor(get(urlPathEqualTo(SEARCH)).willReturn(aResponse().withStatus(500)));

    assertThatThrownBy(() -> system.findChanged(SINCE, 10))
        .isInstanceOf(TransientFailure.class)
        .hasMessageContaining("HTTP 500")
        .hasMessageContaining("GET /rest/api/3/search/jql");
  }

  @Test
  void malformedJsonIsTransient() {
    stubFor(get(urlPathEqualTo(SEARCH)).willReturn(okJson("{\"issues\": [ {\"key\": ")));

    assertThatThrownBy(() -> system.findChanged(SINCE, 10))
        .isInstanceOf(TransientFailure.class)
        .hasMessageContaining("malformed response");
  }

  @Test
  void unparseableUpdatedDateIsTransient() {
    stubFor(
        get(urlPathEqualTo(SEARCH))
            .willReturn(okJson(Fixtures.page(null, Fixtures.issue("HD-1", "yesterday")))));

    assertThatThrownBy(() -> system.findChanged(SINCE, 10))
        .isInstanceOf(TransientFailure.class)
        .hasMessageContaining("malformed response: updated");
  }

  @Test
  void unauthorizedIsPermanentWithHintAndWithoutTheToken() {
    stubFor(
        get(urlPathEqualTo("/rest/api/3/myself"))
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withHeader("Content-Type", "text/plain")
                    .withBody("Client must be authenticated to access this resource.")));

    assertThatThrownBy(() -> system.checkConnection())
        .isInstanceOf(PermanentFailure.class)
        .hasMessageContaining("GET /rest/api/3/myself")
        .hasMessageContaining("HTTP 401")
        .hasMessageContaining("check the credentials")
        .hasMessageNotContaining(Fixtures.API_TOKEN);
  }

  @Test
  void checkConnectionReadsMyself() {
    stubFor(
        get(urlPathEqualTo("/rest/api/3/myself"))
            .willReturn(okJson(Fixtures.user(Fixtures.BOB, null, "hv integration").toString())));

    system.checkConnection();

    verify(
        getRequestedFor(urlPathEqualTo("/rest/api/3/myself"))
            .withHeader(
                "Authorization",
                com.github.tomakehurst.wiremock.client.WireMock.matching("Basic .+")));
  }
}
