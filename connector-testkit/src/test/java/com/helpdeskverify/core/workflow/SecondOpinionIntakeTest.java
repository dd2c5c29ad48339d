package com.helpdeskverify.core.workflow;

import static com.helpdeskverify.testkit.WorkflowHarness.requester;
import static org.assertj.core.api.Assertions.assertThat;

import com.helpdeskverify.core.Classification;
import com.helpdeskverify.core.Requester;
import com.helpdeskverify.core.SensitiveOperation;
import com.helpdeskverify.core.Ticket;
import com.helpdeskverify.core.VerificationCase;
import com.helpdeskverify.core.Watermark;
import com.helpdeskverify.core.classify.PhraseClassifier;
import com.helpdeskverify.testkit.HeldSecondOpinion;
import com.helpdeskverify.testkit.WorkflowHarness;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Intake decides with its own classifier at once and offers tickets to a second opinion afterwards;
 * an answer comes back as a re-delivery of the ticket. The second opinion here answers only when
 * the test says so: a vendor as slow as can be.
 */
class SecondOpinionIntakeTest {
  private final WorkflowHarness h = new WorkflowHarness();
  private final Requester alice = requester("alice");
  private final HeldSecondOpinion later = new HeldSecondOpinion();
  private final TicketIntake intake =
      new TicketIntake(
          h.store,
          later.around(new PhraseClassifier()),
          system -> h.provider.id(),
          h.policy,
          h.clock,
          new SplittableRandom(7),
          "node-1",
          h.rules::get,
          Optional.empty(),
          Optional.of(later));
  private final TicketScanner scanner = new TicketScanner(h.store, intake, h.clock);

  @AfterEach
  void close() {
    h.close();
  }

  @Test
  void aScanOfManyHarmlessTicketsOpensTheSensitiveOneBehindThemWithoutWaitingForAnyAnswer() {
    List<Ticket> harmless = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      harmless.add(h.tickets.file(alice, "Printer on floor " + i, "The printer jams again."));
      h.clock.advance(Duration.ofSeconds(1));
    }
    Ticket reset = h.passwordReset(alice);

    TicketScanner.ScanReport report = scan();

    assertThat(report.opened()).isEqualTo(1);
    assertThat(h.store.latestFor(reset.ref())).isPresent();
    // Every harmless ticket was offered, and not one answered: the scan never waited for them.
    assertThat(later.offers())
        .extracting(HeldSecondOpinion.Offer::ticket)
        .containsAll(harmless.stream().map(Ticket::ref).toList());
    assertThat(harmless).allSatisfy(t -> assertThat(h.store.latestFor(t.ref())).isEmpty());
  }

  @Test
  void anAnswerThatTheOfflineClassifierMissedASensitiveRequestOpensItsCaseOnRedelivery() {
    Ticket t =
        h.tickets.file(alice, "Printer on floor 3", "The printer jams again. Marker-for-model.");
    later.handBackTo(ref -> h.tickets.fetch(ref).ifPresent(intake::consider));
    scan();
    assertThat(h.store.latestFor(t.ref())).isEmpty();

    later.answer(
        t.ref(),
        new Classification(
            SensitiveOperation.CREDENTIAL_RESET,
            0.9,
            List.of("llm: test-model: a password hidden in the marker")));

    VerificationCase opened = h.store.latestFor(t.ref()).orElseThrow();
    assertThat(opened.classification().operation()).isEqualTo(SensitiveOperation.CREDENTIAL_RESET);
    assertThat(opened.classification().evidence())
        .containsExactly("llm: test-model: a password hidden in the marker");
  }

  @Test
  void aTicketATechnicianAskedToVerifyIsNotOffered() {
    Ticket t = h.tickets.file(alice, "Printer jams", "The printer jams again.");
    h.tickets.requestVerification(t.ref());

    scan();

    assertThat(h.store.latestFor(t.ref())).isPresent();
    assertThat(later.offers()).extracting(HeldSecondOpinion.Offer::ticket).doesNotContain(t.ref());
  }

  private TicketScanner.ScanReport scan() {
    return scanner.scan(h.tickets, Watermark.at(Instant.EPOCH), 50);
  }
}
