package com.helpdeskverify.core.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.helpdeskverify.core.CaseId;
import com.helpdeskverify.core.CaseState;
import com.helpdeskverify.core.Challenge;
import com.helpdeskverify.core.Classification;
import com.helpdeskverify.core.EmailAddresses;
import com.helpdeskverify.core.HistoryEntry;
import com.helpdeskverify.core.PushHandle;
import com.helpdeskverify.core.Reason;
import com.helpdeskverify.core.ReasonCode;
import com.helpdeskverify.core.Requester;
import com.helpdeskverify.core.ScanMark;
import com.helpdeskverify.core.SensitiveOperation;
import com.helpdeskverify.core.TicketRef;
import com.helpdeskverify.core.VerificationCase;
import com.helpdeskverify.core.Watermark;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Verification cases and their audit history in a relational database (H2 or PostgreSQL).
 *
 * <p>Work is distributed by claims: {@link #claimDue} gives a node the exclusive right to work a
 * case until the claim runs out, and every {@link #save} is refused unless the node still holds the
 * claim and nobody wrote the case since it was read. A node that dies simply lets its claims run
 * out.
 */
public final class CaseStore {

  private static final String STATE_LIST =
      CaseState.active().stream().map(s -> "'" + s.name() + "'").collect(Collectors.joining(","));

  private static final String COLUMNS =
      "id, ticket_system, ticket_key, ticket_label, attempt, requester_account_id, requester_email,"
          + " requester_name, opened_by_account_id, opened_by_name, fingerprint, operation, confidence, evidence,"
          + " third_party, provider, state,"
          + " provider_user_id, push_id, push_deadline, match_number, reason_code, reason_detail,"
          + " next_action_at, ticket_checked_at, failures, step_attempts, claim_owner, claim_until,"
          + " version, created_at, updated_at, requester_attributes";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final DataSource dataSource;
  private final boolean postgres;

  private CaseStore(DataSource dataSource, boolean postgres) {
    this.dataSource = dataSource;
    this.postgres = postgres;
  }

  /** Brings the schema up to date with Flyway and opens the store. */
  public static CaseStore migrate(DataSource dataSource) {
    Objects.requireNonNull(dataSource, "dataSource");
    boolean postgres;
    try (Connection c = dataSource.getConnection()) {
      postgres = c.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres");
    } catch (SQLException e) {
      throw new StoreFailure("connect", e);
    }
    List<String> locations = new ArrayList<>(List.of("classpath:db/migration/common"));
    if (postgres) {
      locations.add("classpath:db/migration/postgresql");
    }
    Flyway.configure()
        .dataSource(dataSource)
        .locations(locations.toArray(String[]::new))
        .table("hv_schema_history")
        .load()
        .migrate();
    return new CaseStore(dataSource, postgres);
  }

  /**
   * Opens a new case and writes its first history line. Returns false, writing nothing, when this
   * attempt of this ticket already has a case (another node opened it first).
   */
  public boolean insert(VerificationCase c, String actor, String detail) {
    String sql =
        "insert into verification_case (" + COLUMNS + ", active) values (" + "?,".repeat(33) + "?)";
    return inTransaction(
        "open case for " + c.ticket(),
        conn -> {
          try (PreparedStatement ps = conn.prepareStatement(sql)) {
            int i = 1;
            ps.setString(i++, c.id().value());
            ps.setString(i++, c.ticket().system());
            ps.setString(i++, c.ticket().key());
            ps.setString(i++, storable(c.ticket().label(), 255));
            ps.setInt(i++, c.attempt());
            ps.setString(i++, c.requester().accountId());
            ps.setString(i++, c.requester().email().filter(CaseStore::storableAsIs).orElse(null));
            ps.setString(i++, storable(c.requester().displayName(), 500));
            ps.setString(i++, c.openedBy().map(Requester::accountId).orElse(null));
            ps.setString(i++, c.openedBy().map(o -> storable(o.displayName(), 500)).orElse(null));
            ps.setString(i++, c.fingerprint());
            ps.setString(i++, c.classification().operation().name());
            ps.setDouble(i++, c.classification().confidence());
            ps.setString(i++, toJson(c.classification().evidence()));
            ps.setString(i++, toJson(c.classification().thirdParty()));
            ps.setString(i++, c.provider());
            ps.setString(i++, c.state().name());
            i = bindProgress(ps, i, c);
            ps.setObject(i++, time(c.createdAt()));
            ps.setObject(i++, time(c.updatedAt()));
            ps.setString(i++, attributesJson(c.requester()));
            ps.setBoolean(i, !c.state().terminal());
            ps.executeUpdate();
          } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
              conn.rollback();
              return false;
            }
            throw e;
          }
          appendHistory(conn, c.id(), c.createdAt(), null, c.state(), actor, detail);
          return true;
        });
  }

  public Optional<VerificationCase> find(CaseId id) {
    return query(
        "find case " + id,
        conn ->
            selectOne(
                conn, "select " + COLUMNS + " from verification_case where id = ?", id.value()));
  }

  /** The case of the ticket's latest attempt. */
  public Optional<VerificationCase> latestFor(TicketRef ticket) {
    return query(
        "latest case of " + ticket,
        conn ->
            selectOne(
                conn,
                "select "
                    + COLUMNS
                    + " from verification_case where ticket_system = ? and"
                    + " ticket_key = ? order by attempt desc fetch first 1 rows only",
                ticket.system(),
                ticket.key()));
  }

  /** Every case of a ticket, first attempt first. */
  public List<VerificationCase> casesOf(TicketRef ticket) {
    return query(
        "cases of " + ticket,
        conn ->
            selectMany(
                conn,
                "select "
                    + COLUMNS
                    + " from verification_case where ticket_system = ? and"
                    + " ticket_key = ? order by attempt",
                ticket.system(),
                ticket.key()));
  }

  /** All cases, oldest first; for reports and tests, not for the hot path. */
  public List<VerificationCase> all() {
    return query(
        "list cases",
        conn ->
            selectMany(
                conn, "select " + COLUMNS + " from verification_case order by created_at, id"));
  }

  /**
   * Claims up to {@code limit} active cases that are due and not claimed by a live claim, for
   * {@code owner} until {@code now + lease}. Each claimed case counts one more step attempt.
   * Pending pushes come first, the nearest deadline first: a poll that waits behind a burst of new
   * tickets sees an approval only after its deadline, and that turns it into a timeout.
   */
  public List<VerificationCase> claimDue(String owner, Instant now, Duration lease, int limit) {
    String pick =
        "select id, version from verification_case where active = true and next_action_at <= ?"
            + " and (claim_until is null or claim_until < ?) order by case when state = '"
            + CaseState.CHALLENGED.name()
            + "' then 0 else 1 end, case when state = '"
            + CaseState.CHALLENGED.name()
            + "' then push_deadline end, next_action_at"
            + " fetch first "
            + limit
            + " rows only"
            + (postgres ? " for update skip locked" : "");
    String claim =
        "update verification_case set claim_owner = ?, claim_until = ?, step_attempts ="
            + " step_attempts + 1, version = version + 1 where id = ? and version = ? and"
            + " (claim_until is null or claim_until < ?)";
    return inTransaction(
        "claim due cases",
        conn -> {
          List<String[]> candidates = new ArrayList<>();
          try (PreparedStatement ps = conn.prepareStatement(pick)) {
            ps.setObject(1, time(now));
            ps.setObject(2, time(now));
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                candidates.add(new String[] {rs.getString(1), Long.toString(rs.getLong(2))});
              }
            }
          }
          List<VerificationCase> claimed = new ArrayList<>();
          try (PreparedStatement ps = conn.prepareStatement(claim)) {
            for (String[] candidate : candidates) {
              ps.setString(1, owner);
              ps.setObject(2, time(now.plus(lease)));
              ps.setString(3, candidate[0]);
              ps.setLong(4, Long.parseLong(candidate[1]));
              ps.setObject(5, time(now));
              if (ps.executeUpdate() == 1) {
                selectOne(
                        conn,
                        "select " + COLUMNS + " from verification_case where id = ?",
                        candidate[0])
                    .ifPresent(claimed::add);
              }
            }
          }
          return claimed;
        });
  }

  /**
   * Writes {@code next} over {@code current}, if {@code owner} still holds the claim and nobody
   * wrote the case since {@code current} was read; otherwise throws {@link ClaimLost}. A change of
   * state must be one {@link CaseState#canMoveTo} allows and is written to the history together
   * with {@code note}; without a change of state, a non-empty {@code note} is written alone.
   *
   * @param keepClaim how much longer the owner keeps the claim, or empty to release it
   */
  public VerificationCase save(
      VerificationCase current,
      VerificationCase next,
      String owner,
      Instant now,
      Optional<Duration> keepClaim,
      String actor,
      Optional<String> note) {
    if (!current.id().equals(next.id())) {
      throw new IllegalArgumentException("save must keep the case id");
    }
    boolean moved = current.state() != next.state();
    if (moved) {
      checkMove(current, next);
    }
    return inTransaction(
        "save case " + current.id(),
        conn -> write(conn, current, next, moved, owner, now, keepClaim, actor, note));
  }

  /**
   * Extends the claim {@code owner} holds on {@code current} to {@code now + lease}, if nobody
   * wrote the case since it was read; otherwise throws {@link ClaimLost}. The workflow calls it
   * before every side effect: a claim that ran out while its holder was slow (a case waiting in a
   * claimed batch, a call held up by a rate limit) may have been claimed and worked by another
   * node, and that node's comment or push must not be repeated. The version is left as it is, so
   * the holder's copy of the case stays current; a rival's claim bumps it, so exactly one of the
   * two writes wins.
   */
  public void renewClaim(VerificationCase current, String owner, Instant now, Duration lease) {
    boolean held =
        inTransaction(
            "renew the claim on case " + current.id(),
            conn -> {
              try (PreparedStatement ps =
                  conn.prepareStatement(
                      "update verification_case set claim_until = ? where id = ? and version = ?"
                          + " and claim_owner = ?")) {
                ps.setObject(1, time(now.plus(lease)));
                ps.setString(2, current.id().value());
                ps.setLong(3, current.version());
                ps.setString(4, owner);
                return ps.executeUpdate() == 1;
              }
            });
    if (!held) {
      throw new ClaimLost(current.id(), owner, current.version());
    }
  }

  /**
   * Moves a case into {@link CaseState#PUSH_SENDING} unless its push target has already been sent
   * {@code limit} pushes within {@code window}, counted and reserved under a lock on the target, so
   * that nodes racing to prompt one person cannot together exceed the limit.
   *
   * @return the written case, or empty when the limit is reached (nothing is written)
   */
  public Optional<VerificationCase> saveWithinPushBudget(
      VerificationCase current,
      VerificationCase next,
      String owner,
      Instant now,
      Duration keepClaim,
      int limit,
      Duration window) {
    if (next.state() != CaseState.PUSH_SENDING || next.providerUserId().isEmpty()) {
      throw new IllegalArgumentException("a push budget is only spent on the way to PUSH_SENDING");
    }
    checkMove(current, next);
    String provider = next.provider();
    // One budget per person, whatever letter case the provider's id for them came in.
    String user = EmailAddresses.normalize(next.providerUserId().get());
    String upsert =
        postgres
            ? "insert into push_target (provider, provider_user_id) values (?, ?) on conflict do"
                + " nothing"
            : "merge into push_target key (provider, provider_user_id) values (?, ?)";
    return inTransaction(
        "reserve a push for " + current.id(),
        conn -> {
          try (PreparedStatement ps = conn.prepareStatement(upsert)) {
            ps.setString(1, provider);
            ps.setString(2, user);
            ps.executeUpdate();
          }
          try (PreparedStatement ps =
              conn.prepareStatement(
                  "select provider from push_target where provider = ? and provider_user_id = ?"
                      + " for update")) {
            ps.setString(1, provider);
            ps.setString(2, user);
            ps.executeQuery().close();
          }
          try (PreparedStatement ps =
              conn.prepareStatement(
                  "select count(distinct h.case_id) from case_history h join verification_case c"
                      + " on c.id = h.case_id where c.provider = ? and c.push_target_key = ? and"
                      + " h.to_state = 'PUSH_SENDING' and h.at > ? and c.id <> ?")) {
            ps.setString(1, provider);
            ps.setString(2, user);
            ps.setObject(3, time(now.minus(window)));
            ps.setString(4, current.id().value());
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              if (rs.getLong(1) >= limit) {
                return Optional.<VerificationCase>empty();
              }
            }
          }
          return Optional.of(
              write(
                  conn,
                  current,
                  next,
                  true,
                  owner,
                  now,
                  Optional.of(keepClaim),
                  owner,
                  Optional.of("sending push")));
        });
  }

  private VerificationCase write(
      Connection conn,
      VerificationCase current,
      VerificationCase next,
      boolean moved,
      String owner,
      Instant now,
      Optional<Duration> keepClaim,
      String actor,
      Optional<String> note)
      throws SQLException {
    if (!next.provider().equals(current.provider()) && current.state() != CaseState.DETECTED) {
      // A push may be out under the current provider: its answer must never be asked elsewhere.
      throw new IllegalStateException(
          "case " + current.id() + " may change its provider only while DETECTED");
    }
    String sql =
        "update verification_case set provider = ?, state = ?, provider_user_id = ?, push_id = ?,"
            + " push_deadline"
            + " = ?, match_number = ?, reason_code = ?, reason_detail = ?, next_action_at = ?,"
            + " ticket_checked_at = ?, failures = ?, step_attempts = ?, claim_owner = ?,"
            + " claim_until = ?, version = ?, updated_at = ?, active = ?, push_target_key = ?"
            + " where id = ?"
            + " and version = ? and claim_owner = ?";
    try (PreparedStatement ps = conn.prepareStatement(sql)) {
      int i = 1;
      ps.setString(i++, next.provider());
      ps.setString(i++, next.state().name());
      VerificationCase progress =
          new VerificationCase(
              next.id(),
              next.ticket(),
              next.attempt(),
              next.requester(),
              next.openedBy(),
              next.fingerprint(),
              next.classification(),
              next.provider(),
              next.state(),
              next.providerUserId(),
              next.challenge(),
              next.reason(),
              next.nextActionAt(),
              next.ticketCheckedAt(),
              next.failures(),
              // A holder that keeps its claim starts the new state's step at once: that is
              // its first attempt, and a claim after a crash in it will count the second.
              moved ? (keepClaim.isPresent() ? 1 : 0) : current.stepAttempts(),
              keepClaim.map(d -> new VerificationCase.Claim(owner, now.plus(d))),
              current.version() + 1,
              current.createdAt(),
              now);
      i = bindProgress(ps, i, progress);
      ps.setObject(i++, time(now));
      ps.setBoolean(i++, !next.state().terminal());
      ps.setString(i++, next.providerUserId().map(EmailAddresses::normalize).orElse(null));
      ps.setString(i++, current.id().value());
      ps.setLong(i++, current.version());
      ps.setString(i, owner);
      if (ps.executeUpdate() != 1) {
        throw new ClaimLost(current.id(), owner, current.version());
      }
    }
    if (moved || note.isPresent()) {
      appendHistory(conn, current.id(), now, current.state(), next.state(), actor, note.orElse(""));
    }
    return selectOne(
            conn,
            "select " + COLUMNS + " from verification_case where id = ?",
            current.id().value())
        .orElseThrow();
  }

  /**
   * Makes the active, unclaimed case waiting on this push due now, so that the next worker asks the
   * provider for its result. Changes nothing else: a webhook only hurries the poll along.
   *
   * @return whether a case was nudged
   */
  public boolean nudgePush(String provider, String pushId, Instant now) {
    return inTransaction(
        "nudge push " + pushId,
        conn -> {
          try (PreparedStatement ps =
              conn.prepareStatement(
                  "update verification_case set next_action_at = ? where provider = ? and push_id"
                      + " = ? and active = true and next_action_at > ? and (claim_until is null or"
                      + " claim_until < ?)")) {
            ps.setObject(1, time(now));
            ps.setString(2, provider);
            ps.setString(3, pushId);
            ps.setObject(4, time(now));
            ps.setObject(5, time(now));
            return ps.executeUpdate() > 0;
          }
        });
  }

  /**
   * Makes the active, unclaimed case due now with its view of the ticket marked stale, so that the
   * next worker re-reads the ticket (a scan or webhook delivered it edited or closed while its push
   * waits). Changes nothing else: the workflow decides from what it reads.
   *
   * @return whether the case was marked
   */
  public boolean recheckSoon(CaseId id, Instant now) {
    return inTransaction(
        "mark ticket of " + id + " stale",
        conn -> {
          try (PreparedStatement ps =
              conn.prepareStatement(
                  "update verification_case set next_action_at = ?, ticket_checked_at = null where"
                      + " id = ? and active = true and (claim_until is null or claim_until < ?)")) {
            ps.setObject(1, time(now));
            ps.setString(2, id.value());
            ps.setObject(3, time(now));
            return ps.executeUpdate() > 0;
          }
        });
  }

  /** The case's audit log, oldest first. */
  public List<HistoryEntry> history(CaseId id) {
    return query(
        "history of " + id,
        conn -> {
          try (PreparedStatement ps =
              conn.prepareStatement(
                  "select at, from_state, to_state, actor, detail from case_history where case_id"
                      + " = ? order by seq")) {
            ps.setString(1, id.value());
            List<HistoryEntry> entries = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                String from = rs.getString(2);
                entries.add(
                    new HistoryEntry(
                        id,
                        instant(rs, 1),
                        Optional.ofNullable(from).map(CaseState::valueOf),
                        CaseState.valueOf(rs.getString(3)),
                        rs.getString(4),
                        rs.getString(5)));
              }
            }
            return entries;
          }
        });
  }

  public Map<CaseState, Long> countByState() {
    return query(
        "count cases",
        conn -> {
          Map<CaseState, Long> counts = new EnumMap<>(CaseState.class);
          try (PreparedStatement ps =
                  conn.prepareStatement(
                      "select state, count(*) from verification_case group by state");
              ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              counts.put(CaseState.valueOf(rs.getString(1)), rs.getLong(2));
            }
          }
          return counts;
        });
  }

  /** Whether any case is still working (not terminal). */
  public long activeCount() {
    return query(
        "count active cases",
        conn -> {
          try (PreparedStatement ps =
                  conn.prepareStatement(
                      "select count(*) from verification_case where state in ("
                          + STATE_LIST
                          + ")");
              ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
          }
        });
  }

  public Optional<Watermark> watermark(String ticketSystem) {
    return query(
        "watermark of " + ticketSystem,
        conn -> {
          try (PreparedStatement ps =
              conn.prepareStatement(
                  "select updated_at, ticket_key from scan_watermark where ticket_system = ?")) {
            ps.setString(1, ticketSystem);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next()
                  ? Optional.of(new Watermark(instant(rs, 1), rs.getString(2)))
                  : Optional.empty();
            }
          }
        });
  }

  /**
   * The (key, updated) pairs of tickets a scan of {@code ticketSystem} delivered to intake, updated
   * at or after {@code from}.
   */
  public Set<ScanMark> delivered(String ticketSystem, Instant from) {
    return query(
        "delivered tickets of " + ticketSystem,
        conn -> {
          try (PreparedStatement ps =
              conn.prepareStatement(
                  "select ticket_key, updated_at from scan_delivered where ticket_system = ? and"
                      + " updated_at >= ?")) {
            ps.setString(1, ticketSystem);
            ps.setObject(2, time(from));
            Set<ScanMark> marks = new HashSet<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                marks.add(new ScanMark(rs.getString(1), instant(rs, 2)));
              }
            }
            return marks;
          }
        });
  }

  /**
   * Records tickets a scan delivered to intake and forgets those updated before {@code
   * forgetBefore} (far enough behind the watermark that no scan reads them again).
   */
  public void recordDelivered(
      String ticketSystem, Collection<ScanMark> marks, Instant forgetBefore) {
    inTransaction(
        "record delivered tickets of " + ticketSystem,
        conn -> {
          try (PreparedStatement delete =
              conn.prepareStatement(
                  "delete from scan_delivered where ticket_system = ? and updated_at < ?")) {
            delete.setString(1, ticketSystem);
            delete.setObject(2, time(forgetBefore));
            delete.executeUpdate();
          }
          String insert =
              postgres
                  ? "insert into scan_delivered (ticket_system, ticket_key, updated_at) values"
                      + " (?, ?, ?) on conflict do nothing"
                  : "merge into scan_delivered (ticket_system, ticket_key, updated_at) key"
                      + " (ticket_system, ticket_key, updated_at) values (?, ?, ?)";
          try (PreparedStatement ps = conn.prepareStatement(insert)) {
            for (ScanMark mark : marks) {
              if (mark.updated().isBefore(forgetBefore)) {
                continue;
              }
              ps.setString(1, ticketSystem);
              ps.setString(2, mark.key());
              ps.setObject(3, time(mark.updated()));
              ps.addBatch();
            }
            ps.executeBatch();
          }
          return null;
        });
  }

  /** Records scan progress. The watermark never moves backwards. */
  public void saveWatermark(String ticketSystem, Watermark watermark, Instant now) {
    inTransaction(
        "save watermark of " + ticketSystem,
        conn -> {
          try (PreparedStatement update =
              conn.prepareStatement(
                  "update scan_watermark set updated_at = ?, ticket_key = ?, saved_at = ? where"
                      + " ticket_system = ? and (updated_at < ? or (updated_at = ? and ticket_key"
                      + " < ?))")) {
            update.setObject(1, time(watermark.updated()));
            update.setString(2, watermark.key());
            update.setObject(3, time(now));
            update.setString(4, ticketSystem);
            update.setObject(5, time(watermark.updated()));
            update.setObject(6, time(watermark.updated()));
            update.setString(7, watermark.key());
            if (update.executeUpdate() == 1) {
              return null;
            }
          }
          if (!watermark(conn, ticketSystem)) {
            // Lost to another node saving one first? It only moves forward, so either is fine.
            insertWatermark(conn, ticketSystem, watermark, now);
          }
          return null;
        });
  }

  /**
   * Stores {@code watermark} only when this system has none yet: where the first scan starts, kept
   * from the first start on, so that a process that dies before its first scan completes resumes
   * from there and not from its restart. A stored watermark, however old, is left as it is.
   *
   * @return whether it was stored
   */
  public boolean initWatermark(String ticketSystem, Watermark watermark, Instant now) {
    return inTransaction(
        "initialise watermark of " + ticketSystem,
        conn -> {
          // Lost to another node storing one first? Then that one stands.
          return !watermark(conn, ticketSystem)
              && insertWatermark(conn, ticketSystem, watermark, now);
        });
  }

  /**
   * Inserts the first watermark of a system; false, with the transaction rolled back, when another
   * node inserted one since this one looked.
   */
  private static boolean insertWatermark(
      Connection conn, String ticketSystem, Watermark watermark, Instant now) throws SQLException {
    try (PreparedStatement insert =
        conn.prepareStatement(
            "insert into scan_watermark (ticket_system, updated_at, ticket_key, saved_at)"
                + " values (?, ?, ?, ?)")) {
      insert.setString(1, ticketSystem);
      insert.setObject(2, time(watermark.updated()));
      insert.setString(3, watermark.key());
      insert.setObject(4, time(now));
      insert.executeUpdate();
      return true;
    } catch (SQLException e) {
      if (!"23505".equals(e.getSQLState())) {
        throw e;
      }
      conn.rollback();
      return false;
    }
  }

  private static boolean watermark(Connection conn, String ticketSystem) throws SQLException {
    try (PreparedStatement ps =
        conn.prepareStatement("select 1 from scan_watermark where ticket_system = ?")) {
      ps.setString(1, ticketSystem);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  private static void checkMove(VerificationCase current, VerificationCase next) {
    if (!current.state().canMoveTo(next.state())) {
      throw new IllegalStateException(
          "case " + current.id() + " cannot move from " + current.state() + " to " + next.state());
    }
    // The security invariant, held where every write passes: only an approval of this case's own
    // push, recorded while it was being challenged, can lead to execution.
    if (next.state() == CaseState.APPROVED && current.challenge().isEmpty()) {
      throw new IllegalStateException(
          "case " + current.id() + " cannot be approved without a push");
    }
    if (next.state() == CaseState.APPROVED && !next.challenge().equals(current.challenge())) {
      throw new IllegalStateException("case " + current.id() + " approval must be of its own push");
    }
  }

  private static int bindProgress(PreparedStatement ps, int i, VerificationCase c)
      throws SQLException {
    ps.setString(i++, c.providerUserId().orElse(null));
    ps.setString(i++, c.challenge().map(ch -> ch.push().id()).orElse(null));
    ps.setObject(
        i++,
        c.challenge().map(ch -> time(ch.deadline())).orElse(null),
        Types.TIMESTAMP_WITH_TIMEZONE);
    ps.setString(i++, c.challenge().flatMap(Challenge::matchNumber).orElse(null));
    ps.setString(i++, c.reason().map(r -> r.code().name()).orElse(null));
    ps.setString(i++, c.reason().map(r -> storable(r.detail(), 2000)).orElse(null));
    ps.setObject(i++, time(c.nextActionAt()));
    ps.setObject(
        i++, c.ticketCheckedAt().map(CaseStore::time).orElse(null), Types.TIMESTAMP_WITH_TIMEZONE);
    ps.setInt(i++, c.failures());
    ps.setInt(i++, c.stepAttempts());
    ps.setString(i++, c.claim().map(VerificationCase.Claim::owner).orElse(null));
    ps.setObject(
        i++, c.claim().map(cl -> time(cl.until())).orElse(null), Types.TIMESTAMP_WITH_TIMEZONE);
    ps.setLong(i++, c.version());
    return i;
  }

  private static void appendHistory(
      Connection conn,
      CaseId id,
      Instant at,
      CaseState from,
      CaseState to,
      String actor,
      String detail)
      throws SQLException {
    try (PreparedStatement ps =
        conn.prepareStatement(
            "insert into case_history (case_id, at, from_state, to_state, actor, detail) values"
                + " (?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, id.value());
      ps.setObject(2, time(at));
      ps.setString(3, from == null ? null : from.name());
      ps.setString(4, to.name());
      ps.setString(5, storable(actor, 200));
      ps.setString(6, storable(detail == null ? "" : detail, 4000));
      ps.executeUpdate();
    }
  }

  private static Optional<VerificationCase> selectOne(Connection conn, String sql, String... args)
      throws SQLException {
    List<VerificationCase> rows = selectMany(conn, sql, args);
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  private static List<VerificationCase> selectMany(Connection conn, String sql, String... args)
      throws SQLException {
    try (PreparedStatement ps = conn.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setString(i + 1, args[i]);
      }
      List<VerificationCase> rows = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(read(rs));
        }
      }
      return rows;
    }
  }

  private static VerificationCase read(ResultSet rs) throws SQLException {
    String pushId = rs.getString("push_id");
    Optional<Challenge> challenge =
        pushId == null
            ? Optional.empty()
            : Optional.of(
                new Challenge(
                    new PushHandle(pushId),
                    instant(rs, "push_deadline"),
                    Optional.ofNullable(rs.getString("match_number"))));
    String openedBy = rs.getString("opened_by_account_id");
    String reasonCode = rs.getString("reason_code");
    String claimOwner = rs.getString("claim_owner");
    return new VerificationCase(
        new CaseId(rs.getString("id")),
        new TicketRef(
            rs.getString("ticket_system"),
            rs.getString("ticket_key"),
            rs.getString("ticket_label")),
        rs.getInt("attempt"),
        new Requester(
                rs.getString("requester_account_id"),
                Optional.ofNullable(rs.getString("requester_email")),
                rs.getString("requester_name"))
            .withAttributes(attributesFromJson(rs.getString("requester_attributes"))),
        openedBy == null
            ? Optional.empty()
            : Optional.of(Requester.of(openedBy, null, rs.getString("opened_by_name"))),
        rs.getString("fingerprint"),
        new Classification(
            SensitiveOperation.valueOf(rs.getString("operation")),
            rs.getDouble("confidence"),
            fromJson(rs.getString("evidence")),
            // Cases opened before the column existed were never checked for a third party.
            Optional.ofNullable(rs.getString("third_party"))
                .map(CaseStore::fromJson)
                .orElse(List.of())),
        rs.getString("provider"),
        CaseState.valueOf(rs.getString("state")),
        Optional.ofNullable(rs.getString("provider_user_id")),
        challenge,
        reasonCode == null
            ? Optional.empty()
            : Optional.of(
                new Reason(ReasonCode.valueOf(reasonCode), rs.getString("reason_detail"))),
        instant(rs, "next_action_at"),
        optionalInstant(rs, "ticket_checked_at"),
        rs.getInt("failures"),
        rs.getInt("step_attempts"),
        claimOwner == null
            ? Optional.empty()
            : Optional.of(new VerificationCase.Claim(claimOwner, instant(rs, "claim_until"))),
        rs.getLong("version"),
        instant(rs, "created_at"),
        instant(rs, "updated_at"));
  }

  private static Optional<Instant> optionalInstant(ResultSet rs, String column)
      throws SQLException {
    return Optional.ofNullable(rs.getObject(column, OffsetDateTime.class))
        .map(OffsetDateTime::toInstant);
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    return rs.getObject(column, OffsetDateTime.class).toInstant();
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    return rs.getObject(column, OffsetDateTime.class).toInstant();
  }

  /** Both databases keep microseconds; truncating here makes what we write what we read back. */
  private static OffsetDateTime time(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
  }

  private static String truncate(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    int cut = Character.isHighSurrogate(text.charAt(max - 2)) ? max - 2 : max - 1;
    return text.substring(0, cut) + "…";
  }

  /**
   * Free text from tickets as both databases keep it: PostgreSQL refuses U+0000 in text columns,
   * and the columns are bounded. Without this, one ticket with a NUL or a very long display name
   * would fail its intake on every scan and hold the scan of its whole system back.
   */
  private static String storable(String text, int max) {
    return truncate(text.replace('\u0000', '\uFFFD'), max);
  }

  /**
   * An e-mail address is a push target and is never altered: one that cannot be stored as it is
   * (longer than its column, or with a NUL) is not kept, so the provider finds nobody and the case
   * escalates.
   */
  private static String attributesJson(Requester requester) {
    if (requester.attributes().isEmpty()) {
      return null;
    }
    try {
      return JSON.writeValueAsString(requester.attributes());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a map of strings is always JSON", e);
    }
  }

  private static Map<String, String> attributesFromJson(String json) {
    if (json == null || json.isBlank()) {
      return Map.of();
    }
    try {
      return JSON.readValue(json, new TypeReference<Map<String, String>>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable requester attributes: " + e.getMessage(), e);
    }
  }

  private static boolean storableAsIs(String email) {
    return email.length() <= 320 && email.indexOf('\u0000') < 0;
  }

  private static String toJson(List<String> evidence) {
    try {
      return truncate(JSON.writeValueAsString(evidence), 4000);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a list of strings always serializes", e);
    }
  }

  private static List<String> fromJson(String evidence) {
    try {
      return JSON.readValue(evidence, new TypeReference<List<String>>() {});
    } catch (JsonProcessingException e) {
      return List.of(evidence);
    }
  }

  // --- nodes ----------------------------------------------------------------------------------

  private static final String RELEASE_CLAIMS =
      "update verification_case set claim_owner = null, claim_until = null, version = version + 1"
          + " where claim_owner = ? and claim_until is not null";

  /**
   * Registers {@code node} as started at {@code now} and frees every claim an earlier run of it
   * left behind: a restarted node is the same node and knows it is not working anything yet. The
   * freed cases are due at once, and the version each release bumps refuses any write of the
   * earlier run. Returns how many claims were freed.
   */
  public int startNode(String node, Instant now) {
    return inTransaction(
        "start node " + node,
        conn -> {
          String upsert =
              postgres
                  ? "insert into service_node (node_id, started_at, heartbeat_at) values (?, ?, ?)"
                      + " on conflict (node_id) do update set started_at = excluded.started_at,"
                      + " heartbeat_at = excluded.heartbeat_at"
                  : "merge into service_node (node_id, started_at, heartbeat_at) key (node_id)"
                      + " values (?, ?, ?)";
          try (PreparedStatement ps = conn.prepareStatement(upsert)) {
            ps.setString(1, node);
            ps.setObject(2, time(now));
            ps.setObject(3, time(now));
            ps.executeUpdate();
          }
          return releaseClaims(conn, node);
        });
  }

  /** Records that {@code node} is alive at {@code now}; registers it again if it was forgotten. */
  public void heartbeat(String node, Instant now) {
    inTransaction(
        "heartbeat of " + node,
        conn -> {
          try (PreparedStatement ps =
              conn.prepareStatement("update service_node set heartbeat_at = ? where node_id = ?")) {
            ps.setObject(1, time(now));
            ps.setString(2, node);
            if (ps.executeUpdate() == 1) {
              return null;
            }
          }
          try (PreparedStatement ps =
              conn.prepareStatement(
                  "insert into service_node (node_id, started_at, heartbeat_at) values (?, ?, ?)")) {
            ps.setString(1, node);
            ps.setObject(2, time(now));
            ps.setObject(3, time(now));
            ps.executeUpdate();
          }
          return null;
        });
  }

  /**
   * Frees the claims of every node other than {@code self} that has not checked in since {@code now
   * - silence}, and forgets those nodes. Each release bumps the case's version, so a node that was
   * only paused finds its claims gone and every write it tries refused: nothing is worked twice.
   * Returns the nodes taken over, with how many claims each held.
   */
  public Map<String, Integer> takeOverSilentNodes(String self, Instant now, Duration silence) {
    Instant before = now.minus(silence);
    List<String> silent =
        query(
            "find silent nodes",
            conn -> {
              try (PreparedStatement ps =
                  conn.prepareStatement(
                      "select node_id from service_node where node_id <> ? and heartbeat_at < ?")) {
                ps.setString(1, self);
                ps.setObject(2, time(before));
                List<String> nodes = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                  while (rs.next()) {
                    nodes.add(rs.getString(1));
                  }
                }
                return nodes;
              }
            });
    Map<String, Integer> taken = new java.util.LinkedHashMap<>();
    for (String node : silent) {
      Integer freed =
          inTransaction(
              "take over the claims of node " + node,
              conn -> {
                try (PreparedStatement ps =
                    conn.prepareStatement(
                        "delete from service_node where node_id = ? and heartbeat_at < ?")) {
                  ps.setString(1, node);
                  ps.setObject(2, time(before));
                  if (ps.executeUpdate() == 0) {
                    return null; // It checked in meanwhile, or another node took it over.
                  }
                }
                return releaseClaims(conn, node);
              });
      if (freed != null) {
        taken.put(node, freed);
      }
    }
    return taken;
  }

  private static int releaseClaims(Connection conn, String node) throws SQLException {
    try (PreparedStatement ps = conn.prepareStatement(RELEASE_CLAIMS)) {
      ps.setString(1, node);
      return ps.executeUpdate();
    }
  }

  @FunctionalInterface
  private interface SqlWork<T> {
    T run(Connection conn) throws SQLException;
  }

  private <T> T query(String what, SqlWork<T> work) {
    try (Connection conn = dataSource.getConnection()) {
      return work.run(conn);
    } catch (SQLException e) {
      throw new StoreFailure(what, e);
    }
  }

  private <T> T inTransaction(String what, SqlWork<T> work) {
    try (Connection conn = dataSource.getConnection()) {
      boolean autoCommit = conn.getAutoCommit();
      conn.setAutoCommit(false);
      try {
        T result = work.run(conn);
        conn.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        conn.rollback();
        throw e;
      } finally {
        conn.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      throw new StoreFailure(what, e);
    }
  }
}
