package com.helpdeskverify.core.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.helpdeskverify.core.Classification;
import com.helpdeskverify.core.SensitiveOperation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PhraseClassifierTest {
  private final PhraseClassifier classifier = new PhraseClassifier();

  private SensitiveOperation category(String summary, String description) {
    return classifier.classify(summary, description).operation();
  }

  @Test
  void plainRequestGivesCategoryConfidenceAndTheWordsThatDecided() {
    Classification c = classifier.classify("Help", "I forgot my password, please reset it.");

    assertThat(c.operation()).isEqualTo(SensitiveOperation.CREDENTIAL_RESET);
    assertThat(c.confidence()).isBetween(0.8, 0.99);
    assertThat(c.evidence()).containsExactly("forgot my password", "password, please reset");
  }

  @Test
  void inflectedFormsInEveryLanguageAreRecognised() {
    assertThat(category("Passwort", "Bitte mein Passwort zurücksetzen"))
        .isEqualTo(SensitiveOperation.CREDENTIAL_RESET);
    assertThat(category("MDP", "Merci de réinitialiser mon mot de passe"))
        .isEqualTo(SensitiveOperation.CREDENTIAL_RESET);
    assertThat(category("Cuenta", "Mi cuenta está bloqueada"))
        .isEqualTo(SensitiveOperation.ACCOUNT_UNLOCK);
    assertThat(category("Acesso", "Preciso de acesso à pasta do RH"))
        .isEqualTo(SensitiveOperation.ACCESS_GRANT);
    assertThat(category("Rechten", "Ik heb lokale adminrechten nodig"))
        .isEqualTo(SensitiveOperation.PRIVILEGE_CHANGE);
    assertThat(category("MFA", "Nuevo móvil, por favor restablecer el MFA"))
        .isEqualTo(SensitiveOperation.MFA_RESET);
  }

  @Test
  void switchingALeaversAccountOffIsNoLockOut() {
    Classification leaver =
        classifier.classify(
            "Leaver", "Please disable the account of Jan de Boer, his last day is Friday.");
    assertThat(leaver.operation()).isEqualTo(SensitiveOperation.NONE);
    assertThat(leaver.evidence()).containsExactly("disable the account");
    assertThat(category("Baja", "Laura deja la empresa el viernes. Desactivad su cuenta ese día."))
        .isEqualTo(SensitiveOperation.NONE);
    // The state, not the action: a lock-out.
    assertThat(
            category(
                "Mein Konto", "Mein Konto ist seit heute deaktiviert. Bitte wieder aktivieren."))
        .isEqualTo(SensitiveOperation.ACCOUNT_UNLOCK);
  }

  @Test
  void blockingAnAccountSwitchesItOffWhileUnblockingStillAsks() {
    // Round nine: a death or misuse ("bloquer son compte") was taken for an unlock.
    assertThat(
            category(
                "Décès", "M. Blanc est décédé. Merci de bloquer son compte et son badge demain."))
        .isEqualTo(SensitiveOperation.NONE);
    assertThat(
            category(
                "Usuário",
                "Favor bloquear o usuário do João imediatamente, suspeita de uso indevido."))
        .isEqualTo(SensitiveOperation.NONE);
    // German "sperren" is discounted by the rules too, but the model still reads it as a lock-out
    // ("Konto sperren" scores 0.5-0.8): a known limit, not asserted here.
    assertThat(category("Konto", "Mein Konto ist gesperrt, bitte entsperren."))
        .isEqualTo(SensitiveOperation.ACCOUNT_UNLOCK);
    assertThat(category("Compte", "Mon compte est bloqué depuis ce matin, merci de le débloquer."))
        .isEqualTo(SensitiveOperation.ACCOUNT_UNLOCK);
  }

  @Test
  void aMailForwardedForInformationAsksNothing() {
    assertThat(
            category(
                "FW: rotation",
                "Ter kennisname: het wachtwoord van het serviceaccount is volgens schema"
                    + " geroteerd door onze ICT-partner."))
        .isEqualTo(SensitiveOperation.NONE);
  }

  @Test
  void aQuestionOpenedByHowAsksAboutNotFor() {
    assertThat(category("how to", "How do I reset my password if I forget it? Is there a link?"))
        .isEqualTo(SensitiveOperation.NONE);
    assertThat(category("comment", "Comment je réinitialise mon mot de passe si je l'oublie ?"))
        .isEqualTo(SensitiveOperation.NONE);
  }

  @Test
  void aNegatedWorksIsNoThanks() {
    assertThat(category("Wachtwoord", "Het nieuwe wachtwoord werkt niet, graag opnieuw resetten."))
        .isEqualTo(SensitiveOperation.CREDENTIAL_RESET);
  }

  @Test
  void rightsForANewServiceAccountCreateAPrivilegedAccountAndSaySo() {
    Classification c =
        classifier.classify(
            "Jenkins", "We need a technical user for the Jenkins pipeline with the admin role.");
    assertThat(c.operation()).isEqualTo(SensitiveOperation.ADMIN_ACCOUNT_CREATION);
    assertThat(c.evidence()).contains("new privileged account: technical user");
  }

  @Test
  void compoundWordsAreTakenApart() {
    assertThat(category("Passwortrücksetzung", "")).isEqualTo(SensitiveOperation.CREDENTIAL_RESET);
    assertThat(category("Beheerdersaccount aanmaken", "voor de migratie"))
        .isEqualTo(SensitiveOperation.ADMIN_ACCOUNT_CREATION);
  }

  @Test
  void shorthandTyposAndCapitalsAreUnderstood() {
    assertThat(category("pw reset pls", "")).isEqualTo(SensitiveOperation.CREDENTIAL_RESET);
    assertThat(category("NEED 2FA RESET", "NEW PHONE")).isEqualTo(SensitiveOperation.MFA_RESET);
    assertThat(category("passwrod", "pls reset my passwrod"))
        .isEqualTo(SensitiveOperation.CREDENTIAL_RESET);
  }

  @Test
  void markupFromTicketSystemsIsIgnored() {
    assertThat(category("Hi", "<p>Please <b>unlock</b>&nbsp;my <i>account</i></p>"))
        .isEqualTo(SensitiveOperation.ACCOUNT_UNLOCK);
    assertThat(category("h1. Request", "*Please reset* my {code}password{code}"))
        .isEqualTo(SensitiveOperation.CREDENTIAL_RESET);
  }

  @Test
  void sendAsOnAMailboxAsksForAccessButSendingAsAFileFormatDoesNot() {
    PhraseClassifier rules = new PhraseClassifier(Map.of(), null);

    for (String[] t :
        List.of(
            new String[] {"Shared mailbox", "Please give me send-as on the orders mailbox."},
            new String[] {"Postfach", "Bitte mir 'Senden als' für vertrieb@ einrichten."},
            new String[] {"Buzón", "Quiero poder enviar como ventas@ desde mi Outlook."},
            new String[] {"Boîte", "Merci de me donner le droit envoyer en tant que accueil@."},
            new String[] {"Mailbox", "Graag zorgen dat Jessica als info@ verzenden kan."},
            new String[] {"Caixa", "Preciso de permissão de enviar como na caixa geral@."})) {
      assertThat(rules.classify(t[0], t[1]).operation())
          .as(t[1])
          .isEqualTo(SensitiveOperation.ACCESS_GRANT);
    }
    assertThat(
            rules.classify("Scanner", "Can the scanner send as PDF instead of TIFF?").sensitive())
        .isFalse();
    assertThat(
            rules
                .classify("Ex-Praktikantin", "Bitte 'Senden als' für info@ bei ihr entfernen.")
                .sensitive())
        .isFalse();
  }

  @Test
  void aRemovalAfterTheColonGivesBackWhatTheRequestNamed() {
    PhraseClassifier rules = new PhraseClassifier(Map.of(), null);

    assertThat(
            rules
                .classify(
                    "Request: remove Salesforce admin from ex-team", "They moved to other teams.")
                .sensitive())
        .isFalse();
  }

  @Test
  void negatedRequestIsNotSensitive() {
    // The rules' negation; the learned stage reads words, not their scope, and may still flag
    // such a ticket (module README: raising its bar after a negation cost more recall than it
    // gained precision).
    PhraseClassifier rules = new PhraseClassifier(Map.of(), null);
    assertThat(rules.classify("Update", "I do not need a password reset anymore.").operation())
        .isEqualTo(SensitiveOperation.NONE);
    assertThat(rules.classify("Bitte nicht", "Bitte das Konto NICHT entsperren.").operation())
        .isEqualTo(SensitiveOperation.NONE);
  }

  @Test
  void talkingAboutAnOperationIsNotAskingForIt() {
    assertThat(
            category("Phishing", "Reporting a phishing mail that asked me to reset my password."))
        .isEqualTo(SensitiveOperation.NONE);
    assertThat(category("Question", "How long must a password be?"))
        .isEqualTo(SensitiveOperation.NONE);
    assertThat(category("Cancel", "Please cancel my access request."))
        .isEqualTo(SensitiveOperation.NONE);
  }

  @Test
  void aGenuineRequestWinsOverANegatedOneInTheSameTicket() {
    assertThat(
            category("MFA", "I don't need a password reset, but please reset my MFA, new phone."))
        .isEqualTo(SensitiveOperation.MFA_RESET);
  }

  @Test
  void phishingVictimAskingForAResetIsSensitive() {
    assertThat(
            category(
                "Clicked a phishing link",
                "I entered my password on a phishing page. Please reset my password now!"))
        .isEqualTo(SensitiveOperation.CREDENTIAL_RESET);
  }

  @Test
  void wordsUsedAsModifiersDoNotTrigger() {
    // The rules' modifier handling; the learned stage's own false alarms are measured by the
    // corpus tests (this one it scores p=0.34, above its threshold).
    PhraseClassifier rules = new PhraseClassifier(Map.of(), null);
    assertThat(
            rules
                .classify("Access point", "Please give us a new wireless access point in room 3")
                .operation())
        .isEqualTo(SensitiveOperation.NONE);
    assertThat(category("Tools", "We need a password manager for the team"))
        .isEqualTo(SensitiveOperation.NONE);
  }

  @Test
  void emptyAndNullTextIsNotSensitive() {
    assertThat(category("", "")).isEqualTo(SensitiveOperation.NONE);
    assertThat(category(null, null)).isEqualTo(SensitiveOperation.NONE);
  }

  @Test
  void requestAfterAVeryLongPasteIsStillFound() {
    String log = "2024-05-03 02:00:01 INFO batch=17 rows=2000 status=OK\n".repeat(5_000);
    assertThat(category("Export failed", log + "\nAlso, please reset my password."))
        .isEqualTo(SensitiveOperation.CREDENTIAL_RESET);
  }

  @Test
  void extraPhrasesAddAnInHouseSystemToACategory() {
    PhraseClassifier withSap =
        new PhraseClassifier(
            Map.of(SensitiveOperation.ACCESS_GRANT, List.of("SAP role Z_FIN_ALL")));

    Classification c = withSap.classify("Request", "Please assign SAP role z_fin_all to me");

    assertThat(c.operation()).isEqualTo(SensitiveOperation.ACCESS_GRANT);
    assertThat(c.evidence()).contains("SAP role z_fin_all");
    // The built-in rules do not know the in-house name (the learned stage may still suspect it).
    assertThat(
            new PhraseClassifier(Map.of(), null)
                .classify("Request", "Please assign SAP role z_fin_all to me")
                .operation())
        .isEqualTo(SensitiveOperation.NONE);
  }

  @Test
  void extraPhrasesNeverRemoveTheBuiltInRules() {
    PhraseClassifier withExtras =
        new PhraseClassifier(Map.of(SensitiveOperation.ACCESS_GRANT, List.of("Tableau")));

    assertThat(withExtras.classify("pw", "please reset my password").operation())
        .isEqualTo(SensitiveOperation.CREDENTIAL_RESET);
  }

  @Test
  void extraPhrasesForNoneAreRefused() {
    assertThatThrownBy(
            () -> new PhraseClassifier(Map.of(SensitiveOperation.NONE, List.of("password"))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void modelAloneNeedsToBeSurerWhenTheTicketNamesNoSensitiveObject() {
    // The model gives this about 0.32 ("nieuwe" weighs towards a new password), above its usual
    // bar of 0.28 but under the bar for tickets naming no password, account, access or token.
    assertThat(
            category(
                "Complimenten",
                "Complimenten voor de servicedesk, mijn nieuwe scherm stond er supersnel."))
        .isEqualTo(SensitiveOperation.NONE);
  }

  @Test
  void tokensKeysAndSignInWordsCountAsSensitiveObjectsEvenInsideCompounds() {
    assertThat(Findings.bare(PhraseClassifier.analyse("Headset", "Mijn headset is kapot.")))
        .isTrue();
    assertThat(
            Findings.bare(
                PhraseClassifier.analyse(
                    "schijf", "De laptop vraagt om de herstelsleutel van de versleuteling.")))
        .isFalse();
    assertThat(
            Findings.bare(
                PhraseClassifier.analyse(
                    "jeton RSA", "Pouvez-vous m'attribuer un nouveau jeton ?")))
        .isFalse();
  }

  @Test
  void settingUpNewHardwareIsNoCredentialReset() {
    // Scores about 0.82 ("new", "set"), under the bar for tickets that name a computer and no
    // sensitive object.
    assertThat(category("New laptop", "Please set up my new laptop."))
        .isEqualTo(SensitiveOperation.NONE);
  }

  @Test
  void aNewPhoneIsNoHardwareJobForTheModelsBar() {
    assertThat(
            Findings.hardware(PhraseClassifier.analyse("Neues Handy", "Ich habe ein neues Handy.")))
        .isFalse();
    assertThat(Findings.hardware(PhraseClassifier.analyse("Casque", "Mon casque est cassé.")))
        .isTrue();
  }
}
