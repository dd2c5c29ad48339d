package com.helpdeskverify.core.classify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.helpdeskverify.core.Classification;
import com.helpdeskverify.core.SensitiveOperation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Scores the classifier on a directory of labelled JSON Lines tickets and prints the figures
 * BENCHMARKS.md reports: sensitive recall and precision, category accuracy (share of sensitive
 * tickets given their own category), per language and per category. Uses only the public API, so
 * the same source (with {@link Tally}) compiles against an older build of the classifier for
 * comparison. {@code --errors} also lists every ticket it gets wrong.
 */
public final class HeldOutReport {
  private HeldOutReport() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    boolean errors = args.length > 1 && args[1].equals("--errors");
    List<Path> files;
    try (Stream<Path> all = Files.list(dir)) {
      files = all.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList();
    }
    SensitivityClassifier classifier = new PhraseClassifier();
    ObjectMapper json = new ObjectMapper();
    Tally total = new Tally();
    Map<String, Tally> byLanguage = new TreeMap<>();
    Map<String, Tally> byCategory = new TreeMap<>();
    int skipped = 0;
    for (Path f : files) {
      for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode n = json.readTree(line);
        JsonNode label = n.has("expected") ? n.get("expected") : n.get("label");
        SensitiveOperation expected;
        try {
          expected = SensitiveOperation.valueOf(label.asText());
        } catch (IllegalArgumentException e) {
          skipped++;
          continue;
        }
        Classification c =
            classifier.classify(n.path("summary").asText(""), n.path("description").asText(""));
        String lang = n.path("lang").asText(f.getFileName().toString());
        for (Tally k :
            List.of(
                total,
                byLanguage.computeIfAbsent(lang, x -> new Tally()),
                byCategory.computeIfAbsent(expected.name(), x -> new Tally()))) {
          k.add(expected, c);
        }
        if (errors && c.operation() != expected) {
          System.out.println(
              "  wrong: "
                  + n.path("id").asText()
                  + " expected "
                  + expected
                  + " got "
                  + c.operation()
                  + " "
                  + c.evidence()
                  + " :: "
                  + n.path("summary").asText());
        }
      }
    }
    System.out.println("| slice | tickets | sensitive recall | precision | category accuracy |");
    System.out.println("|---|---|---|---|---|");
    System.out.println(total.line("all"));
    byLanguage.forEach((lang, k) -> System.out.println(k.line(lang)));
    byCategory.forEach((cat, k) -> System.out.println(k.line(cat)));
    if (skipped > 0) {
      System.out.println("skipped (label unknown to this build): " + skipped);
    }
  }
}
