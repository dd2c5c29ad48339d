package com.helpdeskverify.core.classify;

import com.helpdeskverify.core.classify.PhraseClassifier.Token;
import java.util.List;

/**
 * A ticket's text as the third-party rules read it: its words, the concepts of each word ({@code
 * c}, bits of {@link Concept}) and whether a negation covers it ({@code neg}). The arrays are the
 * classifier's and are only read.
 */
record ThirdPartyText(String text, List<Token> tokens, int[] c, boolean[] neg) {
  private static final int GRANT = Concept.REQUEST.bit() | Concept.ADD.bit();

  /** The token containing character {@code at}, or -1. */
  int tokenAt(int at) {
    int lo = 0;
    int hi = tokens.size() - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      Token t = tokens.get(mid);
      if (t.end() <= at) {
        lo = mid + 1;
      } else if (t.start() > at) {
        hi = mid - 1;
      } else {
        return mid;
      }
    }
    return lo < tokens.size() ? lo : -1;
  }

  /** The words from {@code first} to {@code last}, quoted, at most 80 characters. */
  String quote(int first, int last) {
    String phrase =
        text.substring(
                tokens.get(first).start(),
                Math.min(tokens.get(last).end(), tokens.get(first).start() + 80))
            .replaceAll("\\s+", " ")
            .strip();
    return "\"" + phrase + "\"";
  }

  /** The word at {@code k} as written. */
  String raw(int k) {
    Token t = tokens.get(k);
    return text.substring(t.start(), t.end());
  }

  /** What stands between the words {@code a} and {@code b}. */
  String between(int a, int b) {
    return text.substring(tokens.get(a).end(), tokens.get(b).start());
  }

  /** "account jdoe", not "adm-jsmith", one name of two parts. */
  boolean spaceBetween(int a, int b) {
    return between(a, b).isBlank();
  }

  /** "Bob's", "my manager's": the word at {@code k} followed by 's. */
  boolean apostropheS(int k) {
    int s = k + 1;
    if (s >= tokens.size() || !tokens.get(s).folded().equals("s")) {
      return false;
    }
    String between = between(k, s);
    return between.equals("'") || between.equals("\u2019");
  }

  boolean sameClause(int a, int b) {
    return tokens.get(a).clause() == tokens.get(b).clause();
  }

  boolean sameLine(int a, int b) {
    int from = Math.min(tokens.get(a).end(), tokens.get(b).end());
    int to = Math.max(tokens.get(a).start(), tokens.get(b).start());
    for (int i = from; i < to; i++) {
      if (text.charAt(i) == '\n') {
        return false;
      }
    }
    return true;
  }

  /** "grant ... to": a grant within {@code words} words before {@code at}, in its clause. */
  boolean grantBefore(int at, int words) {
    for (int k = at - 1; k >= 0 && k >= at - words && sameClause(k, at); k--) {
      if (grant(k)) {
        return true;
      }
    }
    return false;
  }

  /** A request, an add or a give-verb at {@code k}: "grant", "add", "gib". */
  boolean grant(int k) {
    return (c[k] & GRANT) != 0 || PersonWords.GIVE.contains(tokens.get(k).folded());
  }
}
