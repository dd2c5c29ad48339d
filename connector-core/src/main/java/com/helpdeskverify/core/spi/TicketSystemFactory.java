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

  /**
   * Rules across the settings of one section (which settings go together, which exclude each
   * other), checked with every other problem of the file before anything is created, so that one
   * run names them all.
   *
   * @return each problem starting with the full path of the setting it is about ({@code
   *     config.path() + ".username: required with auth: basic"}); empty when the section is
   *     consistent
   */
  default java.util.List<String> validate(ConfigValues config) {
    return java.util.List.of();
  }
}
