package com.helpdeskverify.core.classify;

import com.helpdeskverify.core.SensitiveOperation;
import com.helpdeskverify.core.classify.PhraseClassifier.Analysis;
import com.helpdeskverify.core.classify.PhraseClassifier.Token;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The rules of {@link PhraseClassifier}: an action paired with its object within a few words, and
 * the phrases an organisation added; which of their finds a ticket discounts is {@link Findings}'.
 */
final class PhraseRules {

  /** The order in which categories win when a ticket asks for several things at once. */
  static final List<SensitiveOperation> PRIORITY =
      List.of(
          SensitiveOperation.MFA_RESET,
          SensitiveOperation.CREDENTIAL_RESET,
          SensitiveOperation.ADMIN_ACCOUNT_CREATION,
          SensitiveOperation.PRIVILEGE_CHANGE,
          SensitiveOperation.ACCOUNT_UNLOCK,
          SensitiveOperation.ACCESS_GRANT);

  private final Map<SensitiveOperation, List<List<String>>> extraPhrases;

  /**
   * @param extraPhrases phrases an organisation adds per category, on top of the built-in rules
   */
  PhraseRules(Map<SensitiveOperation, List<String>> extraPhrases) {
    Map<SensitiveOperation, List<List<String>>> phrases = new EnumMap<>(SensitiveOperation.class);
    extraPhrases.forEach(
        (op, list) -> {
          if (!op.sensitive()) {
            throw new IllegalArgumentException(
                "extra phrases need a sensitive category, not " + op);
          }
          List<List<String>> analysed = new ArrayList<>();
          for (String phrase : list) {
            List<String> words = new ArrayList<>();
            for (Token t : TicketText.tokens(Objects.requireNonNull(phrase))) {
              words.add(t.folded());
            }
            if (!words.isEmpty()) {
              analysed.add(List.copyOf(words));
            }
          }
          phrases.put(op, List.copyOf(analysed));
        });
    this.extraPhrases = phrases;
  }

  /** A request the rules found; {@code ownPhrase}: by a phrase the organisation added. */
  record Hit(SensitiveOperation operation, double weight, int first, int last, boolean ownPhrase) {
    Hit(SensitiveOperation operation, double weight, int first, int last) {
      this(operation, weight, first, last, false);
    }
  }

  /** What the rules find in a ticket, and which of those finds its context discounts. */
  Findings findings(Analysis analysis, String description) {
    return Findings.of(
        candidates(analysis.text(), analysis.tokens(), analysis.concepts(), analysis.negated()),
        analysis,
        description);
  }

  List<Hit> candidates(String text, List<Token> tokens, int[] c, boolean[] neg) {
    List<Hit> hits = new ArrayList<>();
    sendAs(hits, text, tokens, c, neg);
    pair(
        hits,
        SensitiveOperation.MFA_RESET,
        0.9,
        c,
        neg,
        12,
        both(Concept.RESET, Concept.CHANGED, Concept.REREGISTER),
        Concept.MFA.bit());
    pair(
        hits,
        SensitiveOperation.CREDENTIAL_RESET,
        0.9,
        c,
        neg,
        20,
        both(Concept.RESET),
        Concept.PASSWORD.bit());
    pair(
        hits,
        SensitiveOperation.CREDENTIAL_RESET,
        0.75,
        c,
        neg,
        4,
        both(Concept.NEWISH, Concept.REQUEST),
        Concept.PASSWORD.bit());
    pair(
        hits,
        SensitiveOperation.ACCOUNT_UNLOCK,
        0.9,
        c,
        neg,
        8,
        Concept.UNLOCK.bit(),
        Concept.ACCOUNT.bit());
    ordered(
        hits,
        SensitiveOperation.ACCOUNT_UNLOCK,
        0.85,
        c,
        neg,
        Concept.ACCOUNT.bit(),
        Concept.LOCKED.bit(),
        4);
    ordered(
        hits,
        SensitiveOperation.ACCOUNT_UNLOCK,
        0.85,
        c,
        neg,
        Concept.LOCKED.bit(),
        Concept.ACCOUNT.bit(),
        2);
    single(hits, SensitiveOperation.ACCOUNT_UNLOCK, 0.85, c, neg, Concept.LOCKED_OUT.bit());
    politeChange(hits, tokens, c, neg);
    adminAccount(hits, c, neg);
    pair(
        hits,
        SensitiveOperation.PRIVILEGE_CHANGE,
        0.9,
        c,
        neg,
        4,
        Concept.ADMIN.bit(),
        both(Concept.RIGHTS, Concept.ROLE));
    pair(
        hits,
        SensitiveOperation.PRIVILEGE_CHANGE,
        0.85,
        c,
        neg,
        6,
        Concept.ADD.bit(),
        Concept.ADMIN.bit());
    pair(
        hits,
        SensitiveOperation.PRIVILEGE_CHANGE,
        0.8,
        c,
        neg,
        3,
        Concept.REQUEST.bit(),
        Concept.ADMIN.bit());
    single(hits, SensitiveOperation.PRIVILEGE_CHANGE, 0.8, c, neg, Concept.ELEVATE.bit());
    pair(
        hits,
        SensitiveOperation.ACCESS_GRANT,
        0.85,
        c,
        neg,
        8,
        both(Concept.REQUEST, Concept.ADD),
        Concept.ACCESS.bit());
    pair(
        hits,
        SensitiveOperation.ACCESS_GRANT,
        0.8,
        c,
        neg,
        6,
        Concept.ADD.bit(),
        Concept.GROUP.bit());
    // "remove my admin rights" gives a privilege back, like "remove my access".
    hits.removeIf(
        h ->
            (h.operation() == SensitiveOperation.ACCESS_GRANT
                    || h.operation() == SensitiveOperation.PRIVILEGE_CHANGE)
                && removal(tokens, c, h));
    extraPhrases(hits, tokens, neg);
    return hits;
  }

