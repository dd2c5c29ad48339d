package com.helpdeskverify.scheduler;

import com.helpdeskverify.core.CaseState;
import com.helpdeskverify.core.ReasonCode;
import com.helpdeskverify.core.VerificationCase;
import com.helpdeskverify.core.workflow.WorkflowListener;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.event.Level;

/**
 * One log line per case state change, so an operator can follow every ticket: the message reads as
 * a sentence, and the same facts travel as MDC fields ({@code system}, {@code ticket}, {@code
 * case}, {@code attempt}, {@code state}, {@code reason}) for log shippers. Reasons hold what
 * technicians are told, never a secret; quoted ticket text in them is stripped of control
 * characters so no requester can forge a log line.
 */
final class CaseLog implements WorkflowListener {
  /** Its own logger name, so operators can turn case lines up or down apart from the rest. */
  static final String LOGGER = "com.helpdeskverify.cases";

  private static final Logger LOG = LoggerFactory.getLogger(LOGGER);
  private static final Pattern CONTROL = Pattern.compile("[\\p{Cc}\\p{Zl}\\p{Zp}]+");

  /** A case intake has just opened. */
  void opened(VerificationCase c) {
    log(
        Level.INFO,
        c,
        "opened",
        c.classification().operation()
            + " ("
            + String.join("; ", c.classification().evidence())
            + ")");
  }

  @Override
  public void moved(VerificationCase before, VerificationCase after) {
    if (before.state() == after.state()) {
      return; // a retry or a poll: no change an operator follows
    }
    String change = before.state() + " -> " + after.state();
    String reason =
        after
            .reason()
            .map(r -> r.code() + (r.detail().isBlank() ? "" : ": " + r.detail()))
            .orElse("");
    log(level(after), after, change, reason);
  }

  /** What needs a person's attention is a warning: fraud, and a provider that is failing. */
  private static Level level(VerificationCase c) {
    Optional<ReasonCode> code = c.reason().map(r -> r.code());
    boolean fraud = code.orElse(null) == ReasonCode.FRAUD_REPORTED && c.state() == CaseState.DENIED;
    boolean providerDown =
        code.orElse(null) == ReasonCode.PROVIDER_UNAVAILABLE && c.state() == CaseState.ESCALATING;
    return fraud || providerDown ? Level.WARN : Level.INFO;
  }

  private static void log(Level level, VerificationCase c, String change, String reason) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("system", c.ticket().system());
    fields.put("ticket", clean(c.ticket().label()));
    fields.put("case", c.id().value());
    fields.put("attempt", Integer.toString(c.attempt()));
    fields.put("state", c.state().name());
    c.reason().ifPresent(r -> fields.put("reason", r.code().name()));
    Map<String, String> previous = MDC.getCopyOfContextMap();
    try {
      fields.forEach(MDC::put);
      LOG.atLevel(level)
          .log(
              "{} [{}] case {} attempt {}: {}{}",
              clean(c.ticket().label()),
              c.ticket().system(),
              c.id().value(),
              c.attempt(),
              change,
              reason.isBlank() ? "" : " (" + clean(reason) + ")");
    } finally {
      if (previous == null) {
        MDC.clear();
      } else {
        MDC.setContextMap(previous);
      }
    }
  }

  static String clean(String text) {
    return CONTROL.matcher(text).replaceAll(" ");
  }
}
