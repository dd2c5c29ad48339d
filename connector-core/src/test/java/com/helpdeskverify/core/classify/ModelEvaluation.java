package com.helpdeskverify.core.classify;

import com.helpdeskverify.core.Classification;
import com.helpdeskverify.core.SensitiveOperation;
import com.helpdeskverify.core.classify.ModelTrainer.Example;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The measurements behind the model's design (module README): trains on one part of the labelled
 * tickets, scores another with the rules alone, the model alone and both, at several thresholds.
 * The split that matters is by author: train on everything else, test on {@code holdout/}, which
 * another author wrote. Run by hand; not a test.
 */
public final class ModelEvaluation {
  private ModelEvaluation() {}

  public static void main(String[] args) throws IOException {
    List<Example> all = ModelTrainer.trainingSet();
    if (args.length > 0 && args[0].equals("probe")) {
      LearnedModel shipped = LearnedModel.shipped();
      PhraseClassifier full = new PhraseClassifier();
      for (int i = 1; i + 1 < args.length; i += 2) {
        PhraseClassifier.Analysis a = PhraseClassifier.analyse(args[i], args[i + 1]);
        LearnedModel.Verdict v =
            shipped.judge(
                a.tokens(),
                a.modelConcepts(),
                a.negated(),
                PhraseClassifier.ruleSignals(a, args[i + 1]));
        System.out.printf(
            Locale.ROOT,
            "%.3f %s | %s :: %s%n",
            v.sensitive(),
            v.category(),
            full.classify(args[i], args[i + 1]),
            args[i + 1]);
      }
      return;
    }
    if (args.length > 0 && args[0].equals("rule-errors")) {
      report("rules alone", new PhraseClassifier(Map.of(), null), all, true);
      return;
    }
    if (args.length > 1 && args[0].equals("dump")) {
      dump(all, java.nio.file.Path.of(args[1]));
      return;
    }
    if (args.length > 0 && args[0].equals("cv")) {
      crossValidate(all);
      return;
    }
    if (args.length > 0 && args[0].equals("cv-lang")) {
      crossValidateByLanguage(
          all,
          args.length > 1 ? args[1] : null,
          java.util.Arrays.asList(args).subList(Math.min(2, args.length), args.length));
      return;
    }
    String testPrefix = args.length > 0 ? args[0] : "holdout/";
    Predicate<Example> isTest = e -> e.file().startsWith(testPrefix);
    List<Example> train = all.stream().filter(isTest.negate()).toList();
    List<Example> test = all.stream().filter(isTest).toList();
    System.out.printf(
        Locale.ROOT, "train %d, test %d (%s)%n", train.size(), test.size(), testPrefix);
    long t0 = System.nanoTime();
    LearnedModel model = ModelTrainer.train(train);
    System.out.printf(Locale.ROOT, "trained in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    report("rules alone", new PhraseClassifier(Map.of(), null), test, false);
    for (double t : new double[] {0.3, 0.4, 0.5, 0.6, 0.7}) {
      report("model alone >= " + t, modelAlone(model, t), test, false);
    }
    for (double t : new double[] {0.3, 0.4, 0.5, 0.6}) {
      for (double d : new double[] {0.6, 0.8, 0.9}) {
        report(
            "rules + model " + t + "/" + d,
            new PhraseClassifier(
                Map.of(),
                model,
                PhraseClassifier.SHIPPED_BARS.with(t, d, PhraseClassifier.MODEL_VETO)),
            test,
            args.length > 1
                && t == PhraseClassifier.MODEL_THRESHOLD
                && d == PhraseClassifier.MODEL_THRESHOLD_DISCOUNTED);
      }
    }
  }

  /**
   * Each file of {@code train/} in turn is the test set, the model trained on all else; the
   * verdicts of all folds are pooled, for the rules alone, and for rules plus model at several
   * thresholds.
   */
  static void crossValidate(List<Example> all) {
    List<String> files =
        all.stream().map(Example::file).filter(f -> f.startsWith("train/")).distinct().toList();
    double[] ts = {0.25, 0.28, 0.3};
    double[] ds = {0.5, 0.6};
    java.util.Map<String, int[]> counts = new java.util.LinkedHashMap<>();
    for (String f : files) {
      List<Example> train = all.stream().filter(e -> !e.file().equals(f)).toList();
      List<Example> test = all.stream().filter(e -> e.file().equals(f)).toList();
      LearnedModel model = ModelTrainer.train(train);
      tally(counts, "rules alone", new PhraseClassifier(Map.of(), null), test);
      for (double t : ts) {
        tally(counts, "model alone " + t, modelAlone(model, t), test);
        for (double d : ds) {
          tally(
              counts,
              "rules+model " + t + "/" + d,
              new PhraseClassifier(
                  Map.of(),
                  model,
                  PhraseClassifier.SHIPPED_BARS.with(t, d, PhraseClassifier.MODEL_VETO)),
              test);
        }
      }
    }
    counts.forEach(
        (name, c) ->
            System.out.printf(
                Locale.ROOT,
                "%-24s recall %.3f precision %.3f category %.3f (n=%d)%n",
                name,
                c[0] / (double) (c[0] + c[2]),
                c[0] / (double) (c[0] + c[1]),
                c[3] / (double) (c[0] + c[2]),
                c[4]));
  }

  /**
   * The shipped decision policy only, cross-validated as {@link #crossValidate} does, pooled per
   * language. Tickets of files whose name starts with {@code newPrefix} (under {@code train/}) are
   * counted apart, so figures before and after adding a training file compare the same tickets.
   * Each further policy, "threshold/discounted/veto", is pooled over all languages.
   */
  static void crossValidateByLanguage(List<Example> all, String newPrefix, List<String> policies) {
    List<String> files =
        all.stream().map(Example::file).filter(f -> f.startsWith("train/")).distinct().toList();
    java.util.Map<String, int[]> counts = new java.util.TreeMap<>();
    for (String f : files) {
      List<Example> train = all.stream().filter(e -> !e.file().equals(f)).toList();
      List<Example> test = all.stream().filter(e -> e.file().equals(f)).toList();
      LearnedModel model = ModelTrainer.train(train);
      PhraseClassifier c = new PhraseClassifier(Map.of(), model);
      boolean isNew = newPrefix != null && f.startsWith("train/" + newPrefix);
      for (Example e : test) {
        String pool = isNew ? "new " : "old ";
        tally(counts, pool + "all", c, List.of(e));
        tally(counts, pool + e.lang(), c, List.of(e));
        for (String policy : policies) {
          tally(
              counts,
              pool + "all " + policy,
              new PhraseClassifier(Map.of(), model, bars(policy)),
              List.of(e));
        }
        if (errorsWanted()) {
          Classification r = c.classify(e.summary(), e.description());
          if (r.operation() != e.label()) {
            System.out.println(
                "   "
                    + e.id()
                    + " "
                    + e.label()
                    + " got "
                    + r.operation()
                    + " "
                    + r.evidence()
                    + " :: "
                    + e.summary()
                    + " | "
                    + e.description());
          }
        }
      }
    }
    counts.forEach(
        (name, c) ->
            System.out.printf(
                Locale.ROOT,
                "%-22s recall %.3f (%d/%d) precision %.3f (%d/%d) category %.3f (n=%d)%n",
                name,
                c[0] / (double) (c[0] + c[2]),
                c[0],
                c[0] + c[2],
                c[0] / (double) (c[0] + c[1]),
                c[0],
                c[0] + c[1],
                c[3] / (double) (c[0] + c[2]),
                c[4]));
  }

  /**
   * Bars written "threshold/discounted/veto[/vetoDoubtful/thresholdDoubtful/thresholdBare/
   * thresholdHardware]"; those left out are the shipped ones.
   */
  static ModelOpinion.Bars bars(String policy) {
    String[] p = policy.split("/");
    ModelOpinion.Bars s = PhraseClassifier.SHIPPED_BARS;
    return new ModelOpinion.Bars(
        Double.parseDouble(p[0]),
        Double.parseDouble(p[1]),
        Double.parseDouble(p[2]),
        p.length > 3 ? Double.parseDouble(p[3]) : s.vetoDoubtful(),
        p.length > 4 ? Double.parseDouble(p[4]) : s.thresholdDoubtful(),
        p.length > 5 ? Double.parseDouble(p[5]) : s.thresholdBare(),
        p.length > 6 ? Double.parseDouble(p[6]) : s.thresholdHardware());
  }

  private static boolean errorsWanted() {
    return Boolean.getBoolean("errors");
  }

  /**
   * Pooled cross-validation verdicts, one line per ticket, for studying decision policies without
   * retraining: label, the rules alone, the rules with the model always asked, the model's
   * probability of each class.
   */
  static void dump(List<Example> all, java.nio.file.Path out) throws IOException {
    List<String> files =
        all.stream().map(Example::file).filter(f -> f.startsWith("train")).distinct().toList();
    List<String> lines = new java.util.ArrayList<>();
    lines.add(
        "id\tfile\tlabel\trules\tfull0\t"
            + String.join("\t", ModelTrainer.CLASSES.stream().map(c -> "p_" + c.name()).toList())
            + "\tcues\tsummary\tdescription");
    for (String f : files) {
      List<Example> train = all.stream().filter(e -> !e.file().equals(f)).toList();
      List<Example> test = all.stream().filter(e -> e.file().equals(f)).toList();
      LearnedModel model = ModelTrainer.train(train);
      PhraseClassifier rules = new PhraseClassifier(Map.of(), null);
      PhraseClassifier always =
          new PhraseClassifier(Map.of(), model, PhraseClassifier.SHIPPED_BARS.with(0.0, 1.01, 0.0));
      for (Example e : test) {
        PhraseClassifier.Analysis a = PhraseClassifier.analyse(e.summary(), e.description());
        double[] p =
            model.probabilities(
                a.tokens(),
                a.modelConcepts(),
                a.negated(),
                PhraseClassifier.ruleSignals(a, e.description()));
        StringBuilder b = new StringBuilder();
        b.append(e.id()).append('\t').append(e.file()).append('\t').append(e.label());
        b.append('\t').append(rules.classify(e.summary(), e.description()).operation());
        b.append('\t').append(always.classify(e.summary(), e.description()).operation());
        for (double x : p) {
          b.append('\t').append(String.format(Locale.ROOT, "%.4f", x));
        }
        int cues = 0;
        for (int i = 0; i < a.concepts().length; i++) {
          cues |= a.negated()[i] ? 0 : a.concepts()[i];
        }
        b.append('\t').append(cues);
        b.append('\t').append(e.summary().replaceAll("\\s+", " "));
        b.append('\t').append(e.description().replaceAll("\\s+", " "));
        lines.add(b.toString());
      }
    }
    java.nio.file.Files.write(out, lines);
  }

  private static void tally(
      java.util.Map<String, int[]> counts,
      String name,
      SensitivityClassifier c,
      List<Example> test) {
    int[] k = counts.computeIfAbsent(name, x -> new int[5]);
    for (Example e : test) {
      Classification r = c.classify(e.summary(), e.description());
      boolean exp = e.label().sensitive();
      if (exp && r.sensitive()) {
        k[0]++;
      } else if (!exp && r.sensitive()) {
        k[1]++;
      } else if (exp) {
        k[2]++;
      }
      if (exp && r.operation() == e.label()) {
        k[3]++;
      }
      k[4]++;
    }
  }

  static SensitivityClassifier modelAlone(LearnedModel model, double threshold) {
    return (summary, description, email) -> {
      PhraseClassifier.Analysis a = PhraseClassifier.analyse(summary, description);
      LearnedModel.Verdict v =
          model.judge(
              a.tokens(),
              a.modelConcepts(),
              a.negated(),
              PhraseClassifier.ruleSignals(a, description));
      return v.sensitive() >= threshold
          ? new Classification(v.category(), v.sensitive(), List.of())
          : new Classification(SensitiveOperation.NONE, 1 - v.sensitive(), List.of());
    };
  }

  static double[] report(String name, SensitivityClassifier c, List<Example> test, boolean errors) {
    int tp = 0;
    int fp = 0;
    int fn = 0;
    int catOk = 0;
    int sens = 0;
    for (Example e : test) {
      Classification r = c.classify(e.summary(), e.description());
      boolean exp = e.label().sensitive();
      if (exp) {
        sens++;
        if (r.operation() == e.label()) {
          catOk++;
        }
      }
      if (exp && r.sensitive()) {
        tp++;
      } else if (!exp && r.sensitive()) {
        fp++;
      } else if (exp) {
        fn++;
      }
      if (errors && r.operation() != e.label()) {
        System.out.println(
            "   "
                + e.id()
                + " "
                + e.label()
                + " got "
                + r.operation()
                + " "
                + r.evidence()
                + " :: "
                + e.summary());
      }
    }
    double recall = tp / (double) (tp + fn);
    double precision = tp / (double) Math.max(1, tp + fp);
    double cat = catOk / (double) sens;
    System.out.printf(
        Locale.ROOT,
        "%-24s recall %.3f (%d/%d) precision %.3f (%d/%d) category %.3f%n",
        name,
        recall,
        tp,
        tp + fn,
        precision,
        tp,
        tp + fp,
        cat);
    return new double[] {recall, precision, cat};
  }
}
