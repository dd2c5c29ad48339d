package com.helpdeskverify.scheduler;

import com.helpdeskverify.scheduler.config.ServiceConfig;
import com.zaxxer.hikari.HikariConfig;

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
    return hc;
  }
}
