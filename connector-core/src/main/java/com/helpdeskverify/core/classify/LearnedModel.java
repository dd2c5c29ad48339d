package com.helpdeskverify.core.classify;

import com.helpdeskverify.core.SensitiveOperation;
import com.helpdeskverify.core.classify.PhraseClassifier.Token;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A multinomial logistic regression over {@link Features}: one weight per bucket and category,
 * trained offline (see the module README) and shipped in the jar as {@value #RESOURCE}. Scoring is
 * a dot product over the few hundred features of a ticket, so it needs no library; what decided is
 * read back from the same products, word by word.
 */
final class LearnedModel {
  static final String RESOURCE = "/classifier/sensitivity-model.bin.gz";

  private static final int MAGIC = 0x48564c4d; // "HVLM"
  private static final int VERSION = 1;

  private final List<SensitiveOperation> classes;
  private final int none;
  private final float[] bias;

  /** Bucket-major: the weights of one bucket for every class lie together. */
  private final float[] weights;

  LearnedModel(List<SensitiveOperation> classes, float[] bias, float[] weights) {
    if (weights.length != Features.DIMENSION * classes.size() || bias.length != classes.size()) {
      throw new IllegalArgumentException("model shape does not match its classes");
    }
    this.classes = List.copyOf(classes);
    this.none = this.classes.indexOf(SensitiveOperation.NONE);
    if (none < 0) {
      throw new IllegalArgumentException("a model must know NONE");
    }
    this.bias = bias;
    this.weights = weights;
  }

  /** Which buckets a thread has already counted for the ticket it is scoring. */
  private static final class Seen {
    final int[] marks = new int[Features.DIMENSION];
    int stamp;

    int next() {
      if (++stamp == 0) {
        java.util.Arrays.fill(marks, 0);
        stamp = 1;
      }
      return stamp;
    }
  }

  private static final ThreadLocal<Seen> SEEN = ThreadLocal.withInitial(Seen::new);

  /** The model shipped in the jar. */
  static LearnedModel shipped() {
    try (InputStream in = LearnedModel.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the classifier model " + RESOURCE + " is missing");
      }
      return read(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the classifier model " + RESOURCE, e);
    }
  }

  List<SensitiveOperation> classes() {
    return classes;
  }

  /** Same classes and the same weights, bit for bit. */
  boolean sameAs(LearnedModel other) {
    return classes.equals(other.classes)
        && Arrays.equals(bias, other.bias)
        && Arrays.equals(weights, other.weights);
  }

  /**
   * The verdict: the likeliest sensitive category, how likely "sensitive" is, and how likely that
   * category is.
   */
  record Verdict(SensitiveOperation category, double sensitive, double likelihood) {}

  Verdict judge(List<Token> tokens, int[] concepts, boolean[] negated, int signals) {
    double[] p = probabilities(tokens, concepts, negated, signals);
    int best = -1;
    for (int c = 0; c < p.length; c++) {
      if (c != none && (best < 0 || p[c] > p[best])) {
        best = c;
      }
    }
    return new Verdict(classes.get(best), 1 - p[none], p[best]);
  }

  /** The probability of each of {@link #classes()}, in that order. */
  double[] probabilities(List<Token> tokens, int[] concepts, boolean[] negated, int signals) {
    int k = classes.size();
    double[] z = new double[k];
    // Each bucket counts once (Features#distinct); a per-thread stamp per bucket finds repeats
    // without sorting.
    Seen seen = SEEN.get();
    int stamp = seen.next();
    int[] marks = seen.marks;
    int[] distinct = {0};
    Features.extract(
        tokens,
        concepts,
        negated,
        signals,
        (bucket, word) -> {
          if (marks[bucket] == stamp) {
            return;
          }
          marks[bucket] = stamp;
          distinct[0]++;
          int base = bucket * k;
          for (int c = 0; c < k; c++) {
            z[c] += weights[base + c];
          }
        });
    double scale = distinct[0] == 0 ? 0 : 1 / Math.sqrt(distinct[0]);
    for (int c = 0; c < k; c++) {
      z[c] = bias[c] + z[c] * scale;
    }
    return softmax(z);
  }

  /**
   * The words that pushed the ticket most towards {@code category} and away from NONE, strongest
   * first, at most {@code limit}.
   */
  List<Integer> decidingWords(
      List<Token> tokens,
      int[] concepts,
      boolean[] negated,
      int signals,
      SensitiveOperation category,
      int limit) {
    int k = classes.size();
    int c = classes.indexOf(category);
    double[] byWord = new double[tokens.size()];
    Seen seen = SEEN.get();
    int stamp = seen.next();
    int[] marks = seen.marks;
    // Each feature counts once, as in scoring: for the first word that has it.
    Features.extract(
        tokens,
        concepts,
        negated,
        signals,
        (bucket, word) -> {
          if (marks[bucket] != stamp && word >= 0) {
            marks[bucket] = stamp;
            byWord[word] += weights[bucket * k + c] - weights[bucket * k + none];
          }
        });
    // The strongest words, a word written twice shown once: a few passes of selection, as only
    // a handful are wanted.
    List<Integer> out = new ArrayList<>();
    List<String> shown = new ArrayList<>();
    boolean[] taken = new boolean[byWord.length];
    while (out.size() < limit) {
      int best = -1;
      for (int i = 0; i < byWord.length; i++) {
        if (!taken[i] && byWord[i] > 0 && (best < 0 || byWord[i] > byWord[best])) {
          best = i;
        }
      }
      if (best < 0) {
        break;
      }
      taken[best] = true;
      if (!shown.contains(tokens.get(best).folded())) {
        shown.add(tokens.get(best).folded());
        out.add(best);
      }
    }
    return out;
  }

  static double[] softmax(double[] z) {
    double max = Arrays.stream(z).max().orElse(0);
    double sum = 0;
    double[] p = new double[z.length];
    for (int i = 0; i < z.length; i++) {
      p[i] = StrictMath.exp(z[i] - max);
      sum += p[i];
    }
    for (int i = 0; i < z.length; i++) {
      p[i] /= sum;
    }
    return p;
  }

  // --- storage: gzip of a header, the biases and the non-zero buckets ----------------------------

  byte[] write() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(new GZIPOutputStream(bytes))) {
      int k = classes.size();
      out.writeInt(MAGIC);
      out.writeInt(VERSION);
      out.writeInt(Features.BITS);
      out.writeInt(k);
      for (SensitiveOperation op : classes) {
        out.writeUTF(op.name());
      }
      for (float b : bias) {
        out.writeFloat(b);
      }
      int used = 0;
      for (int bucket = 0; bucket < Features.DIMENSION; bucket++) {
        if (used(bucket, k)) {
          used++;
        }
      }
      out.writeInt(used);
      for (int bucket = 0; bucket < Features.DIMENSION; bucket++) {
        if (used(bucket, k)) {
          out.writeInt(bucket);
          for (int c = 0; c < k; c++) {
            out.writeFloat(weights[bucket * k + c]);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private boolean used(int bucket, int k) {
    for (int c = 0; c < k; c++) {
      if (weights[bucket * k + c] != 0) {
        return true;
      }
    }
    return false;
  }

  static LearnedModel read(InputStream raw) throws IOException {
    try (DataInputStream in =
        new DataInputStream(new java.io.BufferedInputStream(new GZIPInputStream(raw, 65536)))) {
      if (in.readInt() != MAGIC || in.readInt() != VERSION) {
        throw new IOException("not a classifier model of version " + VERSION);
      }
      if (in.readInt() != Features.BITS) {
        throw new IOException("the model was trained with another feature width");
      }
      int k = in.readInt();
      List<SensitiveOperation> classes = new ArrayList<>();
      for (int c = 0; c < k; c++) {
        classes.add(SensitiveOperation.valueOf(in.readUTF()));
      }
      float[] bias = new float[k];
      for (int c = 0; c < k; c++) {
        bias[c] = in.readFloat();
      }
      float[] weights = new float[Features.DIMENSION * k];
      int used = in.readInt();
      for (int u = 0; u < used; u++) {
        int bucket = in.readInt();
        for (int c = 0; c < k; c++) {
          weights[bucket * k + c] = in.readFloat();
        }
      }
      return new LearnedModel(classes, bias, weights);
    }
  }
}
