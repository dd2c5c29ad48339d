package com.helpdeskverify.core.classify;

import com.helpdeskverify.core.Classification;
import com.helpdeskverify.core.classify.ModelTrainer.Example;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Leave one author out over the held-out guards ({@code heldout-A}, {@code heldout-B}, ..., each
 * written by another author who saw neither the rules nor the training data): for each set X the
 * model is trained, with the shipped trainer and seed, on the usual training tickets plus every
 * other guard, and the full classifier (rules and that model, shipped bars) scores X. The baseline
 * is the model trained on the usual tickets alone, the one shipped before round eight. Nothing of X
 * is used to build the model that scores X, so the pooled figures measure whether the authors' text
 * generalises to an author not trained on; they are cross-validation, not first contact (the rules
 * were fixed after reading the guards' errors in earlier rounds).
 *
 * <p>Run by hand from {@code connector-core} with the test class path: {@code java -cp
 * target/classes:target/test-classes:<deps> com.helpdeskverify.core.classify.AuthorCrossValidation
 * [bars ...]}, where each further bar set ("threshold/discounted/veto[/vetoDoubtful/
 * thresholdDoubtful/thresholdBare/thresholdHardware]", as {@code ModelEvaluation cv-lang}) is also
 * scored, pooled, with the same models. {@code -Dchanges=true} lists the tickets whose verdict the
 * fold's model changes; {@code -Dseed=N} trains every model with another shuffle seed, to see how
 * much of a difference is the order of training (it moves pooled precision by over a point, so
 * compare seed by seed); {@code -Derrors=true} lists each fold's own misses and false alarms;
 * {@code -Dsets=heldout-O,heldout-P} scores only those folds. Not a test.
 */
public final class AuthorCrossValidation {
  private AuthorCrossValidation() {}

  /** Not the third-party corpus (other labels), not the guards: what was trained on until now. */
  static boolean usual(String file) {
    return !file.startsWith("third-party") && !file.startsWith(ModelTrainer.GUARDS);
  }

  /** The guard a file belongs to ("heldout-A"), or null. */
  static String guard(String file) {
    return file.startsWith(ModelTrainer.GUARDS) ? file.substring(0, file.indexOf('/')) : null;
  }

  public static void main(String[] args) throws IOException {
    List<String> policies = Arrays.asList(args);
    boolean changes = Boolean.getBoolean("changes");
    // The fold's own misses and false alarms, to read what a set's author wrote that the others
    // did not teach.
    boolean errors = Boolean.getBoolean("errors");
    List<Example> all = ModelTrainer.tickets(f -> !f.startsWith("third-party"));
    long t0 = System.nanoTime();
    List<int[]> features = new ArrayList<>(all.size());
    for (Example e : all) {
      features.add(ModelTrainer.features(e));
    }
    System.out.printf(
        Locale.ROOT,
        "%d tickets analysed in %d ms%n",
        all.size(),
        (System.nanoTime() - t0) / 1_000_000);
    TreeSet<String> sets = new TreeSet<>();
    for (Example e : all) {
      if (guard(e.file()) != null) {
        sets.add(guard(e.file()));
      }
    }
    // -Dsets=heldout-O,heldout-P scores only those folds (a quick look; report all folds).
    String only = System.getProperty("sets");
    if (only != null) {
      sets.retainAll(List.of(only.split(",")));
    }
    if (sets.isEmpty()) {
      throw new IllegalArgumentException("no guard set named in -Dsets=" + only);
    }

    LearnedModel baseline = fit(all, features, e -> usual(e.file()));
    System.out.println(
        "baseline is the model in src/main/resources: " + baseline.sameAs(LearnedModel.shipped()));
    // key: "<classifier>|<set or all>|<language or all>"
    Map<String, Tally> tallies = new TreeMap<>();
    for (String set : sets) {
      long t = System.nanoTime();
      LearnedModel fold =
          fit(
              all,
              features,
              e -> usual(e.file()) || (guard(e.file()) != null && !set.equals(guard(e.file()))));
      Map<String, PhraseClassifier> classifiers = new LinkedHashMap<>();
      classifiers.put("baseline", new PhraseClassifier(Map.of(), baseline));
      classifiers.put("with others", new PhraseClassifier(Map.of(), fold));
      for (String p : policies) {
        classifiers.put(
            "baseline " + p, new PhraseClassifier(Map.of(), baseline, ModelEvaluation.bars(p)));
        classifiers.put(
            "with others " + p, new PhraseClassifier(Map.of(), fold, ModelEvaluation.bars(p)));
      }
      for (Example e : all) {
        if (!set.equals(guard(e.file()))) {
          continue;
        }
        Map<String, Classification> verdicts = new LinkedHashMap<>();
        classifiers.forEach(
            (name, c) -> {
              Classification r = c.classify(e.summary(), e.description());
              verdicts.put(name, r);
              for (String s : List.of(set, "all")) {
                for (String l : List.of(e.lang(), "all")) {
                  tallies
                      .computeIfAbsent(name + "|" + s + "|" + l, k -> new Tally())
                      .add(e.label(), r);
                }
              }
            });
        Classification before = verdicts.get("baseline");
        Classification after = verdicts.get("with others");
        if (errors && (after.sensitive() != e.label().sensitive())) {
          System.out.println(
              "  ERR "
                  + e.id()
                  + " "
                  + e.lang()
                  + " "
                  + e.label()
                  + " -> "
                  + after.operation()
                  + " "
                  + after.evidence()
                  + " :: "
                  + e.summary()
                  + " || "
                  + e.description().replace('\n', ' '));
        }
        if (changes && before.operation() != after.operation()) {
          System.out.println(
              "  "
                  + e.id()
                  + " "
                  + e.label()
                  + ": "
                  + before.operation()
                  + " -> "
                  + after.operation()
                  + " "
                  + after.evidence()
                  + " :: "
                  + e.summary());
        }
      }
      System.out.printf(
          Locale.ROOT, "%s done in %d ms%n", set, (System.nanoTime() - t) / 1_000_000);
    }

    System.out.println();
    System.out.println(
        "| set | tickets | recall before | recall after | precision before | precision after"
            + " | category before | category after |");
    System.out.println("|---|---|---|---|---|---|---|---|");
    for (String s : concat(sets, "all")) {
      Tally b = tallies.get("baseline|" + s + "|all");
      Tally a = tallies.get("with others|" + s + "|all");
      String[] bc = b.cells().split(" \\| ");
      String[] ac = a.cells().split(" \\| ");
      System.out.printf(
          Locale.ROOT,
          "| %s | %d | %s | %s | %s | %s | %s | %s |%n",
          s,
          b.tickets,
          bc[0],
          ac[0],
          bc[1],
          ac[1],
          bc[2],
          ac[2]);
    }
    List<String> names = new ArrayList<>(List.of("baseline", "with others"));
    for (String p : policies) {
      names.add("baseline " + p);
      names.add("with others " + p);
    }
    for (String name : names) {
      System.out.println();
      System.out.println("**" + name + "**, per set and language");
      System.out.println();
      System.out.println("| set | language | tickets | recall | precision | category |");
      System.out.println("|---|---|---|---|---|---|");
      tallies.forEach(
          (key, t) -> {
            String[] k = key.split("\\|");
            if (k[0].equals(name) && (k[1].equals("all") || k[2].equals("all") || verbose())) {
              System.out.printf(
                  Locale.ROOT, "| %s | %s | %d | %s |%n", k[1], k[2], t.tickets, t.cells());
            }
          });
    }
  }

  /** Every set's per-language rows too ({@code -Dverbose=true}); else the totals of each. */
  private static boolean verbose() {
    return Boolean.getBoolean("verbose");
  }

  private static List<String> concat(TreeSet<String> sets, String last) {
    List<String> out = new ArrayList<>(sets);
    out.add(last);
    return out;
  }

  /** The shipped trainer on the tickets the filter keeps, in their file order. */
  private static LearnedModel fit(
      List<Example> all, List<int[]> features, Predicate<Example> keep) {
    List<Example> kept = new ArrayList<>();
    List<int[]> keptFeatures = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      if (keep.test(all.get(i))) {
        kept.add(all.get(i));
        keptFeatures.add(features.get(i));
      }
    }
    return ModelTrainer.fit(
        keptFeatures,
        ModelTrainer.labels(kept),
        ModelTrainer.EPOCHS,
        ModelTrainer.LEARNING_RATE,
        ModelTrainer.L2,
        Long.getLong("seed", ModelTrainer.SEED));
  }
}
