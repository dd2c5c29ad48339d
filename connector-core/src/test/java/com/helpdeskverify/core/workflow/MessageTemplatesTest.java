package com.helpdeskverify.core.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessageTemplatesTest {

  @Test
  void overriddenTextIsRenderedWithItsPlaceholders() {
    MessageTemplates t =
        MessageTemplates.withOverrides(
            Map.of("notice", "Bitte bestätigen Sie {ticket} in {provider}."));

    assertThat(t.render(Message.NOTICE, Map.of("ticket", "HD-1", "provider", "Duo Mobile")))
        .isEqualTo("Bitte bestätigen Sie HD-1 in Duo Mobile.");
    assertThat(t.render(Message.EXECUTED, Map.of("operation", "an account unlock")))
        .startsWith("Thank you");
  }

  @Test
  void valuesAreInsertedLiterallyEvenWithReplacementSyntax() {
    String rendered =
        MessageTemplates.defaults()
            .render(Message.MATCH_NUMBER, Map.of("number", "$1\\{ticket}", "provider", "X"));

    assertThat(rendered).contains("$1\\{ticket}");
  }

  @Test
  void unknownPlaceholderIsRefusedNamingTheKeyAndTheOffer() {
    assertThatThrownBy(() -> MessageTemplates.withOverrides(Map.of("executed", "Done {secret}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("messages.executed: unknown placeholder {secret}")
        .hasMessageContaining("{operation}");
  }

  @Test
  void unknownMessageKeyIsRefusedListingTheKnownOnes() {
    assertThatThrownBy(() -> MessageTemplates.withOverrides(Map.of("notise", "x")))
        .hasMessageStartingWith("messages.notise: unknown message")
        .hasMessageContaining("notice");
  }

  @Test
  void blankTextIsRefused() {
    assertThatThrownBy(() -> MessageTemplates.withOverrides(Map.of("notice", "  ")))
        .hasMessage("messages.notice: must not be empty");
  }

  @Test
  void quotedValuesLoseWhatARendererWouldLinkOrReorder() {
    assertThat(VerificationWorkflow.printable("see HTTPS://a.example, mailto:x@y.example, ftp://f"))
        .isEqualTo("see HTTPS\u200B://a.example, mailto\u200B:x@y.example, ftp\u200B://f");
    assertThat(VerificationWorkflow.printable("evil.http://x")).isEqualTo("evil.http\u200B://x");
    assertThat(VerificationWorkflow.printable("Ann\u202Etxt.exe")).isEqualTo("Ann\uFFFDtxt.exe");
    // Words that merely contain the letters stay as they are.
    assertThat(VerificationWorkflow.printable("Dr. Www Mailtoft, https-proxy: on"))
        .isEqualTo("Dr. Www Mailtoft, https-proxy: on");
  }

  @Test
  void timeoutsReadAsPeopleSayThem() {
    assertThat(VerificationWorkflow.humanize(Duration.ofMinutes(3))).isEqualTo("3 minutes");
    assertThat(VerificationWorkflow.humanize(Duration.ofMinutes(1))).isEqualTo("1 minute");
    assertThat(VerificationWorkflow.humanize(Duration.ofSeconds(90))).isEqualTo("90 seconds");
    assertThat(VerificationWorkflow.humanize(Duration.ofMillis(10))).isEqualTo("1 second");
  }
}
