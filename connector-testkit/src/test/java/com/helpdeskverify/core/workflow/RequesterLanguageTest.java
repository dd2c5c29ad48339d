package com.helpdeskverify.core.workflow;

import static com.helpdeskverify.testkit.WorkflowHarness.requester;
import static org.assertj.core.api.Assertions.assertThat;

import com.helpdeskverify.core.CommentMarker.Step;
import com.helpdeskverify.core.Language;
import com.helpdeskverify.core.Requester;
import com.helpdeskverify.core.Ticket;
import com.helpdeskverify.testkit.SimulatedPushProvider.Answer;
import com.helpdeskverify.testkit.SimulatedTicketSystem.Comment;
import com.helpdeskverify.testkit.WorkflowHarness;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Replies to the requester are in the ticket's language; notes to technicians are not. */
class RequesterLanguageTest {
  private final WorkflowHarness h = new WorkflowHarness();
  private final Requester anna = requester("anna");

  @AfterEach
  void close() {
    h.close();
  }

  private Ticket germanPasswordReset() {
    return h.tickets.file(
        anna,
        "Passwort zurücksetzen",
        "Hallo, ich habe mein Passwort vergessen und kann mich nicht mehr anmelden. Bitte setzen"
            + " Sie mein Passwort für mich zurück.");
  }

  private List<Comment> run(Ticket t) {
    h.scan();
    h.runUntilSettled();
    return h.tickets.comments(t.ref());
  }

  private static String text(List<Comment> comments, Step step) {
    return comments.stream()
        .filter(c -> c.marker().step() == step)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + step + " comment"))
        .text();
  }

  @Test
  void aGermanTicketGetsAGermanNoticeAndAGermanConfirmationButAnEnglishTechnicianNote() {
    h.provider.user(anna, Answer.APPROVE, 1);
    Ticket t = germanPasswordReset();

    List<Comment> comments = run(t);

    assertThat(h.onlyCase(t).language()).contains(Language.DE);
    assertThat(text(comments, Step.NOTICE))
        .startsWith("Zum Schutz Ihres Kontos müssen wir bestätigen")
        .contains("das Zurücksetzen eines Passworts oder Zugangs")
        .contains("nach 3 Minuten ab")
        .contains(t.ref().key());
    assertThat(text(comments, Step.EXECUTED))
        .isEqualTo(
            "Vielen Dank, Ihre Identität ist bestätigt. Ihre Anfrage für das Zurücksetzen eines"
                + " Passworts oder Zugangs wird jetzt ausgeführt.");
    assertThat(text(comments, Step.VERIFIED_ACCOUNT)).startsWith("Verified: anna approved");
  }

  @Test
  void aGermanTicketWhosePushIsDeniedIsRejectedInGerman() {
    h.provider.user(anna, Answer.DENY, 1);
    Ticket t = germanPasswordReset();

    List<Comment> comments = run(t);

    assertThat(text(comments, Step.REJECTED))
        .startsWith("Die Benachrichtigung zur Bestätigung wurde abgelehnt.");
  }

  @Test
  void aTicketTooShortToTellGetsTheConfiguredDefaultLanguage() {
    h.messages(MessageTemplates.of(Language.FR, Map.of(), Map.of()));
    h.provider.user(anna, Answer.APPROVE, 1);
    Ticket t = h.tickets.file(anna, "Passwort zurücksetzen", "Passwort zurücksetzen");

    List<Comment> comments = run(t);

    assertThat(h.onlyCase(t).language()).isEmpty();
    assertThat(text(comments, Step.NOTICE))
        .startsWith("Pour protéger votre compte")
        .contains("au bout de 3 minutes");
    assertThat(text(comments, Step.EXECUTED)).startsWith("Merci, votre identité est confirmée.");
  }

  @Test
  void anAdminsTextStillWinsForEveryLanguageAndOneForGermanWinsOverIt() {
    h.messages(
        MessageTemplates.of(
            Language.EN,
            Map.of("notice", "Please approve the {provider} prompt for {ticket}."),
            Map.of(Language.DE, Map.of("executed", "Erledigt: {operation}."))));
    h.provider.user(anna, Answer.APPROVE, 1);
    Ticket t = germanPasswordReset();

    List<Comment> comments = run(t);

    assertThat(text(comments, Step.NOTICE))
        .isEqualTo("Please approve the Simulated Authenticator prompt for " + t.ref().key() + ".");
    assertThat(text(comments, Step.EXECUTED))
        .isEqualTo("Erledigt: das Zurücksetzen eines Passworts oder Zugangs.");
  }
}
