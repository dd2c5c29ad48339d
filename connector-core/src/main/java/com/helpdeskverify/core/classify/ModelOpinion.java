package com.helpdeskverify.core.classify;

import com.helpdeskverify.core.Classification;
import com.helpdeskverify.core.SensitiveOperation;
import com.helpdeskverify.core.classify.PhraseClassifier.Analysis;
import com.helpdeskverify.core.classify.PhraseClassifier.Token;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link PhraseClassifier}'s learned second opinion and the bars it must clear to overrule the
 * rules: to find a request they missed, or to call one they found none.
 */
final class ModelOpinion {

  /** Asked on every ticket that is not settled; null: rules alone. */
  private final LearnedModel model;

  private final Bars bars;

  /**
   * The bars, as p(sensitive) of the model.
   *
   * @param threshold its own verdict when the rules find no request
   * @param thresholdDiscounted its own verdict when the rules saw a request but discounted it
   * @param veto below it, a rule find is overruled
   * @param vetoDoubtful the veto in a ticket that reads like no request
   * @param thresholdDoubtful its own verdict in a ticket that reads like no request
   * @param thresholdBare its own verdict in a ticket that names no sensitive object
   * @param thresholdHardware the same when the ticket names a computer or peripheral
   */
  record Bars(
      double threshold,
      double thresholdDiscounted,
      double veto,
      double vetoDoubtful,
      double thresholdDoubtful,
      double thresholdBare,
      double thresholdHardware) {

    /** These bars with other values for the first three, to measure them. */
    Bars with(double threshold, double thresholdDiscounted, double veto) {
      return new Bars(
          threshold,
          thresholdDiscounted,
          veto,
          vetoDoubtful,
          thresholdDoubtful,
          thresholdBare,
          thresholdHardware);
    }
  }

  ModelOpinion(LearnedModel model, Bars bars) {
    this.model = model;
    this.bars = bars;
  }

  /** The model's verdict; null when there is no model or the ticket is settled. */
  LearnedModel.Verdict judge(Analysis analysis, Findings found) {
    return model == null || found.settled()
        ? null
        : model.judge(
            analysis.tokens(), analysis.modelConcepts(), analysis.negated(), found.signals());
  }

  /**
   * Whether the verdict is sure enough there is no request to overrule the rules' finds; less sure
   * suffices when the ticket also reads like no request ({@link Findings#doubtful}).
   */
  boolean vetoes(LearnedModel.Verdict verdict, boolean doubtful) {
    return verdict.sensitive()
        < (doubtful ? Math.max(bars.veto(), bars.vetoDoubtful()) : bars.veto());
  }

  /**
   * The model's verdict when it finds a sensitive request the rules did not; null when it does not.
   * Its evidence names the words that weighed most towards the category it chose.
   */
  Classification learned(
      Analysis a,
      LearnedModel.Verdict verdict,
      int signals,
      boolean rulesDiscounted,
      boolean doubtful,
      ThirdPartyRequester requester) {
    double bar =
        rulesDiscounted
            ? bars.thresholdDiscounted()
            : doubtful ? Math.max(bars.threshold(), bars.thresholdDoubtful()) : bars.threshold();
    // Only tickets the model would call are searched for an object word: most score far below.
    if (verdict.sensitive() >= bar && Findings.bare(a)) {
      bar = Math.max(bar, Findings.hardware(a) ? bars.thresholdHardware() : bars.thresholdBare());
    }
    if (verdict.sensitive() < bar) {
      return null;
    }
    List<Integer> words = decidingWords(a, signals, verdict.category());
    List<int[]> spans = new ArrayList<>();
    for (int w : words) {
      spans.add(new int[] {w, w});
    }
    return new Classification(
        verdict.category(),
        Math.min(0.99, verdict.sensitive()),
        List.of(modelEvidence(a, signals, verdict)),
        ThirdParty.find(a.text(), a.tokens(), a.concepts(), a.negated(), spans, requester));
  }

  private List<Integer> decidingWords(Analysis a, int signals, SensitiveOperation category) {
    return model
        .decidingWords(a.tokens(), a.modelConcepts(), a.negated(), signals, category, 8)
        .stream()
        .filter(w -> telling(a.tokens().get(w).folded(), a.concepts()[w]))
        .limit(4)
        .toList();
  }

  /** "learned model, p(sensitive)=0.87: authenticator, phone, wiped": the words that decided. */
  String modelEvidence(Analysis a, int signals, LearnedModel.Verdict verdict) {
    List<String> evidence = new ArrayList<>();
    for (int w : decidingWords(a, signals, verdict.category())) {
      Token t = a.tokens().get(w);
      evidence.add(a.text().substring(t.start(), t.end()));
    }
    return String.format(
        java.util.Locale.ROOT,
        "learned model, p(sensitive)=%.2f: %s",
        verdict.sensitive(),
        String.join(", ", evidence));
  }

  /** A word worth showing a technician: not "please", not a two-letter word. */
  private static boolean telling(String folded, int concepts) {
    return folded.length() > 2 && (concepts & (Concept.POLITE.bit() | Concept.NEGATION.bit())) == 0;
  }
}
