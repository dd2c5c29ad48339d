package com.helpdeskverify.jira;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.helpdeskverify.core.spi.PermanentFailure;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What {@code check-config} learns from Jira: whether the site is the kind configured ({@code
 * serverInfo.deploymentType}), and whether notes in {@code comment-api: platform} would stay
 * internal on every project of the scope.
 */
@WireMockTest
class CheckConnectionTest {

  private static void site(String deploymentType, JiraSettings.Deployment configured) {
    stubFor(
        get(urlPathEqualTo("/rest/api/2/serverInfo"))
            .willReturn(
                okJson(
                    "{\"baseUrl\":\"https://jira.acme.example\",\"version\":\"10.3.2\","
                        + "\"versionNumbers\":[10,3,2],\"deploymentType\":\""
                        + deploymentType
                        + "\",\"buildNumber\":10030002,\"serverTitle\":\"Jira\"}")));
    String me =
        configured == JiraSettings.Deployment.CLOUD
            ? Fixtures.connector().toString()
            : Fixtures.dataCenterUser("helpdesk-verify", "JIRAUSER10100", "hv").toString();
    stubFor(
        get(urlPathEqualTo("/rest/api/" + configured.restVersion() + "/myself"))
            .willReturn(okJson(me)));
    stubFor(
        get(urlPathEqualTo("/rest/servicedeskapi/servicedesk"))
            .willReturn(
                okJson(
                    InternalNoteTest.serviceDeskPage(
                        0, true, InternalNoteTest.desk("1", "10000", "HD", "Help Desk")))));
  }

  private static JiraTicketSystem system(
      WireMockRuntimeInfo wm,
      JiraSettings.Deployment deployment,
      JiraSettings.CommentApi mode,
      String scope,
      Optional<JiraSettings.Visibility> visibility) {
    JiraSettings base = Fixtures.settings(deployment, wm.getHttpBaseUrl(), mode);
    return Fixtures.connect(base.toBuilder().scopeJql(scope).noteVisibility(visibility).build());
  }

  @Test
  void dataCenterSiteConfiguredAsCloudIsNamedWithWhatToUseInstead(WireMockRuntimeInfo wm) {
    site("Server", JiraSettings.Deployment.CLOUD);
    JiraTicketSystem system =
        system(
            wm,
            JiraSettings.Deployment.CLOUD,
            JiraSettings.CommentApi.SERVICEDESK,
            "project = HD",
            Optional.empty());

    assertThatThrownBy(system::checkConnection)
        .isInstanceOf(PermanentFailure.class)
        .hasMessageContaining("Jira Server / Data Center (serverInfo deploymentType Server)")
        .hasMessageContaining("type: jira-datacenter")
        .hasMessageContaining("no API tokens");
  }

  @Test
  void cloudSiteConfiguredAsDataCenterIsNamedWithWhatToUseInstead(WireMockRuntimeInfo wm) {
    site("Cloud", JiraSettings.Deployment.DATA_CENTER);
    JiraTicketSystem system =
        system(
            wm,
            JiraSettings.Deployment.DATA_CENTER,
            JiraSettings.CommentApi.SERVICEDESK,
            "project = HD",
            Optional.empty());

    assertThatThrownBy(system::checkConnection)
        .isInstanceOf(PermanentFailure.class)
        .hasMessageContaining("the site is Jira Cloud")
        .hasMessageContaining("type: jira-cloud");
  }

  @Test
  void platformNotesOnAServiceDeskScopePass(WireMockRuntimeInfo wm) {
    site("Server", JiraSettings.Deployment.DATA_CENTER);

    assertThatCode(
            () ->
                system(
                        wm,
                        JiraSettings.Deployment.DATA_CENTER,
                        JiraSettings.CommentApi.PLATFORM,
                        "project = HD AND status = \"Waiting for support\"",
                        Optional.empty())
                    .checkConnection())
        .doesNotThrowAnyException();
  }

  @Test
  void platformNotesOnAScopedProjectThatIsNoServiceDeskAreRefusedNamingIt(WireMockRuntimeInfo wm) {
    site("Cloud", JiraSettings.Deployment.CLOUD);
    JiraTicketSystem system =
        system(
            wm,
            JiraSettings.Deployment.CLOUD,
            JiraSettings.CommentApi.PLATFORM,
            "project in (HD, IT) AND status = \"Waiting for support\"",
            Optional.empty());

    assertThatThrownBy(system::checkConnection)
        .isInstanceOf(PermanentFailure.class)
        .hasMessageContaining("IT is not a service desk: notes there would be public")
        .hasMessageContaining("note-visibility");
  }

  @Test
  void platformNotesOnAScopeWhoseProjectsCannotBeToldAreRefused(WireMockRuntimeInfo wm) {
    site("Server", JiraSettings.Deployment.DATA_CENTER);
    JiraTicketSystem system =
        system(
            wm,
            JiraSettings.Deployment.DATA_CENTER,
            JiraSettings.CommentApi.PLATFORM,
            "project = HD OR labels = verify-me",
            Optional.empty());

    assertThatThrownBy(system::checkConnection)
        .isInstanceOf(PermanentFailure.class)
        .hasMessageContaining("cannot be told");
  }

  @Test
  void platformNotesWithAConfiguredVisibilityPassOnAnyProject(WireMockRuntimeInfo wm) {
    site("Cloud", JiraSettings.Deployment.CLOUD);

    assertThatCode(
            () ->
                system(
                        wm,
                        JiraSettings.Deployment.CLOUD,
                        JiraSettings.CommentApi.PLATFORM,
                        "project in (HD, IT)",
                        Optional.of(
                            JiraSettings.Visibility.of(
                                JiraSettings.Visibility.Kind.ROLE, "Service Desk Team")))
                    .checkConnection())
        .doesNotThrowAnyException();
  }
}
