package com.helpdeskverify.jira;

import com.fasterxml.jackson.databind.JsonNode;
import com.helpdeskverify.core.Requester;
import com.helpdeskverify.core.config.Secret;
import com.helpdeskverify.http.Calls;
import com.helpdeskverify.http.HttpClients;
import com.helpdeskverify.http.HttpPolicy;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import retrofit2.Response;

/**
 * The e-mail address of an Atlassian account whose profile hides it from Jira, from the source the
 * admin chose: the organization's user management API, which answers for the accounts the
 * organization manages (accounts of its verified domains), whatever their profile visibility.
 * Answers are cached for {@code ttl}, also "not managed" answers, so that a scan of many tickets by
 * one person asks once.
 */
final class AccountEmails {
  /** How the audit history names where the address came from. */
  static final String SOURCE = "Atlassian organization Admin API (user management profile)";

  /** The requester attribute that names the source of a resolved address. */
  static final String SOURCE_ATTRIBUTE = Requester.EMAIL_SOURCE;

  private static final int MAX_CACHED = 10_000;
  private static final String CALL = "GET api.atlassian.com/users/{account_id}/manage/profile";

  private record Cached(Optional<String> email, Instant until) {}

  private final String system;
  private final AtlassianAdminApi api;
  private final Clock clock;
  private final Duration ttl;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  AccountEmails(String system, AtlassianAdminApi api, Clock clock, Duration ttl) {
    this.system = Objects.requireNonNull(system, "system");
    this.api = Objects.requireNonNull(api, "api");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.ttl = Objects.requireNonNull(ttl, "ttl");
  }

  static AccountEmails connect(
      String system, URI adminUrl, Secret apiKey, HttpPolicy policy, Clock clock, Duration ttl) {
    // A gate of its own: the Admin API's rate limits must not hold back the Jira site's calls.
    var client =
        HttpClients.builder(system + "-admin", policy, clock)
            .addInterceptor(new AuthInterceptor(new JiraSettings.Auth.Bearer(apiKey)))
            .build();
    AtlassianAdminApi api =
        HttpClients.retrofit(adminUrl.toString(), client).create(AtlassianAdminApi.class);
    return new AccountEmails(system, api, clock, ttl);
  }

  /**
   * The account's address, or empty when the organization does not manage the account or the
   * account is not active (nobody to push). Transient failures propagate: the ticket is read again
   * later rather than taken for one of an unknown user.
   */
  Optional<String> emailOf(String accountId) {
    Instant now = clock.instant();
    Cached hit = cache.get(accountId);
    if (hit != null && now.isBefore(hit.until())) {
      return hit.email();
    }
    Optional<String> email = ask(accountId);
    if (cache.size() >= MAX_CACHED) {
      cache.clear();
    }
    cache.put(accountId, new Cached(email, now.plus(ttl)));
    return email;
  }

  private Optional<String> ask(String accountId) {
    Response<JsonNode> response = Calls.run(api.profile(accountId), system, CALL);
    if (response.code() == 403 || response.code() == 404) {
      // Not an account of the key's organization: its address stays hidden.
      return Optional.empty();
    }
    if (!response.isSuccessful()) {
      throw Calls.failure(response, system, CALL);
    }
    JsonNode account = response.body() == null ? null : response.body().path("account");
    if (account == null
        || !accountId.equals(account.path("account_id").asText(""))
        || !"active".equals(account.path("account_status").asText(""))) {
      return Optional.empty();
    }
    String email = account.path("email").asText("").strip();
    return email.contains("@") ? Optional.of(email) : Optional.empty();
  }
}
