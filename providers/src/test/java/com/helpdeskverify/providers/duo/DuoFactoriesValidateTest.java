package com.helpdeskverify.providers.duo;

import static org.assertj.core.api.Assertions.assertThat;

import com.helpdeskverify.core.spi.PushProviderFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rules across settings that both Duo factories report before anything is created. */
class DuoFactoriesValidateTest {

  private static List<String> validate(PushProviderFactory factory, Map<String, Object> overrides) {
    Map<String, Object> raw = new LinkedHashMap<>();
    raw.put("base-url", "https://api-12345678.duosecurity.com");
    raw.put("integration-key", "DIXXXXXXXXXXXXXXXXXX");
    raw.put("secret-key", "not-a-real-secret-key");
    raw.putAll(overrides);
    return factory.validate(factory.config().parse("providers.duo", raw));
  }

  @Test
  void aConsistentAuthApiSectionHasNoProblems() {
    assertThat(validate(new DuoPushProviderFactory(), Map.of())).isEmpty();
  }

  @Test
  void authApiLocalPartMappingWithoutDomainsIsNamedByItsPath() {
    assertThat(validate(new DuoPushProviderFactory(), Map.of("username-from", "email-local-part")))
        .singleElement()
        .asString()
        .startsWith("providers.duo.email-domains: required when username-from is email-local-part");
  }

  @Test
  void verificationPushReportsATimeoutBeyondDuosAnswerAndAMissingAttributeTogether() {
    assertThat(
            validate(
                new DuoVerificationPushProviderFactory(),
                Map.of("push-timeout", "2m", "username-from", "attribute")))
        .satisfiesExactlyInAnyOrder(
            p -> assertThat(p).startsWith("providers.duo.push-timeout: must be shorter than 120s"),
            p ->
                assertThat(p)
                    .startsWith(
                        "providers.duo.username-attribute: required when username-from is"
                            + " attribute"));
  }

  @Test
  void verificationPushJustUnderDuosLimitIsAccepted() {
    assertThat(validate(new DuoVerificationPushProviderFactory(), Map.of("push-timeout", "119s")))
        .isEmpty();
  }
}
