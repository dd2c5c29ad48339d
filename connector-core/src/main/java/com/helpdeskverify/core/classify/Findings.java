package com.helpdeskverify.core.classify;

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
    clauses.addAll(PhraseRules.clausesWith(tokens, c, Concept.HOW));
    for (int i = 0; i < c.length; i++) {
      if ((c[i] & Concept.THANKS.bit()) != 0 && !neg[i]) {
        clauses.add(tokens.get(i).clause());
      }
    }
    return clauses;
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
            Concept.ACCESS,
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
    int[] c = analysis.concepts();
    boolean[] neg = analysis.negated();
    for (int i = 0; i < c.length; i++) {
      if (!neg[i] && (c[i] & doubt) != 0) {
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
