package com.helpdeskverify.core.classify;

import com.helpdeskverify.core.classify.PhraseClassifier.Analysis;
import com.helpdeskverify.core.classify.PhraseClassifier.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a ticket's text as {@link PhraseClassifier}'s rules and model see it: words with their
 * clause, the concepts each word and multi-word term stands for, and which words a negation covers.
 */
final class TicketText {
  private static final Lexicon LEXICON = new Lexicon();

  private TicketText() {}

  static Analysis analyse(String summary, String description) {
    String text =
        TextCleaner.clean(summary == null ? "" : summary)
            + "\n"
            + TextCleaner.clean(description == null ? "" : description);
    List<Token> tokens = tokens(text);
    int n = tokens.size();
    int[] concepts = new int[n];
    for (int i = 0; i < n; i++) {
      concepts[i] |= LEXICON.concepts(tokens.get(i).folded());
    }
    markTerms(tokens, concepts);
    int[] modelConcepts = concepts.clone();
    markQuestions(text, tokens, modelConcepts);
    return new Analysis(text, tokens, concepts, negated(tokens, concepts), modelConcepts);
  }

  /** Marks the words of each clause that ends in "?" or opens with "¿". */
  private static void markQuestions(String text, List<Token> tokens, int[] c) {
    int n = tokens.size();
    int from = 0;
    while (from < n) {
      int clause = tokens.get(from).clause();
      int to = from;
      while (to + 1 < n && tokens.get(to + 1).clause() == clause) {
        to++;
      }
      int end = to + 1 < n ? tokens.get(to + 1).start() : text.length();
      int start = tokens.get(from).start();
      boolean asked = false;
      for (int k = tokens.get(to).end(); k < end && !asked; k++) {
        char ch = text.charAt(k);
        if (ch == '?') {
          asked = true;
        } else if (ch == '.' || ch == '!' || ch == '\n') {
          break;
        }
      }
      for (int k = start - 1; k >= 0 && k >= start - 3 && !asked; k--) {
        asked = text.charAt(k) == '\u00bf';
      }
      if (asked) {
        for (int k = from; k <= to; k++) {
          c[k] |= Concept.QUESTION.bit();
        }
      }
      from = to + 1;
    }
  }

  /** Marks multi-word terms ("mot de passe", "locked out", "how long") on their words. */
  static void markTerms(List<Token> tokens, int[] c) {
    for (int i = 0; i < tokens.size(); i++) {
      List<Map.Entry<Concept, List<String>>> starting =
          Lexicon.termsStartingWith(tokens.get(i).folded());
      for (Map.Entry<Concept, List<String>> term : starting) {
        List<String> words = term.getValue();
        boolean match = i + words.size() <= tokens.size();
        for (int k = 1; k < words.size() && match; k++) {
          match = tokens.get(i + k).folded().equals(words.get(k));
        }
        if (match) {
          for (int k = 0; k < words.size(); k++) {
            c[i + k] |= term.getKey().bit();
          }
        }
      }
    }
  }

  /** A word is negated when a negation stands before it in its clause, at most five words back. */
  private static boolean[] negated(List<Token> tokens, int[] c) {
    boolean[] neg = new boolean[c.length];
    for (int i = 0; i < c.length; i++) {
      for (int j = i - 1;
          j >= Math.max(0, i - 5) && tokens.get(j).clause() == tokens.get(i).clause();
          j--) {
        if ((c[j] & Concept.NEGATION.bit()) != 0) {
          neg[i] = true;
          break;
        }
      }
    }
    return neg;
  }

  /** Splits text into words with their place and clause. */
  static List<Token> tokens(String text) {
    List<Token> tokens = new ArrayList<>();
    int clause = 0;
    int i = 0;
    int len = text.length();
    while (i < len) {
      char ch = text.charAt(i);
      if (Character.isLetterOrDigit(ch)) {
        int start = i;
        while (i < len && Character.isLetterOrDigit(text.charAt(i))) {
          i++;
        }
        String folded = Lexicon.fold(text, start, i);
        if (isClauseWord(folded) && !tokens.isEmpty()) {
          clause++;
        }
        tokens.add(new Token(folded, start, i, clause));
        continue;
      }
      if (ch == '.'
          || ch == '!'
          || ch == '?'
          || ch == ';'
          || ch == ','
          || ch == '\n'
          || ch == '('
          || ch == ')'
          || ch == ':') {
        if (!tokens.isEmpty() && tokens.get(tokens.size() - 1).clause() == clause) {
          clause++;
        }
      }
      i++;
    }
    return tokens;
  }

  private static boolean isClauseWord(String folded) {
    return switch (folded) {
      case "but", "aber", "mais", "pero", "mas", "maar", "however", "jedoch", "sondern" -> true;
      default -> false;
    };
  }
}
