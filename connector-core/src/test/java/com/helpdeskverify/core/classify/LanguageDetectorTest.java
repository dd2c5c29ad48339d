package com.helpdeskverify.core.classify;

import static org.assertj.core.api.Assertions.assertThat;

import com.helpdeskverify.core.Language;
import org.junit.jupiter.api.Test;

class LanguageDetectorTest {

  @Test
  void aGermanTicketIsGerman() {
    assertThat(
            LanguageDetector.detect(
                "Passwort zurücksetzen",
                "Hallo, ich habe mein Passwort vergessen und kann mich nicht mehr anmelden. Bitte"
                    + " setzen Sie es für mich zurück."))
        .contains(Language.DE);
  }

  @Test
  void aFrenchTicketIsFrench() {
    assertThat(
            LanguageDetector.detect(
                "Réinitialisation du mot de passe",
                "Bonjour, j'ai oublié mon mot de passe et je ne peux plus me connecter. Pouvez-vous"
                    + " le réinitialiser pour moi ?"))
        .contains(Language.FR);
  }

  @Test
  void aSpanishTicketIsSpanish() {
    assertThat(
            LanguageDetector.detect(
                "Restablecer contraseña",
                "Hola, olvidé mi contraseña y no puedo acceder a mi cuenta. ¿Me la pueden"
                    + " restablecer, por favor? Gracias por la ayuda."))
        .contains(Language.ES);
  }

  @Test
  void aDutchTicketIsDutch() {
    assertThat(
            LanguageDetector.detect(
                "Wachtwoord opnieuw instellen",
                "Hallo, ik ben mijn wachtwoord vergeten en kan niet meer inloggen. Kunnen jullie het"
                    + " voor mij opnieuw instellen?"))
        .contains(Language.NL);
  }

  @Test
  void aPortugueseTicketIsPortuguese() {
    assertThat(
            LanguageDetector.detect(
                "Repor palavra-passe",
                "Olá, esqueci a minha palavra-passe e não consigo entrar na minha conta. Podem"
                    + " repô-la para mim, por favor? Obrigado pela ajuda."))
        .contains(Language.PT);
  }

  @Test
  void anEnglishTicketIsEnglish() {
    assertThat(
            LanguageDetector.detect(
                "Password reset please", "I forgot my password, please reset it for me."))
        .contains(Language.EN);
  }

  @Test
  void aTicketTooShortToTellHasNoLanguage() {
    assertThat(LanguageDetector.detect("Passwort zurücksetzen", "")).isEmpty();
    assertThat(LanguageDetector.detect("MFA reset", "VPN token")).isEmpty();
    assertThat(LanguageDetector.detect("", "")).isEmpty();
  }

  @Test
  void aTextThatIsHalfOneLanguageAndHalfAnotherHasNoLanguage() {
    assertThat(
            LanguageDetector.detect(
                "Reset the password and the token", "Passwort und Token für mich"))
        .isEmpty();
  }
}
