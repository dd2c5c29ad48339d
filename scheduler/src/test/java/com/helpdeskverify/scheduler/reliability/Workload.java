package com.helpdeskverify.scheduler.reliability;

import com.helpdeskverify.simulators.SimulatedDuo;
import com.helpdeskverify.simulators.SimulatedDuo.Answer;
import com.helpdeskverify.simulators.SimulatedJira;
import java.time.Duration;
import java.util.Map;
import java.util.Random;

/**
 * Sensitive tickets for the reliability runs, each from a requester of its own (so the anti-fatigue
 * limit never interferes) whose Duo answer is drawn from a seeded source, and the configuration
 * that points the service at the simulators with intervals short enough for hundreds of tickets.
 */
final class Workload {
  /** Environment the configuration's secrets come from. */
  static final Map<String, String> ENV =
      Map.of(
          "JIRA_TOKEN",
          "it-token",
          "DUO_SKEY",
          "it-skey",
          "HV_LOG_LEVEL",
          System.getProperty("hv.it.log", "WARN"));

  private static final String[][] REQUESTS = {
    {"Password reset", "Forgot my password, please reset it."},
    {"MFA reset", "New phone, please reset my MFA."},
    {"Unlock", "My account is locked, please unlock it."},
    {"Admin rights", "I need local admin rights."},
  };

  /**
   * How long Duo keeps an unanswered push. Duo's own 60 s only made each run wait a minute for its
   * last ignored pushes. Shorter than every run's service-side {@code push-timeout}, as Duo's 60 s
   * is shorter than a usual deployment's: the ignored pushes end on Duo's {@code timeout} answer.
   */
  static final Duration DUO_PUSH_LIFE = Duration.ofSeconds(20);

  private final SimulatedJira jira;
  private final SimulatedDuo duo;
  private final Random random;
  private int filed;

  /**
   * Also shortens Duo's own push life to {@link #DUO_PUSH_LIFE}: an ignored push then ends when Duo
   * reports it as {@code timeout}, not a minute later. Only ignored pushes are affected; the others
   * are answered within 1.5 s, and Duo keeps an answer given while the service was down.
   */
  Workload(SimulatedJira jira, SimulatedDuo duo, long seed) {
    this.jira = jira;
    this.duo = duo;
    this.random = new Random(seed);
    duo.pushLife(DUO_PUSH_LIFE);
  }

  /**
   * Files the next ticket: 40% of requesters approve, 30% deny, 10% ignore the push, 20% have no
   * device; those who answer do so 0.2 to 1.5 s after the push.
   */
  synchronized RunAudit.Filed fileNext() {
    int n = ++filed;
    int draw = random.nextInt(100);
    Answer answer =
        draw < 40
            ? Answer.APPROVE
            : draw < 70 ? Answer.DENY : draw < 80 ? Answer.IGNORE : Answer.NO_DEVICE;
    String user = String.format("user-%04d@example.com", n);
    duo.user(user, answer, 200 + random.nextInt(1300));
    String[] request = REQUESTS[random.nextInt(REQUESTS.length)];
    String key =
        jira.file(
            String.format("acc-%04d", n),
            String.format("User %04d", n),
            user,
            request[0],
            request[1]);
    return new RunAudit.Filed(key, user, answer);
  }

  /** Files a harmless ticket (no case expected), from a requester of its own; its key. */
  synchronized String fileHarmless() {
    int n = ++filed;
    return jira.file(
        String.format("acc-%04d", n),
        String.format("User %04d", n),
        String.format("user-%04d@example.com", n),
        "Printer on floor 3",
        "The printer jams on every second page.");
  }

  /**
   * A node's configuration. Claims are short so that a killed node's cases resume within seconds;
   * the Duo push timeout is long enough that an answer given while the service is down still counts
   * when it is back, and short enough that ignored pushes time out within the run.
   *
   * @param pushTimeout Duo's push timeout: longer than the stretch in which the service is down or
   *     working off the backlog of its restarts, or approvals are seen late and time out
   * @param extra further YAML sections (store, scheduler.clustered), each at the top level
   */
  static String config(
      String nodeId,
      String dataDir,
      SimulatedJira jira,
      SimulatedDuo duo,
      String pushTimeout,
      String extra) {
    return config(nodeId, dataDir, jira, duo, pushTimeout, extra, "5s");
  }

  /**
   * As {@link #config(String, String, SimulatedJira, SimulatedDuo, String, String)}, with the claim
   * a node holds a case for: the default (2 minutes) shows whether a restarted node frees its own
   * claims rather than waiting them out.
   */
  static String config(
      String nodeId,
      String dataDir,
      SimulatedJira jira,
      SimulatedDuo duo,
      String pushTimeout,
      String extra,
      String claim) {
    return """
        node-id: %s
        data-dir: %s
        http:
          bind: 127.0.0.1
          port: 0
        workflow:
          claim: %s
          poll-interval: 3s
          retry-base: 500ms
          retry-max: 3s
          max-pushes-per-hour: 20
        ticket-systems:
          jira:
            type: jira-cloud
            provider: duo
            scan-interval: 300ms
            page-size: 100
            base-url: %s
            email: hv@example.com
            api-token: ${JIRA_TOKEN}
            rate-limit: 1000/s
            jql-scope: project = HD AND status = "Waiting for support"
            execute-transition: Execute
            execute-status: In Progress
            reject-transition: Reject
            escalate-transition: Escalate
        providers:
          duo:
            type: duo
            base-url: %s
            integration-key: DIIT00000000000000AA
            secret-key: ${DUO_SKEY}
            rate-limit: 1000/s
            push-timeout: %s
        %s
        """
        .formatted(nodeId, dataDir, claim, jira.baseUrl(), duo.baseUrl(), pushTimeout, extra);
  }
}
