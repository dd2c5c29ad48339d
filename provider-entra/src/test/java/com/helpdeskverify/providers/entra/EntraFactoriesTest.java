package com.helpdeskverify.providers.entra;

import static org.assertj.core.api.Assertions.assertThat;

import com.helpdeskverify.core.spi.PushProviderFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The module's factories are found by their own service file, with no line added elsewhere. */
class EntraFactoriesTest {
  @Test
  void serviceLoaderFindsTheEntraFactories() {
    assertThat(
            ServiceLoader.load(PushProviderFactory.class).stream()
                .map(p -> p.get().type())
                .toList())
        .contains("entra", "entra-verified-id");
  }

  @Test
  void everySettingIsDocumented() {
    ServiceLoader.load(PushProviderFactory.class)
        .forEach(
            f ->
                f.config()
                    .settings()
                    .forEach(s -> assertThat(s.doc()).as(f.type() + "." + s.name()).isNotBlank()));
  }

  private static List<String> validateEntra(Map<String, Object> overrides) {
    Map<String, Object> raw = new LinkedHashMap<>();
    raw.put("tenant-id", "contoso.onmicrosoft.com");
    raw.put("client-id", "11111111-2222-3333-4444-555555555555");
    raw.put("client-secret", "not-a-real-secret");
    raw.put("mfa-client-secret", "not-a-real-secret");
    raw.put("allow-unsupported-api", true);
    raw.putAll(overrides);
    EntraPushProviderFactory factory = new EntraPushProviderFactory();
    return factory.validate(factory.config().parse("providers.entra", raw));
  }

  private static List<String> validateVerifiedId(Map<String, Object> overrides) {
    Map<String, Object> raw = new LinkedHashMap<>();
    raw.put("tenant-id", "contoso.onmicrosoft.com");
    raw.put("client-id", "11111111-2222-3333-4444-555555555555");
    raw.put("client-secret", "not-a-real-secret");
    raw.put("verifier-authority", "did:web:verifier.contoso.com");
    raw.put("accepted-issuers", List.of("did:web:issuer.contoso.com"));
    raw.put("callback-base-url", "https://hv.contoso.com/");
    raw.put("callback-api-key", "not-a-real-key");
    raw.putAll(overrides);
    EntraVerifiedIdProviderFactory factory = new EntraVerifiedIdProviderFactory();
    return factory.validate(factory.config().parse("providers.vid", raw));
  }

  @Test
  void aConsistentEntraSectionHasNoProblems() {
    assertThat(validateEntra(Map.of())).isEmpty();
  }

  @Test
  void entraNamesTheMissingOptInBothCredentialsAndABadAttributeInOneGo() {
    Map<String, Object> wrong = new LinkedHashMap<>();
    wrong.put("allow-unsupported-api", false);
    wrong.put("certificate-path", "/nonexistent/graph.pem");
    wrong.put("account-id-attribute", "extension x");
    List<String> problems = validateEntra(wrong);

    assertThat(problems)
        .satisfiesExactlyInAnyOrder(
            p -> assertThat(p).startsWith("providers.entra.allow-unsupported-api: "),
            p ->
                assertThat(p)
                    .isEqualTo(
                        "providers.entra.certificate-path: give exactly one of certificate-path"
                            + " and client-secret, not both"),
            p -> assertThat(p).startsWith("providers.entra.account-id-attribute: expected"));
  }

  @Test
  void entraNamesAnUnreadableCertificateAndAMissingMfaCredential() {
    EntraPushProviderFactory factory = new EntraPushProviderFactory();
    Map<String, Object> section = new LinkedHashMap<>();
    section.put("tenant-id", "t");
    section.put("client-id", "c");
    section.put("certificate-path", "/nonexistent/a.pem");
    section.put("allow-unsupported-api", true);
    List<String> problems = factory.validate(factory.config().parse("providers.entra", section));

    assertThat(problems)
        .containsExactlyInAnyOrder(
            "providers.entra.certificate-path: expected a readable PEM file, got"
                + " '/nonexistent/a.pem'",
            "providers.entra.mfa-certificate-path: give exactly one of mfa-certificate-path and"
                + " mfa-client-secret; neither is set");
  }

  @Test
  void aConsistentVerifiedIdSectionHasNoProblems() {
    assertThat(validateVerifiedId(Map.of())).isEmpty();
  }

  @Test
  void verifiedIdNamesMissingIssuersAndAPlainHttpCallbackTogether() {
    assertThat(
            validateVerifiedId(
                Map.of(
                    "accepted-issuers",
                    List.of(),
                    "callback-base-url",
                    "http://hv.local",
                    "allow-insecure-http",
                    true)))
        .satisfiesExactlyInAnyOrder(
            p -> assertThat(p).startsWith("providers.vid.accepted-issuers: at least one issuer"),
            p ->
                assertThat(p)
                    .isEqualTo(
                        "providers.vid.callback-base-url: expected an https:// address Microsoft"
                            + " can reach, got http://hv.local"));
  }
}
