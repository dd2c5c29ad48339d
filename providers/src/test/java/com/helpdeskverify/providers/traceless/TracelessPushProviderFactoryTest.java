package com.helpdeskverify.providers.traceless;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TracelessPushProviderFactoryTest {
  private final TracelessPushProviderFactory factory = new TracelessPushProviderFactory();

  private List<String> validate(Map<String, Object> overrides) {
    Map<String, Object> raw = new LinkedHashMap<>();
    raw.put("api-url", "https://traceless.example");
    raw.put("organization-id", "0b8c6a38-3b1b-4a52-9c2e-000000000000");
    raw.put("signing-secret", "not-a-real-secret");
    raw.putAll(overrides);
    return factory.validate(factory.config().parse("providers.traceless", raw));
  }

  @Test
  void theDefaultsAreConsistent() {
    assertThat(validate(Map.of())).isEmpty();
  }

  @Test
  void aPollIntervalAsLongAsTheDeadlineIsNamed() {
    assertThat(validate(Map.of("poll-interval", "5m", "deadline", "5m")))
        .singleElement()
        .asString()
        .startsWith("providers.traceless.poll-interval: must be shorter than deadline (300s)");
  }
}
