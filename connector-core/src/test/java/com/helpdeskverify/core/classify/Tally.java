package com.helpdeskverify.core.classify;

import com.helpdeskverify.core.Classification;
import com.helpdeskverify.core.SensitiveOperation;
import java.util.Locale;

/**
 * Counts of one slice of a scored corpus, as BENCHMARKS.md reports them: true and false finds,
 * misses, sensitive tickets given their own category, tickets. Shared by {@link HeldOutReport} and
 * {@link AuthorCrossValidation}, so that both print a slice the same way.
 */
final class Tally {
  int tp;
  int fp;
  int fn;
  int category;
  int tickets;

  /** Counts one ticket: what it is, and what the classifier said. */
  void add(SensitiveOperation expected, Classification found) {
    tickets++;
    if (expected.sensitive() && found.sensitive()) {
      tp++;
    } else if (!expected.sensitive() && found.sensitive()) {
      fp++;
    } else if (expected.sensitive()) {
      fn++;
    }
    if (expected.sensitive() && found.operation() == expected) {
      category++;
    }
  }

  /** Recall, precision and category accuracy, each with its counts, as table cells. */
  String cells() {
    int sensitive = tp + fn;
    return String.format(
        Locale.ROOT,
        "%s (%d/%d) | %s (%d/%d) | %s (%d/%d)",
        ratio(tp, sensitive),
        tp,
        sensitive,
        ratio(tp, tp + fp),
        tp,
        tp + fp,
        ratio(category, sensitive),
        category,
        sensitive);
  }

  /** A table row: the slice's name, its tickets and {@link #cells}. */
  String line(String name) {
    return "| " + name + " | " + tickets + " | " + cells() + " |";
  }

  private static String ratio(int a, int b) {
    return b == 0 ? "n/a" : String.format(Locale.ROOT, "%.3f", a / (double) b);
  }
}
