package com.helpdeskverify.scheduler;

import com.helpdeskverify.scheduler.config.ServiceConfig;
import com.zaxxer.hikari.HikariConfig;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The connection pool settings every reader and writer of the configured store starts from. */
final class StorePool {
  /**
   * Every statement planned for its own values and the tables as they are now. PostgreSQL switches
   * a statement the driver has prepared five times to a generic plan and keeps it until the tables'
   * statistics change. On a new database, whose tables were empty when those five ran and that no
   * ANALYZE has reached yet (autovacuum off, or its first pass not yet due), a burst then ran the
   * push budget's count with a plan that read every case for every push sent (18 s a count with
   * 10,000 cases, 3,200 of them pushed, where planned afresh it takes milliseconds), the person's
   * lock held and the workers stalled behind it (BENCHMARKS.md, "A generic plan that stalled a
   * burst"). Planning our short statements every time costs far less than one such plan.
   */
  static final String POSTGRES_PLANS = "SET plan_cache_mode = force_custom_plan";

  /**
   * H2 moves chunks inside its file for up to this long when the database closes (200 ms by
   * default). In 2.3.232 that move is where files were found corrupt or short of rows after a clean
   * close (h2database issues 4086 and 4123, whose traces end in {@code
   * RandomAccessStore.moveChunkInside} as ours did, and 4247): it once left {@code
   * CrashRestartIT}'s store unreadable ("unable to recover a valid set of chunks") after the audit
   * closed it. While the service runs, {@code StoreSync} compacts by rewriting live pages into new
   * chunks, which moves nothing; so the close does not compact at all.
   */
  static final String H2_NO_COMPACTION_ON_CLOSE = "MAX_COMPACT_TIME";

  /**
   * H2 parses a statement again unless the session still holds it parsed, and a session holds the
   * last 8 by default. The service runs about 30 distinct statements in steady state (an H2 trace
   * of a webhook run: the claims, the case's reads and writes, history, push watch and budget,
   * replay guard, heartbeat), spread over the pool's connections, so most were parsed afresh: 6 %
   * of the service's CPU samples in that run, and a parser's garbage each time (BENCHMARKS.md, "H2
   * statements kept parsed"). 64 holds them all with room; H2 drops a session's cache when the
   * schema changes, so a migration never runs against an old parse.
   */
  static final String H2_PARSED_STATEMENTS = "QUERY_CACHE_SIZE";

  static final int H2_PARSED_STATEMENTS_KEPT = 64;

  /**
   * H2 keeps its page cache in the service's heap, up to 16 MiB by default whatever the heap's
   * bound. With 10,000 pushes pending (Duo over TLS) at a 128 MiB bound, the default cache took the
   * live set after full collections to 76-79 MiB and the run to 243 full collections (33 s); with 4
   * MiB, 70-76 MiB and 74 (9.5 s), and the pushes went out no slower (BENCHMARKS.md, "A JIT without
   * C1, and a smaller page cache for the embedded store"). The open cases are what the service
   * reads, through their indexes; a page the cache misses comes from the operating system's file
   * cache. A URL that sets it keeps its own.
   */
  static final String H2_PAGE_CACHE = "CACHE_SIZE";

  static final int H2_PAGE_CACHE_KIB = 4096;

  private static final Pattern H2_URL_SETTING = Pattern.compile(";([A-Za-z_]+)=");

  private StorePool() {}

  static HikariConfig config(ServiceConfig.Store store, String url, String name, int size) {
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl(url);
    store.username().ifPresent(hc::setUsername);
    store.password().ifPresent(p -> hc.setPassword(p.reveal()));
    hc.setMaximumPoolSize(size);
    hc.setPoolName(name);
    if (url.startsWith("jdbc:postgresql:")) {
      hc.setConnectionInitSql(POSTGRES_PLANS);
    }
    if (url.startsWith("jdbc:h2:")) {
      h2Default(hc, url, H2_NO_COMPACTION_ON_CLOSE, "0");
      h2Default(hc, url, H2_PARSED_STATEMENTS, Integer.toString(H2_PARSED_STATEMENTS_KEPT));
      h2Default(hc, url, H2_PAGE_CACHE, Integer.toString(H2_PAGE_CACHE_KIB));
    }
    return hc;
  }

  /**
   * A setting for every connection, unless the URL makes it itself: H2 refuses a setting given both
   * in the URL and as a property ("Duplicate property"), and an admin's choice in {@code store.url}
   * is the one that counts.
   */
  private static void h2Default(HikariConfig hc, String url, String name, String value) {
    Matcher settings = H2_URL_SETTING.matcher(url);
    while (settings.find()) {
      if (settings.group(1).equalsIgnoreCase(name)) {
        return;
      }
    }
    hc.addDataSourceProperty(name, value);
  }
}
