package com.helpdeskverify.providers.okta;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OktaPushProviderFactoryTest {
  private final OktaPushProviderFactory factory = new OktaPushProviderFactory();

  private List<String> validate(Map<String, Object> overrides) {
    Map<String, Object> raw = new LinkedHashMap<>();
    raw.put("base-url", "https://example.okta.com");
    raw.put("api-token", "not-a-real-token");
    raw.putAll(overrides);
    return factory.validate(factory.config().parse("providers.okta", raw));
  }

  @Test
  void aConsistentSectionHasNoProblems() {
    assertThat(validate(Map.of("account-id-attribute", "atlassianAccountId"))).isEmpty();
  }

  @Test
  void aBadAttributeNameAndAMissingMappingDomainAreBothNamed() {
    assertThat(
            validate(
                Map.of(
                    "account-id-attribute", "profile.x eq \"1\"",
                    "username-from", "email-local-part")))
        .satisfiesExactlyInAnyOrder(
            p ->
                assertThat(p)
                    .startsWith(
                        "providers.okta.account-id-attribute: expected an Okta profile attribute's"
                            + " variable name"),
            p -> assertThat(p).startsWith("providers.okta.email-domains: required"));
  }
}
