package com.helpdeskverify.core.store;

import static com.helpdeskverify.core.store.CaseRows.COLUMNS;
import static com.helpdeskverify.core.store.Jdbc.instant;
import static com.helpdeskverify.core.store.Jdbc.time;

import com.helpdeskverify.core.CaseId;
import com.helpdeskverify.core.CaseState;
import com.helpdeskverify.core.EmailAddresses;
import com.helpdeskverify.core.HistoryEntry;
import com.helpdeskverify.core.ScanMark;
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
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * The {@link CaseStore} in a relational database (H2 or PostgreSQL): cases, their claims and their
 * history here; scan marks, the node registry, the push budget and the row layout in the package's
 * helpers.
 */
final class JdbcCaseStore implements CaseStore {

  private static final String STATE_LIST =
      CaseState.active().stream().map(s -> "'" + s.name() + "'").collect(Collectors.joining(","));

  private static final String OF_TICKET =
      "select "
          + COLUMNS
          + " from verification_case where ticket_system = ? and ticket_key = ? order by attempt";

  private final Jdbc db;
  private final ScanMarks scanMarks;
  private final NodeRegistry nodes;
  private final PushBudget pushBudget;

  /**
   * A renewal writes only once more than a tenth (one over this) of the lease is spent: fences
   * follow one another within a step and right after the write that ended the step before (which
   * kept the full claim), and each write is a commit, one chunk of the file on H2 and a flush of
   * the log on PostgreSQL. Reading the claim fences as well as writing it: a rival's claim, a
   * takeover and a restart's release all change the owner or the version, and until the claim runs
   * out nobody may claim the case. What the holder then has for its side effect is nine tenths of a
   * lease at the least.
   */
  static final int RENEW_WHEN_SPENT = 10;

  /** This node's claims so far: pending pushes and other work take turns at a batch's odd slot. */
  private final AtomicLong claims = new AtomicLong();

  private JdbcCaseStore(Jdbc db) {
    this.db = db;
    this.scanMarks = new JdbcScanMarks(db);
    this.nodes = new JdbcNodeRegistry(db);
    this.pushBudget = new PushBudget(db.postgres());
  }

  /** Brings the schema up to date with Flyway and opens the store. */
  static JdbcCaseStore migrate(DataSource dataSource) {
    return new JdbcCaseStore(Jdbc.migrate(dataSource));
  }

  @Override
  public boolean insert(VerificationCase c, String actor, String detail) {
    return db.inTransaction(
        "open case for " + c.ticket(),
        conn -> insertRow(conn, c, CaseRows.Bookkeeping.of(c), actor, detail));
  }

  @Override
  public Optional<VerificationCase> insertClaimed(
      VerificationCase c, String owner, Instant now, Duration lease, String actor, String detail) {
    if (c.state().terminal()) {
      throw new IllegalArgumentException(
          "case " + c.id() + " is opened terminal: nothing to claim");
    }
    // As claimDue leaves a case it claims: one step attempt counted, so that a claim after a crash
    // in this first step counts the second and the step checks before repeating its side effect.
    CaseRows.Bookkeeping claimed =
        new CaseRows.Bookkeeping(
            1, Optional.of(new VerificationCase.Claim(owner, now.plus(lease))), c.version());
    return db.inTransaction(
        "open case for " + c.ticket() + " claimed by " + owner,
        conn ->
            insertRow(conn, c, claimed, actor, detail)
                ? CaseRows.byId(conn, c.id().value())
                : Optional.<VerificationCase>empty());
  }

