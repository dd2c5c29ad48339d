package com.helpdeskverify.bench.service;

import com.helpdeskverify.simulators.ServiceProcess;
import com.helpdeskverify.simulators.SimulatedApi.Exchange;
import com.helpdeskverify.simulators.SimulatedDuo;
import com.helpdeskverify.simulators.SimulatedJira;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The simulated systems' side of the benchmarks: what is filed, sent and read back from them. */
final class Traffic {
  static final Duration LATENCY = Duration.ofMillis(20);
  static final String INTAKE = "Waiting for support";
  static final String SEARCH = "/rest/api/3/search/jql";
  static final Pattern ISSUE_PATH = Pattern.compile("/(HD-\\d+)(?:/|$)");
  static final Pattern TICKET = Pattern.compile("HD-\\d+");
  static final String WEBHOOK_SECRET = "bench-webhook-secret";

  static final String[][] REQUESTS = {
    {"Password reset", "Forgot my password, please reset it."},
    {"MFA reset", "New phone, please reset my MFA."},
    {"Unlock", "My account is locked, please unlock it."},
    {"Admin rights", "I need local admin rights on my laptop."},
  };

  private Traffic() {}

  /** Jira's admin webhook for a created issue, signed as Jira signs it. */
  static int sendWebhook(HttpClient http, int port, String key)
      throws IOException, InterruptedException {
    String body =
        "{\"timestamp\":%d,\"webhookEvent\":\"jira:issue_created\",\"issue\":{\"key\":\"%s\"}}"
            .formatted(System.currentTimeMillis(), key);
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/jira/jira"))
            .header("Content-Type", "application/json")
            .header("X-Hub-Signature", "sha256=" + hmac(body))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private static String hmac(String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(WEBHOOK_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The service's own count of cases by state, from its {@code /metrics}. */
  static Map<String, Long> openCases(ServiceProcess service)
      throws IOException, InterruptedException {
    HttpResponse<String> metrics =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + service.httpPort() + "/metrics"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    Map<String, Long> cases = new TreeMap<>();
    Matcher m = Pattern.compile("hv_cases\\{state=\"(\\w+)\"\\} (\\d+)").matcher(metrics.body());
    while (m.find()) {
      if (Long.parseLong(m.group(2)) > 0) {
        cases.put(m.group(1), Long.parseLong(m.group(2)));
      }
    }
    return cases;
  }

  static int pushedWaiting(SimulatedJira jira, List<SimulatedDuo.Push> pushes) {
    int n = 0;
    for (String key : pushesByTicket(pushes).keySet()) {
      if (jira.status(key).equals(INTAKE)) {
        n++;
      }
    }
    return n;
  }

  static Map<String, SimulatedDuo.Push> pushesByTicket(List<SimulatedDuo.Push> pushes) {
    Map<String, SimulatedDuo.Push> byTicket = new HashMap<>();
    for (SimulatedDuo.Push p : pushes) {
      Matcher m = TICKET.matcher(p.pushinfo());
      if (m.find()) {
        byTicket.putIfAbsent(m.group(), p);
      }
    }
    return byTicket;
  }

  static Map<String, List<Exchange>> byIssue(List<Exchange> calls) {
    Map<String, List<Exchange>> byKey = new HashMap<>();
    for (Exchange e : calls) {
      Matcher m = ISSUE_PATH.matcher(e.path());
      if (m.find()) {
        byKey.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(e);
      }
    }
    return byKey;
  }

  /** Duo calls by the user they concern: the form's username, or the push's txid. */
  static Map<String, List<Exchange>> byDuoUser(
      List<Exchange> calls, List<SimulatedDuo.Push> pushes) {
    Map<String, String> userOfTx = new HashMap<>();
    pushes.forEach(p -> userOfTx.put(p.txid(), p.username()));
    Map<String, List<Exchange>> byUser = new HashMap<>();
    for (Exchange e : calls) {
      String user = null;
      if (e.query().containsKey("txid")) {
        user = userOfTx.get(e.query().get("txid"));
      } else if (e.body() != null) {
        for (String pair : e.body().split("&")) {
          if (pair.startsWith("username=")) {
            user = URLDecoder.decode(pair.substring("username=".length()), StandardCharsets.UTF_8);
          }
        }
      }
      if (user != null) {
        byUser.computeIfAbsent(user, u -> new ArrayList<>()).add(e);
      }
    }
    return byUser;
  }

  static List<Exchange> after(List<Exchange> calls, Instant from) {
    return calls.stream().filter(e -> !e.received().isBefore(from)).toList();
  }

  static Duration since(Instant start) {
    return Duration.between(start, Instant.now());
  }
}
