package com.helpdeskverify.providers.incode;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IncodePushProviderFactoryTest {
  private final IncodePushProviderFactory factory = new IncodePushProviderFactory();

  private List<String> validate(Map<String, Object> overrides) {
    Map<String, Object> raw = new LinkedHashMap<>();
    raw.put("api-url", "https://demo-api.incodesmile.com");
    raw.put("client-id", "b2b-client");
    raw.put("client-secret", "not-a-real-secret");
    raw.put("api-key", "not-a-real-key");
    raw.put("executive-email", "helpdesk-verify@corp.example");
    raw.put("executive-password", "not-a-real-password");
    raw.put("integration-reference", "hd-ref-7f3a9c");
    raw.putAll(overrides);
    return factory.validate(factory.config().parse("providers.incode", raw));
  }

  @Test
  void aWebhookHeaderThatNoRequestCanCarryIsNamedWhenWebhooksAreOn() {
    assertThat(
            validate(
                Map.of("webhook-secret", "hook-secret", "webhook-secret-header", "x webhook: a")))
        .singleElement()
        .asString()
        .startsWith("providers.incode.webhook-secret-header: expected an HTTP header name");
  }

  @Test
  void theHeaderIsNotCheckedWhileWebhooksAreOff() {
    assertThat(validate(Map.of("webhook-secret-header", "x webhook: a"))).isEmpty();
  }

  @Test
  void theDefaultHeaderIsAccepted() {
    assertThat(validate(Map.of("webhook-secret", "hook-secret"))).isEmpty();
  }
}