  /**
   * Inserts the case with the store's bookkeeping {@code kept} and its first history line; false,
   * with the transaction rolled back, when this attempt of the ticket has a case already.
   */
  private static boolean insertRow(
      Connection conn, VerificationCase c, CaseRows.Bookkeeping kept, String actor, String detail)
      throws SQLException {
    try (PreparedStatement ps = conn.prepareStatement(CaseRows.INSERT)) {
      CaseRows.bindInsert(ps, c, kept);
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
  }

  @Override
  public Optional<VerificationCase> find(CaseId id) {
    return db.query("find case " + id, conn -> CaseRows.byId(conn, id.value()));
  }

  @Override
  public Optional<VerificationCase> latestFor(TicketRef ticket) {
    return db.query(
        "latest case of " + ticket,
        conn ->
            CaseRows.selectOne(
                conn, OF_TICKET + " desc fetch first 1 rows only", ticket.system(), ticket.key()));
  }

  @Override
  public List<VerificationCase> casesOf(TicketRef ticket) {
    return db.query(
        "cases of " + ticket,
        conn -> CaseRows.selectMany(conn, OF_TICKET, ticket.system(), ticket.key()));
  }

  @Override
  public List<VerificationCase> all() {
    return db.query(
        "list cases",
        conn ->
            CaseRows.selectMany(
                conn, "select " + COLUMNS + " from verification_case order by created_at, id"));
  }

  @Override
  public List<VerificationCase> claimDue(String owner, Instant now, Duration lease, int limit) {
    String claim =
        "update verification_case set claim_owner = ?, claim_until = ?, step_attempts ="
            + " step_attempts + 1, version = version + 1 where id = ? and version = ? and"
            + " (claim_until is null or claim_until < ?)";
    return db.inTransaction(
        "claim due cases",
        conn -> {
          // Pushes are read for a whole batch (PUSH_WINDOW a case), so that they take what other
          // work leaves; those not taken are locked (PostgreSQL) only until this claim commits.
          List<Due> pushes = duePushes(conn, now, limit);
          int share = pushShare(limit, claims.getAndIncrement());
          int forOthers = limit - Math.min(pushes.size(), share);
          List<Due> others =
              forOthers == 0 ? List.of() : pick(conn, claimPick(false, forOthers), now);
          int takePushes = Math.min(pushes.size(), limit - others.size());
          List<Due> candidates = new ArrayList<>(pushes.subList(0, takePushes));
          candidates.addAll(others);
          List<VerificationCase> claimed = new ArrayList<>();
          try (PreparedStatement ps = conn.prepareStatement(claim)) {
            for (Due candidate : candidates) {
              ps.setString(1, owner);
              ps.setObject(2, time(now.plus(lease)));
              ps.setString(3, candidate.id());
              ps.setLong(4, candidate.version());
              ps.setObject(5, time(now));
              if (ps.executeUpdate() == 1) {
                CaseRows.byId(conn, candidate.id()).ifPresent(claimed::add);
              }
            }
          }
          return claimed;
        });
  }

  /**
   * The slots of a batch kept for pending pushes while other work is due: half, the larger half on
   * every other claim (so a batch of one is a push's every other time). Pushes come first because a
   * worker's own poll races its deadline; but no more than half, because with thousands of pushes
   * waiting their tickets' re-reads come due faster than the workers work them (10,000 pushes
   * re-read every 30 s), and pushes first and only left new tickets without their notice
   * (BENCHMARKS.md, "Pending pushes that starved new tickets").
   *
   * @param turn this node's count of claims so far
   */
  static int pushShare(int limit, long turn) {
    return turn % 2 == 0 ? limit - limit / 2 : limit / 2;
  }

  /**
   * How many due pending pushes a claim reads for each case it may take: it takes those with the
   * soonest deadlines among that many of the longest due. While no more are due than that (the
   * usual case) it is the soonest deadlines of all; with a backlog, the longest waiting come first.
   */
  static final int PUSH_WINDOW = 16;

  /** A due case a claim read: its row's version, and its push's deadline when it has one. */
  private record Due(String id, long version, Optional<Instant> deadline) {}

  /**
   * The read of a claim: due cases that nobody holds in one of its two lanes, the pending pushes
   * ({@link #PUSH_WINDOW} a case taken, soonest deadline first among them) or all other work, from
   * the longest due. {@code awaits_push} is the lane, a column the database computes from the state
   * (migration V20), and the read follows {@code ix_case_due_lane} ({@code active, awaits_push,
   * next_action_at}; the equal leading columns change nothing but let H2 see the order), so it
   * reads the rows it returns, however many cases are open or due. Read by {@code state <>
   * 'CHALLENGED'} through {@code (active, next_action_at)}, other work stepped over every due
   * pending push; read in deadline order, pending pushes stepped over every push not yet due
   * (BENCHMARKS.md, "Claims that stepped over the pending pushes"). One query ordered by state
   * before that sorted every due case (V18, "The claim's sort").
   */
  String claimPick(boolean pendingPushes, int limit) {
    // H2 picks an index by its cost estimates, which change between its versions (2.4.240 once
    // read the pending pushes through another index and sorted them all); the hint keeps the plan
    // H2CaseStoreTest checks. PostgreSQL takes no hints.
    return "select id, version, push_deadline from verification_case"
        + (db.postgres() ? "" : " use index (ix_case_due_lane)")
        + " where active = true and awaits_push = "
        + pendingPushes
        + " and next_action_at <= ? and (claim_until is null or claim_until < ?)"
        + " order by active, awaits_push, next_action_at fetch first "
        + (pendingPushes ? limit * PUSH_WINDOW : limit)
        + " rows only"
        + (db.postgres() ? " for update skip locked" : "");
  }

  /**
   * The due pending pushes a claim may take: up to {@code limit}, soonest deadline first among
   * those read, the longest due first among equal deadlines.
   */
  private List<Due> duePushes(Connection conn, Instant now, int limit) throws SQLException {
    List<Due> due = new ArrayList<>(pick(conn, claimPick(true, limit), now));
    due.sort(Comparator.comparing(d -> d.deadline().orElse(Instant.MAX)));
    return due.size() > limit ? due.subList(0, limit) : due;
  }

  private static List<Due> pick(Connection conn, String sql, Instant now) throws SQLException {
    List<Due> candidates = new ArrayList<>();
    try (PreparedStatement ps = conn.prepareStatement(sql)) {
      ps.setObject(1, time(now));
      ps.setObject(2, time(now));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          candidates.add(
              new Due(rs.getString(1), rs.getLong(2), Jdbc.optionalInstant(rs, "push_deadline")));
        }
      }
    }
    return candidates;
  }

  @Override
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
    Write write = new Write(current, next, owner, now, keepClaim, actor, note);
    if (write.moved()) {
      checkMove(current, next);
    }
    return db.inTransaction("save case " + current.id(), conn -> write(conn, write));
  }

  @Override
  public void noteWhileHeld(
      VerificationCase current, String owner, Instant now, Duration lease, String detail) {
    boolean held =
        db.inTransaction(
            "note on case " + current.id(),
            conn -> {
              if (!extendClaim(conn, current, owner, now.plus(lease))) {
                return false;
              }
              appendHistory(
                  conn, current.id(), now, current.state(), current.state(), owner, detail);
              return true;
            });
    if (!held) {
      throw new ClaimLost(current.id(), owner, current.version());
    }
  }

  @Override
  public void renewClaim(VerificationCase current, String owner, Instant now, Duration lease) {
    Instant renewed = now.plus(lease);
    Instant fresh = renewed.minus(lease.dividedBy(RENEW_WHEN_SPENT));
    boolean held =
        db.inTransaction(
            "renew the claim on case " + current.id(),
            conn -> {
              try (PreparedStatement ps =
                  conn.prepareStatement(
                      "select claim_until from verification_case where id = ? and version = ?"
                          + " and claim_owner = ?")) {
                ps.setString(1, current.id().value());
                ps.setLong(2, current.version());
                ps.setString(3, owner);
                try (ResultSet rs = ps.executeQuery()) {
                  if (!rs.next()) {
                    return false;
                  }
                  Optional<Instant> until = Jdbc.optionalInstant(rs, "claim_until");
                  if (until.isPresent() && !until.get().isBefore(fresh)) {
                    return true;
                  }
                }
              }
              // The where clause fences again: a rival may have claimed the case since the read.
              return extendClaim(conn, current, owner, renewed);
            });
    if (!held) {
      throw new ClaimLost(current.id(), owner, current.version());
    }
  }

  /** Moves the end of {@code owner}'s claim to {@code until} if nobody wrote the case since. */
  private static boolean extendClaim(
      Connection conn, VerificationCase current, String owner, Instant until) throws SQLException {
    try (PreparedStatement ps =
        conn.prepareStatement(
            "update verification_case set claim_until = ? where id = ? and version = ?"
                + " and claim_owner = ?")) {
      ps.setObject(1, time(until));
      ps.setString(2, current.id().value());
      ps.setLong(3, current.version());
      ps.setString(4, owner);
      return ps.executeUpdate() == 1;
    }
  }

  @Override
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
    return db.inTransaction(
        "reserve a push for " + current.id(),
        conn -> {
          if (!pushBudget.reserve(conn, provider, user, current.id(), now.minus(window), limit)) {
            return Optional.<VerificationCase>empty();
          }
          Optional<String> note = Optional.of("sending push");
          return Optional.of(
              write(
                  conn, new Write(current, next, owner, now, Optional.of(keepClaim), owner, note)));
        });
  }

  /**
   * One write of a case, as {@link #save} takes it: {@code next} over {@code current} by the claim
   * holder {@code owner}, with the history line it leaves.
   */
  private record Write(
      VerificationCase current,
      VerificationCase next,
      String owner,
      Instant now,
      Optional<Duration> keepClaim,
      String actor,
      Optional<String> note) {

    boolean moved() {
      return current.state() != next.state();
    }
  }

  private static VerificationCase write(Connection conn, Write w) throws SQLException {
    VerificationCase current = w.current();
    VerificationCase next = w.next();
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
            + " claim_until = ?, version = ?, updated_at = ?, active = ?, push_target_key = ?,"
            + " push_sending_at = coalesce(?, push_sending_at) where id = ?"
            + " and version = ? and claim_owner = ?";
    try (PreparedStatement ps = conn.prepareStatement(sql)) {
      int i = 1;
      ps.setString(i++, next.provider());
      ps.setString(i++, next.state().name());
      CaseRows.Bookkeeping kept =
          new CaseRows.Bookkeeping(
              // A holder that keeps its claim starts the new state's step at once: that is
              // its first attempt, and a claim after a crash in it will count the second.
              w.moved() ? (w.keepClaim().isPresent() ? 1 : 0) : current.stepAttempts(),
              w.keepClaim().map(d -> new VerificationCase.Claim(w.owner(), w.now().plus(d))),
              current.version() + 1);
      i = CaseRows.bindProgress(ps, i, next, kept);
      ps.setObject(i++, time(w.now()));
      ps.setBoolean(i++, !next.state().terminal());
      ps.setString(i++, next.providerUserId().map(EmailAddresses::normalize).orElse(null));
      // What the push budget counts (PushBudget): the latest move to PUSH_SENDING.
      ps.setObject(
          i++,
          w.moved() && next.state() == CaseState.PUSH_SENDING ? time(w.now()) : null,
          Types.TIMESTAMP_WITH_TIMEZONE);
      ps.setString(i++, current.id().value());
      ps.setLong(i++, current.version());
      ps.setString(i, w.owner());
      if (ps.executeUpdate() != 1) {
        throw new ClaimLost(current.id(), w.owner(), current.version());
      }
    }
    if (w.moved() || w.note().isPresent()) {
      appendHistory(
          conn,
          current.id(),
          w.now(),
          current.state(),
          next.state(),
          w.actor(),
          w.note().orElse(""));
    }
    return CaseRows.byId(conn, current.id().value()).orElseThrow();
  }

  @Override
  public boolean nudgePush(String provider, String pushId, Instant now) {
    return db.inTransaction(
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

  @Override
  public boolean recheckSoon(CaseId id, Instant now) {
    return db.inTransaction(
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

  @Override
  public List<HistoryEntry> history(CaseId id) {
    return db.query(
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
      ps.setString(5, CaseRows.storable(actor, 200));
      ps.setString(6, CaseRows.storable(detail == null ? "" : detail, 4000));
      ps.executeUpdate();
    }
  }

  @Override
  public Map<CaseState, Long> countByState() {
    return db.query(
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

  @Override
  public long activeCount() {
    return db.query(
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

  // Callers keep one handle on the store; scan marks and nodes are worked in their own classes.

  @Override
  public Optional<Watermark> watermark(String ticketSystem) {
    return scanMarks.watermark(ticketSystem);
  }

  @Override
  public Set<ScanMark> delivered(String ticketSystem, Instant from) {
    return scanMarks.delivered(ticketSystem, from);
  }

  @Override
  public void recordDelivered(
      String ticketSystem, Collection<ScanMark> marks, Instant forgetBefore) {
    scanMarks.recordDelivered(ticketSystem, marks, forgetBefore);
  }

  @Override
  public void saveWatermark(String ticketSystem, Watermark watermark, Instant now) {
    scanMarks.saveWatermark(ticketSystem, watermark, now);
  }

  @Override
  public boolean initWatermark(String ticketSystem, Watermark watermark, Instant now) {
    return scanMarks.initWatermark(ticketSystem, watermark, now);
  }

  @Override
  public int startNode(String node, Instant now) {
    return nodes.startNode(node, now);
  }

  @Override
  public void heartbeat(String node, Instant now) {
    nodes.heartbeat(node, now);
  }

  @Override
  public Map<String, Integer> takeOverSilentNodes(String self, Instant now, Duration silence) {
    return nodes.takeOverSilentNodes(self, now, silence);
  }
}
