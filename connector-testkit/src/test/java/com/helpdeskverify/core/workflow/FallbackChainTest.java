package com.helpdeskverify.core.workflow;

import static com.helpdeskverify.testkit.WorkflowHarness.requester;
import static org.assertj.core.api.Assertions.assertThat;

import com.helpdeskverify.core.CaseState;
import com.helpdeskverify.core.CommentMarker.Step;
import com.helpdeskverify.core.HistoryEntry;
import com.helpdeskverify.core.Reason;
import com.helpdeskverify.core.ReasonCode;
import com.helpdeskverify.core.Requester;
import com.helpdeskverify.core.Ticket;
import com.helpdeskverify.core.VerificationCase;
import com.helpdeskverify.testkit.SimulatedPushProvider.Answer;
import com.helpdeskverify.testkit.SimulatedTicketSystem.Comment;
import com.helpdeskverify.testkit.WorkflowHarness;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FallbackChainTest {
  private final WorkflowHarness h = new WorkflowHarness();
  private final Requester alice = requester("alice");

  @BeforeEach
  void chainDuoThenIncode() {
    h.provider.withDisplayName("Duo Mobile");
    h.second.withDisplayName("Incode");
    h.chain("duo", "incode");
  }

  @AfterEach
  void close() {
    h.close();
  }

  private Ticket fileAndRun() {
    Ticket t = h.passwordReset(alice);
    h.scan();
    h.runUntilSettled();
    return t;
  }

  @Test
  void noEnrolledDeviceAtTheFirstProviderTriesTheNextAndItsApprovalExecutes() {
    h.provider.userWithoutDevice(alice);
    h.second.user(alice, Answer.APPROVE);

    VerificationCase c = h.onlyCase(fileAndRun());

    assertThat(c.state()).isEqualTo(CaseState.EXECUTE_REQUESTED);
    assertThat(c.provider()).isEqualTo("incode");
    assertThat(h.provider.pushes()).isEmpty();
    assertThat(h.second.pushes()).hasSize(1);
  }

  @Test
  void unknownUserAtTheFirstProviderTriesTheNext() {
    h.second.user(alice, Answer.APPROVE);

    VerificationCase c = h.onlyCase(fileAndRun());

    assertThat(c.state()).isEqualTo(CaseState.EXECUTE_REQUESTED);
    assertThat(c.provider()).isEqualTo("incode");
  }

  @Test
  void everyAttemptIsInTheAuditHistory() {
    h.provider.userWithoutDevice(alice);
    h.second.user(alice, Answer.APPROVE);

    VerificationCase c = h.onlyCase(fileAndRun());

    assertThat(h.store.history(c.id()))
        .extracting(HistoryEntry::detail)
        .anySatisfy(
            d ->
                assertThat(d)
                    .startsWith("duo: " + ReasonCode.NO_ENROLLED_DEVICE.description())
                    .endsWith("trying incode"))
        .anySatisfy(d -> assertThat(d).contains("push target found at incode"));
  }

  @Test
  void theNoticeNamesTheMethodUsed() {
    h.provider.userWithoutDevice(alice);
    h.second.user(alice, Answer.APPROVE);

    Ticket t = fileAndRun();

    Comment notice =
        h.tickets.comments(t.ref()).stream()
            .filter(cm -> cm.marker().step() == Step.NOTICE)
            .findFirst()
            .orElseThrow();
    assertThat(notice.text()).contains("Incode").doesNotContain("Duo Mobile");
  }

  @Test
  void whenEveryProviderFailsTheCaseEscalatesNamingThemAll() {
    h.provider.userWithoutDevice(alice);
    h.second.userWithoutDevice(alice);

    VerificationCase c = h.onlyCase(fileAndRun());

    assertThat(c.state()).isEqualTo(CaseState.ESCALATED);
    assertThat(c.reason().map(Reason::code)).contains(ReasonCode.NO_ENROLLED_DEVICE);
    assertThat(c.reason().map(Reason::detail).orElseThrow()).contains("also tried: duo");
    assertThat(h.provider.pushes()).isEmpty();
    assertThat(h.second.pushes()).isEmpty();
  }

  @Test
  void aDenialAtTheFirstProviderIsNeverRetriedElsewhere() {
    h.provider.user(alice, Answer.DENY);
    h.second.user(alice, Answer.APPROVE);

    VerificationCase c = h.onlyCase(fileAndRun());

    assertThat(c.state()).isEqualTo(CaseState.REJECTED);
    assertThat(c.provider()).isEqualTo("duo");
    assertThat(h.second.pushes()).isEmpty();
  }

  @Test
  void withoutAChainTheFirstProviderAloneDecides() {
    h.chain();
    h.provider.userWithoutDevice(alice);
    h.second.user(alice, Answer.APPROVE);

    VerificationCase c = h.onlyCase(fileAndRun());

    assertThat(c.state()).isEqualTo(CaseState.ESCALATED);
    assertThat(c.provider()).isEqualTo("duo");
    assertThat(h.second.pushes()).isEmpty();
  }

  @Test
  void theStoreRefusesAChangeOfProviderOnceThePushMayBeOut() {
    h.provider.user(alice, Answer.APPROVE, 50);
    Ticket t = h.passwordReset(alice);
    h.scan();
    h.workflow().runDue(10);
    VerificationCase challenged = h.onlyCase(t);
    assertThat(challenged.state()).isEqualTo(CaseState.CHALLENGED);

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                h.store.save(
                    challenged,
                    challenged.toBuilder().provider("incode").build(),
                    "test",
                    h.clock.instant(),
                    java.util.Optional.empty(),
                    "test",
                    java.util.Optional.empty()))
        .isInstanceOf(IllegalStateException.class);
    assertThat(List.of(h.onlyCase(t).provider())).containsExactly("duo");
  }
}
