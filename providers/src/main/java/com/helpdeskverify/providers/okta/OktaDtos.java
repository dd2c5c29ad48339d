package com.helpdeskverify.providers.okta;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The JSON of Okta's Users, Factors and System Log APIs, as far as this provider reads it. */
final class OktaDtos {
  private OktaDtos() {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record User(String id, String status, Profile profile) {}

  /**
   * A user's profile: the login, and every other attribute by name (custom ones too, such as the
   * one holding the Atlassian account id), so that a remembered match can be checked again.
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Profile(String login, @JsonAnySetter Map<String, Object> attributes) {
    Profile {
      attributes = attributes == null ? new java.util.HashMap<>() : attributes;
    }

    Profile(String login) {
      this(login, null);
    }

    /** The attribute's value as text, if the profile has it. */
    Optional<String> attribute(String name) {
      Object value = attributes.get(name);
      return value == null ? Optional.empty() : Optional.of(value.toString());
    }
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Factor(String id, String factorType, String provider, String status) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record VerifyRequest(Boolean useNumberMatchingChallenge) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Transaction(
      String factorResult,
      String expiresAt,
      @JsonProperty("_links") Links links,
      @JsonProperty("_embedded") Embedded embedded) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Links(Link poll, Link cancel) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Link(String href) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Embedded(Challenge challenge) {}

  /** The number the user must pick in Okta Verify, when number matching is on. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Challenge(String correctAnswer) {}

  /** One System Log event (LogEvent object). */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record LogEvent(
      String uuid, String published, String eventType, LogEntity actor, List<LogEntity> target) {}

  /** An event's actor or one of its targets. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record LogEntity(String id, String type, String alternateId) {}
}
