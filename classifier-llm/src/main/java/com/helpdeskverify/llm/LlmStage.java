package com.helpdeskverify.llm;

import com.helpdeskverify.core.TicketRef;
import com.helpdeskverify.core.classify.SensitivityClassifier;
import com.helpdeskverify.core.config.ConfigDef;
import com.helpdeskverify.core.config.ConfigValues;
import com.helpdeskverify.core.config.Secret;
import com.helpdeskverify.http.CircuitBreaker;
import com.helpdeskverify.http.HttpClients;
import com.helpdeskverify.http.HttpPolicy;
import com.helpdeskverify.http.HttpSettings;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;
import okhttp3.OkHttpClient;

/**
 * The {@code classifier.llm} section: its settings, the rules across them, and the classifier it
 * makes. Off unless {@code enabled: true}; then the offline classifier is returned wrapped.
 */
public final class LlmStage {
  private LlmStage() {}

  /** Where the section is in the service's configuration file. */
  public static final String PATH = "classifier.llm";

  /** The section's settings. */
  public static ConfigDef config() {
    return HttpSettings.declareCircuit(
        new ConfigDef()
            .bool(
                "enabled",
                false,
                "ask an LLM about tickets the offline classifier finds not sensitive or is unsure"
                    + " of; their summary and description are then sent to base-url")
            .enumOf(
                "flavour",
                Flavour.class,
                Flavour.OPENAI,
                "openai: POST {base-url}/chat/completions with a Bearer key (OpenAI, Ollama,"
                    + " vLLM); azure: Azure OpenAI's deployments path with an api-key header")
            .optionalUrl(
                "base-url",
                "openai: the API base ending in /v1, such as https://api.openai.com/v1 or"
                    + " http://localhost:11434/v1; azure: the resource endpoint, such as"
                    + " https://example.openai.azure.com")
            .optionalString("model", "openai: the model, such as gpt-4o-mini or llama3.1")
            .optionalString("deployment", "azure: the deployment name")
            .optionalString("api-version", "azure: the api-version, such as 2024-10-21")
            .optionalSecret(
                "api-key",
                "the key; required for azure, left out for a local server that needs none")
            .duration(
                "timeout",
                Duration.ofSeconds(5),
                "how long one question may take in all; then the offline decision stands")
            .integer(
                "ask-below",
                80,
                0,
                100,
                "a sensitive offline decision is also asked about (for its category) when its"
                    + " confidence, in percent, is below this; not-sensitive ones always are")
            .bool(
                "deterministic",
                true,
                "send temperature 0; set false for models that accept only their default"
                    + " temperature (some reasoning models)"));
  }

  /**
   * The rules across the settings of an enabled section, each problem naming its path; empty when
   * the section is off or consistent.
   */
  public static List<String> validate(ConfigValues config) {
    List<String> problems = new ArrayList<>();
    if (!config.bool("enabled")) {
      return problems;
    }
    String at = config.path() + ".";
    Flavour flavour = config.enumValue("flavour", Flavour.class);
    if (config.optionalUrl("base-url").isEmpty()) {
      problems.add(
          at
              + "base-url: required with enabled: true (url: "
              + (flavour == Flavour.AZURE
                  ? "the resource endpoint, such as https://example.openai.azure.com)"
                  : "the API base ending in /v1, such as https://api.openai.com/v1)"));
    }
    switch (flavour) {
      case OPENAI -> {
        if (config.optionalString("model").isEmpty()) {
          problems.add(at + "model: required with flavour: openai (such as gpt-4o-mini)");
        }
        for (String azureOnly : List.of("deployment", "api-version")) {
          if (config.has(azureOnly)) {
            problems.add(at + azureOnly + ": only for flavour: azure; give model instead");
          }
        }
      }
      case AZURE -> {
        if (config.optionalString("deployment").isEmpty()) {
          problems.add(at + "deployment: required with flavour: azure (the deployment name)");
        }
        if (config.optionalString("api-version").isEmpty()) {
          problems.add(at + "api-version: required with flavour: azure (such as 2024-10-21)");
        }
        if (config.optionalSecret("api-key").isEmpty()) {
          problems.add(at + "api-key: required with flavour: azure (write it as ${ENV_VAR})");
        }
        if (config.has("model")) {
          problems.add(at + "model: only for flavour: openai; azure takes deployment");
        }
      }
    }
    return problems;
  }

  /** Questions asked at once: enough for a steady trickle, few enough to be gentle on a vendor. */
  static final int IN_FLIGHT = 4;

  /** Questions waiting; beyond this the oldest is dropped, and asked again at its next delivery. */
  static final int QUEUED = 200;

  /**
   * The classifier the section asks for: {@code offline} itself when the section is absent or not
   * enabled, else an {@link LlmClassifier} around it, which is also the {@code SecondOpinion}
   * intake offers tickets to; it asks on a pool of {@value #IN_FLIGHT} threads with {@value
   * #QUEUED} questions waiting at most. Call {@link #validate} first.
   *
   * @param handBack gives a ticket back to intake when an answer changes its decision: the service
   *     re-reads it and considers it again, as for a webhook
   */
  public static SensitivityClassifier around(
      SensitivityClassifier offline,
      Optional<ConfigValues> section,
      Clock clock,
      Consumer<TicketRef> handBack) {
    return around(offline, section, clock, handBack, () -> LlmClassifier.pool(IN_FLIGHT, QUEUED));
  }

  /**
   * As {@link #around(SensitivityClassifier, Optional, Clock, Consumer)}, asking on {@code
   * questions}.
   */
  static SensitivityClassifier around(
      SensitivityClassifier offline,
      Optional<ConfigValues> section,
      Clock clock,
      Consumer<TicketRef> handBack,
      Supplier<Executor> questions) {
    if (section.isEmpty() || !section.get().bool("enabled")) {
      return offline;
    }
    ConfigValues config = section.get();
    Flavour flavour = config.enumValue("flavour", Flavour.class);
    Duration timeout = config.duration("timeout");
    URI base = config.optionalUrl("base-url").orElseThrow();
    Optional<Secret> key = config.optionalSecret("api-key");
    // One attempt: a question holds one of few threads, and a dropped or failed one is asked again
    // at the ticket's next delivery.
    HttpPolicy policy =
        new HttpPolicy(
            timeout, timeout, 1, Duration.ofMillis(250), Duration.ofSeconds(1), Duration.ZERO);
    OkHttpClient.Builder http =
        HttpClients.builder(ChatClient.SYSTEM, policy, clock).callTimeout(timeout);
    key.ifPresent(k -> http.addInterceptor(new KeyInterceptor(flavour, k)));
    ChatCompletionsApi api =
        HttpClients.retrofit(base.toString(), http.build()).create(ChatCompletionsApi.class);
    CircuitBreaker circuit = HttpSettings.circuit(ChatClient.SYSTEM, config, clock);
    Optional<String> model = config.optionalString("model");
    Optional<String> deployment = config.optionalString("deployment");
    ChatClient client =
        new ChatClient(
            api,
            flavour,
            model,
            deployment,
            config.optionalString("api-version"),
            config.bool("deterministic"),
            timeout,
            circuit);
    return new LlmClassifier(
        offline,
        client,
        flavour == Flavour.AZURE ? deployment.orElseThrow() : model.orElseThrow(),
        config.integer("ask-below") / 100.0,
        handBack,
        questions.get());
  }
}
