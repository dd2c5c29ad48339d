package com.helpdeskverify.scheduler.scan;

import com.helpdeskverify.core.spi.TicketSystem;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A ticket system's intake scope as a completeness test drives it: a stateful simulator plus the
 * adapter under test, with the moves a busy helpdesk makes between two page reads.
 */
interface ScopeUnderTest extends AutoCloseable {

  /** A new adapter instance over the simulator, as a (re)started process builds it. */
  TicketSystem connect(String id);

  /** Runs {@code action} before every page read the adapter makes from now on. */
  void betweenPageReads(Runnable action);

  /** A customer files a new ticket in the scope; its key as the adapter names it. */
  String arrive();

  /** Someone edits the ticket: a new {@code updated}. */
  void edit(String key);

  /** A technician moves the ticket out of the scope. */
  void leave(String key);

  /** A technician sends the ticket back into the scope. */
  void comeBack(String key);

  /** An administrator deletes the ticket. */
  void delete(String key);

  /** Tickets in the scope now, with their {@code updated} as the adapter reads it. */
  Map<String, Instant> inScope();

  /** Tickets that exist and are out of the scope now. */
  List<String> outOfScope();

  @Override
  void close();
}
