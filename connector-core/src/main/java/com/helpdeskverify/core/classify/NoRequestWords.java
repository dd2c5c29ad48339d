package com.helpdeskverify.core.classify;

import com.helpdeskverify.core.classify.PhraseClassifier.Analysis;
import com.helpdeskverify.core.classify.PhraseClassifier.Token;
import java.util.List;
import java.util.Set;

/**
 * Word forms, in the six languages, of contexts where a sensitive word asks for nothing sensitive;
 * matched as written (folded, not stemmed), because the stem would also match the sensitive form:
 * "disable his account" (a leaver) against "my account is disabled" (a lock-out), "how do I reset
 * my password?" (a how-to) against "please reset my password". The lexicon's concepts are all taken
 * (one bit each in an int), so these live beside it.
 */
final class NoRequestWords {
  private NoRequestWords() {}

  /**
   * Imperatives and infinitives of switching an account off: an offboarding ("disable the account
   * of Jan, last day Friday", "Konto deaktivieren", "desactiven su cuenta"), not a lock-out. The
   * participles ("disabled", "deaktiviert", "desactivada") are states and are left out.
   */
  private static final Set<String> LOCK_ACTIONS =
      Set.of(
          "disable",
          "deactivate",
          "suspend",
          "deaktivieren",
          "deaktiviere",
          "deaktivierst",
          "abschalten",
          "stilllegen",
          "desactiver",
          "desactivez",
          "suspendre",
          "suspendez",
          "desactivar",
          "desactiven",
          "desactivad",
          "desactivadla",
          "desactivarla",
          "desactivarle",
          "desactivenla",
          "suspender",
          "suspendan",
          "deactiveren",
          "deactiveer",
          "uitschakelen",
          "blokkeren",
          "schorsen",
          "desativar",
          "desativem",
          "desative",
          "desativarem",
          "suspendam",
          // Blocking an account or badge (a death, a leaver, misuse: "bitte sein Konto sperren",
          // "bloquer son compte", "BLOQUEAR o usuário"); "entsperren", "débloquer", "desbloquear"
          // fold to other words.
          "sperren",
          "block",
          "bloquer",
          "bloquez",
          "bloquear",
          "bloqueen",
          "bloqueie",
          "bloqueiem",
          "bloquem");

  /**
   * Words that open a question about how something works or who decides ("how do I reset my
   * password if I forget it?", "comment je réinitialise mon mot de passe ?", "wie beantrage ich
   * ...?", "wie keurt dat goed?"): asked about, not asked for. Only at the head of a clause that
   * ends in "?" or opens with "¿".
   */
  private static final Set<String> HOW_OPENERS =
      Set.of(
          "how", "who", "wie", "wer", "welches", "welche", "welcher", "comment", "qui", "como",
          "quien", "quienes", "quem", "hoe", "welk", "welke");

  /**
   * Words of audits, lists and reports: "a list of everyone with domain admin for the audit",
   * "Aufstellung aller Benutzer mit Adminrechten", "relação de quem tem perfil de administrador".
   * They make a ticket doubtful (the model may then overrule a rule find more easily), never
   * decide.
   */
  private static final List<String> REPORT_STEMS =
      List.of(
          "audit",
          "auditor",
          "revision",
          "rezertifizier",
          "recertif",
          "hercertific",
          "aufstellung",
          "overzicht",
          "listado",
          "lijst",
          "relatorio",
          "informe",
          "rapport");

  static boolean lockAction(String folded) {
    return LOCK_ACTIONS.contains(folded);
  }

  static boolean reportWord(String folded) {
    for (String stem : REPORT_STEMS) {
      if (folded.startsWith(stem)) {
        return true;
      }
    }
    return false;
  }

  /** Whether the clause opens (first or second word) with a how- or who-word and is a question. */
  static boolean howQuestion(Analysis a, int clauseStart) {
    List<Token> tokens = a.tokens();
    int clause = tokens.get(clauseStart).clause();
    if ((a.modelConcepts()[clauseStart] & Concept.QUESTION.bit()) == 0) {
      return false;
    }
    for (int k = clauseStart; k < Math.min(tokens.size(), clauseStart + 2); k++) {
      if (tokens.get(k).clause() == clause && HOW_OPENERS.contains(tokens.get(k).folded())) {
        return true;
      }
    }
    return false;
  }
}