  static int both(Concept... concepts) {
    int mask = 0;
    for (Concept concept : concepts) {
      mask |= concept.bit();
    }
    return mask;
  }

  /** An action and an object within {@code window} words of each other, in either order. */
  private static void pair(
      List<Hit> hits,
      SensitiveOperation op,
      double weight,
      int[] c,
      boolean[] neg,
      int window,
      int action,
      int object) {
    for (int i = 0; i < c.length; i++) {
      if ((c[i] & action) == 0 || neg[i] || modified(c, i)) {
        continue;
      }
      // The nearest object: "cancelled my access request ... please grant me access" pairs the
      // grant with the access next to it, not with the cancelled one.
      for (int d = 0; d <= window; d++) {
        int found = -1;
        for (int j : new int[] {i - d, i + d}) {
          if (j >= 0
              && j < c.length
              && (c[j] & object) != 0
              && !neg[j]
              && !modified(c, j)
              // One word is both only as a compound of two parts ("Adminrechte"), never by a
              // stem that happens to fit both lists ("privileged").
              && (j != i || (c[i] & Concept.COMPOUND.bit()) != 0)) {
            found = j;
            break;
          }
        }
        if (found >= 0) {
          hits.add(new Hit(op, weight, Math.min(i, found), Math.max(i, found)));
          break;
        }
      }
    }
  }

  /** {@code before} followed within {@code window} words by {@code after}: "account locked". */
  private static void ordered(
      List<Hit> hits,
      SensitiveOperation op,
      double weight,
      int[] c,
      boolean[] neg,
      int before,
      int after,
      int window) {
    for (int i = 0; i < c.length; i++) {
      if ((c[i] & before) == 0 || neg[i]) {
        continue;
      }
      for (int j = i + 1; j <= Math.min(c.length - 1, i + window); j++) {
        if ((c[j] & after) != 0 && !neg[j]) {
          hits.add(new Hit(op, weight, i, j));
          break;
        }
      }
    }
  }

  private static void single(
      List<Hit> hits, SensitiveOperation op, double weight, int[] c, boolean[] neg, int concept) {
    for (int i = 0; i < c.length; i++) {
      if ((c[i] & concept) != 0 && !neg[i]) {
        hits.add(new Hit(op, weight, i, i));
      }
    }
  }

  /**
   * "Can you change my password": a change asked for. Without a request in its clause a change is
   * more often told of ("I changed my password yesterday") than asked for.
   */
  private static void politeChange(List<Hit> hits, List<Token> tokens, int[] c, boolean[] neg) {
    Set<Integer> polite = clausesWith(tokens, c, Concept.POLITE);
    for (int i = 0; i < c.length; i++) {
      if ((c[i] & Concept.CHANGE.bit()) == 0
          || neg[i]
          || !polite.contains(tokens.get(i).clause())) {
        continue;
      }
      int password = nearest(c, neg, i, 6, Concept.PASSWORD.bit());
      if (password >= 0 && !modified(c, password)) {
        hits.add(
            new Hit(
                SensitiveOperation.CREDENTIAL_RESET,
                0.8,
                Math.min(i, password),
                Math.max(i, password)));
      }
    }
  }

