package com.helpdeskverify.simulators;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * Duo's Auth API v2 ({@code /auth/v2/check}, {@code preauth}, {@code auth} with {@code async=1},
 * {@code auth_status}) with users who answer pushes as scripted, after a delay.
 *
 * <p>{@code auth_status} long-polls as Duo documents it (duo_client_python {@code auth.py}
 * "Longpoll for the status of an asynchronous authentication call"; duo_unix {@code lib/duo.c}
 * "long-poll on txid", called with no timeout): the first question about a transaction is answered
 * at once, later ones are held until its status changes (answered, or the push's life ran out:
 * {@code deny}/{@code timeout}).
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

  private static final Duration HOLD_SLICE = Duration.ofMillis(20);

  /**
   * The longest a poll is held, in real time, before it answers "waiting": less than the service's
   * {@code status-read-timeout} (75 s by default). A caller whose held poll times out leaves
   * nothing behind on a real server, but here its thread would stay held until the push's life
   * ended: with pushes that live an hour (the footprint harness), the re-polls of every pending
   * push piled up held threads until the pool was used up and new calls timed out (2026-12-04).
   */
  private static final Duration MAX_HOLD = Duration.ofSeconds(60);

  /** Polls held right now. */
  private final AtomicInteger held = new AtomicInteger();

  private final Clock clock;
  private final Map<String, User> users = new ConcurrentHashMap<>();
  private final Map<String, Push> pushes = new ConcurrentHashMap<>();
  private final Map<String, Answer> answered = new ConcurrentHashMap<>();
  private final Set<String> asked = ConcurrentHashMap.newKeySet();
  private final Map<String, AtomicInteger> openPolls = new ConcurrentHashMap<>();
  private final AtomicInteger mostOpenPolls = new AtomicInteger();
  private volatile Duration pushLife = Duration.ofSeconds(60);
  private volatile boolean longPoll = true;

  public SimulatedDuo(Clock clock) throws IOException {
    this(clock, Optional.empty());
  }

  /**
   * @param tls serve HTTPS with this context, as Duo does
   */
  public SimulatedDuo(Clock clock, Optional<SSLContext> tls) throws IOException {
    super(2048, tls);
    this.clock = clock;
  }

  /** How long a push stays answerable before Duo reports it as {@code timeout} (Duo: 60 s). */
  public void pushLife(Duration life) {
    pushLife = life;
  }

  /** Whether {@code auth_status} holds, as Duo's does (on by default). */
  public void longPoll(boolean on) {
    longPoll = on;
  }

  /** The requester answers this push now, whatever their script says. */
  public void answer(String txid, Answer answer) {
    answered.put(txid, answer);
  }

  /** The most {@code auth_status} calls that were ever open at once for one transaction. */
  public int mostOpenStatusCallsPerPush() {
    return mostOpenPolls.get();
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
  public List<String> pushedUsernames() {
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
          AtomicInteger open = openPolls.computeIfAbsent(p.txid(), k -> new AtomicInteger());
          mostOpenPolls.accumulateAndGet(open.incrementAndGet(), Math::max);
          try {
            return status(p);
          } finally {
            open.decrementAndGet();
          }
        }
      default:
        return new Response(
            404, Map.of("stat", "FAIL", "code", 40401, "message", "Resource not found"), Map.of());
    }
  }

  /** The push's status now: APPROVE, DENY, or null while it waits. */
  private Answer current(Push p) {
    Answer explicit = answered.get(p.txid());
    if (explicit != null) {
      return explicit;
    }
    User u = users.get(p.username());
    boolean due = clock.millis() - p.sentAt().toEpochMilli() >= u.delayMillis();
    return due && u.answer() != Answer.IGNORE ? u.answer() : null;
  }

  /**
   * How long a held poll sleeps before it looks again: {@code HOLD_SLICE}, longer when many polls
   * are held (half a millisecond each, at most a second: 2,000 held polls waking every 20 ms
   * starved a 2-core machine), but never past the moment the user's answer is due.
   */
  private long holdSliceMillis(Push p) {
    long slice = Math.min(1000, Math.max(HOLD_SLICE.toMillis(), held.get() / 2));
    User u = users.get(p.username());
    long toAnswer = u.delayMillis() - (clock.millis() - p.sentAt().toEpochMilli());
    return toAnswer > 0 && u.answer() != Answer.IGNORE
        ? Math.max(1, Math.min(slice, toAnswer))
        : slice;
  }

  private boolean expired(Push p) {
    return !clock.instant().isBefore(p.sentAt().plus(pushLife));
  }

  private Response status(Push p) {
    boolean first = asked.add(p.txid());
    // Held until the status changes; a real-time bound keeps a frozen test clock from holding
    // forever, and a held thread from outliving its caller's read timeout (MAX_HOLD).
    Duration hold = pushLife.plusSeconds(5);
    long until = System.nanoTime() + (hold.compareTo(MAX_HOLD) < 0 ? hold : MAX_HOLD).toNanos();
    held.incrementAndGet();
    try {
      while (longPoll && !first && current(p) == null && !expired(p) && System.nanoTime() < until) {
        try {
          Thread.sleep(holdSliceMillis(p));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    } finally {
      held.decrementAndGet();
    }
    Answer a = current(p);
    if (a == null && expired(p)) {
      return ok(Map.of("result", "deny", "status", "timeout", "status_msg", "Login timed out."));
    }
    if (a == null) {
      return ok(
          Map.of(
              "result",
              "waiting",
              "status",
              "pushed",
              "status_msg",
              "Pushed a login request to your device..."));
    }
    return a == Answer.APPROVE
        ? ok(
            Map.of(
                "result", "allow", "status", "allow", "status_msg", "Success. Logging you in..."))
        : ok(Map.of("result", "deny", "status", "deny", "status_msg", "Login request denied."));
  }

  private static Response ok(Object response) {
    return Response.json(Map.of("stat", "OK", "response", response));
  }
}
