package com.helpdeskverify.core.classify;

import com.helpdeskverify.core.classify.PhraseClassifier.Token;
import java.util.List;

/**
 * One of the third-party rules over one ticket's text; it holds the parts of {@link ThirdPartyText}
 * under the short names the rules read them by.
 */
abstract class ThirdPartyRule {
  final ThirdPartyText in;
  final String text;
  final List<Token> tokens;

  /** The concepts of each word, bits of {@link Concept}. */
  final int[] c;

  /** Whether a negation covers each word. */
  final boolean[] neg;

  ThirdPartyRule(ThirdPartyText in) {
    this.in = in;
    this.text = in.text();
    this.tokens = in.tokens();
    this.c = in.c();
    this.neg = in.neg();
  }
}
