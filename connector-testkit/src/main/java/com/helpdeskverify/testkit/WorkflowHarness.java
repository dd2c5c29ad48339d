package com.helpdeskverify.testkit;

import com.helpdeskverify.core.CaseState;
import com.helpdeskverify.core.Requester;
import com.helpdeskverify.core.Ticket;
import com.helpdeskverify.core.VerificationCase;
import com.helpdeskverify.core.Watermark;
import com.helpdeskverify.core.classify.PhraseClassifier;
import com.helpdeskverify.core.spi.PushProvider;
import com.helpdeskverify.core.store.CaseStore;
import com.helpdeskverify.core.store.HintStore;
import com.helpdeskverify.core.workflow.HintNotes;
import com.helpdeskverify.core.workflow.MessageTemplates;
import com.helpdeskverify.core.workflow.TicketIntake;
import com.helpdeskverify.core.workflow.TicketScanner;
import com.helpdeskverify.core.workflow.TicketSystemRules;
import com.helpdeskverify.core.workflow.VerificationWorkflow;
import com.helpdeskverify.core.workflow.WorkflowPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A ticket system, a push provider, a store and a workflow wired together for a test, with a clock
 * the test drives. {@link #restart()} builds a fresh workflow on the same store and fakes, as a new
 * process would after a crash. {@link #around} puts a real provider under test (against its
 * WireMock double) in place of the simulated ones.
 */
public final class WorkflowHarness implements AutoCloseable {
  public static final Duration PUSH_TIMEOUT = Duration.ofMinutes(3);

  public final MutableClock clock;
  public final Faults faults = new Faults();
  public final SimulatedTicketSystem tickets;
  public final SimulatedPushProvider provider =
      new SimulatedPushProvider("duo", PUSH_TIMEOUT, faults);

  /** A second provider, asked only when a test sets a fallback chain with {@link #chain}. */
  public final SimulatedPushProvider second =
      new SimulatedPushProvider("incode", PUSH_TIMEOUT, faults);

  public final WorkflowPolicy policy = WorkflowPolicy.defaults();
  public final TestDatabase database;
  public final CaseStore store;
  public final HintStore hints;

  /** Each ticket system's rules by id; absent: the defaults. Tests set them before scanning. */
  public final Map<String, TicketSystemRules> rules = new ConcurrentHashMap<>();

  /** What the workflow pushes through: the simulated pair, or the provider under test. */
  private final List<PushProvider> providers;

  private final SplittableRandom random = new SplittableRandom(42);
  private VerificationWorkflow workflow;
  private TicketScanner scanner;
  private int generation;
  private Map<String, List<String>> chains = Map.of();
  private MessageTemplates messages = MessageTemplates.defaults();

  public WorkflowHarness() {
    this(TestDatabase.h2());
  }

  public WorkflowHarness(TestDatabase database) {
    this(database, Instant.parse("2026-11-02T09:00:00Z"), null);
  }

  private WorkflowHarness(
      TestDatabase database, Instant start, Function<MutableClock, PushProvider> providerOf) {
    this.clock = new MutableClock(start);
    this.tickets = new SimulatedTicketSystem("jira", clock, faults);
    this.providers =
        providerOf == null ? List.of(provider, second) : List.of(providerOf.apply(clock));
    this.database = database;
    this.store = CaseStore.migrate(database.dataSource());
    this.hints = new HintStore(database.dataSource());
    restart();
  }

  /**
   * The workflow around one real provider, built by {@code providerOf} on the harness clock, which
   * starts at {@code isoStart}; on a private H2 database. {@link #provider} and {@link #second} are
   * then not wired in.
   */
  public static WorkflowHarness around(
      String isoStart, Function<MutableClock, PushProvider> providerOf) {
    return new WorkflowHarness(TestDatabase.h2(), Instant.parse(isoStart), providerOf);
  }

  /** Gives the ticket system a fallback chain of provider ids and restarts on it. */
  public void chain(String... providerIds) {
    chains = Map.of(tickets.id(), List.of(providerIds));
    restart();
  }

  /** Posts these texts (an admin's overrides, a default language) and restarts on them. */
  public void messages(MessageTemplates messages) {
    this.messages = messages;
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
        providers,
        chains,
        messages,
        policy,
        clock,
        random.split(),
        node,
        rules::get);
  }

  public TicketIntake intake(String node) {
    return new TicketIntake(
        store,
        new PhraseClassifier(),
        system -> providers.get(0).id(),
        policy,
        clock,
        random.split(),
        node,
        rules::get,
        Optional.of(new HintNotes(hints, List.of(tickets), messages, clock)),
        Optional.empty());
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

  /** Files a password reset for {@code requester} and runs its case until it ends. */
  public VerificationCase passwordResetRunToEnd(Requester requester) {
    Ticket t = passwordReset(requester);
    scan();
    runUntilSettled();
    return store.latestFor(t.ref()).orElseThrow();
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

  /**
   * The ticket system's reads of one ticket so far, in scope or plain ({@code fetch} and {@code
   * fetchInScope} count alike): what a case's re-reads cost.
   */
  public long ticketReads() {
    return faults.calls().stream().filter(op -> op.endsWith(".fetch")).count();
  }

  public CaseState stateOf(Ticket t) {
    return store.latestFor(t.ref()).orElseThrow().state();
  }

  @Override
  public void close() {
    database.close();
  }
}
