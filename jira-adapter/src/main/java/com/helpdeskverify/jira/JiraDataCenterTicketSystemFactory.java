package com.helpdeskverify.jira;

import com.helpdeskverify.core.config.ConfigDef;
import com.helpdeskverify.core.config.ConfigValues;
import com.helpdeskverify.core.spi.IntegrationContext;
import com.helpdeskverify.core.spi.TicketSystem;
import com.helpdeskverify.core.spi.TicketSystemFactory;

/**
 * Builds a {@link JiraTicketSystem} for Jira Data Center / Server from a {@code type:
 * jira-datacenter} section: REST v2, offset-paginated search, wiki-markup comments, personal access
 * token by default.
 */
public final class JiraDataCenterTicketSystemFactory implements TicketSystemFactory {
  private final JiraTicketSystemFactory delegate =
      new JiraTicketSystemFactory(JiraSettings.Deployment.DATA_CENTER);

  @Override
  public String type() {
    return delegate.type();
  }

  @Override
  public ConfigDef config() {
    return delegate.config();
  }

  @Override
  public java.util.List<String> validate(ConfigValues config) {
    return delegate.validate(config);
  }

  @Override
  public TicketSystem create(String id, ConfigValues config, IntegrationContext context) {
    return delegate.create(id, config, context);
  }
}
