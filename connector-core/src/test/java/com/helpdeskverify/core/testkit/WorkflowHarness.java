package com.helpdeskverify.core.testkit;

import com.helpdeskverify.core.CaseState;
import com.helpdeskverify.core.Requester;
import com.helpdeskverify.core.Ticket;
import com.helpdeskverify.core.VerificationCase;
import com.helpdeskverify.core.Watermark;
import com.helpdeskverify.core.classify.PhraseClassifier;
import com.helpdeskverify.core.simulation.SimulatedPushProvider;
import com.helpdeskverify.core.simulation.SimulatedTicketSystem;
import com.helpdeskverify.core.store.CaseStore;
import com.helpdeskverify.core.workflow.MessageTemplates;
import com.helpdeskverify.core.workflow.TicketIntake;
import com.helpdeskverify.core.workflow.TicketScanner;
import com.helpdeskverify.core.workflow.VerificationWorkflow;
import com.helpdeskverify.core.workflow.WorkflowPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A ticket system, a push provider, a store and a workflow wired together for a test, with a clock
 * the test drives. {@link #restart()} builds a fresh workflow on the same store and fakes, as a new
 * process would after a crash.
 */
public final class WorkflowHarness implements AutoCloseable {
  public static final Duration PUSH_TIMEOUT = Duration.ofMinutes(3);

  public final MutableClock clock = MutableClock.at("2026-11-02T09:00:00Z");
  public final Faults faults = new Faults();
  public final SimulatedTicketSystem tickets = new SimulatedTicketSystem("jira", clock, faults);
  public final SimulatedPushProvider provider =
      new SimulatedPushProvider("duo", PUSH_TIMEOUT, faults);

  /** A second provider, asked only when a test sets a fallback chain with {@link #chain}. */
  public final SimulatedPushProvider second =
      new SimulatedPushProvider("incode", PUSH_TIMEOUT, faults);

  public final WorkflowPolicy policy = WorkflowPolicy.defaults();
  public final TestDatabase database;
  public final CaseStore store;
  private final SplittableRandom random = new SplittableRandom(42);
  private VerificationWorkflow workflow;
  private TicketScanner scanner;
  private int generation;
  private Map<String, List<String>> chains = Map.of();

  public WorkflowHarness() {
    this(TestDatabase.h2());
  }

  public WorkflowHarness(TestDatabase database) {
    this.database = database;
    this.store = CaseStore.migrate(database.dataSource());
    restart();
  }

  /** Gives the ticket system a fallback chain of provider ids and restarts on it. */
  public void chain(String... providerIds) {
    chains = Map.of(tickets.id(), List.of(providerIds));
    restart();
  }

  /** A new process: fresh workflow and intake objects on the same store and fakes. */
  public void restart() {
    generation++;
    workflow = workflow("node-" + generation);
    scanner = new TicketScanner(store, intake("node-" + generation), clock);
  }

  public VerificationWorkflow workflow(String node) {
    return new VerificationWorkflow(
        store,
        List.of(tickets),
        List.of(provider, second),
        chains,
        MessageTemplates.defaults(),
        policy,
        clock,
        random.split(),
        node);
  }

  public TicketIntake intake(String node) {
    return new TicketIntake(
        store,
        new PhraseClassifier(),
        system -> provider.id(),
        policy,
        clock,
        random.split(),
        node);
  }

  public VerificationWorkflow workflow() {
    return workflow;
  }

  public static Requester requester(String name) {
    return Requester.of("acc-" + name, name + "@example.com", name);
  }

  public Ticket passwordReset(Requester requester) {
    return tickets.file(
        requester, "Password reset please", "I forgot my password, please reset it.");
  }

  public TicketScanner.ScanReport scan() {
    return scanner.scan(tickets, Watermark.at(Instant.EPOCH), 50);
  }

  /**
   * Works every due case, moving the clock forward to the next due time whenever nothing is due,
   * until no case is active or the step budget runs out.
   */
  public void runUntilSettled() {
    for (int round = 0; round < 10_000; round++) {
      if (workflow.runDue(100) > 0) {
        continue;
      }
      List<VerificationCase> active =
          store.all().stream().filter(c -> !c.state().terminal()).toList();
      if (active.isEmpty()) {
        return;
      }
      Instant next =
          active.stream()
              .map(
                  c ->
                      c.claim()
                          .map(
                              claim ->
                                  claim.until().isAfter(c.nextActionAt())
                                      ? claim.until()
                                      : c.nextActionAt())
                          .orElse(c.nextActionAt()))
              .min(Instant::compareTo)
              .orElseThrow();
      clock.set(next.isAfter(clock.instant()) ? next.plusMillis(1) : clock.instant().plusMillis(1));
    }
    throw new AssertionError("cases did not settle: " + store.countByState());
  }

  public VerificationCase onlyCase(Ticket t) {
    List<VerificationCase> cases = store.casesOf(t.ref());
    if (cases.size() != 1) {
      throw new AssertionError("expected one case for " + t.ref() + ", found " + cases.size());
    }
    return cases.get(0);
  }

  public CaseState stateOf(Ticket t) {
    return store.latestFor(t.ref()).orElseThrow().state();
  }

  @Override
  public void close() {
    database.close();
  }
}
