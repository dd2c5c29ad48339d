package com.helpdeskverify.scheduler.demo;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Duo's Auth API v2 ({@code /auth/v2/check}, {@code preauth}, {@code auth} with {@code async=1},
 * {@code auth_status}) with users who answer pushes as scripted, after a delay.
 */
public final class SimulatedDuo extends SimulatedApi {

  /** How a demo user answers a push. */
  public enum Answer {
    APPROVE,
    DENY,
    IGNORE,
    NO_DEVICE
  }

  private record User(Answer answer, long delayMillis) {}

  /** A push Duo sent: its transaction id, to whom, the {@code pushinfo} it showed, and when. */
  public record Push(String txid, String username, String pushinfo, Instant sentAt) {}

  private final Clock clock;
  private final Map<String, User> users = new ConcurrentHashMap<>();
  private final Map<String, Push> pushes = new ConcurrentHashMap<>();

  public SimulatedDuo(Clock clock) throws IOException {
    this.clock = clock;
  }

  public void user(String username, Answer answer, long delayMillis) {
    users.put(username, new User(answer, delayMillis));
  }

  public int pushCount() {
    return pushes.size();
  }

  /** Every push sent so far. */
  public List<Push> pushes() {
    return pushes.values().stream().sorted(Comparator.comparing(Push::sentAt)).toList();
  }

  /** The user name of every push sent, in no particular order. */
  List<String> pushedUsernames() {
    return pushes.values().stream().map(Push::username).toList();
  }

  @Override
  Response answer(Request r) {
    switch (r.path()) {
      case "/auth/v2/check":
        return ok(Map.of("time", clock.instant().getEpochSecond()));
      case "/auth/v2/preauth":
        {
          User u = users.get(r.form().getOrDefault("username", ""));
          if (u == null || u.answer() == Answer.NO_DEVICE) {
            return ok(
                Map.of(
                    "result", "enroll",
                    "status_msg", "Enroll an authentication device to proceed",
                    "enroll_portal_url", "https://api-demo.duosecurity.com/portal?code=demo"));
          }
          return ok(
              Map.of(
                  "result", "auth",
                  "status_msg", "Account is active",
                  "devices",
                      List.of(
                          Map.of(
                              "device", "DPFZRS9FB0D46QFTM891",
                              "type", "phone",
                              "name", "iPhone",
                              "capabilities", List.of("auto", "push", "sms", "phone")))));
        }
      case "/auth/v2/auth":
        {
          String txid = UUID.randomUUID().toString();
          Map<String, String> form = r.form();
          pushes.put(
              txid,
              new Push(
                  txid, form.get("username"), form.getOrDefault("pushinfo", ""), clock.instant()));
          return ok(Map.of("txid", txid));
        }
      case "/auth/v2/auth_status":
        {
          Push p = pushes.get(r.query().get("txid"));
          if (p == null) {
            return new Response(
                400,
                Map.of("stat", "FAIL", "code", 40002, "message", "Invalid request parameters"),
                Map.of());
          }
          User u = users.get(p.username());
          boolean answered = clock.millis() - p.sentAt().toEpochMilli() >= u.delayMillis();
          if (!answered || u.answer() == Answer.IGNORE) {
            return ok(
                Map.of(
                    "result",
                    "waiting",
                    "status",
                    "pushed",
                    "status_msg",
                    "Pushed a login request to your device..."));
          }
          return u.answer() == Answer.APPROVE
              ? ok(
                  Map.of(
                      "result",
                      "allow",
                      "status",
                      "allow",
                      "status_msg",
                      "Success. Logging you in..."))
              : ok(
                  Map.of(
                      "result", "deny", "status", "deny", "status_msg", "Login request denied."));
        }
      default:
        return new Response(
            404, Map.of("stat", "FAIL", "code", 40401, "message", "Resource not found"), Map.of());
    }
  }

  private static Response ok(Object response) {
    return Response.json(Map.of("stat", "OK", "response", response));
  }
}
