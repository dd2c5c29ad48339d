package com.helpdeskverify.core.store;

import static com.helpdeskverify.core.store.Jdbc.instant;
import static com.helpdeskverify.core.store.Jdbc.optionalInstant;
import static com.helpdeskverify.core.store.Jdbc.time;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.helpdeskverify.core.CaseId;
import com.helpdeskverify.core.CaseState;
import com.helpdeskverify.core.Challenge;
import com.helpdeskverify.core.Classification;
import com.helpdeskverify.core.Language;
import com.helpdeskverify.core.PushHandle;
import com.helpdeskverify.core.Reason;
import com.helpdeskverify.core.ReasonCode;
import com.helpdeskverify.core.Requester;
import com.helpdeskverify.core.SensitiveOperation;
import com.helpdeskverify.core.TicketRef;
import com.helpdeskverify.core.VerificationCase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one place that knows how a {@link VerificationCase} lies in a {@code verification_case} row:
 * the columns, how a case is bound to them and how it is read back, and what free text is cut to
 * fit them.
 */
final class CaseRows {

  static final String COLUMNS =
      "id, ticket_system, ticket_key, ticket_label, attempt, requester_account_id, requester_email,"
          + " requester_name, opened_by_account_id, opened_by_name, fingerprint, operation, confidence, evidence,"
          + " third_party, provider, state,"
          + " provider_user_id, push_id, push_deadline, match_number, reason_code, reason_detail,"
          + " next_action_at, ticket_checked_at, failures, step_attempts, claim_owner, claim_until,"
          + " version, created_at, updated_at, requester_attributes, ticket_language";

  static final String INSERT =
      "insert into verification_case (" + COLUMNS + ", active) values (" + "?,".repeat(34) + "?)";

  private static final ObjectMapper JSON = new ObjectMapper();

  private CaseRows() {}

  /**
   * What the store keeps of a case besides what the workflow changes: the workflow's copy never
   * decides these when the store writes it.
   */
  record Bookkeeping(int stepAttempts, Optional<VerificationCase.Claim> claim, long version) {
    static Bookkeeping of(VerificationCase c) {
      return new Bookkeeping(c.stepAttempts(), c.claim(), c.version());
    }
  }

  /** Binds every parameter of {@link #INSERT}, with the store's bookkeeping {@code kept}. */
  static void bindInsert(PreparedStatement ps, VerificationCase c, Bookkeeping kept)
      throws SQLException {
    int i = 1;
    ps.setString(i++, c.id().value());
    ps.setString(i++, c.ticket().system());
    ps.setString(i++, c.ticket().key());
    ps.setString(i++, storable(c.ticket().label(), 255));
    ps.setInt(i++, c.attempt());
    ps.setString(i++, c.requester().accountId());
    ps.setString(i++, c.requester().email().filter(CaseRows::storableAsIs).orElse(null));
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
    i = bindProgress(ps, i, c, kept);
    ps.setObject(i++, time(c.createdAt()));
    ps.setObject(i++, time(c.updatedAt()));
    ps.setString(i++, attributesJson(c.requester()));
    ps.setString(i++, c.language().map(Language::tag).orElse(null));
    ps.setBoolean(i, !c.state().terminal());
  }

