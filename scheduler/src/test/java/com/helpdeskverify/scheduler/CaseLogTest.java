package com.helpdeskverify.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.helpdeskverify.core.CaseId;
import com.helpdeskverify.core.CaseState;
import com.helpdeskverify.core.Classification;
import com.helpdeskverify.core.Reason;
import com.helpdeskverify.core.ReasonCode;
import com.helpdeskverify.core.Requester;
import com.helpdeskverify.core.SensitiveOperation;
import com.helpdeskverify.core.Ticket;
import com.helpdeskverify.core.TicketRef;
import com.helpdeskverify.core.VerificationCase;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class CaseLogTest {
  private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");

  private final Logger logger = (Logger) LoggerFactory.getLogger(CaseLog.LOGGER);
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
  private final CaseLog log = new CaseLog();

  private Level level;

  @BeforeEach
  void capture() {
    lines.start();
    logger.addAppender(lines);
    // Other tests in this JVM may have turned the case log down (the demo does).
    level = logger.getLevel();
    logger.setLevel(Level.INFO);
  }

  @AfterEach
  void release() {
    logger.detachAppender(lines);
    logger.setLevel(level);
  }

  private static VerificationCase opened(String label) {
    Ticket ticket =
        new Ticket(
            new TicketRef("servicenow-eu", "incident:9d38", label),
            Requester.of("u-1", "alice@example.com", "Alice"),
            Optional.empty(),
            "Password reset",
            "Please reset my password",
            NOW,
            NOW,
            "New",
            true);
    return VerificationCase.detected(
        new CaseId("0b5c6a3e-0000-4000-8000-000000000001"),
        ticket,
        1,
        new Classification(SensitiveOperation.CREDENTIAL_RESET, 0.9, List.of("reset password")),
        "duo",
        NOW);
  }

  @Test
  void aStateChangeIsOneInfoLineNamingTicketCaseStateAndReason() {
    VerificationCase before = opened("INC0010042").toBuilder().state(CaseState.CHALLENGED).build();
    VerificationCase after =
        before.toBuilder()
            .state(CaseState.APPROVED)
            .reason(new Reason(ReasonCode.APPROVED, "push p-7"))
            .build();

    log.moved(before, after);

    assertThat(lines.list).hasSize(1);
    ILoggingEvent line = lines.list.get(0);
    assertThat(line.getLevel()).isEqualTo(Level.INFO);
    assertThat(line.getFormattedMessage())
        .isEqualTo(
            "INC0010042 [servicenow-eu] case 0b5c6a3e-0000-4000-8000-000000000001 attempt 1:"
                + " CHALLENGED -> APPROVED (APPROVED: push p-7)");
    assertThat(line.getMDCPropertyMap())
        .containsEntry("system", "servicenow-eu")
        .containsEntry("ticket", "INC0010042")
        .containsEntry("case", "0b5c6a3e-0000-4000-8000-000000000001")
        .containsEntry("attempt", "1")
        .containsEntry("state", "APPROVED")
        .containsEntry("reason", "APPROVED");
  }

  @Test
  void aStepThatKeepsTheStateLogsNothing() {
    VerificationCase challenged =
        opened("INC0010042").toBuilder().state(CaseState.CHALLENGED).build();

    log.moved(challenged, challenged.toBuilder().failures(1).build());

    assertThat(lines.list).isEmpty();
  }

  @Test
  void aFraudReportIsAWarning() {
    VerificationCase before = opened("INC0010042").toBuilder().state(CaseState.CHALLENGED).build();

    log.moved(
        before,
        before.toBuilder()
            .state(CaseState.DENIED)
            .reason(new Reason(ReasonCode.FRAUD_REPORTED, "marked as fraud"))
            .build());

    assertThat(lines.list)
        .singleElement()
        .extracting(ILoggingEvent::getLevel)
        .isEqualTo(Level.WARN);
  }

  @Test
  void textFromTheTicketCannotStartALogLineOfItsOwn() {
    VerificationCase before =
        opened("INC1\nINFO forged").toBuilder().state(CaseState.DETECTED).build();

    log.moved(
        before,
        before.toBuilder()
            .state(CaseState.ESCALATING)
            .reason(new Reason(ReasonCode.THIRD_PARTY_TARGET, "found: for\r\nbob"))
            .build());

    assertThat(lines.list.get(0).getFormattedMessage()).doesNotContain("\n").doesNotContain("\r");
    assertThat(lines.list.get(0).getMDCPropertyMap().get("ticket")).isEqualTo("INC1 INFO forged");
  }

  @Test
  void anOpenedCaseNamesWhatWasAskedAndWhy() {
    log.opened(opened("INC0010042"));

    assertThat(lines.list.get(0).getFormattedMessage())
        .contains("INC0010042")
        .contains("opened")
        .contains("CREDENTIAL_RESET (reset password)");
    assertThat(lines.list.get(0).getMDCPropertyMap()).containsEntry("state", "DETECTED");
  }
}
