package com.helpdeskverify.core.classify;

import static org.assertj.core.api.Assertions.assertThat;

import com.helpdeskverify.core.Classification;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ThirdPartyTest {
  private static final Optional<String> ALICE = Optional.of("alice@example.com");

  private final PhraseClassifier classifier = new PhraseClassifier();

  private Classification classify(String description) {
    return classifier.classify("Help", description, ALICE);
  }

  private boolean flagged(String description) {
    Classification c = classify(description);
    assertThat(c.sensitive()).as("sensitive: " + description).isTrue();
    return c.targetsThirdParty();
  }

  @Test
  void anotherPersonsAddressNearTheRequestIsEvidence() {
    Classification c = classify("Please reset the password of carol@example.com today.");

    assertThat(c.targetsThirdParty()).isTrue();
    assertThat(c.thirdParty())
        .containsExactly("e-mail address carol@example.com is not the requester's");
  }

  @Test
  void theRequestersOwnAddressInAnyCaseIsNoEvidence() {
    assertThat(flagged("Please reset my password, my e-mail is ALICE@Example.COM.")).isFalse();
  }

  @Test
  void anAddressCountsWhenTheRequestersOwnIsUnknown() {
    Classification c =
        classifier.classify(
            "Help", "Please reset my password, alice@example.com", Optional.empty());

    assertThat(c.targetsThirdParty()).isTrue();
    assertThat(c.thirdParty().get(0)).contains("the requester's own address is unknown");
  }

  @Test
  void copiedAndSharedMailboxAddressesAreNoEvidence() {
    assertThat(flagged("Please unlock my account. cc carol@example.com")).isFalse();
    assertThat(flagged("Please give me access to the shared mailbox invoices@example.com."))
        .isFalse();
  }

  @Test
  void aPersonTiedToTheRequestIsEvidenceInEveryLanguage() {
    assertThat(flagged("Please reset the password for my manager, she is abroad.")).isTrue();
    assertThat(flagged("Can you unlock the account of my colleague Bob?")).isTrue();
    assertThat(flagged("I'm writing for my boss, she is locked out.")).isTrue();
    assertThat(flagged("Bitte das Passwort meines Kollegen zurücksetzen.")).isTrue();
    assertThat(flagged("Bitte Konto für meine Chefin entsperren, sie ist gesperrt.")).isTrue();
    assertThat(flagged("Merci de réinitialiser le mot de passe de mon collègue.")).isTrue();
    assertThat(flagged("Por favor desbloquear la cuenta para mi compañero.")).isTrue();
    assertThat(flagged("Graag het wachtwoord voor mijn collega resetten.")).isTrue();
    assertThat(flagged("Por favor redefinir a senha para o meu colega.")).isTrue();
  }

  @Test
  void onBehalfOfIsEvidenceInEveryLanguage() {
    assertThat(flagged("On behalf of the CFO, please reset the MFA.")).isTrue();
    assertThat(flagged("Im Auftrag der Geschäftsführung bitte MFA zurücksetzen.")).isTrue();
    assertThat(flagged("Au nom de la directrice, merci de réinitialiser son MFA.")).isTrue();
    assertThat(flagged("En nombre de mi jefe, necesito restablecer la contraseña.")).isTrue();
    assertThat(flagged("Namens de afdeling: graag wachtwoord resetten.")).isTrue();
    assertThat(flagged("Em nome do diretor, redefinir a senha por favor.")).isTrue();
  }

  @Test
  void aThirdPersonsPossessiveOnTheObjectIsEvidence() {
    assertThat(flagged("Please reset her password.")).isTrue();
    assertThat(flagged("Carol's account is locked, please unlock it.")).isTrue();
    assertThat(flagged("My colleague's MFA needs a reset, new phone.")).isTrue();
    assertThat(flagged("Merci de débloquer son compte.")).isTrue();
    assertThat(flagged("Podem desbloquear a conta dela?")).isTrue();
  }

  @Test
  void aPersonGivenSomethingIsEvidence() {
    assertThat(flagged("Please grant my colleague Tom and me permissions to the folder.")).isTrue();
    assertThat(flagged("Please grant admin rights to our new team member.")).isTrue();
    assertThat(flagged("Graag VPN toegang verlenen aan onze nieuwe collega.")).isTrue();
    assertThat(flagged("Merci d'ouvrir l'accès VPN pour notre nouvelle recrue.")).isTrue();
  }

  @Test
  void somethingGivenToTheRequesterIsNoEvidence() {
    assertThat(flagged("Please give me access to the folder my manager shares.")).isFalse();
    assertThat(flagged("I need an admin account, my colleague said to ask you.")).isFalse();
    assertThat(flagged("Please grant me access to the team calendar of my manager.")).isFalse();
  }

  @Test
  void anotherPersonLockedOutIsEvidence() {
    assertThat(flagged("My coworker is locked out, please help.")).isTrue();
    assertThat(flagged("Mein Kollege ist ausgesperrt, bitte entsperren.")).isTrue();
    assertThat(flagged("Mon collègue est bloqué, merci de débloquer le compte.")).isTrue();
  }

  @Test
  void ordinaryFirstPersonRequestsAreNoEvidence() {
    assertThat(flagged("I forgot my password, please reset it.")).isFalse();
    assertThat(flagged("Please grant me access to the finance share, my manager approved this."))
        .isFalse();
    assertThat(flagged("My account is locked, please unlock it, cc my manager.")).isFalse();
    assertThat(flagged("Please unlock my account. As discussed with my boss, it is urgent."))
        .isFalse();
    assertThat(flagged("I need my MFA reset; my manager's approval is attached.")).isFalse();
    assertThat(flagged("I'm locked out and writing from my colleague's laptop.")).isFalse();
    assertThat(flagged("Please reset the master password of my password manager.")).isFalse();
    assertThat(flagged("I need access to my manager's calendar.")).isFalse();
    assertThat(flagged("My manager locked my account by mistake, please unlock it.")).isFalse();
  }

  /**
   * Ambiguous, decided for precision: a colleague mentioned as having had the same trouble is not
   * the one the request is for.
   */
  @Test
  void aColleagueWithTheSameProblemIsNoEvidence() {
    assertThat(flagged("My password expired, my colleague had the same problem last week."))
        .isFalse();
    assertThat(flagged("Mein Konto ist gesperrt, mein Kollege hatte das gleiche Problem."))
        .isFalse();
  }

  @Test
  void firstPersonRequestsAreNoEvidenceInOtherLanguages() {
    assertThat(flagged("Ich brauche Zugriff auf SAP, von meiner Chefin genehmigt.")).isFalse();
    assertThat(flagged("J'ai besoin d'un accès au dossier, validé par mon chef.")).isFalse();
    assertThat(flagged("Mi usuario está bloqueado, por favor desbloquear.")).isFalse();
    assertThat(flagged("Ik heb toegang nodig, goedgekeurd door mijn manager.")).isFalse();
    assertThat(flagged("Preciso de acesso à pasta, o meu gestor aprovou.")).isFalse();
    assertThat(flagged("Please reset the password for my user account.")).isFalse();
  }

  @Test
  void aNegatedPersonIsNoEvidence() {
    assertThat(flagged("Please reset my password, not for my colleague, just for me.")).isFalse();
  }

  @Test
  void aPersonFarFromTheRequestIsNoEvidence() {
    assertThat(
            flagged(
                "Please reset my password. Unrelated: the printer on the third floor near the"
                    + " kitchen has been jammed all week and nobody seems to care about it, I"
                    + " printed the slides for my manager elsewhere."))
        .isFalse();
  }

  @Test
  void aTicketThatAsksForNothingSensitiveIsNeverFlagged() {
    Classification c = classify("My manager carol@example.com needs a new monitor.");

    assertThat(c.sensitive()).isFalse();
    assertThat(c.targetsThirdParty()).isFalse();
  }
}