  /**
   * Binds the columns a case's progress changes, from {@code provider_user_id} to {@code version}
   * in the order of {@link #COLUMNS}, starting at parameter {@code i}; returns the next parameter.
   */
  static int bindProgress(PreparedStatement ps, int i, VerificationCase c, Bookkeeping kept)
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
        i++, c.ticketCheckedAt().map(Jdbc::time).orElse(null), Types.TIMESTAMP_WITH_TIMEZONE);
    ps.setInt(i++, c.failures());
    ps.setInt(i++, kept.stepAttempts());
    ps.setString(i++, kept.claim().map(VerificationCase.Claim::owner).orElse(null));
    ps.setObject(
        i++, kept.claim().map(cl -> time(cl.until())).orElse(null), Types.TIMESTAMP_WITH_TIMEZONE);
    ps.setLong(i++, kept.version());
    return i;
  }

  static Optional<VerificationCase> byId(Connection conn, String id) throws SQLException {
    return selectOne(conn, "select " + COLUMNS + " from verification_case where id = ?", id);
  }

  static Optional<VerificationCase> selectOne(Connection conn, String sql, String... args)
      throws SQLException {
    List<VerificationCase> rows = selectMany(conn, sql, args);
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  static List<VerificationCase> selectMany(Connection conn, String sql, String... args)
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
    return new VerificationCase(
        new CaseId(rs.getString("id")),
        new TicketRef(
            rs.getString("ticket_system"),
            rs.getString("ticket_key"),
            rs.getString("ticket_label")),
        rs.getInt("attempt"),
        requester(rs),
        openedBy(rs),
        rs.getString("fingerprint"),
        classification(rs),
        // Cases opened before the column existed, and tickets whose text did not tell: null.
        Optional.ofNullable(rs.getString("ticket_language")).flatMap(Language::of),
        rs.getString("provider"),
        CaseState.valueOf(rs.getString("state")),
        Optional.ofNullable(rs.getString("provider_user_id")),
        challenge(rs),
        reason(rs),
        instant(rs, "next_action_at"),
        optionalInstant(rs, "ticket_checked_at"),
        rs.getInt("failures"),
        rs.getInt("step_attempts"),
        claim(rs),
        rs.getLong("version"),
        instant(rs, "created_at"),
        instant(rs, "updated_at"));
  }

  private static Requester requester(ResultSet rs) throws SQLException {
    return new Requester(
            rs.getString("requester_account_id"),
            Optional.ofNullable(rs.getString("requester_email")),
            rs.getString("requester_name"))
        .withAttributes(attributesFromJson(rs.getString("requester_attributes")));
  }

  private static Optional<Requester> openedBy(ResultSet rs) throws SQLException {
    String openedBy = rs.getString("opened_by_account_id");
    return openedBy == null
        ? Optional.empty()
        : Optional.of(Requester.of(openedBy, null, rs.getString("opened_by_name")));
  }

  private static Classification classification(ResultSet rs) throws SQLException {
    return new Classification(
        SensitiveOperation.valueOf(rs.getString("operation")),
        rs.getDouble("confidence"),
        fromJson(rs.getString("evidence")),
        // Cases opened before the column existed were never checked for a third party.
        Optional.ofNullable(rs.getString("third_party")).map(CaseRows::fromJson).orElse(List.of()));
  }

  private static Optional<Challenge> challenge(ResultSet rs) throws SQLException {
    String pushId = rs.getString("push_id");
    return pushId == null
        ? Optional.empty()
        : Optional.of(
            new Challenge(
                new PushHandle(pushId),
                instant(rs, "push_deadline"),
                Optional.ofNullable(rs.getString("match_number"))));
  }

  private static Optional<Reason> reason(ResultSet rs) throws SQLException {
    String reasonCode = rs.getString("reason_code");
    return reasonCode == null
        ? Optional.empty()
        : Optional.of(new Reason(ReasonCode.valueOf(reasonCode), rs.getString("reason_detail")));
  }

  private static Optional<VerificationCase.Claim> claim(ResultSet rs) throws SQLException {
    String claimOwner = rs.getString("claim_owner");
    return claimOwner == null
        ? Optional.empty()
        : Optional.of(new VerificationCase.Claim(claimOwner, instant(rs, "claim_until")));
  }

  /**
   * Free text from tickets as both databases keep it: PostgreSQL refuses U+0000 in text columns,
   * and the columns are bounded. Without this, one ticket with a NUL or a very long display name
   * would fail its intake on every scan and hold the scan of its whole system back.
   */
  static String storable(String text, int max) {
    return truncate(text.replace('\u0000', '\uFFFD'), max);
  }

  private static String truncate(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    int cut = Character.isHighSurrogate(text.charAt(max - 2)) ? max - 2 : max - 1;
    return text.substring(0, cut) + "…";
  }

  /**
   * An e-mail address is a push target and is never altered: one that cannot be stored as it is
   * (longer than its column, or with a NUL) is not kept, so the provider finds nobody and the case
   * escalates.
   */
  private static boolean storableAsIs(String email) {
    return email.length() <= 320 && email.indexOf('\u0000') < 0;
  }

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
}
