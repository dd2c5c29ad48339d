package com.helpdeskverify.core.classify;

import com.helpdeskverify.core.SensitiveOperation;
import com.helpdeskverify.core.classify.PhraseClassifier.Analysis;
import com.helpdeskverify.core.classify.PhraseClassifier.Token;
import com.helpdeskverify.core.classify.PhraseRules.Hit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** What the rules found in a ticket: requests, requests they discounted, and why. */
record Findings(
    List<Hit> hits,
    List<Hit> discounted,
    boolean settled,
    boolean reportOnly,
    boolean negatedRequest,
    boolean shortSummary) {

  /**
   * The findings as bits the model reads as features (which category the rules found or discounted,
   * what discounted it), so it learns how far to trust each: one of {@code PRIORITY} found (bits
   * 0-5) or discounted (6-11), a negated request, a report, a settled ticket, a bare short summary.
   */
  int signals() {
    int bits = 0;
    for (Hit h : hits) {
      bits |= 1 << PhraseRules.PRIORITY.indexOf(h.operation());
    }
    for (Hit h : discounted) {
      bits |= 1 << (6 + PhraseRules.PRIORITY.indexOf(h.operation()));
    }
    return bits
        | (negatedRequest ? 1 << 12 : 0)
        | (reportOnly ? 1 << 13 : 0)
        | (settled ? 1 << 14 : 0)
        | (shortSummary ? 1 << 15 : 0);
  }

  /**
   * Sorts the rules' finds into requests and discounted ones: a settled ticket, a cancelling or
   * how-to clause, or a phishing report that asks for nothing discounts them.
   */
  static Findings of(List<Hit> candidates, Analysis analysis, String description) {
    List<Token> tokens = analysis.tokens();
    int[] concepts = analysis.concepts();
    boolean[] negated = analysis.negated();
    Set<Integer> clausesDiscounted = discountedClauses(tokens, concepts, negated);
    Set<Integer> switchedOff = lockActionClauses(tokens, concepts);
    for (int i = 0; i < tokens.size(); i++) {
      if ((i == 0 || tokens.get(i - 1).clause() != tokens.get(i).clause())
          && NoRequestWords.howQuestion(analysis, i)) {
        clausesDiscounted.add(tokens.get(i).clause());
      }
    }
    boolean reportOnly = any(concepts, Concept.SUSPICIOUS);
    Set<Integer> politeClauses = PhraseRules.clausesWith(tokens, concepts, Concept.POLITE);
    boolean settled = any(concepts, Concept.DONE);

    List<Hit> hits = new ArrayList<>();
    List<Hit> discounted = new ArrayList<>();
    for (Hit hit : candidates) {
      int clause = tokens.get(hit.first()).clause();
      boolean off =
          settled
              || clausesDiscounted.contains(clause)
              || clausesDiscounted.contains(tokens.get(hit.last()).clause())
              || (hit.operation() == SensitiveOperation.ACCOUNT_UNLOCK
                  && (switchedOff.contains(clause)
                      || switchedOff.contains(tokens.get(hit.last()).clause())))
              || (reportOnly
                  && !politeClauses.contains(clause)
                  && !politeClauses.contains(tokens.get(hit.last()).clause()));
      (off ? discounted : hits).add(hit);
    }
    boolean shortSummary =
        shortSummaryAbout(tokens, concepts, Concept.PASSWORD)
            && description != null
            && description.isBlank();
    return new Findings(
        hits, discounted, settled, reportOnly, negatedRequest(concepts, negated), shortSummary);
  }

  /**
   * Clauses that cancel a request, ask how something works, or thank for or report a finished job
   * ("the reset worked"); a negated report ("never worked") still asks.
   */
  private static Set<Integer> discountedClauses(List<Token> tokens, int[] c, boolean[] neg) {
    Set<Integer> clauses = PhraseRules.clausesWith(tokens, c, Concept.CANCEL);
    // A cancellation as a label ("Storno: Adminrechte Tim", "Cancel: access request") stands in a
    // clause of its own and cancels the one after the colon.
    for (int i = 0; i < c.length; i++) {
      int clause = tokens.get(i).clause();
      if ((c[i] & Concept.CANCEL.bit()) != 0
          && (i == 0 || tokens.get(i - 1).clause() != clause)
          && (i + 1 == c.length || tokens.get(i + 1).clause() != clause)) {
        clauses.add(clause + 1);
      }
    }
    clauses.addAll(PhraseRules.clausesWith(tokens, c, Concept.HOW));
    for (int i = 0; i < c.length; i++) {
      // "het werkt niet", "klappt nicht": Dutch and German negate after the verb.
      boolean negatedAfter = i + 1 < c.length && (c[i + 1] & Concept.NEGATION.bit()) != 0;
      if ((c[i] & Concept.THANKS.bit()) != 0 && !neg[i] && !negatedAfter) {
        clauses.add(tokens.get(i).clause());
      }
    }
    return clauses;
  }

  /**
   * Clauses that ask to switch an account off ("please disable the account of Jan, last day
   * Friday"): an offboarding, not a lock-out, unless the clause also asks to switch it back on.
   */
  private static Set<Integer> lockActionClauses(List<Token> tokens, int[] c) {
    Set<Integer> off = new java.util.HashSet<>();
    for (Token t : tokens) {
      if (NoRequestWords.lockAction(t.folded())) {
        off.add(t.clause());
      }
    }
    if (!off.isEmpty()) {
      off.removeAll(PhraseRules.clausesWith(tokens, c, Concept.UNLOCK));
    }
    return off;
  }

  private static boolean any(int[] c, Concept concept) {
    for (int m : c) {
      if ((m & concept.bit()) != 0) {
        return true;
      }
    }
    return false;
  }

  /**
   * Something the rules would take as a request stands under a negation: "I do not need a reset".
   * An access word alone is left out: "she still has no access to the pharmacy system", "sem
   * acesso", "keinen Zugang" state the need rather than deny it (cross-validation: 2 more true
   * finds for 1 false alarm).
   */
  private static boolean negatedRequest(int[] c, boolean[] neg) {
    int asked =
        PhraseRules.both(
            Concept.PASSWORD,
            Concept.RESET,
            Concept.MFA,
            Concept.UNLOCK,
            Concept.LOCKED,
            Concept.ADMIN,
            Concept.RIGHTS,
            Concept.REQUEST);
    for (int i = 0; i < c.length; i++) {
      if (neg[i] && (c[i] & asked) != 0) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether the ticket reads like no request although the rules found one: it gives something back
   * or removes it, cancels, thanks for a finished job, asks how, reports phishing, says nothing is
   * needed, or a request word stands under a negation; or the rules discounted another find. Such
   * words do not decide alone ("remove my old key and register the new one" asks), so they only
   * lower how sure the model must be to overrule the rules.
   */
  boolean doubtful(Analysis analysis) {
    if (!discounted.isEmpty() || negatedRequest || reportOnly || settled) {
      return true;
    }
    int doubt =
        PhraseRules.both(
            Concept.REMOVE,
            Concept.CANCEL,
            Concept.HOW,
            Concept.THANKS,
            Concept.DONE,
            Concept.SUSPICIOUS);
    int thanks = Concept.THANKS.bit();
    int[] c = analysis.concepts();
    boolean[] neg = analysis.negated();
    for (int i = 0; i < c.length; i++) {
      boolean negatedAfter = i + 1 < c.length && (c[i + 1] & Concept.NEGATION.bit()) != 0;
      if (!neg[i] && (c[i] & doubt) != 0 && !(negatedAfter && (c[i] & doubt) == thanks)) {
        return true;
      }
    }
    for (Token t : analysis.tokens()) {
      if (NoRequestWords.reportWord(t.folded()) || NoRequestWords.lockAction(t.folded())) {
        return true;
      }
    }
    return false;
  }

  /**
   * A password or access word the rules read as describing another thing ("password manager",
   * "access point"): the rules saw it and judged it no request, so the model needs the higher bar.
   */
  static boolean modifiedObject(int[] c) {
    for (int i = 0; i < c.length; i++) {
      if ((c[i] & (Concept.PASSWORD.bit() | Concept.ACCESS.bit())) != 0
          && PhraseRules.modified(c, i)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether the ticket names no sensitive object: no password, MFA, account, lock, admin, rights,
   * role, access, group or re-registration word, and none of {@link #OBJECT_STEMS}. The model's own
   * verdict on such a ticket rests on words like "new", "phone" or "install" alone, which sensitive
   * and ordinary tickets share.
   */
  static boolean bare(Analysis analysis) {
    int objects =
        PhraseRules.both(
            Concept.PASSWORD,
            Concept.MFA,
            Concept.ACCOUNT,
            Concept.LOCKED,
            Concept.LOCKED_OUT,
            Concept.UNLOCK,
            Concept.ADMIN,
            Concept.RIGHTS,
            Concept.ROLE,
            Concept.ELEVATE,
            Concept.ACCESS,
            Concept.GROUP,
            Concept.REREGISTER);
    int[] c = analysis.concepts();
    for (int i = 0; i < c.length; i++) {
      if ((c[i] & objects) != 0) {
        return false;
      }
      String w = analysis.tokens().get(i).folded();
      for (String stem : OBJECT_STEMS) {
        // Long stems also inside compounds: herstelsleutel, Wiederherstellungsschlüssel.
        if (stem.length() >= 5 ? w.contains(stem) : w.startsWith(stem)) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Whether the ticket names a computer or a peripheral ("set up my new laptop", "headset broken"):
   * in a ticket with no sensitive object ({@link #bare}) it is a hardware job, however much "new",
   * "set up" or "reset" it holds. Phones are left out: a new phone is often an MFA move.
   */
  static boolean hardware(Analysis analysis) {
    for (Token t : analysis.tokens()) {
      for (String stem : HARDWARE_STEMS) {
        if (t.folded().startsWith(stem)) {
          return true;
        }
      }
    }
    return false;
  }

  private static final List<String> HARDWARE_STEMS =
      List.of(
          "laptop",
          "notebook",
          "portatil",
          "computer",
          "computador",
          "ordinateur",
          "rechner",
          "headset",
          "casque",
          "auricular",
          "koptelefoon",
          "monitor",
          "bildschirm",
          "scherm",
          "ecran",
          "pantalla",
          "keyboard",
          "teclado",
          "clavier",
          "tastatur",
          "toetsenbord",
          "mouse",
          "souris",
          "raton",
          "maus",
          "muis",
          "printer",
          "drucker",
          "imprimante",
          "impresora",
          "impressora",
          "router",
          "docking",
          "webcam");

  /**
   * Things a sensitive request may name instead of a password or access word, which the lexicon
   * leaves without a concept because they are as often hardware or chatter: tokens, keys, codes,
   * badges and doors, sign-in words, mailboxes, owners, exemptions, VPN, certificates, workspaces,
   * calendars, permissions inside compounds. Only the model's bar reads them.
   */
  private static final List<String> OBJECT_STEMS =
      List.of(
          "token",
          "jeton",
          "badge",
          "cracha",
          "tarjeta",
          "pasje",
          "ausweis",
          "key",
          "schlussel",
          "schluessel",
          "sleutel",
          "clave",
          "chave",
          "cle",
          "code",
          "codigo",
          "pin",
          "secret",
          "geheim",
          "senha",
          "paswoord",
          "pass",
          "login",
          "log-on",
          "logon",
          "sign",
          "anmeld",
          "inlog",
          "connexion",
          "connecter",
          "sesion",
          "sessao",
          "entrar",
          "mailbox",
          "postfach",
          "buzon",
          "boite",
          "caixa",
          "owner",
          "propriet",
          "eigenaar",
          "besitzer",
          "eigentumer",
          "exception",
          "exemption",
          "ausnahme",
          "excepcion",
          "excecao",
          "uitzondering",
          "porte",
          "porta",
          "puerta",
          "door",
          "deur",
          "tur",
          "sap",
          "lista",
          "liste",
          "list",
          "app",
          "aprobacion",
          "approval",
          "bestatig",
          "teams",
          "equipe",
          "equipo",
          "team",
          "vpn",
          "certific",
          "zertifikat",
          "workspace",
          "sharepoint",
          "complian",
          "cumplim",
          "conform",
          "intune",
          "permis",
          "permiss",
          "recht",
          "droit",
          "derecho",
          "direito",
          "autoriz",
          "autoris",
          "agenda",
          "calend",
          "kalender",
          // Lock-out symptoms named without an account word: "too many attempts", "zu viele
          // Fehlversuche", "te veel inlogpogingen", "trop de tentatives", "demasiados intentos".
          "attempt",
          "versuch",
          "poging",
          "tentativ",
          "intento",
          "essai");

  private static boolean shortSummaryAbout(List<Token> tokens, int[] c, Concept concept) {
    int summaryWords = 0;
    boolean about = false;
    for (int i = 0; i < tokens.size() && tokens.get(i).clause() == 0; i++) {
      summaryWords++;
      about |= (c[i] & concept.bit()) != 0;
    }
    return about && summaryWords <= 3;
  }
}
