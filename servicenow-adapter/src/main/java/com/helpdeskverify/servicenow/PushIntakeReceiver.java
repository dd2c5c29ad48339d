package com.helpdeskverify.servicenow;

import com.fasterxml.jackson.databind.JsonNode;
import com.helpdeskverify.core.TicketRef;
import com.helpdeskverify.core.spi.InboundWebhook;
import com.helpdeskverify.core.spi.ReplayGuard;
import com.helpdeskverify.core.spi.WebhookHead;
import com.helpdeskverify.core.spi.WebhookOutcome;
import com.helpdeskverify.core.spi.WebhookReceiver;
import com.helpdeskverify.http.ConstantTime;
import com.helpdeskverify.http.HttpClients;
import com.helpdeskverify.http.WebhookChecks;
import java.io.IOException;
import java.lang.System.Logger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Takes {@code {"table": "incident", "sys_id": "..."}} from a business rule or flow when a record
 * is inserted, so that the record is read at once instead of at the next scan. The body is only a
 * nudge: the record is then fetched from the instance and goes through intake like a scanned one.
 */
final class PushIntakeReceiver implements WebhookReceiver {
  static final String SECRET_HEADER = "x-hv-secret";
  static final String SIGNATURE_HEADER = "x-hv-signature";
  static final String TIMESTAMP_HEADER = "x-hv-timestamp";
  private static final Pattern SYS_ID = Pattern.compile("[0-9a-f]{32}");
  private static final Pattern EPOCH_SECONDS = Pattern.compile("[0-9]{1,12}");
  private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]{1,512}={0,2}");
  private static final Logger LOG = System.getLogger(PushIntakeReceiver.class.getName());

  private final String system;
  private final PushIntake intake;
  private final ServiceNowSettings settings;
  private final Clock clock;
  private final ReplayGuard replayGuard;
  private final Predicate<TicketRef> inScope;

  PushIntakeReceiver(
      String system,
      PushIntake intake,
      ServiceNowSettings settings,
      Clock clock,
      ReplayGuard replayGuard,
      Predicate<TicketRef> inScope) {
    this.system = system;
    this.intake = intake;
    this.settings = settings;
    this.clock = clock;
    this.replayGuard = replayGuard;
    this.inScope = inScope;
  }

  @Override
  public String route() {
    return "servicenow/" + system;
  }

  @Override
  public Optional<WebhookOutcome.Rejected> precheck(WebhookHead head) {
    if (!head.method().equalsIgnoreCase("POST")) {
      return Optional.of(new WebhookOutcome.Rejected(405, "POST only"));
    }
    if (intake.verification() != PushIntake.Verification.HMAC) {
      return checkSecret(head);
    }
    Optional<String> signature = head.header(SIGNATURE_HEADER);
    Optional<String> timestamp = head.header(TIMESTAMP_HEADER);
    if (signature.isEmpty() || timestamp.isEmpty()) {
      return Optional.of(new WebhookOutcome.Rejected(401, "signature or timestamp missing"));
    }
    Optional<Instant> signedAt = signedAt(timestamp.get());
    if (signedAt.isEmpty()) {
      return Optional.of(new WebhookOutcome.Rejected(401, "timestamp is not epoch seconds"));
    }
    if (!WebhookChecks.fresh(signedAt.get(), clock.instant(), intake.maxAge(), intake.maxAge())) {
      return Optional.of(new WebhookOutcome.Rejected(401, "stale timestamp"));
    }
    if (!BASE64.matcher(signature.get().strip()).matches()) {
      return Optional.of(new WebhookOutcome.Rejected(401, "signature is not base64"));
    }
    return Optional.empty();
  }

  /**
   * The instant of an epoch-seconds header, if it is one. At most 12 digits: a longer number is
   * past the year 33000 and, beyond 18 digits, past what {@link Instant} or a long can hold.
   */
  private static Optional<Instant> signedAt(String timestamp) {
    String digits = timestamp.strip();
    if (!EPOCH_SECONDS.matcher(digits).matches()) {
      return Optional.empty();
    }
    return Optional.of(Instant.ofEpochSecond(Long.parseLong(digits)));
  }

  @Override
  public WebhookOutcome receive(InboundWebhook request) {
    Optional<WebhookOutcome.Rejected> refused = precheck(WebhookHead.of(request));
    if (refused.isPresent()) {
      return refused.get();
    }
    byte[] body = request.body();
    if (intake.verification() == PushIntake.Verification.HMAC) {
      refused = checkSignature(request, body);
      if (refused.isPresent()) {
        return refused.get();
      }
    }
    JsonNode json;
    try {
      json = HttpClients.json().readTree(body);
    } catch (IOException e) {
      return new WebhookOutcome.Rejected(400, "body is not JSON");
    }
    String table = json == null ? "" : json.path("table").asText("");
    String sysId = json == null ? "" : json.path("sys_id").asText("");
    if (settings.table(table).isEmpty()) {
      return new WebhookOutcome.Rejected(400, "table is not one this system reads");
    }
    if (!SYS_ID.matcher(sysId).matches()) {
      return new WebhookOutcome.Rejected(400, "sys_id is not a sys_id");
    }
    return WebhookChecks.nudgeIfInScope(
        new TicketRef(system, ServiceNowTicketSystem.key(table, sysId)), inScope, LOG);
  }

  private Optional<WebhookOutcome.Rejected> checkSecret(WebhookHead head) {
    if (!WebhookChecks.secretHeaderMatches(head, SECRET_HEADER, intake.secret())) {
      return Optional.of(new WebhookOutcome.Rejected(401, "wrong or missing shared secret"));
    }
    return Optional.empty();
  }

  /** The signature over the body and the replay check; {@link #precheck} passed before. */
  private Optional<WebhookOutcome.Rejected> checkSignature(InboundWebhook request, byte[] body) {
    String timestamp = request.header(TIMESTAMP_HEADER).orElseThrow().strip();
    Instant signedAt = signedAt(timestamp).orElseThrow();
    Optional<String> signature = request.header(SIGNATURE_HEADER);
    byte[] expected = mac(timestamp, body);
    byte[] given;
    try {
      given = Base64.getDecoder().decode(signature.get().strip());
    } catch (IllegalArgumentException e) {
      return Optional.of(new WebhookOutcome.Rejected(401, "signature is not base64"));
    }
    if (!ConstantTime.equals(expected, given)) {
      return Optional.of(new WebhookOutcome.Rejected(401, "bad signature"));
    }
    // Remembered in its canonical form: the decoder also takes the signature unpadded (and with
    // other unused trailing bits), and such a copy must count as the same delivery.
    return WebhookChecks.replayed(
        replayGuard,
        route() + ":" + Base64.getEncoder().encodeToString(expected),
        signedAt.plus(intake.maxAge()));
  }

  /** HMAC-SHA256 over {@code timestamp + "." + body}. */
  byte[] mac(String timestamp, byte[] body) {
    return WebhookChecks.hmacSha256(
        intake.secret(), (timestamp + ".").getBytes(StandardCharsets.UTF_8), body);
  }
}
