package com.helpdeskverify.servicenow;

import com.helpdeskverify.core.config.Secret;
import java.util.Objects;
import java.util.Optional;

/** How the adapter signs in to the instance. */
sealed interface Auth {

  /**
   * The user name that signs in, when the credentials name one (basic, the password grant); the
   * client credentials grant acts as the OAuth Application User, which the token does not name.
   */
  static Optional<String> signInName(Auth auth) {
    if (auth instanceof Basic basic) {
      return Optional.of(basic.username());
    }
    if (auth instanceof OAuth oauth && oauth.grant() == Grant.PASSWORD) {
      return oauth.username();
    }
    return Optional.empty();
  }

  /** HTTP basic authentication of a (web-service-access-only) integration user. */
  record Basic(String username, Secret password) implements Auth {
    public Basic {
      Objects.requireNonNull(username, "username");
      Objects.requireNonNull(password, "password");
    }
  }

  /**
   * OAuth 2.0 against {@code /oauth_token.do}: client credentials (the OAuth application's user),
   * or the password grant of an integration user; refresh tokens are used when the instance issues
   * them.
   */
  record OAuth(
      Grant grant,
      String clientId,
      Secret clientSecret,
      Optional<String> username,
      Optional<Secret> password)
      implements Auth {
    public OAuth {
      Objects.requireNonNull(grant, "grant");
      Objects.requireNonNull(clientId, "clientId");
      Objects.requireNonNull(clientSecret, "clientSecret");
      Objects.requireNonNull(username, "username");
      Objects.requireNonNull(password, "password");
      if (grant == Grant.PASSWORD && (username.isEmpty() || password.isEmpty())) {
        throw new IllegalArgumentException("the password grant needs a username and a password");
      }
    }
  }

  enum Grant {
    CLIENT_CREDENTIALS,
    PASSWORD
  }
}
