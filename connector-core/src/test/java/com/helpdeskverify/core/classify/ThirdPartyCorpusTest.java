package com.helpdeskverify.core.classify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.helpdeskverify.core.Classification;
import com.helpdeskverify.core.Requester;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Measures the third-party flag on its labelled sets ({@code classifier/third-party/}: sensitive
 * requests in six languages, for the requester's own account or for someone else's, with the
 * requester's e-mail address) and prints what BENCHMARKS.md reports, per language. On the main and
 * held-out sensitivity corpora it reports which tickets the flag would escalate.
 */
class ThirdPartyCorpusTest {
  /** Written by the author of the rules. */
  static final String OWN_SET = "/classifier/third-party/third-party.jsonl";

  /**
   * Written by another author who saw neither the rules nor the other sets; first scored unseen
   * (BENCHMARKS.md), kept as a regression guard.
   */
  static final String HELDOUT_SET = "/classifier/third-party/third-party-heldout2.jsonl";

  /** Floors on the held-out set; set below what the rules reach, never above. */
  static final double RECALL_FLOOR = 0.62;

  static final double PRECISION_FLOOR = 0.92;

  record Labelled(
      String id,
      String lang,
      String summary,
      String description,
      Optional<String> requesterEmail,
      String requesterName,
      boolean thirdParty) {}

  /** Flag counts of one set. */
  record Score(int tp, int fp, int fn, int tn, List<String> wrong) {
    double recall() {
      return tp + fn == 0 ? 1.0 : tp / (double) (tp + fn);
    }

    double precision() {
      return tp + fp == 0 ? 1.0 : tp / (double) (tp + fp);
    }

    String line(String name) {
      return String.format(
          Locale.ROOT,
          "%s: %d tickets, recall %.3f (%d/%d), precision %.3f (%d/%d)",
          name,
          tp + fp + fn + tn,
          recall(),
          tp,
          tp + fn,
          precision(),
          tp,
          tp + fp);
    }
  }

  static List<Labelled> load(String resource) throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<Labelled> all = new ArrayList<>();
    try (InputStream in = ThirdPartyCorpusTest.class.getResourceAsStream(resource)) {
      assertThat(in).as(resource).isNotNull();
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      while ((line = r.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode n = json.readTree(line);
        JsonNode requester = n.path("requester");
        Optional<String> email = Optional.empty();
        String name = "";
        if (requester.isTextual()) {
          // "alice@example.com" or "Alice Martin <alice@example.com>"
          java.util.regex.Matcher m =
              java.util.regex.Pattern.compile("^(.*?)\\s*<([^>]+)>\\s*$")
                  .matcher(requester.asText());
          if (m.matches()) {
            name = m.group(1).replace("\"", "").strip();
            email = Optional.of(m.group(2));
          } else {
            email = Optional.of(requester.asText());
          }
        } else if (requester.isObject()) {
          email = Optional.ofNullable(requester.path("email").textValue());
          name = requester.path("displayName").asText(requester.path("name").asText(""));
        }
        all.add(
            new Labelled(
                n.get("id").asText(),
                n.path("lang").asText("?"),
                n.path("summary").asText(""),
                n.path("description").asText(""),
                email,
                name,
                n.get("third_party").asBoolean()));
      }
    }
    return all;
  }

  /** Scores a set, overall and per language. */
  static Map<String, Score> score(List<Labelled> set) {
    PhraseClassifier classifier = new PhraseClassifier();
    Map<String, int[]> counts = new TreeMap<>();
    Map<String, List<String>> wrong = new TreeMap<>();
    for (Labelled t : set) {
      Classification c =
          classifier.classify(
              t.summary(),
              t.description(),
              new Requester("acc-" + t.id(), t.requesterEmail(), t.requesterName()));
      boolean flagged = c.targetsThirdParty();
      int cell = flagged ? (t.thirdParty() ? 0 : 1) : (t.thirdParty() ? 2 : 3);
      for (String key : List.of("all", t.lang())) {
        counts.computeIfAbsent(key, k -> new int[4])[cell]++;
        if (flagged != t.thirdParty()) {
          wrong
              .computeIfAbsent(key, k -> new ArrayList<>())
              .add(
                  (t.thirdParty() ? "miss " : "false flag ")
                      + t.id()
                      + " ("
                      + c.operation()
                      + ") "
                      + c.thirdParty()
                      + " :: "
                      + (t.summary() + " / " + t.description()).replace('\n', ' '));
        }
      }
    }
    Map<String, Score> scores = new TreeMap<>();
    counts.forEach(
        (k, v) ->
            scores.put(k, new Score(v[0], v[1], v[2], v[3], wrong.getOrDefault(k, List.of()))));
    return scores;
  }

  static String report(String name, Map<String, Score> scores) {
    StringBuilder b = new StringBuilder();
    scores.forEach((lang, s) -> b.append(s.line(name + " " + lang)).append('\n'));
    scores.get("all").wrong().forEach(w -> b.append("  ").append(w).append('\n'));
    return b.toString();
  }

  @Test
  void thirdPartyFlagFindsOtherPeoplesAccountsAndSparesOwnRequests() throws IOException {
    Map<String, Score> scores = score(load(OWN_SET));
    String report = report("third-party set", scores);
    System.out.println(report);

    assertThat(scores.get("all").recall()).as(report).isGreaterThanOrEqualTo(0.95);
    assertThat(scores.get("all").precision()).as(report).isGreaterThanOrEqualTo(0.90);
  }

  /**
   * Tickets of the sensitivity corpora that are, on reading, for someone else's account (new hires,
   * contractors, "user jsmith needs his pwd reset", "das Benutzerkonto von Frau Schulz"), though
   * the corpora were written to be about sensitivity, not about whose account it is.
   */
  private static final Set<String> GENUINE =
      Set.of(
          "main:en-036",
          "main:en-055",
          "main:en-105",
          "main:de-021",
          "holdout:en-006",
          "holdout:en-022",
          "holdout:en-027",
          "holdout:en-030",
          "holdout:en-045",
          "holdout:de-015",
          "holdout:de-022",
          "holdout:fr-015",
          "holdout:fr-032",
          "holdout:es-015",
          "holdout:es-032",
          "holdout:nl-015",
          "holdout:nl-032",
          "holdout:pt-015",
          "holdout:hard-011",
          "holdout:hard-043");

  /**
   * The corpora's tickets are classified without the requester's address, as before: every address,
   * and every user name that might be the requester's own ("for my account jdoe" is spared, "Pwd
   * reset for jdoe" is not), counts. The printed list is read by hand.
   */
  @Test
  void thirdPartyFlagOnTheSensitivityCorporaFindsTheirThirdPartyTicketsAndFewOthers()
      throws IOException {
    PhraseClassifier classifier = new PhraseClassifier();
    int sensitive = 0;
    List<String> genuine = new ArrayList<>();
    List<String> other = new ArrayList<>();
    for (var corpus :
        Map.of("main", CorpusTest.corpus(), "holdout", CorpusTest.holdout()).entrySet()) {
      for (CorpusTest.Labelled t : corpus.getValue()) {
        Classification c = classifier.classify(t.summary(), t.description());
        sensitive += c.sensitive() ? 1 : 0;
        String key = corpus.getKey() + ":" + t.id();
        if (c.targetsThirdParty()) {
          (GENUINE.contains(key) ? genuine : other)
              .add(key + " " + c.thirdParty() + " :: " + t.summary());
        }
      }
    }
    String report =
        String.format(
                Locale.ROOT,
                "main and held-out corpora: %d of %d sensitive tickets flagged as third party,"
                    + " %d of the %d read as genuine, %d others%n",
                genuine.size() + other.size(),
                sensitive,
                genuine.size(),
                GENUINE.size(),
                other.size())
            + String.join("\n", genuine)
            + "\nothers:\n"
            + String.join("\n", other);
    System.out.println(report);

    assertThat(genuine.size()).as(report).isGreaterThanOrEqualTo(GENUINE.size() - 3);
    assertThat(other.size()).as(report).isLessThanOrEqualTo(6);
  }

  /**
   * The held-out set: written by another author who saw neither the rules nor the other sets,
   * scored once unseen (BENCHMARKS.md, first contact) and kept as a regression guard after the
   * fixes its first contact showed.
   */
  @Test
  void thirdPartyFlagOnTheHeldOutSetKeepsItsFloors() throws IOException {
    Map<String, Score> scores = score(load(HELDOUT_SET));
    String report = report("held-out set", scores);
    System.out.println(report);

    assertThat(scores.get("all").recall()).as(report).isGreaterThanOrEqualTo(RECALL_FLOOR);
    assertThat(scores.get("all").precision()).as(report).isGreaterThanOrEqualTo(PRECISION_FLOOR);
  }
}
