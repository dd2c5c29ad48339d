package com.helpdeskverify.scheduler.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.helpdeskverify.core.classify.PhraseClassifier;
import com.helpdeskverify.core.config.ConfigException;
import com.helpdeskverify.llm.LlmClassifier;
import com.helpdeskverify.scheduler.Integrations;
import com.helpdeskverify.scheduler.SimulatedFactories;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code classifier.llm} section as the service reads it (classifier-llm/README.md). */
class ClassifierLlmConfigTest {
  private static final String KEY = "sk-proj-Xq7T2mVf9LkR4sN8wP1zY6cB3dH5jG0aE";

  private final ConfigLoader loader =
      new ConfigLoader(
          Map.of("LLM_API_KEY", KEY),
          List.of(new SimulatedFactories.Tickets()),
          List.of(new SimulatedFactories.Push()));

  private static final String BASE =
      """
      classifier:
        extra-phrases:
          access-grant: ["SAP role"]
      %s
      ticket-systems:
        desk:
          type: simulated
          provider: push
      providers:
        push:
          type: simulated-push
      """;

  private ServiceConfig load(String llm) {
    return loader.parse(BASE.formatted(llm), "test.yml");
  }

  private List<String> problems(String llm) {
    try {
      load(llm);
    } catch (ConfigException e) {
      return e.problems();
    }
    throw new AssertionError("expected configuration problems");
  }

  @Test
  void withoutTheSectionTheClassifierIsTheOfflineOne() {
    ServiceConfig c = load("");

    assertThat(c.classifierLlm()).isEmpty();
    assertThat(Integrations.classifier(c, Clock.systemUTC(), ref -> {}))
        .isInstanceOf(PhraseClassifier.class);
  }

  @Test
  void aDisabledSectionIsCheckedButAddsNoStage() {
    ServiceConfig c =
        load(
            """
              llm:
                enabled: false
                model: gpt-4o-mini
            """);

    assertThat(c.classifierLlm()).isPresent();
    assertThat(Integrations.classifier(c, Clock.systemUTC(), ref -> {}))
        .isInstanceOf(PhraseClassifier.class);
  }

  @Test
  void anEnabledSectionPutsTheStageAroundTheOfflineClassifierWithTheKeyFromTheEnvironment() {
    ServiceConfig c =
        load(
            """
              llm:
                enabled: true
                base-url: https://api.openai.com/v1
                model: gpt-4o-mini
                api-key: ${LLM_API_KEY}
            """);

    assertThat(c.classifierLlm().orElseThrow().optionalSecret("api-key").orElseThrow().reveal())
        .isEqualTo(KEY);
    assertThat(c.warnings()).isEmpty();
    assertThat(Integrations.classifier(c, Clock.systemUTC(), ref -> {}))
        .isInstanceOf(LlmClassifier.class);
  }

  @Test
  void enabledWithoutBaseUrlIsNamedWithEveryOtherProblemOfTheFile() {
    assertThat(
            problems(
                """
                  llm:
                    enabled: true
                    model: gpt-4o-mini
                    ask-below: 150
                    temperature: 0
                """))
        .containsExactlyInAnyOrder(
            "classifier.llm.ask-below: expected a whole number from 0 to 100, got '150'",
            "classifier.llm.temperature: unknown setting; known are enabled, flavour, base-url,"
                + " model, deployment, api-version, api-key, timeout, ask-below, deterministic,"
                + " circuit-failures, circuit-open-for, allow-insecure-http");
    assertThat(
            problems(
                """
                  llm:
                    enabled: true
                    model: gpt-4o-mini
                """))
        .containsExactly(
            "classifier.llm.base-url: required with enabled: true (url: the API base ending in"
                + " /v1, such as https://api.openai.com/v1)");
  }

  @Test
  void aKeyWrittenIntoTheFileIsWarnedOfWithoutItsValue() {
    ServiceConfig c =
        load(
            """
              llm:
                enabled: true
                base-url: https://api.openai.com/v1
                model: gpt-4o-mini
                api-key: %s
            """
                .formatted(KEY));

    assertThat(c.warnings())
        .singleElement()
        .satisfies(
            w ->
                assertThat(w)
                    .startsWith("classifier.llm.api-key: a secret written into the")
                    .doesNotContain(KEY));
  }

  @Test
  void aKeyFromTheEnvironmentIsScrubbedFromProblemsWhereverItLands() {
    assertThat(
            problems(
                """
                  llm:
                    enabled: true
                    base-url: ${LLM_API_KEY}
                    model: gpt-4o-mini
                """))
        .singleElement()
        .satisfies(p -> assertThat(p).startsWith("classifier.llm.base-url:").doesNotContain(KEY));
  }

  @Test
  void theSectionMustBeASection() {
    assertThat(problems("  llm: yes"))
        .containsExactly("classifier.llm: expected a section (key: value lines)");
  }
}
