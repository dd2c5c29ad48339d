package com.helpdeskverify.core.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.helpdeskverify.core.Language;
import com.helpdeskverify.core.SensitiveOperation;
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
  void aRequesterFacingMessageIsInTheAskedLanguageAndANoteIsNot() {
    MessageTemplates t = MessageTemplates.defaults();

    assertThat(t.render(Message.EXECUTED, Language.DE, Map.of("operation", "x")))
        .startsWith("Vielen Dank, Ihre Identität ist bestätigt.");
    assertThat(t.render(Message.ESCALATED_INTERNAL, Language.DE, Map.of()))
        .startsWith("helpdesk-verify could not verify the requester");
  }

  @Test
  void anOverrideForEveryLanguageWinsOverTheTranslationsAndOneForALanguageWinsOverIt() {
    MessageTemplates t =
        MessageTemplates.of(
            Language.EN,
            Map.of("executed", "Done: {operation}."),
            Map.of(Language.FR, Map.of("executed", "C'est fait : {operation}.")));

    assertThat(t.render(Message.EXECUTED, Language.DE, Map.of("operation", "x")))
        .isEqualTo("Done: x.");
    assertThat(t.render(Message.EXECUTED, Language.FR, Map.of("operation", "x")))
        .isEqualTo("C'est fait : x.");
    assertThat(t.render(Message.NOTICE, Language.DE, Map.of())).startsWith("Zum Schutz");
  }

  @Test
  void aTechniciansNoteCannotBeGivenPerLanguage() {
    assertThatThrownBy(
            () ->
                MessageTemplates.of(
                    Language.EN,
                    Map.of(),
                    Map.of(Language.DE, Map.of("escalated-internal", "Bitte prüfen."))))
        .hasMessageStartingWith("messages.de.escalated-internal: technicians' notes are written");
  }

  @Test
  void aPerLanguageOverrideIsCheckedLikeAnyOther() {
    assertThatThrownBy(
            () ->
                MessageTemplates.of(
                    Language.EN, Map.of(), Map.of(Language.NL, Map.of("executed", "Klaar {x}"))))
        .hasMessageStartingWith("messages.nl.executed: unknown placeholder {x}");
  }

  @Test
  void theDefaultLanguageIsTheRequestersWhenTheTicketsIsNotKnown() {
    MessageTemplates t = MessageTemplates.of(Language.ES, Map.of(), Map.of());

    assertThat(t.requesterLanguage(java.util.Optional.empty())).isEqualTo(Language.ES);
    assertThat(t.requesterLanguage(java.util.Optional.of(Language.DE))).isEqualTo(Language.DE);
  }

  @Test
  void durationsAndOperationsAreInTheRequestersLanguage() {
    assertThat(MessageTemplates.duration(Duration.ofMinutes(3), Language.DE))
        .isEqualTo("3 Minuten");
    assertThat(MessageTemplates.duration(Duration.ofSeconds(90), Language.FR))
        .isEqualTo("90 secondes");
    assertThat(MessageTemplates.duration(Duration.ofMinutes(1), Language.NL)).isEqualTo("1 minuut");
    assertThat(MessageTemplates.duration(Duration.ofMinutes(5), Language.EN))
        .isEqualTo("5 minutes");
    assertThat(
            MessageTemplates.defaults().operation(SensitiveOperation.ACCOUNT_UNLOCK, Language.PT))
        .isEqualTo("o desbloqueio de uma conta");
    assertThat(
            MessageTemplates.defaults().operation(SensitiveOperation.ACCOUNT_UNLOCK, Language.EN))
        .isEqualTo("an account unlock");
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
