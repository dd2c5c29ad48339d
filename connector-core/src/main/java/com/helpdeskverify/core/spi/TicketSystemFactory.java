package com.helpdeskverify.core.spi;

import com.helpdeskverify.core.config.ConfigDef;
import com.helpdeskverify.core.config.ConfigValues;

/**
 * Creates a {@link TicketSystem} of one kind from its configuration section. Found with {@link
 * java.util.ServiceLoader}: adding a ticket system is a new package and a {@code META-INF/services}
 * line.
 */
public interface TicketSystemFactory {
  /** The {@code type} that selects this factory in configuration, such as {@code jira-cloud}. */
  String type();

  /** The settings of this kind's configuration section. */
  ConfigDef config();

  TicketSystem create(String id, ConfigValues config, IntegrationContext context);
}
