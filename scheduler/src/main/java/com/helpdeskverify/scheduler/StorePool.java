package com.helpdeskverify.scheduler;

import com.helpdeskverify.scheduler.config.ServiceConfig;
import com.zaxxer.hikari.HikariConfig;

/** The connection pool settings every reader and writer of the configured store starts from. */
final class StorePool {
  private StorePool() {}

  static HikariConfig config(ServiceConfig.Store store, String url, String name, int size) {
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl(url);
    store.username().ifPresent(hc::setUsername);
    store.password().ifPresent(p -> hc.setPassword(p.reveal()));
    hc.setMaximumPoolSize(size);
    hc.setPoolName(name);
    return hc;
  }
}
