package com.helpdeskverify.core.classify;

import com.helpdeskverify.core.classify.PhraseClassifier.Token;
import java.util.List;

/**
 * Turns a ticket's words into hashed features for the {@link LearnedModel}: each word, each pair of
 * neighbouring words, the character 3- to 5-grams of each word (they survive typos, inflection and
 * German or Dutch compounds: "Passwortrücksetzung" shares "pass", "wort", "setz" with its parts),
 * each {@link Concept} a word carries (so what the lexicon knows in one language helps in the
 * others), pairs of concepts close together in a clause, and concepts under a negation. A feature
 * is a bucket of {@link #DIMENSION}; collisions are tolerated, as in any hashed model. Every
 * feature is reported with the word it comes from, so a decision can name its words.
 */
final class Features {
  /** Buckets: 2^18, a collision rate well under 1 % for the few hundred thousand features seen. */
  static final int BITS = 18;

  static final int DIMENSION = 1 << BITS;

  private static final int MASK = DIMENSION - 1;

  /** Concepts that describe what is asked for, paired within a clause. */
  private static final int CONTENT =
      Concept.PASSWORD.bit()
          | Concept.RESET.bit()
          | Concept.CHANGE.bit()
          | Concept.NEWISH.bit()
          | Concept.MFA.bit()
          | Concept.PHONE.bit()
          | Concept.CHANGED.bit()
          | Concept.REREGISTER.bit()
          | Concept.UNLOCK.bit()
          | Concept.LOCKED.bit()
          | Concept.LOCKED_OUT.bit()
          | Concept.ACCOUNT.bit()
          | Concept.ADMIN.bit()
          | Concept.CREATE.bit()
          | Concept.RIGHTS.bit()
          | Concept.ROLE.bit()
          | Concept.ELEVATE.bit()
          | Concept.ACCESS.bit()
          | Concept.GROUP.bit()
          | Concept.REQUEST.bit()
          | Concept.ADD.bit()
          | Concept.REMOVE.bit()
          | Concept.HOW.bit()
          | Concept.CANCEL.bit()
          | Concept.DONE.bit()
          | Concept.THANKS.bit()
          | Concept.SUSPICIOUS.bit()
          | Concept.POLITE.bit()
          | Concept.QUESTION.bit();

  private static final int PAIR_WINDOW = 4;

  /** Receives each feature's bucket and the index of the word it comes from. */
  interface Sink {
    void feature(int bucket, int word);
  }

  private Features() {}

  /**
   * @param signals what the rules found ({@code PhraseClassifier}), one feature per bit, reported
   *     with word -1: no word of the ticket carries it
   */
  static void extract(
      List<Token> tokens, int[] concepts, boolean[] negated, int signals, Sink sink) {
    for (int i = 0; i < tokens.size(); i++) {
      ofWord(tokens.get(i).folded(), i, sink);
      inContext(tokens, concepts, negated, i, sink);
    }
    for (int bits = signals; bits != 0; bits &= bits - 1) {
      sink.feature(mix(0x7f4a7c15, Integer.numberOfTrailingZeros(bits)) & MASK, -1);
    }
  }

  /**
   * The distinct buckets of a ticket, sorted: a feature counts once however often it occurs, so a
   * long mail that repeats ordinary words does not add up to a request.
   */
  static int[] distinct(List<Token> tokens, int[] concepts, boolean[] negated, int signals) {
    int[][] buf = {new int[256]};
    int[] n = {0};
    extract(
        tokens,
        concepts,
        negated,
        signals,
        (bucket, word) -> {
          if (n[0] == buf[0].length) {
            buf[0] = java.util.Arrays.copyOf(buf[0], n[0] * 2);
          }
          buf[0][n[0]++] = bucket;
        });
    int[] all = buf[0];
    java.util.Arrays.sort(all, 0, n[0]);
    int unique = 0;
    for (int i = 0; i < n[0]; i++) {
      if (unique == 0 || all[unique - 1] != all[i]) {
        all[unique++] = all[i];
      }
    }
    return java.util.Arrays.copyOf(all, unique);
  }

  /** The features of a word by itself, the same wherever it stands: it and its n-grams. */
  static void ofWord(String w, int word, Sink sink) {
    sink.feature(hash(0x9747b28c, w, 0, w.length()) & MASK, word);
    charGrams(w, word, sink);
  }

  /** The features of word {@code i} that depend on its neighbours and its concepts. */
  static void inContext(List<Token> tokens, int[] concepts, boolean[] negated, int i, Sink sink) {
    int n = tokens.size();
    {
      String w = tokens.get(i).folded();
      if (i + 1 < n) {
        String next = tokens.get(i + 1).folded();
        int wordHash = hash(0x9747b28c, w, 0, w.length());
        sink.feature(mix(wordHash, hash(0x1b873593, next, 0, next.length())) & MASK, i);
      }
      int c = concepts[i];
      if (c != 0) {
        for (int bits = c; bits != 0; bits &= bits - 1) {
          int ordinal = Integer.numberOfTrailingZeros(bits);
          sink.feature(mix(0x5bd1e995 + (negated[i] ? 0x2d : 0x1c), ordinal) & MASK, i);
        }
        int content = c & CONTENT;
        if (content != 0) {
          int clause = tokens.get(i).clause();
          for (int j = i + 1; j < Math.min(n, i + 1 + PAIR_WINDOW); j++) {
            if (tokens.get(j).clause() != clause) {
              break;
            }
            int other = concepts[j] & CONTENT;
            if (other == 0) {
              continue;
            }
            for (int as = content; as != 0; as &= as - 1) {
              int a = Integer.numberOfTrailingZeros(as);
              for (int bs = other & ~(1 << a); bs != 0; bs &= bs - 1) {
                int b = Integer.numberOfTrailingZeros(bs);
                int lo = Math.min(a, b);
                int hi = Math.max(a, b);
                sink.feature(mix(0x3e1, lo * 64 + hi) & MASK, j);
              }
            }
          }
        }
      }
    }
  }

  /** The 3-, 4- and 5-grams of "<word>", without building strings. */
  private static void charGrams(String w, int word, Sink sink) {
    int len = w.length() + 2;
    if (len < 5) {
      return;
    }
    for (int size = 3; size <= 5; size++) {
      for (int s = 0; s + size <= len; s++) {
        int h = 0x811c9dc5 ^ size;
        for (int k = s; k < s + size; k++) {
          char ch = k == 0 ? '<' : k == len - 1 ? '>' : w.charAt(k - 1);
          h = (h ^ ch) * 0x01000193;
        }
        sink.feature(finish(h) & MASK, word);
      }
    }
  }

  private static int hash(int seed, String s, int from, int to) {
    int h = seed;
    for (int i = from; i < to; i++) {
      h = (h ^ s.charAt(i)) * 0x01000193;
    }
    return finish(h);
  }

  private static int mix(int a, int b) {
    return finish(a * 31 + b * 0x9e3779b1);
  }

  /** Murmur3's finaliser: spreads the bits so the low ones make a fair bucket. */
  private static int finish(int h) {
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return h;
  }
}
