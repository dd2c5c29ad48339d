package com.helpdeskverify.core.store;

import com.helpdeskverify.core.CaseState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Read-only questions operators ask of the case store: which cases, what happened to one ticket,
 * every state change since a moment. It never migrates or writes, so it may run beside a working
 * service (the {@code cases} command).
 */
public final class AuditTrail {
  private static final String CASE_COLUMNS =
      "id, ticket_system, ticket_key, ticket_label, attempt, requester_account_id,"
          + " requester_email, requester_name, operation, provider, state, reason_code,"
          + " reason_detail, created_at, updated_at";

  private final DataSource dataSource;

  public AuditTrail(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
  }

  /** One case as an operator lists it. */
  public record CaseSummary(
      String caseId,
      String system,
      String ticketKey,
      String ticket,
      int attempt,
      String requesterAccountId,
      Optional<String> requesterEmail,
      String requesterName,
      String operation,
      String provider,
      CaseState state,
      Optional<String> reasonCode,
      String reasonDetail,
      Instant createdAt,
      Instant updatedAt) {}

  /** One line of a case's history, with what identifies the case, for export. */
  public record Event(
      long seq,
      Instant at,
      String caseId,
      String system,
      String ticketKey,
      String ticket,
      int attempt,
      String requesterAccountId,
      Optional<String> requesterEmail,
      String operation,
      String provider,
      Optional<CaseState> from,
      CaseState to,
      String actor,
      String detail) {}

  /**
   * What to list; empty fields do not filter.
   *
   * @param since cases changed at or after this moment
   * @param reason a reason code ({@code DENIED}, {@code NO_ENROLLED_DEVICE}, ...)
   */
  public record Filter(
      Optional<Instant> since,
      Optional<CaseState> state,
      Optional<String> reason,
      Optional<String> system,
      int limit) {}

  /** Cases by the filter, the most recently changed first. */
  public List<CaseSummary> cases(Filter filter) {
    StringBuilder sql = new StringBuilder("select " + CASE_COLUMNS + " from verification_case");
    List<Object> args = new ArrayList<>();
    List<String> where = new ArrayList<>();
    filter.since().ifPresent(s -> condition(where, args, "updated_at >= ?", time(s)));
    filter.state().ifPresent(s -> condition(where, args, "state = ?", s.name()));
    filter
        .reason()
        .ifPresent(r -> condition(where, args, "reason_code = ?", r.toUpperCase(Locale.ROOT)));
    filter.system().ifPresent(s -> condition(where, args, "ticket_system = ?", s));
    if (!where.isEmpty()) {
      sql.append(" where ").append(String.join(" and ", where));
    }
    sql.append(" order by updated_at desc, id");
    return query("list cases", sql.toString(), args, filter.limit(), AuditTrail::summary);
  }

  /**
   * Every attempt of the ticket people call {@code ticketOrCase} (its label such as INC0010042,
   * case-insensitive, or its key), or the one case with that id; the first attempt first.
   */
  public List<CaseSummary> find(String ticketOrCase) {
    String sql =
        "select "
            + CASE_COLUMNS
            + " from verification_case where id = ? or ticket_key = ? or upper(ticket_label) = ?"
            + " order by ticket_system, ticket_key, attempt";
    return query(
        "find " + ticketOrCase,
        sql,
        List.of(ticketOrCase, ticketOrCase, ticketOrCase.toUpperCase(Locale.ROOT)),
        Integer.MAX_VALUE,
        AuditTrail::summary);
  }

  /** Every state change at or after {@code since}, in the order they were written. */
  public List<Event> events(Instant since, Optional<String> caseId) {
    List<Object> args = new ArrayList<>(List.of(time(since)));
    String sql =
        "select h.seq, h.at, h.case_id, c.ticket_system, c.ticket_key, c.ticket_label, c.attempt,"
            + " c.requester_account_id, c.requester_email, c.operation, c.provider, h.from_state,"
            + " h.to_state, h.actor, h.detail from case_history h join verification_case c on"
            + " c.id = h.case_id where h.at >= ?"
            + (caseId.isPresent() ? " and h.case_id = ?" : "")
            + " order by h.seq";
    caseId.ifPresent(args::add);
    return query(
        "read history",
        sql,
        args,
        Integer.MAX_VALUE,
        rs ->
            new Event(
                rs.getLong(1),
                instant(rs, 2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                label(rs.getString(6), rs.getString(5)),
                rs.getInt(7),
                rs.getString(8),
                Optional.ofNullable(rs.getString(9)),
                rs.getString(10),
                rs.getString(11),
                Optional.ofNullable(rs.getString(12)).map(CaseState::valueOf),
                CaseState.valueOf(rs.getString(13)),
                rs.getString(14),
                rs.getString(15)));
  }

  /** When the oldest case still open was opened; empty when none is open. */
  public Optional<Instant> oldestOpenSince() {
    List<Instant> oldest =
        query(
            "oldest open case",
            "select min(created_at) from verification_case where active = true",
            List.of(),
            1,
            rs -> rs.getObject(1) == null ? null : instant(rs, 1));
    return oldest.isEmpty() ? Optional.empty() : Optional.ofNullable(oldest.get(0));
  }

  private static void condition(List<String> where, List<Object> args, String sql, Object arg) {
    where.add(sql);
    args.add(arg);
  }

  private static CaseSummary summary(ResultSet rs) throws SQLException {
    return new CaseSummary(
        rs.getString("id"),
        rs.getString("ticket_system"),
        rs.getString("ticket_key"),
        label(rs.getString("ticket_label"), rs.getString("ticket_key")),
        rs.getInt("attempt"),
        rs.getString("requester_account_id"),
        Optional.ofNullable(rs.getString("requester_email")),
        rs.getString("requester_name"),
        rs.getString("operation"),
        rs.getString("provider"),
        CaseState.valueOf(rs.getString("state")),
        Optional.ofNullable(rs.getString("reason_code")),
        Optional.ofNullable(rs.getString("reason_detail")).orElse(""),
        instant(rs, 14),
        instant(rs, 15));
  }

  /** Cases opened before ticket labels were stored carry none: their key names them. */
  private static String label(String label, String key) {
    return label == null || label.isBlank() ? key : label;
  }

  private interface Row<T> {
    T read(ResultSet rs) throws SQLException;
  }

  private <T> List<T> query(String what, String sql, List<Object> args, int limit, Row<T> row) {
    try (Connection conn = dataSource.getConnection();
        PreparedStatement ps = conn.prepareStatement(sql)) {
      conn.setReadOnly(true);
      for (int i = 0; i < args.size(); i++) {
        ps.setObject(i + 1, args.get(i));
      }
      if (limit < Integer.MAX_VALUE) {
        ps.setMaxRows(limit);
      }
      List<T> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(row.read(rs));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new StoreFailure(what, e);
    }
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    return rs.getObject(column, OffsetDateTime.class).toInstant();
  }

  private static OffsetDateTime time(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
