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
        candidates(analysis.tokens(), analysis.concepts(), analysis.negated()),
        analysis,
        description);
  }

  List<Hit> candidates(List<Token> tokens, int[] c, boolean[] neg) {
    List<Hit> hits = new ArrayList<>();
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

  /** "remove my access": the same clause takes access away rather than asking for it. */
  private static boolean removal(List<Token> tokens, int[] c, Hit hit) {
    int clause = tokens.get(hit.first()).clause();
    for (int i = 0; i < tokens.size(); i++) {
      if (tokens.get(i).clause() == clause && (c[i] & Concept.REMOVE.bit()) != 0) {
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
