package com.helpdeskverify.providers.support;

import com.helpdeskverify.core.Requester;
import com.helpdeskverify.core.Ticket;
import com.helpdeskverify.core.VerificationCase;
import com.helpdeskverify.core.Watermark;
import com.helpdeskverify.core.classify.PhraseClassifier;
import com.helpdeskverify.core.simulation.CallHook;
import com.helpdeskverify.core.simulation.SimulatedTicketSystem;
import com.helpdeskverify.core.spi.PushProvider;
import com.helpdeskverify.core.store.CaseStore;
import com.helpdeskverify.core.testkit.MutableClock;
import com.helpdeskverify.core.testkit.TestDatabase;
import com.helpdeskverify.core.workflow.MessageTemplates;
import com.helpdeskverify.core.workflow.TicketIntake;
import com.helpdeskverify.core.workflow.TicketScanner;
import com.helpdeskverify.core.workflow.VerificationWorkflow;
import com.helpdeskverify.core.workflow.WorkflowPolicy;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * The core's real workflow and case store (H2) with a simulated ticket system, driving a real
 * provider against its WireMock double, on a clock the test moves.
 */
public final class ProviderWorkflowHarness implements AutoCloseable {
  public final MutableClock clock = MutableClock.at("2026-11-22T19:00:00Z");
  public final SimulatedTicketSystem tickets =
      new SimulatedTicketSystem("jira", clock, CallHook.direct());
  private final TestDatabase database = TestDatabase.h2();
  public final CaseStore store = CaseStore.migrate(database.dataSource());
  private final VerificationWorkflow workflow;
  private final TicketScanner scanner;

  /**
   * @param providerOf builds the provider on the harness clock
   */
  public ProviderWorkflowHarness(Function<MutableClock, PushProvider> providerOf) {
    PushProvider provider = providerOf.apply(clock);
    WorkflowPolicy policy = WorkflowPolicy.defaults();
    SplittableRandom random = new SplittableRandom(42);
    workflow =
        new VerificationWorkflow(
            store,
            List.of(tickets),
            List.of(provider),
            MessageTemplates.defaults(),
            policy,
            clock,
            random.split(),
            "node-1");
    scanner =
        new TicketScanner(
            store,
            new TicketIntake(
                store,
                new PhraseClassifier(),
                system -> provider.id(),
                policy,
                clock,
                random.split(),
                "node-1"),
            clock);
  }

  /** Files a password reset for {@code requester} and runs its case until it ends. */
  public VerificationCase passwordResetRunToEnd(Requester requester) {
    Ticket t =
        tickets.file(requester, "Password reset please", "I forgot my password, please reset it.");
    scanner.scan(tickets, Watermark.at(Instant.EPOCH), 50);
    runUntilSettled();
    return store.latestFor(t.ref()).orElseThrow();
  }

  private void runUntilSettled() {
    for (int round = 0; round < 1_000; round++) {
      if (workflow.runDue(100) > 0) {
        continue;
      }
      List<VerificationCase> active =
          store.all().stream().filter(c -> !c.state().terminal()).toList();
      if (active.isEmpty()) {
        return;
      }
      Instant next =
          active.stream().map(VerificationCase::nextActionAt).min(Instant::compareTo).orElseThrow();
      clock.set(next.isAfter(clock.instant()) ? next.plusMillis(1) : clock.instant().plusMillis(1));
    }
    throw new AssertionError("cases did not settle: " + store.countByState());
  }

  @Override
  public void close() {
    database.close();
  }
}