  /** "create" near "admin" near "account": the account is new and privileged. */
  private static void adminAccount(List<Hit> hits, int[] c, boolean[] neg) {
    for (int i = 0; i < c.length; i++) {
      if ((c[i] & Concept.ADMIN.bit()) == 0 || neg[i]) {
        continue;
      }
      int account = nearest(c, neg, i, 6, Concept.ACCOUNT.bit());
      if (account < 0) {
        continue;
      }
      int lo = Math.min(i, account);
      int hi = Math.max(i, account);
      int create = nearest(c, neg, lo, 8, Concept.CREATE.bit());
      if (create < 0) {
        create = nearest(c, neg, hi, 8, Concept.CREATE.bit());
      }
      if (create >= 0) {
        hits.add(
            new Hit(
                SensitiveOperation.ADMIN_ACCOUNT_CREATION,
                0.9,
                Math.min(lo, create),
                Math.max(hi, create)));
      }
    }
  }

  private static int nearest(int[] c, boolean[] neg, int at, int window, int concept) {
    for (int d = 0; d <= window; d++) {
      for (int j : new int[] {at - d, at + d}) {
        if (j >= 0 && j < c.length && (c[j] & concept) != 0 && !neg[j]) {
          return j;
        }
      }
    }
    return -1;
  }

  /**
   * "remove my access": a clause the hit spans takes access away rather than asking for it. All of
   * them, not just the first: "Request: remove Salesforce admin" pairs "Request" with "admin"
   * across the colon, and the removal stands in the second clause (round ten).
   */
  private static boolean removal(List<Token> tokens, int[] c, Hit hit) {
    int from = tokens.get(hit.first()).clause();
    int to = tokens.get(hit.last()).clause();
    for (int i = 0; i < tokens.size(); i++) {
      int clause = tokens.get(i).clause();
      if (clause >= from && clause <= to && (c[i] & Concept.REMOVE.bit()) != 0) {
        return true;
      }
    }
    return false;
  }

  /** Verbs of sending mail that "Send As" permission names, in the six languages. */
  private static final Set<String> SEND =
      Set.of(
          "send",
          "senden",
          "versenden",
          "verschicken",
          "enviar",
          "envoyer",
          "verzenden",
          "versturen",
          "mandar",
          "mailen",
          "sturen");

  /** Words a sender may put between the verb and "as": "send emails as", "mandar correos como". */
  private static final Set<String> MAIL_WORDS =
      Set.of(
          "e",
          "email",
          "emails",
          "mail",
          "mails",
          "correo",
          "correos",
          "courriel",
          "courriels",
          "des",
          "los",
          "les",
          "berichten",
          "mensagens",
          "nachrichten");

  /**
   * What one sends "as" that is a file format, not a mailbox: "send as PDF", "enviar como anexo".
   */
  private static final Set<String> FILE_WORDS =
      Set.of(
          "pdf",
          "attachment",
          "attachments",
          "anhang",
          "bijlage",
          "adjunto",
          "anexo",
          "piece",
          "fichier",
          "file",
          "datei",
          "bestand",
          "archivo",
          "arquivo",
          "link",
          "excel",
          "word",
          "zip",
          "text",
          "texto",
          "texte",
          "tekst",
          "sms",
          "fax",
          "image",
          "bild",
          "foto",
          "photo",
          "csv",
          "html",
          "txt",
          "jpg",
          "png");

