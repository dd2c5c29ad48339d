package com.helpdeskverify.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.helpdeskverify.core.Classification;
import com.helpdeskverify.core.config.ConfigException;
import com.helpdeskverify.core.config.ConfigValues;
import com.helpdeskverify.testkit.FixedClassifier;
import com.helpdeskverify.testkit.MutableClock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LlmStageTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-03T12:00:00Z"));
  private final FixedClassifier offline = new FixedClassifier(Classification.none());

  @Test
  void anAbsentOrDisabledSectionLeavesTheOfflineClassifierAlone() {
    assertThat(LlmStage.around(offline, Optional.empty(), clock, ref -> {})).isSameAs(offline);
    ConfigValues off = parse(Map.of("enabled", false));
    assertThat(LlmStage.validate(off)).isEmpty();
    assertThat(LlmStage.around(offline, Optional.of(off), clock, ref -> {})).isSameAs(offline);
  }

  @Test
  void theStageIsOffByDefault() {
    assertThat(parse(Map.of()).bool("enabled")).isFalse();
  }

  @Test
  void enabledWithoutBaseUrlOrModelNamesBothProblems() {
    assertThat(LlmStage.validate(parse(Map.of("enabled", true))))
        .containsExactly(
            "classifier.llm.base-url: required with enabled: true (url: the API base ending in"
                + " /v1, such as https://api.openai.com/v1)",
            "classifier.llm.model: required with flavour: openai (such as gpt-4o-mini)");
  }

  @Test
  void azureNeedsDeploymentApiVersionAndKeyAndTakesNoModel() {
    assertThat(
            LlmStage.validate(
                parse(
                    Map.of(
                        "enabled",
                        true,
                        "flavour",
                        "azure",
                        "base-url",
                        "https://example.openai.azure.com",
                        "model",
                        "gpt-4o"))))
        .containsExactly(
            "classifier.llm.deployment: required with flavour: azure (the deployment name)",
            "classifier.llm.api-version: required with flavour: azure (such as 2024-10-21)",
            "classifier.llm.api-key: required with flavour: azure (write it as ${ENV_VAR})",
            "classifier.llm.model: only for flavour: openai; azure takes deployment");
  }

  @Test
  void aCompleteOpenAiSectionIsConsistent() {
    assertThat(
            LlmStage.validate(
                parse(
                    Map.of(
                        "enabled",
                        true,
                        "base-url",
                        "http://localhost:11434/v1",
                        "model",
                        "llama3.1"))))
        .isEmpty();
  }

  @Test
  void settingsOfTheWrongFormAreNamedByTheirPath() {
    assertThatThrownBy(
            () ->
                parse(
                    Map.of(
                        "enabled",
                        "yes",
                        "flavour",
                        "anthropic",
                        "ask-below",
                        120,
                        "timeout",
                        "soon")))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .containsExactlyInAnyOrder(
                        "classifier.llm.enabled: expected true or false, got 'yes'",
                        "classifier.llm.flavour: expected one of openai | azure, got 'anthropic'",
                        "classifier.llm.timeout: expected a duration such as 30s, 5m, 2h or PT30S,"
                            + " got 'soon'",
                        "classifier.llm.ask-below: expected a whole number from 0 to 100, got"
                            + " '120'"));
  }

  private static ConfigValues parse(Map<String, Object> raw) {
    return LlmStage.config().parse(LlmStage.PATH, raw);
  }
}
