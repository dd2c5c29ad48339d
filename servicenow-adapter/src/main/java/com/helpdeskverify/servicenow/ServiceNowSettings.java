package com.helpdeskverify.servicenow;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
 * @param verify how a technician asks for verification of a record, when configured
 */
record ServiceNowSettings(
    URI instanceUrl,
    Auth auth,
    List<TableSettings> tables,
    Duration overlap,
    String requesterEmailField,
    Optional<PushIntake> pushIntake,
    String integrationUser,
    Optional<VerifyRequest> verify) {

  /** Settings without a way for technicians to ask for verification. */
  ServiceNowSettings(
      URI instanceUrl,
      Auth auth,
      List<TableSettings> tables,
      Duration overlap,
      String requesterEmailField,
      Optional<PushIntake> pushIntake,
      String integrationUser) {
    this(
        instanceUrl,
        auth,
        tables,
        overlap,
        requesterEmailField,
        pushIntake,
        integrationUser,
        Optional.empty());
  }

  /**
   * A technician's request for verification: the record has every {@code conditions} value (an
   * encoded query of {@code field=value} terms, such as {@code u_verify_identity=true}); once it is
   * answered, {@code reset} is written, which must take the record out of the conditions again.
   */
  record VerifyRequest(Map<String, String> conditions, Map<String, String> reset) {
    VerifyRequest {
      conditions = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(conditions));
      reset = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(reset));
      if (conditions.isEmpty() || reset.isEmpty()) {
        throw new IllegalArgumentException("conditions and reset must not be empty");
      }
    }

    /** The conditions as an encoded query. */
    String query() {
      return conditions.entrySet().stream()
          .map(e -> e.getKey() + "=" + e.getValue())
          .collect(java.util.stream.Collectors.joining("^"));
    }

    /**
     * Whether the record has every condition's value, checked here as well: an instance ignores a
     * condition on a field it does not know, and would otherwise return every active record.
     */
    boolean matches(SnRecord r) {
      return conditions.entrySet().stream()
          .allMatch(e -> r.has(e.getKey()) && e.getValue().equals(r.get(e.getKey())));
    }
  }

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
    Objects.requireNonNull(verify, "verify");
    if (integrationUser.isBlank()) {
      throw new IllegalArgumentException("integrationUser must not be blank");
    }
  }

  Optional<TableSettings> table(String name) {
    return tables.stream().filter(t -> t.table().equals(name)).findFirst();
  }
}
