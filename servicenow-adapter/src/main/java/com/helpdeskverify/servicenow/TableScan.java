package com.helpdeskverify.servicenow;

import com.helpdeskverify.core.ScanMark;
import com.helpdeskverify.core.Ticket;
import com.helpdeskverify.core.Watermark;
import com.helpdeskverify.core.spi.ChainRead;
import com.helpdeskverify.core.spi.ScanPage;
import com.helpdeskverify.core.spi.WindowRead;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** The scan of the configured tables' intake scopes, and the reconciliation sweep's key set. */
final class TableScan {
  private static final Logger LOG = System.getLogger(ServiceNowTicketSystem.class.getName());
  private static final String ORDER = "^ORDERBYsys_updated_on^ORDERBYsys_id";

  /** Bounds the pages of one read of a table's window. */
  private static final int MAX_PAGES = 50;

  private static final int MAX_RECORDS = 5_000;

  private static final int SWEEP_PAGE = 1_000;

  private static final Comparator<Entry> ORDERING =
      Comparator.comparing(Entry::updated).thenComparing(Entry::key);

  private final String id;
  private final ServiceNowSettings settings;
  private final TableClient client;
  private final TicketReader reader;
  private final Clock clock;

  TableScan(ServiceNowSettings settings, TableClient client, TicketReader reader, Clock clock) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.client = Objects.requireNonNull(client, "client");
    this.reader = Objects.requireNonNull(reader, "reader");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.id = client.system();
  }

  /**
   * One record of a scan and where it sorts. The ticket is built only for records that make the
   * page, since that may need a {@code sys_user} read.
   */
  private record Entry(Instant updated, String key, TableSettings table, SnRecord record) {
    boolean after(Watermark w) {
      return updated.isAfter(w.updated())
          || (updated.equals(w.updated()) && key.compareTo(w.key()) > 0);
    }
  }

  /**
   * Reads each table's window, from the watermark minus the overlap on, ordered by {@code
   * sys_updated_on} then {@code sys_id}, and hands over every record in it: what the watermark
   * already covers included, since whether a ticket was already delivered is decided by the scanner
   * from the (key, updated) pairs it delivered, never by position.
   *
   * <p>Records leave the scope between two page reads (our own moves) and edits move them to its
   * end, so an offset page can start too far on. A scan therefore reads each window's page at
   * offset 0 once (one consistent answer) and, when a window is longer, goes on by offset from
   * where that page ended ({@link ChainRead}: each page counted only when it reaches back there),
   * so nothing is read twice to be believed. With several tables, the watermark moves only as far
   * as every table was read complete.
   *
   * <p>ACLs may shorten a page (the offsets count the rows they hide): then a page's first visible
   * row says nothing about the places before it, and a read by offset cannot show that it reaches
   * back to where the last one ended. A call that meets a shortened page that is not the last reads
   * the windows whole instead ({@link #readWindows}) and ends the scan's chain.
   */
  ScanPage findChanged(Watermark since, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be positive");
    }
    if (limit >= 2) {
      List<Chain> fresh =
          scopes().stream().map(t -> new Chain(t, query(t, since), Optional.empty())).toList();
      Optional<ScanPage> chained = goOn(since, limit, fresh, clock.instant());
      if (chained.isPresent()) {
        return chained.get();
      }
    }
    return readWindows(since, limit);
  }

  /**
   * Reads each table's window whole: {@link WindowRead} reads a window of more than one page twice
   * and counts it complete only when both reads agree; otherwise the watermark moves no further
   * than the end of the table's first page. No continuation: the next call starts from the
   * watermark.
   */
  private ScanPage readWindows(Watermark since, int limit) {
    List<Entry> read = new ArrayList<>();
    Optional<Entry> bound = Optional.empty();
    Optional<Entry> last = Optional.empty();
    Optional<Entry> cap = Optional.empty();
    boolean truncated = false;
    for (TableSettings table : scopes()) {
      String query = query(table, since);
      WindowRead.Result<Entry> window =
          WindowRead.read(
              pages(table, query, limit),
              e -> e.key() + "@" + e.updated(),
              Math.max(MAX_PAGES, MAX_RECORDS / limit),
              clock);
      read.addAll(window.items());
      for (Entry e : window.items()) {
        last = latest(last, e);
      }
      if (window.whole() && window.upTo().isPresent()) {
        Entry started = new Entry(window.upTo().get(), "", table, null);
        cap = earliest(cap, started);
      } else if (!window.whole()) {
        // Complete only up to the end of its first page.
        Entry end =
            window.firstPageEnd().orElse(new Entry(since.updated(), since.key(), table, null));
        bound = earliest(bound, end);
        truncated |= window.truncated();
      }
    }
    read.sort(ORDERING);
    distinct(read);
    Optional<Entry> reach = bound.isPresent() ? bound : last;
    // A whole read covers the scope up to when it began, and no further (see WindowRead).
    Optional<Entry> limitOf = cap;
    reach = reach.map(r -> limitOf.filter(c -> ORDERING.compare(c, r) < 0).orElse(r));
    Watermark next =
        reach
            .filter(e -> e.after(since))
            .map(e -> new Watermark(e.updated(), e.key()))
            .orElse(since);
    List<Ticket> tickets = read.stream().flatMap(e -> scanned(e).stream()).toList();
    return new ScanPage(tickets, next, truncated && !next.equals(since));
  }

  /** A page that is not its scope's last but holds fewer rows than asked for: ACLs hid some. */
  private static boolean shortened(WindowRead.Page<Entry> page, int limit) {
    return !page.last() && page.items().size() < limit;
  }

  /** The earlier of {@code so} (if any) and {@code e} in the scan's order. */
  private static Optional<Entry> earliest(Optional<Entry> so, Entry e) {
    return so.filter(b -> ORDERING.compare(b, e) <= 0).or(() -> Optional.of(e));
  }

  /** The later of {@code so} (if any) and {@code e} in the scan's order. */
  private static Optional<Entry> latest(Optional<Entry> so, Entry e) {
    return so.filter(l -> ORDERING.compare(l, e) >= 0).or(() -> Optional.of(e));
  }

  /**
   * One scope's read within a scan: its window query and where the read stands (empty: nothing read
   * yet, the next page is at offset 0).
   */
  private record Chain(TableSettings table, String query, Optional<ChainRead.Link<Entry>> link) {}

  /** A scan's continuation: every scope's read, also of those read whole, whose ends move on. */
  private record Chains(List<Chain> chains, Instant began) {}

  /**
   * Goes on with a scan from where its previous page ended (see {@link #goOn}); the windows read
   * whole when ACLs shortened a page.
   */
  ScanPage findChanged(Watermark since, int limit, Object continuation) {
    if (!(continuation instanceof Chains chains) || limit < 2) {
      return findChanged(since, limit);
    }
    return goOn(since, limit, chains.chains(), chains.began())
        .orElseGet(() -> readWindows(since, limit));
  }

  /**
   * One page of every scope's window query by offset: at 0 for a scope not read yet, else counted
   * only when it reaches back to that scope's end (see {@link ChainRead}). A scope read to its end
   * is read again there, so that what arrives in it meanwhile is found before the watermark passes
   * it. The watermark moves to the earliest end of a scope with more to read, or, when every scope
   * was read to its end, to the last record read. Empty when a page that is not its scope's last
   * came shorter than asked for (ACLs hid rows): see {@link #findChanged(Watermark, int)}.
   */
  private Optional<ScanPage> goOn(Watermark since, int limit, List<Chain> chains, Instant began) {
    List<Entry> read = new ArrayList<>();
    List<Chain> next = new ArrayList<>();
    Optional<Entry> bound = Optional.empty();
    Optional<Entry> last = Optional.empty();
    for (Chain chain : chains) {
      Entry reach;
      boolean end;
      ChainRead.Link<Entry> link;
      if (chain.link().isEmpty()) {
        WindowRead.Page<Entry> page = page(chain.table(), chain.query(), limit, 0);
        read.addAll(page.items());
        end = page.last();
        if (shortened(page, limit)) {
          return Optional.empty();
        }
        if (page.items().isEmpty()) {
          next.add(chain);
          continue;
        }
        // The last row's place, or an earlier one (which ChainRead.Link allows): the page is full
        // or the scope's last, and rows hidden before that row only put it further on.
        int at = page.items().size() - 1;
        reach = page.items().get(at);
        link = new ChainRead.Link<>(reach, at, at + 1);
      } else {
        List<WindowRead.Page<Entry>> pages = new ArrayList<>();
        ChainRead.Step<Entry> step =
            ChainRead.next(
                offset -> {
                  WindowRead.Page<Entry> page = page(chain.table(), chain.query(), limit, offset);
                  pages.add(page);
                  return page;
                },
                ORDERING,
                chain.link().get(),
                limit);
        if (pages.stream().anyMatch(p -> shortened(p, limit))) {
          return Optional.empty();
        }
        read.addAll(step.items());
        reach = step.reach();
        end = step.last();
        link = step.next();
      }
      next.add(new Chain(chain.table(), chain.query(), Optional.of(link)));
      if (!end) {
        bound = earliest(bound, reach);
      }
      last = latest(last, reach);
    }
    read.sort(ORDERING);
    distinct(read);
    boolean more = bound.isPresent();
    // No further than when the chain began: a record edited while it goes on, in the same second
    // as a record already read and sorting before it (a smaller sys_id), lies behind the read,
    // where no later page looks; the next scan's overlap finds it as long as the watermark did not
    // run ahead of when it could have been edited.
    Entry cap = new Entry(began, "", null, null);
    Watermark to =
        (more ? bound : last)
            .map(e -> ORDERING.compare(e, cap) > 0 ? cap : e)
            .filter(e -> e.after(since))
            .map(e -> new Watermark(e.updated(), e.key()))
            .orElse(since);
    List<Ticket> tickets = read.stream().flatMap(e -> scanned(e).stream()).toList();
    return Optional.of(
        more
            ? new ScanPage(tickets, to, true, Optional.of(new Chains(List.copyOf(next), began)))
            : new ScanPage(tickets, to, false));
  }

  /**
   * The scope's keys and {@code sys_updated_on}, for the reconciliation sweep: two fields a record
   * and large pages.
   */
  List<ScanMark> scopeSince(Instant from) {
    List<ScanMark> marks = new ArrayList<>();
    for (TableSettings table : scopes()) {
      String query =
          table.intakeQuery() + "^sys_updated_on>=" + GlideTime.format(from) + "^ORDERBYsys_id";
      int offset = 0;
      for (int page = 0; page < MAX_RECORDS; page++) {
        TableClient.Listed listed =
            client.list(table.table(), query, "sys_id,sys_updated_on", SWEEP_PAGE, offset);
        for (SnRecord r : listed.records()) {
          Entry e = entry(table, r);
          marks.add(new ScanMark(e.key(), e.updated()));
        }
        if (!listed.hasNext()) {
          break;
        }
        offset += SWEEP_PAGE;
      }
    }
    return marks;
  }

  /**
   * Each table's intake scope and, when technicians may ask for verification, the same table scoped
   * to the records they marked, in any state, so the scan finds those within its interval.
   */
  private List<TableSettings> scopes() {
    if (settings.verify().isEmpty()) {
      return settings.tables();
    }
    String marked = "active=true^" + settings.verify().get().query();
    List<TableSettings> scopes = new ArrayList<>(settings.tables());
    settings.tables().forEach(t -> scopes.add(t.withIntakeQuery(marked)));
    return scopes;
  }

  /** Drops repeats of one version of a record that two scopes both returned. */
  private static void distinct(List<Entry> sorted) {
    Set<String> seen = new HashSet<>();
    sorted.removeIf(e -> !seen.add(e.key() + "@" + e.updated()));
  }

  /** One table's window query: its intake scope from the watermark minus the overlap on. */
  private String query(TableSettings table, Watermark since) {
    Instant from = since.updated().minus(settings.overlap());
    return table.intakeQuery() + "^sys_updated_on>=" + GlideTime.format(from) + ORDER;
  }

  /** One table's window, page by page, offsets counted as the {@code Link} header counts them. */
  private WindowRead.Pages<Entry> pages(TableSettings table, String query, int limit) {
    return new WindowRead.Pages<>() {
      @Override
      public WindowRead.Page<Entry> first() {
        return page(table, query, limit, 0);
      }

      @Override
      public WindowRead.Page<Entry> after(WindowRead.Page<Entry> previous) {
        return page(table, query, limit, (Integer) previous.continuation());
      }
    };
  }

  private WindowRead.Page<Entry> page(TableSettings table, String query, int limit, int offset) {
    // ACLs may shorten a page; the offset counts rows before ACL filtering, as the Link header's
    // next URL does.
    TableClient.Listed listed =
        client.list(table.table(), query, reader.fields(table), limit, offset);
    List<Entry> entries = listed.records().stream().map(r -> entry(table, r)).toList();
    // After the last page, the place after its last row: a chain goes on there (hidden rows before
    // it only make that an earlier place, which a chain allows), not a page further on, from where
    // it would find nothing and step back.
    int next = listed.hasNext() ? offset + limit : offset + entries.size();
    return new WindowRead.Page<>(entries, !listed.hasNext(), next);
  }

  private Entry entry(TableSettings table, SnRecord r) {
    String sysId = r.get("sys_id");
    String call = TableClient.listCall(table.table());
    Instant updated =
        GlideTime.parse(r.get("sys_updated_on"))
            .orElseThrow(() -> client.malformed(call, "sys_updated_on"));
    if (!TableClient.SYS_ID.matcher(sysId).matches()) {
      throw client.malformed(call, "sys_id");
    }
    return new Entry(updated, ServiceNowTicketSystem.key(table.table(), sysId), table, r);
  }

  private Optional<Ticket> scanned(Entry e) {
    Optional<Ticket> ticket = reader.ticket(e.table(), e.record());
    if (ticket.isEmpty()) {
      LOG.log(
          Level.WARNING,
          "{0}: {1} {2} names no {3}; it is not verified",
          id,
          e.table().table(),
          e.record().get("number"),
          e.table().requesterField());
    }
    return ticket;
  }
}
