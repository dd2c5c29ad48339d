package com.helpdeskverify.servicenow;

import com.helpdeskverify.core.CommentMarker;
import com.helpdeskverify.core.ScanMark;
import com.helpdeskverify.core.Ticket;
import com.helpdeskverify.core.TicketRef;
import com.helpdeskverify.core.Watermark;
import com.helpdeskverify.core.spi.ReplayGuard;
import com.helpdeskverify.core.spi.ScanPage;
import com.helpdeskverify.core.spi.TicketSystem;
import com.helpdeskverify.core.spi.WebhookReceiver;
import com.helpdeskverify.http.HttpClients;
import com.helpdeskverify.http.HttpPolicy;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import okhttp3.OkHttpClient;

/**
 * A ServiceNow instance as a {@link TicketSystem}: incidents and requested items (or any task table
 * configured alike) over the Table API. The scan ({@link TableScan}), the reading of records as
 * tickets ({@link TicketReader}), the journal ({@link Journal}) and the moves ({@link Moves}) share
 * one {@link TableClient}.
 *
 * <p>A ticket's key is {@code <table>:<sys_id>}, such as {@code
 * incident:9d385017c611228701d22104cc95c371}: the sys_id never changes and every update needs it,
 * while the number is for people and appears in messages only.
 */
public final class ServiceNowTicketSystem implements TicketSystem {
  private final String id;
  private final ServiceNowSettings settings;
  private final TableClient client;
  private final TicketReader reader;
  private final TableScan scan;
  private final Journal journal;
  private final Moves moves;
  private final Optional<WebhookReceiver> receiver;

  ServiceNowTicketSystem(
      String id,
      ServiceNowSettings settings,
      TableApi api,
      Optional<OAuthTokens> tokens,
      Clock clock,
      ReplayGuard replayGuard) {
    this.id = Objects.requireNonNull(id, "id");
    Objects.requireNonNull(clock, "clock");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.client = new TableClient(id, settings, api, tokens);
    this.reader = new TicketReader(settings, client);
    this.scan = new TableScan(settings, client, reader, clock);
    this.journal = new Journal(settings.integrationUser(), client);
    this.moves = new Moves(settings, client, reader);
    this.receiver =
        settings
            .pushIntake()
            .map(
                p ->
                    new PushIntakeReceiver(
                        id, p, settings, clock, replayGuard, ref -> fetchInScope(ref).isPresent()));
  }

  /** Builds the HTTP clients for the instance: shared retry policy plus this instance's auth. */
  static ServiceNowTicketSystem connect(
      String id,
      ServiceNowSettings settings,
      HttpPolicy policy,
      Clock clock,
      ReplayGuard replayGuard) {
    String base = settings.instanceUrl().toString();
    Optional<OAuthTokens> tokens = Optional.empty();
    // One client the others derive from: the token and table calls share the instance's
    // Retry-After gate.
    OkHttpClient shared = HttpClients.builder(id, policy, clock).build();
    OkHttpClient.Builder builder = shared.newBuilder();
    if (settings.auth() instanceof Auth.Basic basic) {
      builder.addInterceptor(new BasicAuth(basic));
    } else if (settings.auth() instanceof Auth.OAuth oauth) {
      TokenApi tokenApi = HttpClients.retrofit(base, shared).create(TokenApi.class);
      OAuthTokens holder = new OAuthTokens(id, tokenApi, oauth, clock);
      builder.addInterceptor(holder).authenticator(holder);
      tokens = Optional.of(holder);
    }
    TableApi api = HttpClients.retrofit(base, builder.build()).create(TableApi.class);
    return new ServiceNowTicketSystem(id, settings, api, tokens, clock, replayGuard);
  }

  @Override
  public String id() {
    return id;
  }

  /** See {@link TableScan#findChanged}. */
  @Override
  public ScanPage findChanged(Watermark since, int limit) {
    return scan.findChanged(since, limit);
  }

  /** See {@link TableScan#findChanged(Watermark, int, Object)}. */
  @Override
  public ScanPage findChanged(Watermark since, int limit, Object continuation) {
    return scan.findChanged(since, limit, continuation);
  }

  @Override
  public Optional<List<ScanMark>> scopeSince(Instant from) {
    return Optional.of(scan.scopeSince(from));
  }

  @Override
  public Optional<Ticket> fetch(TicketRef ref) {
    return reader.fetch(ref);
  }

  @Override
  public Optional<Ticket> fetchInScope(TicketRef ref) {
    return reader.fetchInScope(ref);
  }

  @Override
  public void postPublicComment(TicketRef ticket, String text, CommentMarker marker) {
    journal.postPublicComment(ticket, text, marker);
  }

  @Override
  public void postInternalNote(TicketRef ticket, String text, CommentMarker marker) {
    journal.postInternalNote(ticket, text, marker);
  }

  @Override
  public boolean hasComment(TicketRef ref, CommentMarker marker) {
    return journal.hasComment(ref, marker);
  }

  @Override
  public void execute(TicketRef ticket) {
    moves.move(ticket, Move.EXECUTE, "");
  }

  @Override
  public void reject(TicketRef ticket, String reason) {
    moves.move(ticket, Move.REJECT, reason);
  }

  /**
   * The move's update also writes the comment to {@code comments} (one PATCH), unless the record
   * needs no update or the move sets {@code comments} itself; then the comment follows on its own.
   */
  @Override
  public void execute(TicketRef ticket, PublicComment comment) {
    moveWithComment(ticket, Move.EXECUTE, "", comment);
  }

  @Override
  public void reject(TicketRef ticket, String reason, PublicComment comment) {
    moveWithComment(ticket, Move.REJECT, reason, comment);
  }

  private void moveWithComment(TicketRef ticket, Move move, String reason, PublicComment comment) {
    boolean posted =
        moves.move(
            ticket,
            move,
            reason,
            Optional.of(Journal.withMarker(comment.text(), comment.marker())));
    if (!posted) {
      comment.postOn(this, ticket);
    }
  }

  @Override
  public void escalate(TicketRef ticket, String reason) {
    moves.move(ticket, Move.ESCALATE, reason);
  }

  @Override
  public Standing standing(Ticket ticket) {
    return moves.standing(ticket);
  }

  @Override
  public Optional<String> howToRequestVerification() {
    return settings.verify().map(v -> "set " + v.query().replace("^", " and ") + " on the record");
  }

  @Override
  public void clearVerificationRequest(TicketRef ref) {
    moves.clearVerificationRequest(ref);
  }

  /**
   * Proves the credentials, the read access to every table and to the journal, and that every
   * configured assignment group exists.
   */
  @Override
  public void checkConnection() {
    for (TableSettings table : settings.tables()) {
      client.list(table.table(), table.intakeQuery(), "sys_id", 1, 0);
      if (table.table().equals(TicketReader.REQUESTED_ITEM)) {
        client.list(TicketReader.VARIABLE_TABLE, "", TicketReader.VARIABLE_FIELDS, 1, 0);
      }
      moves.checkGroups(table);
    }
    journal.check();
  }

  @Override
  public Optional<WebhookReceiver> webhookReceiver() {
    return receiver;
  }

  /** A ticket's key: {@code <table>:<sys_id>}. */
  static String key(String table, String sysId) {
    return table + ":" + sysId;
  }
}
