package com.helpdeskverify.servicenow;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The checked settings of one ServiceNow instance.
 *
 * @param overlap how far before the watermark each scan re-reads, for records whose commit lagged
 *     behind their {@code sys_updated_on}; re-delivered records are harmless to intake
 * @param requesterEmailField the {@code sys_user} field handed to push providers as the requester's
 *     e-mail: {@code email}, or {@code user_name} where user names are the sign-in names
 * @param pushIntake the shared secret of the push-intake endpoint, when it is enabled
 * @param integrationUser the User ID ({@code sys_user.user_name}) the adapter acts as, which the
 *     instance records as {@code sys_created_by} of the journal entries it writes
 */
record ServiceNowSettings(
    URI instanceUrl,
    Auth auth,
    List<TableSettings> tables,
    Duration overlap,
    String requesterEmailField,
    Optional<PushIntake> pushIntake,
    String integrationUser) {

  ServiceNowSettings {
    Objects.requireNonNull(instanceUrl, "instanceUrl");
    Objects.requireNonNull(auth, "auth");
    tables = List.copyOf(tables);
    if (tables.isEmpty()) {
      throw new IllegalArgumentException("at least one table");
    }
    Objects.requireNonNull(overlap, "overlap");
    Objects.requireNonNull(requesterEmailField, "requesterEmailField");
    Objects.requireNonNull(pushIntake, "pushIntake");
    Objects.requireNonNull(integrationUser, "integrationUser");
    if (integrationUser.isBlank()) {
      throw new IllegalArgumentException("integrationUser must not be blank");
    }
  }

  Optional<TableSettings> table(String name) {
    return tables.stream().filter(t -> t.table().equals(name)).findFirst();
  }
}
