package com.helpdeskverify.core.classify;

import static org.assertj.core.api.Assertions.assertThat;

import com.helpdeskverify.core.Classification;
import com.helpdeskverify.core.Requester;
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

  // --- accounts and people named in the text (issue 13)

  private static final Optional<String> ATTACKER = Optional.of("attacker@acme.com");

  /** What the flag found for a sensitive request from attacker@acme.com; empty when nothing. */
  private String found(String summary, String description) {
    Classification c = classifier.classify(summary, description, ATTACKER);
    assertThat(c.sensitive()).as("sensitive: " + summary + " / " + description).isTrue();
    return String.join("; ", c.thirdParty());
  }

  private String found(String description) {
    return found("Help", description);
  }

  @Test
  void theSixRequestsOfTheIssueEscalateWithTheReferenceNamed() {
    assertThat(found("Reset MFA for jsmith", "")).contains("jsmith");
    assertThat(found("Please reset the password of John Doe")).contains("John Doe");
    assertThat(found("Add jsmith to Domain Admins", "")).contains("jsmith");
    assertThat(found("Grant admin rights to Bob", "")).contains("Bob");
    assertThat(found("Please reset the MFA on j.smith's account")).contains("j.smith");
    assertThat(found("Bitte das Passwort von Herrn Maier zurücksetzen")).contains("Herrn Maier");
  }

  @Test
  void userNamesOfEveryShapeTiedToTheRequestAreEvidence() {
    assertThat(found("Please reset the password for jsmith01")).contains("jsmith01");
    assertThat(found("Please reset the password for j_smith")).contains("j_smith");
    assertThat(found("Please reset the MFA for ACME\\jsmith")).contains("ACME\\jsmith");
    assertThat(found("Please reset the MFA of jane.doe")).contains("jane.doe");
    assertThat(found("Reset password: jsmith")).contains("jsmith");
    assertThat(found("Reset password: user = jdoe")).contains("jdoe");
    assertThat(found("jsmith is locked out, please unlock")).contains("jsmith");
    assertThat(found("Passwort zurücksetzen für Benutzer mmueller")).contains("mmueller");
    assertThat(found("Merci d'ajouter jdupont au groupe Admins du domaine")).contains("jdupont");
    assertThat(found("Por favor, restablecer la contraseña del usuario jgarcia"))
        .contains("jgarcia");
    assertThat(found("Kunnen jullie het wachtwoord van pjansen resetten?")).contains("pjansen");
    assertThat(found("Pode redefinir a senha do utilizador asilva?")).contains("asilva");
  }

  @Test
  void jiraMentionsInTheTextAreEvidence() {
    assertThat(found("Please reset MFA for [~accountid:5b10ac8d82e05b22cc7d4ef5]"))
        .contains("[~accountid:5b10ac8d82e05b22cc7d4ef5]");
    assertThat(found("Please reset MFA for [~jsmith]")).contains("[~jsmith]");
    assertThat(found("Please reset the password of @jsmith")).contains("@jsmith");
  }

  @Test
  void peopleNamedAndTiedToTheRequestAreEvidenceInEveryLanguage() {
    assertThat(found("Please reset the password of Mr. Doe")).contains("Doe");
    assertThat(found("Please set up an admin account for J. Smith")).contains("Smith");
    assertThat(found("Please unlock Peter's account")).contains("Peter");
    assertThat(found("Please add Maria Garcia to the Domain Admins group"))
        .contains("Maria Garcia");
    assertThat(found("Please create an admin account for Sarah Connor")).contains("Sarah Connor");
    assertThat(found("Kannst du das Konto von Anna Schmidt entsperren?")).contains("Anna Schmidt");
    assertThat(found("Pouvez-vous réinitialiser le mot de passe de Mme Durand ?"))
        .contains("Durand");
    assertThat(found("¿Pueden restablecer la contraseña de Carlos Ruiz?")).contains("Carlos Ruiz");
    assertThat(found("Por favor dar acceso de administrador a Pedro")).contains("Pedro");
    assertThat(found("Graag adminrechten voor Pieter Jansen")).contains("Pieter Jansen");
    assertThat(found("Podem redefinir a senha do Sr. Oliveira?")).contains("Oliveira");
    assertThat(found("Kunnen jullie Sanne toevoegen aan de groep Admins?")).contains("Sanne");
    assertThat(found("Peter Müller kann sich nicht mehr anmelden, bitte Passwort zurücksetzen"))
        .contains("Peter Müller");
  }

  @Test
  void theRequestersOwnAccountInAnyFormIsNoEvidence() {
    assertThat(found("Reset password for attacker")).isEmpty();
    assertThat(found("Reset password for ATTACKER@acme.com")).isEmpty();
    assertThat(found("My password for ACME\\attacker expired, please reset")).isEmpty();
    Optional<String> john = Optional.of("john.doe@acme.com");
    assertThat(
            classifier.classify("Help", "Please reset the password of John Doe", john).thirdParty())
        .isEmpty();
    assertThat(classifier.classify("Reset MFA for jdoe", "", john).thirdParty()).isEmpty();
    assertThat(classifier.classify("Reset MFA for J.Doe", "", john).thirdParty()).isEmpty();
  }

  @Test
  void aUserNameGivenAsTheRequestersOwnCountsUnlessTheirAddressBearsItOut() {
    assertThat(found("Please reset MFA for my account jdoe")).contains("jdoe");
    assertThat(found("Please reset my password, my username is jsmith")).contains("jsmith");
    assertThat(found("Please reset my password, my username is attacker")).isEmpty();
    assertThat(
            classifier
                .classify(
                    "Help",
                    "Please reset my password, my username is jdoe",
                    Optional.of("john.doe@acme.com"))
                .thirdParty())
        .isEmpty();
  }

  @Test
  void theRequestersDisplayNameIsTheirOwn() {
    Requester requester = Requester.of("acc-1", "attacker@acme.com", "John Doe");

    assertThat(
            classifier
                .classify("Help", "Please reset the password of John Doe", requester)
                .thirdParty())
        .isEmpty();
    assertThat(
            classifier
                .classify("Help", "Please reset the password of Bob Lee", requester)
                .targetsThirdParty())
        .isTrue();
  }

  @Test
  void productAndSystemNamesAreNoEvidence() {
    assertThat(found("Please reset my password for Outlook")).isEmpty();
    assertThat(found("Please reset my password of the VPN")).isEmpty();
    assertThat(found("Please grant me access to SAP")).isEmpty();
    assertThat(found("Bitte mein Passwort für Teams zurücksetzen")).isEmpty();
    assertThat(found("Necesito restablecer mi contraseña de SAP")).isEmpty();
    assertThat(found("Preciso redefinir a minha senha para o Outlook")).isEmpty();
    assertThat(found("Please add me to the Domain Admins group")).isEmpty();
    assertThat(found("I need admin rights for Visual Studio")).isEmpty();
    assertThat(found("Password Reset For Remote Access", "")).isEmpty();
    assertThat(found("Reset my password for Zscaler")).isEmpty();
  }

  @Test
  void signaturesGreetingsAndQuotedHeadersAreNoEvidence() {
    assertThat(found("Please reset my password.\nThanks, John Doe")).isEmpty();
    assertThat(found("Please reset my password.\nRegards,\nJohn")).isEmpty();
    assertThat(found("Hi Bob,\nplease reset my password")).isEmpty();
    assertThat(found("@Bob please reset my MFA")).isEmpty();
    assertThat(found("Hallo Herr Maier,\nbitte mein Passwort zurücksetzen.\nDanke")).isEmpty();
    assertThat(
            found(
                "Please reset my MFA.\n\nFrom: Bob Smith <bob@acme.com>\nSent: Monday\n"
                    + "To: helpdesk@acme.com\nSubject: MFA"))
        .isEmpty();
    assertThat(found("Bitte MFA zurücksetzen.\n\nVon: Bob Smith <bob@acme.com>\nGesendet: Montag"))
        .isEmpty();
    assertThat(
            found(
                "Bonjour Marie,\nmerci de réinitialiser mon mot de passe.\nCordialement,\n"
                    + "Pierre Martin"))
        .isEmpty();
  }

  @Test
  void aRequestAfterASignOffIsStillRead() {
    assertThat(found("Thanks,\nplease also reset the password for jsmith as he is locked out"))
        .contains("jsmith");
  }

  @Test
  void ticketAndMachineNamesAreNoEvidence() {
    assertThat(found("Please unlock my account LAPTOP-1234, ticket INC0012345")).isEmpty();
    assertThat(found("I need admin rights on LAPTOP-1234 to install Python 3.12")).isEmpty();
    assertThat(found("Reset my password please, I'm on Windows 11 and Office 365")).isEmpty();
  }

  @Test
  void peopleMentionedButNotTargetedAreNoEvidence() {
    assertThat(found("Please reset my password on behalf of myself")).isEmpty();
    assertThat(found("Please reset my password, approved by John Doe")).isEmpty();
    assertThat(found("As discussed with Bob, please reset my MFA")).isEmpty();
    assertThat(found("Please unlock my account, I think Tom locked it by mistake")).isEmpty();
    assertThat(found("Please add me to the group of Bob")).isEmpty();
    assertThat(found("Bob can help me test after you reset my password")).isEmpty();
    assertThat(found("Please grant me access to Bob's calendar")).isEmpty();
    assertThat(found("Please reset my MFA, cc @bob")).isEmpty();
  }

  // --- found by the held-out set's first contact (BENCHMARKS.md)

  @Test
  void someoneNamedASentenceBeforeTheRequestIsEvidence() {
    assertThat(
            found(
                "Meine Sekretärin versucht seit 8 Uhr sich anzumelden, angeblich ist das Passwort"
                    + " falsch. Bitte zurücksetzen und mir das neue geben."))
        .contains("Sekretärin");
    assertThat(
            found(
                "Guten Tag, unsere neue Kollegin Frau Heike Maier hat die Authenticator-App auf"
                    + " ihrem Privathandy eingerichtet. Bitte MFA-Methoden zurücksetzen."))
        .contains("Maier");
    assertThat(
            found(
                "Por favor dar Acesso total e Enviar como na caixa apoio@adatum.com.br a:\n\n"
                    + "- Mariana Almeida (mariana.almeida@adatum.com.br)\n\nEntram na escala."))
        .contains("mariana.almeida@adatum.com.br");
    assertThat(found("Moin, kannst du bitte das Konto von twagner entsperren?"))
        .contains("twagner");
  }

  @Test
  void formsAddressingMentionsAndToldOfHistoryAreNoEvidence() {
    assertThat(
            found(
                "[~accountid:715858c0ed59e30561742558] thanks for calling back - as discussed, my"
                    + " smart card PIN is blocked, please unlock my account."))
        .isEmpty();
    assertThat(
            classifier
                .classify(
                    "Demande de service : compte admin",
                    "Demandeur : Manon Dupont Utilisateur concerné : Manon Dupont"
                        + " (manon.dupont@contoso.fr) Type : Nouveau compte à privilèges Détails :"
                        + " merci de créer mon compte admin adm-mdupont",
                    Optional.of("manon.dupont@contoso.fr"))
                .thirdParty())
        .isEmpty();
    assertThat(
            found(
                "Guillaume avait le même problème la semaine dernière et vous avez réinitialisé son"
                    + " Authenticator. Pouvez-vous réinitialiser mon MFA ?"))
        .isEmpty();
    assertThat(
            found(
                "Mijn manager Femke heeft me gevraagd adminrechten aan te vragen, graag mij"
                    + " toevoegen als beheerder."))
        .isEmpty();
    assertThat(found("ME HE QUEDADO BLOQUEADA, desbloquear mi cuenta por favor")).isEmpty();
    assertThat(found("J'ai besoin de l'accès en lecture sur \\\\srv-fic\\Controle.")).isEmpty();
  }
}
