package com.helpdeskverify.core.workflow;

import com.helpdeskverify.core.VerificationCase;
import com.helpdeskverify.core.spi.PushProvider;
import com.helpdeskverify.core.spi.TicketSystem;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The ticket systems and push providers a case names by id, with each ticket system's provider
 * chain and rules. Immutable: a workflow keeps the configuration it was built with for its life.
 */
final class Integrations {
  // Under the workflow's name: its log lines keep the logger operators filter by.
  private static final Logger LOG = System.getLogger(VerificationWorkflow.class.getName());

  private final Map<String, TicketSystem> ticketSystems;
  private final Map<String, PushProvider> providers;
  private final Map<String, List<String>> fallbacks;
  private final Function<String, TicketSystemRules> rules;

  Integrations(
      List<TicketSystem> ticketSystems,
      List<PushProvider> providers,
      Map<String, List<String>> fallbacks,
      Function<String, TicketSystemRules> rules) {
    this.rules = rules;
    this.ticketSystems = byId(ticketSystems, TicketSystem::id, "ticket system");
    this.providers = byId(providers, PushProvider::id, "push provider");
    this.fallbacks = Map.copyOf(fallbacks);
  }

  private static <T> Map<String, T> byId(List<T> items, Function<T, String> id, String what) {
    Map<String, T> map = new HashMap<>();
    for (T item : items) {
      if (map.put(id.apply(item), item) != null) {
        throw new IllegalArgumentException("two " + what + "s share the id " + id.apply(item));
      }
    }
    return Map.copyOf(map);
  }

  TicketSystem ticketSystem(VerificationCase c) {
    TicketSystem system = ticketSystems.get(c.ticket().system());
    if (system == null) {
      throw new IllegalStateException(
          "case "
              + c.id()
              + " belongs to ticket system '"
              + c.ticket().system()
              + "', which is not configured");
    }
    return system;
  }

  PushProvider provider(VerificationCase c) {
    PushProvider provider = providers.get(c.provider());
    if (provider == null) {
      throw new IllegalStateException(
          "case " + c.id() + " uses push provider '" + c.provider() + "', which is not configured");
    }
    return provider;
  }

  /**
   * The case's provider where it is still configured; texts and timing then leave its part out
   * rather than stop a case that no longer needs it.
   */
  Optional<PushProvider> providerIfConfigured(VerificationCase c) {
    return Optional.ofNullable(providers.get(c.provider()));
  }

  boolean configured(String providerId) {
    return providers.containsKey(providerId);
  }

  /** The providers the case's ticket system tries in order; empty without a chain. */
  List<String> chain(VerificationCase c) {
    return fallbacks.getOrDefault(c.ticket().system(), List.of());
  }

  TicketSystemRules rulesOf(VerificationCase c) {
    TicketSystemRules r = rules.apply(c.ticket().system());
    return r == null ? TicketSystemRules.DEFAULTS : r;
  }

  /** Withdraws the case's push, if it has one. */
  void cancelPush(VerificationCase c) {
    c.challenge()
        .ifPresent(
            ch -> {
              try {
                provider(c).cancel(ch.push());
              } catch (RuntimeException e) {
                // The push expires by itself at its deadline; a failed withdrawal changes nothing.
                LOG.log(
                    Level.INFO, "case {0}: could not withdraw push: {1}", c.id(), e.getMessage());
              }
            });
  }
}
