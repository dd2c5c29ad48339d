package com.helpdeskverify.core.classify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.helpdeskverify.core.Classification;
import com.helpdeskverify.core.SensitiveOperation;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Measures the classifier on the labelled corpus (411 tickets, six languages, hard negatives) and
 * holds it to recall ≥ 0.99 and precision ≥ 0.93 on "sensitive". Prints the figures BENCHMARKS.md
 * reports, and every ticket it gets wrong.
 */
class CorpusTest {
  private static final List<String> FILES = List.of("en", "de", "fr", "es", "nl", "pt", "mixed");

  record Labelled(String id, String summary, String description, SensitiveOperation expected) {}

  /** Written independently of the rules, by another author, and never tuned against. */
  private static final List<String> HOLDOUT =
      List.of("en", "negatives-en", "de", "fr", "es", "nl", "pt", "hard");

  static List<Labelled> corpus() throws IOException {
    return load("/classifier/corpus-", FILES);
  }

  static List<Labelled> holdout() throws IOException {
    return load("/classifier/holdout/corpus-", HOLDOUT);
  }

  private static List<Labelled> load(String prefix, List<String> files) throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<Labelled> all = new ArrayList<>();
    for (String f : files) {
      try (InputStream in = CorpusTest.class.getResourceAsStream(prefix + f + ".jsonl");
          BufferedReader r =
              new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          JsonNode n = json.readTree(line);
          all.add(
              new Labelled(
                  n.get("id").asText(),
                  n.get("summary").asText(),
                  n.get("description").asText(),
                  SensitiveOperation.valueOf(
                      (n.has("expected") ? n.get("expected") : n.get("label")).asText())));
        }
      }
    }
    return all;
  }

  @Test
  void sensitiveRecallAndPrecisionHoldOnTheCorpus() throws IOException {
    Score score = score("corpus", corpus());

    assertThat(score.recall()).as(score.report()).isGreaterThanOrEqualTo(0.99);
    assertThat(score.precision()).as(score.report()).isGreaterThanOrEqualTo(0.93);
  }

  /**
   * The held-out set is reported, not tuned against; it guards only against a collapse, so a rule
   * change that overfits the main corpus still shows here.
   */
  @Test
  void heldOutTicketsKeepRecallHigh() throws IOException {
    Score score = score("held-out", holdout());

    assertThat(score.recall()).as(score.report()).isGreaterThanOrEqualTo(0.95);
    assertThat(score.precision()).as(score.report()).isGreaterThanOrEqualTo(0.85);
  }

  /**
   * Held-out sets A to N, each written by another author who saw neither the rules nor the training
   * data; their first contact (A, B in round one to M, N in round seven) is in BENCHMARKS.md. Since
   * round eight they are trained on ({@code ModelTrainer}: leave one author out showed that the
   * other authors' sets raise recall, precision and category on the one left out), so these figures
   * measure how well the model fits them, not how it generalises; that is {@link
   * AuthorCrossValidation}'s measure. They remain regression guards, floors the trained-on figures
   * (clf8) rounded down less 0.01: a set dropped from training, or a rule or feature change that
   * breaks what the model learnt, falls under them (each set's leave-one-out figures do).
   */
  @Test
  void heldOutSetAKeepsItsFigures() throws IOException {
    Score score = score("held-out A", load("/classifier/heldout-A/", LANGUAGES));

    assertThat(score.recall()).as(score.report()).isGreaterThanOrEqualTo(0.99);
    assertThat(score.precision()).as(score.report()).isGreaterThanOrEqualTo(0.98);
    assertThat(score.category()).as(score.report()).isGreaterThanOrEqualTo(0.99);
  }

  @Test
  void heldOutSetBKeepsItsFigures() throws IOException {
    Score score = score("held-out B", load("/classifier/heldout-B/", LANGUAGES));

    assertThat(score.recall()).as(score.report()).isGreaterThanOrEqualTo(0.99);
    assertThat(score.precision()).as(score.report()).isGreaterThanOrEqualTo(0.97);
    assertThat(score.category()).as(score.report()).isGreaterThanOrEqualTo(0.98);
  }

  /** Held-out sets C and D: first contact at commit 3e9bbb2 (second round). */
  @Test
  void heldOutSetCKeepsItsFigures() throws IOException {
    Score score = score("held-out C", load("/classifier/heldout-C/", LANGUAGES));

    assertThat(score.recall()).as(score.report()).isGreaterThanOrEqualTo(0.98);
    assertThat(score.precision()).as(score.report()).isGreaterThanOrEqualTo(0.95);
    assertThat(score.category()).as(score.report()).isGreaterThanOrEqualTo(0.98);
  }

  @Test
  void heldOutSetDKeepsItsFigures() throws IOException {
    Score score = score("held-out D", load("/classifier/heldout-D/", LANGUAGES));

    assertThat(score.recall()).as(score.report()).isGreaterThanOrEqualTo(0.99);
    assertThat(score.precision()).as(score.report()).isGreaterThanOrEqualTo(0.93);
    assertThat(score.category()).as(score.report()).isGreaterThanOrEqualTo(0.99);
  }

  /** Held-out sets E and F: first contact at commit fa8a7df (third round). */
  @Test
  void heldOutSetEKeepsItsFigures() throws IOException {
    Score score = score("held-out E", load("/classifier/heldout-E/", LANGUAGES));

    assertThat(score.recall()).as(score.report()).isGreaterThanOrEqualTo(0.99);
    assertThat(score.precision()).as(score.report()).isGreaterThanOrEqualTo(0.97);
    assertThat(score.category()).as(score.report()).isGreaterThanOrEqualTo(0.98);
  }

  @Test
  void heldOutSetFKeepsItsFigures() throws IOException {
    Score score = score("held-out F", load("/classifier/heldout-F/", LANGUAGES));

    assertThat(score.recall()).as(score.report()).isGreaterThanOrEqualTo(0.99);
    assertThat(score.precision()).as(score.report()).isGreaterThanOrEqualTo(0.95);
    assertThat(score.category()).as(score.report()).isGreaterThanOrEqualTo(0.99);
  }

  /** Held-out sets G and H: first contact at commit b9023c7 (fourth round). */
  @Test
  void heldOutSetGKeepsItsFigures() throws IOException {
    Score score = score("held-out G", load("/classifier/heldout-G/", LANGUAGES));

    assertThat(score.recall()).as(score.report()).isGreaterThanOrEqualTo(0.99);
    assertThat(score.precision()).as(score.report()).isGreaterThanOrEqualTo(0.97);
    assertThat(score.category()).as(score.report()).isGreaterThanOrEqualTo(0.99);
  }

  @Test
  void heldOutSetHKeepsItsFigures() throws IOException {
    Score score = score("held-out H", load("/classifier/heldout-H/", LANGUAGES));

    assertThat(score.recall()).as(score.report()).isGreaterThanOrEqualTo(0.99);
    assertThat(score.precision()).as(score.report()).isGreaterThanOrEqualTo(0.96);
    assertThat(score.category()).as(score.report()).isGreaterThanOrEqualTo(0.99);
  }

  /** Held-out sets I and J: first contact at commit 7e70104 (fifth round, clf5). */
  @Test
  void heldOutSetIKeepsItsFigures() throws IOException {
    Score score = score("held-out I", load("/classifier/heldout-I/", LANGUAGES));

    assertThat(score.recall()).as(score.report()).isGreaterThanOrEqualTo(0.98);
    assertThat(score.precision()).as(score.report()).isGreaterThanOrEqualTo(0.95);
    assertThat(score.category()).as(score.report()).isGreaterThanOrEqualTo(0.98);
  }

  @Test
  void heldOutSetJKeepsItsFigures() throws IOException {
    Score score = score("held-out J", load("/classifier/heldout-J/", LANGUAGES));

    assertThat(score.recall()).as(score.report()).isGreaterThanOrEqualTo(0.99);
    assertThat(score.precision()).as(score.report()).isGreaterThanOrEqualTo(0.98);
    assertThat(score.category()).as(score.report()).isGreaterThanOrEqualTo(0.99);
  }

  /** Held-out sets K and L: first contact at commit 696d0b1 (sixth round, clf6). */
  @Test
  void heldOutSetKKeepsItsFigures() throws IOException {
    Score score = score("held-out K", load("/classifier/heldout-K/", LANGUAGES));

    assertThat(score.recall()).as(score.report()).isGreaterThanOrEqualTo(0.99);
    assertThat(score.precision()).as(score.report()).isGreaterThanOrEqualTo(0.97);
    assertThat(score.category()).as(score.report()).isGreaterThanOrEqualTo(0.99);
  }

  @Test
  void heldOutSetLKeepsItsFigures() throws IOException {
    Score score = score("held-out L", load("/classifier/heldout-L/", LANGUAGES));

    assertThat(score.recall()).as(score.report()).isGreaterThanOrEqualTo(0.98);
    assertThat(score.precision()).as(score.report()).isGreaterThanOrEqualTo(0.98);
    assertThat(score.category()).as(score.report()).isGreaterThanOrEqualTo(0.98);
  }

  /**
   * Held-out sets M and N: first contact at commit dee7aef (seventh round, round six's classifier).
   */
  @Test
  void heldOutSetMKeepsItsFigures() throws IOException {
    Score score = score("held-out M", load("/classifier/heldout-M/", LANGUAGES));

    assertThat(score.recall()).as(score.report()).isGreaterThanOrEqualTo(0.99);
    assertThat(score.precision()).as(score.report()).isGreaterThanOrEqualTo(0.97);
    assertThat(score.category()).as(score.report()).isGreaterThanOrEqualTo(0.99);
  }

  @Test
  void heldOutSetNKeepsItsFigures() throws IOException {
    Score score = score("held-out N", load("/classifier/heldout-N/", LANGUAGES));

    assertThat(score.recall()).as(score.report()).isGreaterThanOrEqualTo(0.98);
    assertThat(score.precision()).as(score.report()).isGreaterThanOrEqualTo(0.96);
    assertThat(score.category()).as(score.report()).isGreaterThanOrEqualTo(0.98);
  }

  /**
   * Held-out sets O and P: first contact at commit 25174d5 (round eight; BENCHMARKS.md), then
   * trained on like the others; floors are the trained-on figures rounded down, less 0.01.
   */
  @Test
  void heldOutSetOKeepsItsFigures() throws IOException {
    Score score = score("held-out O", load("/classifier/heldout-O/", LANGUAGES));

    assertThat(score.recall()).as(score.report()).isGreaterThanOrEqualTo(0.98);
    assertThat(score.precision()).as(score.report()).isGreaterThanOrEqualTo(0.97);
    assertThat(score.category()).as(score.report()).isGreaterThanOrEqualTo(0.98);
  }

  @Test
  void heldOutSetPKeepsItsFigures() throws IOException {
    Score score = score("held-out P", load("/classifier/heldout-P/", LANGUAGES));

    assertThat(score.recall()).as(score.report()).isGreaterThanOrEqualTo(0.99);
    assertThat(score.precision()).as(score.report()).isGreaterThanOrEqualTo(0.92);
    assertThat(score.category()).as(score.report()).isGreaterThanOrEqualTo(0.99);
  }

  /**
   * Held-out sets Q and R: first contact at commit cfa4d97 (round nine; BENCHMARKS.md), then
   * trained on like the others; floors are the trained-on figures rounded down, less 0.01.
   */
  @Test
  void heldOutSetQKeepsItsFigures() throws IOException {
    Score score = score("held-out Q", load("/classifier/heldout-Q/", LANGUAGES));

    assertThat(score.recall()).as(score.report()).isGreaterThanOrEqualTo(0.99);
    assertThat(score.precision()).as(score.report()).isGreaterThanOrEqualTo(0.94);
    assertThat(score.category()).as(score.report()).isGreaterThanOrEqualTo(0.99);
  }

  @Test
  void heldOutSetRKeepsItsFigures() throws IOException {
    Score score = score("held-out R", load("/classifier/heldout-R/", LANGUAGES));

    assertThat(score.recall()).as(score.report()).isGreaterThanOrEqualTo(0.99);
    assertThat(score.precision()).as(score.report()).isGreaterThanOrEqualTo(0.94);
    assertThat(score.category()).as(score.report()).isGreaterThanOrEqualTo(0.98);
  }

  /**
   * Held-out sets S and T: first contact at commit 7b96c51 (the classifier shipped after round
   * nine, trained on A-R; BENCHMARKS.md), then trained on like the others.
   */
  @Test
  void heldOutSetSKeepsItsFigures() throws IOException {
    Score score = score("held-out S", load("/classifier/heldout-S/", LANGUAGES));

    assertThat(score.recall()).as(score.report()).isGreaterThanOrEqualTo(0.99);
    assertThat(score.precision()).as(score.report()).isGreaterThanOrEqualTo(0.97);
    assertThat(score.category()).as(score.report()).isGreaterThanOrEqualTo(0.99);
  }

  @Test
  void heldOutSetTKeepsItsFigures() throws IOException {
    Score score = score("held-out T", load("/classifier/heldout-T/", LANGUAGES));

    assertThat(score.recall()).as(score.report()).isGreaterThanOrEqualTo(0.99);
    assertThat(score.precision()).as(score.report()).isGreaterThanOrEqualTo(0.95);
    assertThat(score.category()).as(score.report()).isGreaterThanOrEqualTo(0.99);
  }

  /**
   * Held-out sets U to X: first contact at commit f8c9380 (the classifier shipped after S and T
   * were trained on; U phone calls logged by agents 0.976/0.972/0.972, V schools and public sector
   * 1.000/0.951/0.968, W small firms writing to an outsourced provider 0.937/0.933/0.929, X banks
   * and insurers' web forms 0.988/0.892/0.972), then trained on like the others (round ten); floors
   * are the trained-on figures rounded down, less 0.01.
   */
  @Test
  void heldOutSetUKeepsItsFigures() throws IOException {
    Score score = score("held-out U", load("/classifier/heldout-U/", LANGUAGES));

    assertThat(score.recall()).as(score.report()).isGreaterThanOrEqualTo(0.99);
    assertThat(score.precision()).as(score.report()).isGreaterThanOrEqualTo(0.98);
    assertThat(score.category()).as(score.report()).isGreaterThanOrEqualTo(0.99);
  }

  @Test
  void heldOutSetVKeepsItsFigures() throws IOException {
    Score score = score("held-out V", load("/classifier/heldout-V/", LANGUAGES));

    assertThat(score.recall()).as(score.report()).isGreaterThanOrEqualTo(0.99);
    assertThat(score.precision()).as(score.report()).isGreaterThanOrEqualTo(0.97);
    assertThat(score.category()).as(score.report()).isGreaterThanOrEqualTo(0.99);
  }

  @Test
  void heldOutSetWKeepsItsFigures() throws IOException {
    Score score = score("held-out W", load("/classifier/heldout-W/", LANGUAGES));

    assertThat(score.recall()).as(score.report()).isGreaterThanOrEqualTo(0.99);
    assertThat(score.precision()).as(score.report()).isGreaterThanOrEqualTo(0.97);
    assertThat(score.category()).as(score.report()).isGreaterThanOrEqualTo(0.99);
  }

  @Test
  void heldOutSetXKeepsItsFigures() throws IOException {
    Score score = score("held-out X", load("/classifier/heldout-X/", LANGUAGES));

    assertThat(score.recall()).as(score.report()).isGreaterThanOrEqualTo(0.98);
    assertThat(score.precision()).as(score.report()).isGreaterThanOrEqualTo(0.97);
    assertThat(score.category()).as(score.report()).isGreaterThanOrEqualTo(0.98);
  }

  private static final List<String> LANGUAGES = List.of("en", "de", "fr", "es", "nl", "pt");

  /** Category accuracy: the share of sensitive tickets given exactly their category. */
  record Score(double recall, double precision, double category, String report) {}

  private static Score score(String name, List<Labelled> corpus) {
    PhraseClassifier classifier = new PhraseClassifier();
    int tp = 0;
    int fp = 0;
    int fn = 0;
    Map<SensitiveOperation, int[]> perCategory = new EnumMap<>(SensitiveOperation.class);
    List<String> wrong = new ArrayList<>();
    for (Labelled t : corpus) {
      Classification c = classifier.classify(t.summary(), t.description());
      boolean expected = t.expected().sensitive();
      if (expected && c.sensitive()) {
        tp++;
      } else if (!expected && c.sensitive()) {
        fp++;
      } else if (expected) {
        fn++;
      }
      int[] counts = perCategory.computeIfAbsent(t.expected(), k -> new int[2]);
      counts[1]++;
      if (c.operation() == t.expected()) {
        counts[0]++;
      } else {
        wrong.add(
            t.id()
                + " expected "
                + t.expected()
                + " got "
                + c.operation()
                + " "
                + c.evidence()
                + " :: "
                + t.summary());
      }
    }
    double recall = tp / (double) (tp + fn);
    double precision = tp / (double) (tp + fp);
    int sensitiveRight = 0;
    for (Map.Entry<SensitiveOperation, int[]> e : perCategory.entrySet()) {
      if (e.getKey().sensitive()) {
        sensitiveRight += e.getValue()[0];
      }
    }
    double category = sensitiveRight / (double) (tp + fn);
    StringBuilder report = new StringBuilder();
    report.append(
        String.format(
            Locale.ROOT,
            "corpus %d tickets: sensitive recall %.4f (%d/%d), precision %.4f (%d/%d)%n",
            corpus.size(),
            recall,
            tp,
            tp + fn,
            precision,
            tp,
            tp + fp));
    perCategory.forEach(
        (op, counts) ->
            report.append(
                String.format(
                    Locale.ROOT,
                    "  %-24s %3d/%3d = %.3f%n",
                    op,
                    counts[0],
                    counts[1],
                    counts[0] / (double) counts[1])));
    wrong.forEach(w -> report.append("  wrong: ").append(w).append('\n'));
    System.out.println(report);
    return new Score(recall, precision, category, report.toString());
  }
}