  /**
   * "Send As" on a mailbox ("enviar como", "envoyer en tant que", "verzenden als", "Senden als",
   * and German and Dutch verb-last "als info@ senden"): a mailbox permission that the words for
   * access do not name (round ten: missed in every language of U, W, X). It counts only when what
   * follows is an address ("as accounts@"), the phrase is quoted as the permission's name, or a
   * mailbox or a word for access or rights stands near; "send as PDF" is not one.
   */
  private static void sendAs(
      List<Hit> hits, String text, List<Token> tokens, int[] c, boolean[] neg) {
    int n = tokens.size();
    for (int i = 0; i < n; i++) {
      if (!SEND.contains(tokens.get(i).folded()) || neg[i]) {
        continue;
      }
      int first = i;
      int last = -1;
      int object = -1;
      int j = i + 1;
      while (j < n && j <= i + 2 && MAIL_WORDS.contains(tokens.get(j).folded())) {
        j++;
      }
      if (j < n && isAs(tokens.get(j).folded())) {
        last = j;
        object = j + 1;
      } else if (j + 2 < n
          && tokens.get(j).folded().equals("en")
          && tokens.get(j + 1).folded().equals("tant")
          && tokens.get(j + 2).folded().equals("que")) {
        last = j + 2;
        object = j + 3;
      } else if (i >= 2 && tokens.get(i - 2).folded().equals("als")) {
        first = i - 2;
        last = i;
        object = i - 1;
      }
      if (last < 0) {
        continue;
      }
      if (object < n && FILE_WORDS.contains(tokens.get(object).folded())) {
        continue;
      }
      boolean address = object < n && followedBy(text, tokens.get(object).end(), '@');
      if (address || quoted(text, tokens.get(i).start()) || mailboxNear(tokens, c, first, last)) {
        hits.add(new Hit(SensitiveOperation.ACCESS_GRANT, 0.85, first, last));
      }
    }
  }

  private static boolean isAs(String folded) {
    return folded.equals("as") || folded.equals("als") || folded.equals("como");
  }

  private static boolean followedBy(String text, int at, char ch) {
    return at < text.length() && text.charAt(at) == ch;
  }

  /**
   * A quote or a dash right before the verb: "'Send As'", "« envoyer en tant que »", "Senden-als".
   */
  private static boolean quoted(String text, int start) {
    for (int k = start - 1; k >= 0 && k >= start - 2; k--) {
      char ch = text.charAt(k);
      if (ch == '\'' || ch == '"' || ch == '«' || ch == '„' || ch == '“' || ch == '‘') {
        return true;
      }
      if (ch != ' ') {
        return false;
      }
    }
    return false;
  }

  /** A mailbox anywhere in the ticket, or access or rights within three words of the phrase. */
  private static boolean mailboxNear(List<Token> tokens, int[] c, int first, int last) {
    for (int k = 0; k < tokens.size(); k++) {
      String w = tokens.get(k).folded();
      if (w.contains("mailbox")
          || w.contains("postfach")
          || w.equals("buzon")
          || w.equals("boite")
          || w.equals("bal")
          || w.equals("caixa")
          || w.equals("inbox")) {
        return true;
      }
      if (k >= first - 3
          && k <= last + 3
          && (c[k] & (Concept.ACCESS.bit() | Concept.RIGHTS.bit())) != 0) {
        return true;
      }
    }
    return false;
  }

  private void extraPhrases(List<Hit> hits, List<Token> tokens, boolean[] neg) {
    extraPhrases.forEach(
        (op, phrases) -> {
          for (List<String> phrase : phrases) {
            for (int i = 0; i + phrase.size() <= tokens.size(); i++) {
              boolean match = true;
              for (int k = 0; k < phrase.size() && match; k++) {
                match = tokens.get(i + k).folded().equals(phrase.get(k));
              }
              if (match && !neg[i]) {
                hits.add(new Hit(op, 0.8, i, i + phrase.size() - 1, true));
              }
            }
          }
        });
  }

  static Set<Integer> clausesWith(List<Token> tokens, int[] c, Concept concept) {
    Set<Integer> clauses = new LinkedHashSet<>();
    for (int i = 0; i < c.length; i++) {
      if ((c[i] & concept.bit()) != 0) {
        clauses.add(tokens.get(i).clause());
      }
    }
    return clauses;
  }

  /** "password manager", "access point": the word describes another thing. */
  static boolean modified(int[] c, int i) {
    return (i + 1 < c.length && (c[i + 1] & Concept.MODIFIED.bit()) != 0)
        || (i - 2 >= 0
            && (c[i - 2] & Concept.MODIFIED.bit()) != 0
            && (c[i] & Concept.PASSWORD.bit()) != 0)
        || (c[i] & Concept.MODIFIED.bit()) != 0
            && (c[i] & (Concept.PASSWORD.bit() | Concept.ACCESS.bit())) != 0;
  }
}
