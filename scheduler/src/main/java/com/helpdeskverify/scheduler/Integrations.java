package com.helpdeskverify.scheduler;

import com.helpdeskverify.core.TicketRef;
import com.helpdeskverify.core.classify.PhraseClassifier;
import com.helpdeskverify.core.classify.SensitivityClassifier;
import com.helpdeskverify.core.spi.IntegrationContext;
import com.helpdeskverify.core.spi.PushProvider;
import com.helpdeskverify.core.spi.TicketSystem;
import com.helpdeskverify.llm.LlmStage;
import com.helpdeskverify.scheduler.config.ServiceConfig;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** The configured ticket systems and providers, created by their factories, and the classifier. */
public record Integrations(List<TicketSystem> ticketSystems, List<PushProvider> providers) {

  public static Integrations create(ServiceConfig config, IntegrationContext context) {
    List<PushProvider> providers = new ArrayList<>();
    for (ServiceConfig.ProviderSettings p : config.providers()) {
      providers.add(p.factory().create(p.id(), p.settings(), context));
    }
    List<TicketSystem> systems = new ArrayList<>();
    for (ServiceConfig.TicketSystemSettings s : config.ticketSystems()) {
      systems.add(s.factory().create(s.id(), s.settings(), context));
    }
    return new Integrations(List.copyOf(systems), List.copyOf(providers));
  }

  /**
   * The sensitivity classifier: rules and learned model with the organisation's phrases, and the
   * LLM stage around them when {@code classifier.llm.enabled} (classifier-llm/README.md), which
   * asks off the intake path and gives a ticket whose decision its answer changes to {@code
   * handBack}.
   */
  public static SensitivityClassifier classifier(
      ServiceConfig config, Clock clock, Consumer<TicketRef> handBack) {
    return LlmStage.around(
        new PhraseClassifier(config.classifierPhrases()), config.classifierLlm(), clock, handBack);
  }
}
