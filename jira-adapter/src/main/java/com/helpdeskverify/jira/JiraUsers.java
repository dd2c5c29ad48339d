package com.helpdeskverify.jira;

import com.helpdeskverify.core.Requester;
import com.helpdeskverify.http.Calls;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Jira users as the deployment names them (Cloud by {@code accountId}, Data Center by user {@code
 * key} or {@code name}), the requester's hidden address from the source the admin chose, and the
 * account this adapter acts as.
 */
final class JiraUsers {
  private final String id;
  private final JiraApi api;
  private final boolean cloud;
  private final String restVersion;

  /** Where a requester's hidden address is looked up, if the admin chose a source. */
  private final Optional<AccountEmails> accountEmails;

  private final Object ownLock = new Object();

  /** The account this adapter acts as, read once from {@code /myself}; null until then. */
  private volatile OwnAccount own;

  JiraUsers(
      String id,
      JiraApi api,
      JiraSettings.Deployment deployment,
      Optional<AccountEmails> accountEmails) {
    this.id = Objects.requireNonNull(id, "id");
    this.api = Objects.requireNonNull(api, "api");
    this.cloud = deployment == JiraSettings.Deployment.CLOUD;
    this.restVersion = deployment.restVersion();
    this.accountEmails = Objects.requireNonNull(accountEmails, "accountEmails");
  }

  /**
   * Cloud names a user by {@code accountId}; Data Center has none and names them by {@code key},
   * which survives renames, or by {@code name} on versions before keys.
   */
  String account(JiraDtos.User user) {
    if (cloud) {
      return user.accountId();
    }
    return blank(user.key()) ? user.name() : user.key();
  }

  Requester requester(JiraDtos.User user) {
    // Jira hides e-mail addresses by the user's profile visibility; then there is none to hand on.
    return Requester.of(account(user), user.emailAddress(), user.displayName());
  }

  /**
   * The requester with the address Jira hid, from the source the admin chose, and that source named
   * in the attribute {@value AccountEmails#SOURCE_ATTRIBUTE} for the audit history.
   */
  Requester withHiddenEmail(Requester requester) {
    if (!cloud || requester.email().isPresent() || accountEmails.isEmpty()) {
      return requester;
    }
    return accountEmails
        .get()
        .emailOf(requester.accountId())
        .map(
            email ->
                new Requester(requester.accountId(), Optional.of(email), requester.displayName())
                    .withAttributes(Map.of(AccountEmails.SOURCE_ATTRIBUTE, AccountEmails.SOURCE)))
        .orElse(requester);
  }

  /** Whether hidden addresses are looked up somewhere. */
  boolean findsHiddenEmails() {
    return accountEmails.isPresent();
  }

  /**
   * The account the adapter acts as, identified by Cloud's {@code accountId} or Data Center's user
   * {@code key} (falling back to {@code name} where an answer carries no key).
   */
  record OwnAccount(String accountId, String key, String name) {
    boolean wrote(JiraDtos.User author) {
      if (author == null) {
        return false;
      }
      if (!blank(accountId)) {
        return accountId.equals(author.accountId());
      }
      if (!blank(key) && !blank(author.key())) {
        return key.equals(author.key());
      }
      return !blank(name) && name.equals(author.name());
    }
  }

  /**
   * Reads {@code /myself} once; later calls use the cached answer. A failed read is not cached, so
   * the next call tries again.
   */
  OwnAccount ownAccount() {
    OwnAccount known = own;
    if (known != null) {
      return known;
    }
    synchronized (ownLock) {
      if (own == null) {
        own = readMyself();
      }
      return own;
    }
  }

  /** Reads {@code /myself} now, which proves the credentials, and keeps the first answer. */
  void checkOwnAccount() {
    OwnAccount account = readMyself();
    synchronized (ownLock) {
      if (own == null) {
        own = account;
      }
    }
  }

  private OwnAccount readMyself() {
    String call = "GET /rest/api/" + restVersion + "/myself";
    JiraDtos.User me = Calls.execute(api.myself(restVersion), id, call);
    OwnAccount account =
        cloud
            ? new OwnAccount(me.accountId(), null, null)
            : new OwnAccount(null, me.key(), me.name());
    if (blank(account.accountId()) && blank(account.key()) && blank(account.name())) {
      throw Calls.malformed(id, call, cloud ? "no accountId" : "no key or name", true);
    }
    return account;
  }

  static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
