package com.helpdeskverify.core.store;

import com.helpdeskverify.core.TicketRef;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Which tickets got a "possibly sensitive" note, on the case store's database, so that the note is
 * posted once per ticket across scans, restarts and nodes.
 */
public final class HintStore {
  private final DataSource dataSource;

  /** Use on a database {@link CaseStore#migrate} has prepared. */
  public HintStore(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource);
  }

  /** The right to post a ticket's note now. */
  public enum Claim {
    /** Nobody tried before: post. */
    FIRST,
    /** An earlier post was interrupted and may have happened: look for the marker first. */
    TAKEN_OVER
  }

  /**
   * Claims the ticket's note for this caller; empty when it was posted, or another caller is
   * posting it and has not been silent for {@code stale}.
   */
  public Optional<Claim> claim(TicketRef ticket, Instant now, Duration stale) {
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement insert =
          c.prepareStatement(
              "insert into ticket_hint (ticket_system, ticket_key, state, claimed_at)"
                  + " values (?, ?, 'posting', ?)")) {
        insert.setString(1, ticket.system());
        insert.setString(2, ticket.key());
        insert.setObject(3, at(now));
        insert.executeUpdate();
        return Optional.of(Claim.FIRST);
      } catch (SQLException e) {
        if (!"23505".equals(e.getSQLState())) {
          throw e;
        }
      }
      try (PreparedStatement takeOver =
          c.prepareStatement(
              "update ticket_hint set claimed_at = ? where ticket_system = ? and ticket_key = ?"
                  + " and state = 'posting' and claimed_at < ?")) {
        takeOver.setObject(1, at(now));
        takeOver.setString(2, ticket.system());
        takeOver.setString(3, ticket.key());
        takeOver.setObject(4, at(now.minus(stale)));
        return takeOver.executeUpdate() == 1 ? Optional.of(Claim.TAKEN_OVER) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new StoreFailure("claim hint for " + ticket, e);
    }
  }

  /** Records that the ticket's note is on the ticket. */
  public void posted(TicketRef ticket) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement update =
            c.prepareStatement(
                "update ticket_hint set state = 'posted' where ticket_system = ? and ticket_key = ?")) {
      update.setString(1, ticket.system());
      update.setString(2, ticket.key());
      update.executeUpdate();
    } catch (SQLException e) {
      throw new StoreFailure("record hint for " + ticket, e);
    }
  }

  /** Whether the ticket's note was posted. */
  public boolean wasPosted(TicketRef ticket) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement select =
            c.prepareStatement(
                "select state from ticket_hint where ticket_system = ? and ticket_key = ?")) {
      select.setString(1, ticket.system());
      select.setString(2, ticket.key());
      try (ResultSet rs = select.executeQuery()) {
        return rs.next() && "posted".equals(rs.getString(1));
      }
    } catch (SQLException e) {
      throw new StoreFailure("read hint for " + ticket, e);
    }
  }

  private static OffsetDateTime at(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
  }
}
