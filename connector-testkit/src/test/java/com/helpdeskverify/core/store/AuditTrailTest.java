package com.helpdeskverify.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.helpdeskverify.core.CaseState;
import com.helpdeskverify.core.Requester;
import com.helpdeskverify.core.Ticket;
import com.helpdeskverify.testkit.SimulatedPushProvider.Answer;
import com.helpdeskverify.testkit.WorkflowHarness;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AuditTrailTest {
  private final WorkflowHarness h = new WorkflowHarness();
  private final AuditTrail trail = new AuditTrail(h.database.dataSource());
  private final Requester alice = WorkflowHarness.requester("alice");
  private final Requester bob = WorkflowHarness.requester("bob");

  @AfterEach
  void close() {
    h.close();
  }

  private static AuditTrail.Filter all() {
    return new AuditTrail.Filter(
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), 100);
  }

  private Ticket[] approvedAndDenied() {
    h.provider.user(alice, Answer.APPROVE, 1).user(bob, Answer.DENY, 1);
    Ticket a = h.passwordReset(alice);
    Ticket b = h.passwordReset(bob);
    h.scan();
    h.runUntilSettled();
    return new Ticket[] {a, b};
  }

  @Test
  void listsEveryCaseWithItsOutcome() {
    approvedAndDenied();

    List<AuditTrail.CaseSummary> cases = trail.cases(all());

    assertThat(cases)
        .extracting(c -> c.requesterName() + " " + c.state() + " " + c.reasonCode().orElse("-"))
        .containsExactlyInAnyOrder("alice EXECUTE_REQUESTED APPROVED", "bob REJECTED DENIED");
  }

  @Test
  void filtersByStateReasonSystemAndTime() {
    approvedAndDenied();
    Instant later = h.clock.instant().plus(Duration.ofMinutes(1));

    assertThat(
            trail.cases(
                new AuditTrail.Filter(
                    Optional.empty(),
                    Optional.of(CaseState.REJECTED),
                    Optional.empty(),
                    Optional.empty(),
                    100)))
        .extracting(AuditTrail.CaseSummary::requesterName)
        .containsExactly("bob");
    assertThat(
            trail.cases(
                new AuditTrail.Filter(
                    Optional.empty(),
                    Optional.empty(),
                    Optional.of("denied"),
                    Optional.of("jira"),
                    100)))
        .extracting(AuditTrail.CaseSummary::requesterName)
        .containsExactly("bob");
    assertThat(
            trail.cases(
                new AuditTrail.Filter(
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.of("snow"),
                    100)))
        .isEmpty();
    assertThat(
            trail.cases(
                new AuditTrail.Filter(
                    Optional.of(later), Optional.empty(), Optional.empty(), Optional.empty(), 100)))
        .isEmpty();
  }

  @Test
  void findsATicketByWhatPeopleCallItAndACaseByItsId() {
    Ticket[] t = approvedAndDenied();
    String label = t[0].ref().label();

    List<AuditTrail.CaseSummary> byTicket = trail.find(label.toLowerCase());
    assertThat(byTicket)
        .singleElement()
        .extracting(AuditTrail.CaseSummary::ticket)
        .isEqualTo(label);
    String caseId = byTicket.get(0).caseId();
    assertThat(trail.find(caseId)).singleElement().extracting(c -> c.caseId()).isEqualTo(caseId);
    assertThat(trail.find("NOPE-1")).isEmpty();
  }

  @Test
  void eventsAreEveryStateChangeInWriteOrder() {
    Ticket[] t = approvedAndDenied();
    String caseId = trail.find(t[0].ref().label()).get(0).caseId();

    List<AuditTrail.Event> events = trail.events(Instant.EPOCH, Optional.of(caseId));

    assertThat(events).extracting(AuditTrail.Event::to).startsWith(CaseState.DETECTED);
    assertThat(events.get(events.size() - 1).to()).isEqualTo(CaseState.EXECUTE_REQUESTED);
    assertThat(events).extracting(AuditTrail.Event::seq).isSorted();
    assertThat(trail.events(Instant.EPOCH, Optional.empty()).size()).isGreaterThan(events.size());
  }

  @Test
  void oldestOpenCaseIsTheEarliestOpenedThatHasNotEnded() {
    assertThat(trail.oldestOpenSince()).isEmpty();
    h.provider.user(alice, Answer.IGNORE, 0);
    h.passwordReset(alice);
    Instant filed = h.clock.instant();
    h.scan();

    assertThat(trail.oldestOpenSince()).contains(filed);

    h.runUntilSettled();
    assertThat(trail.oldestOpenSince()).isEmpty();
  }
}
